"""The disposal protocol as a document, made as every document of the service is (PDF/A,
tagged, `applications.documents.pdfa`)."""

from django.template.loader import render_to_string
from django.utils import timezone

from applications.documents.pdf import html_to_pdf, page_counter_css
from reporting.models import DisposalProtocol

PROTOCOL = "reporting/retention/pdf/protocol.html"


def disposal_protocol_render(*, protocol: DisposalProtocol) -> bytes:
    county = protocol.county
    context = {
        "protocol": protocol,
        "lines": list(protocol.lines.all()),
        "county": county,
        "administrator": county.administering_organisation if county else None,
        "page_counter": page_counter_css(),
        "printed_at": timezone.localtime(),
    }
    return html_to_pdf(render_to_string(PROTOCOL, context))
