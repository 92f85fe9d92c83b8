"""HTML to PDF as every document of the service is made: PDF/A-3b (archivable: fonts
embedded, an sRGB output intent, XMP metadata with the title and the language) and tagged
(headings, tables and lists in a structure tree, for screen readers).

WeasyPrint takes one variant: PDF/A-3b with `pdf_tags` gives the structure tree that PDF/UA
asks for while keeping the PDF/A identification an archive checks. The title comes from the
template's <title>, the language from <html lang>.
"""

PDF_VARIANT = "pdf/a-3b"


def pdfa_render(html: str, *, stylesheet: str) -> bytes:
    """The HTML with the stylesheet at the path `stylesheet`, as tagged PDF/A. The HTML
    links to nothing, so WeasyPrint fetches no URL."""
    import weasyprint  # imported here: it loads Pango, which only PDF rendering needs

    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=stylesheet)],
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
    )
