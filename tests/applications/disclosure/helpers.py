"""A registered request for Östersund's application, as the coordinator's pages make it."""

import subprocess
import tempfile

from django.urls import reverse
from django.utils import timezone

from applications.models import DisclosureRequest, SecrecyGround

SLUG = "jamtland"
SECRET = "lokal handlingsplan"  # a passage of the application's description
NOTE_SECRET = "Anna har berättat om sin sjukskrivning"


def url(name: str, *args) -> str:
    return reverse(f"applications:{name}", args=[SLUG, *args])


def register(client, case_number: str, **extra):
    data = {
        "requester_name": "",
        "requester_contact": "",
        "received_on": timezone.localdate().isoformat(),
        "case_numbers": case_number,
        "search_text": "",
        **extra,
    }
    return client.post(url("disclosure_request_create"), data)


def ground(code: str = "OSL 21 kap. 7 §") -> SecrecyGround:
    return SecrecyGround.objects.get(code=code)


def registered_and_gathered(client, application) -> DisclosureRequest:
    assert register(client, application.case_number).status_code == 302
    request = DisclosureRequest.objects.get()
    assert client.post(url("disclosure_gather", request.pk)).status_code == 302
    request.refresh_from_db()
    return request


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], check=True, capture_output=True, text=True
        ).stdout


def downloaded(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)
