"""Applications as PDF: the printable page rendered by WeasyPrint with the print stylesheet.

Rendering needs no request, so a task can produce the same PDF (e.g. to attach to an e-mail).
"""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone

from applications.documents.pdfa import pdfa_render
from applications.models import Application

PRINT_CSS = "css/print.css"


def _stylesheet_path() -> str:
    # Source tree first (development, tests), then the collected files (production).
    return finders.find(PRINT_CSS) or staticfiles_storage.path(PRINT_CSS)


def application_pdf_render(*, application: Application) -> bytes:
    """The application's printout as tagged PDF/A bytes, in the active language.

    Only the stylesheet is loaded from disk: the HTML links to nothing, so WeasyPrint
    fetches no URL.
    """
    html = render_to_string(
        "applications/print.html",
        {"application": application, "pdf": True, "printed_at": timezone.now()},
    )
    return pdfa_render(html, stylesheet=_stylesheet_path())
