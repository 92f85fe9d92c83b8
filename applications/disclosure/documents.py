"""The two PDFs of a request, made as every document of the service is (PDF/A-3b, tagged,
`applications.documents.pdfa`): the masked copy of the records and the decision on what
was withheld, with how to appeal it.

The copy encloses the documents made in the cases: one nothing of which is withheld with
its own pages, appended after the records (themselves PDF/A-3b with embedded fonts, so the
copy stays PDF/A-3b; the appended pages are not in the copy's structure tree); one with a
masking as its text, masked like every other part."""

from django.template.loader import render_to_string
from django.utils import timezone

from applications.disclosure.enclosed import pages_appended
from applications.disclosure.records import CaseRecord, enclosed_documents, parts_by_key
from applications.documents.pdf import html_to_pdf, page_counter_css
from applications.models import DisclosureRequest, Masking

MASKED_COPY = "applications/disclosure/pdf/masked_copy.html"
WITHHOLDING_DECISION = "applications/disclosure/pdf/withholding_decision.html"


def _context(request: DisclosureRequest, records: list[CaseRecord], maskings: list[Masking]):
    county = request.county
    parts = parts_by_key(records)
    return {
        "request": request,
        "county": county,
        "administrator": county.administering_organisation,
        "authority": (
            county.administering_organisation.name
            if county.administering_organisation
            else county.name
        ),
        "records": records,
        "withheld": [
            {"masking": m, "record": parts[m.part][0], "part": parts[m.part][1]}
            for m in maskings
            if m.part in parts
        ],
        "page_counter": page_counter_css(),
        "printed_at": timezone.localtime(),
    }


def masked_copy_html(request, records, maskings) -> str:
    return render_to_string(MASKED_COPY, _context(request, records, maskings))


def masked_copy_pdf(request, records, maskings) -> bytes:
    copy = html_to_pdf(masked_copy_html(request, records, maskings))
    return pages_appended(copy, enclosed_documents(records))


def withholding_decision_pdf(request, records, maskings, *, decided_by) -> bytes:
    context = _context(request, records, maskings)
    context["decided_by"] = decided_by.get_full_name() or decided_by.get_username()
    return html_to_pdf(render_to_string(WITHHOLDING_DECISION, context))
