"""The member's cover memo as an editable Word document (.docx), with the same text as its
PDF (`documents.adoption_memo`), made on demand: the member's officers finish it in their
own template before it goes to the board."""

import io

from django.utils.text import slugify
from django.utils.translation import gettext as _

from applications.documents.adoption_memo import (
    AmountTable,
    MemoContent,
    adoption_memo_content,
    basis_url,
)
from applications.models import Adoption

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _hyperlink(paragraph, url: str, text: str) -> None:
    """A clickable link run (python-docx has no API of its own for one)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    part = paragraph.part
    relationship = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _table(document, table: AmountTable) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.add_paragraph(table.caption, style="Caption")
    grid = document.add_table(rows=1, cols=2)
    grid.style = "Table Grid"
    header = grid.rows[0].cells
    header[0].text = table.heading
    header[1].text = _("Sum")
    header[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in [*table.rows, None]:
        cells = grid.add_row().cells
        if row is None:
            cells[0].text, cells[1].text = _("Total"), table.total_text
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
        else:
            cells[0].text, cells[1].text = row.label, row.amount_text
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _lines(document, lines: list[str]) -> None:
    for line in lines or ["–"]:
        document.add_paragraph(line)


def memo_docx_write(content: MemoContent) -> bytes:
    """The memo's text as a .docx: headings as Word headings (navigable), the summary's
    tables as tables and the basis documents as links to Länsmedel."""
    import docx
    from docx.shared import Pt

    adoption = content.adoption
    meeting = content.meeting
    document = docx.Document()
    document.core_properties.title = content.title
    document.core_properties.author = adoption.member.name
    document.core_properties.language = "sv-SE"
    document.styles["Normal"].font.size = Pt(11)

    heading = document.add_paragraph(f"{adoption.member.name} · {meeting.county.name}")
    heading.add_run(f"\t{content.dated.isoformat()}")
    recipient = document.add_paragraph()
    recipient.add_run(_("Recipient")).bold = True
    recipient.add_run("\n" + (content.recipient or "–"))

    document.add_heading(content.title, level=1)
    document.add_heading(_("Proposed decision"), level=2)
    document.add_paragraph(content.proposal)

    document.add_heading(_("Summary of the matter"), level=2)
    for part in content.summary:
        document.add_paragraph(part.text)
        for entry in part.items:
            document.add_paragraph(entry, style="List Bullet")
        if part.table is not None and part.table.rows:
            _table(document, part.table)

    document.add_heading(_("Basis for the decision"), level=2)
    for basis in content.basis:
        _hyperlink(document.add_paragraph(), basis_url(adoption, basis), basis.label)

    document.add_heading(_("Preparing officers"), level=2)
    _lines(document, content.preparing_officers)
    document.add_heading(_("Decision sent to"), level=2)
    _lines(document, content.send_to)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def adoption_memo_docx(*, adoption: Adoption) -> bytes:
    """The memo of the adoption as it is now, in the active language."""
    return memo_docx_write(adoption_memo_content(adoption_id=adoption.pk))


def adoption_memo_docx_name(adoption: Adoption) -> str:
    """`adoption_memo-<meeting date>-<member>.docx`, beside the PDF versions' names."""
    return (
        f"adoption_memo-{adoption.meeting.held_on.isoformat()}-{slugify(adoption.member.name)}.docx"
    )
