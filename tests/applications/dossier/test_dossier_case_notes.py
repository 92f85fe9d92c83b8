"""The case notes (tjänsteanteckningar) are part of the record: the dossier and the SIP hold
them as one PDF/A document, listed with its checksum, while the applicant reaches neither."""

import hashlib
import io
import subprocess

import pytest
from django.urls import reverse
from lxml import etree

from applications.dossier.archive import NOTES_PATH, dossier_write
from applications.models import CaseNote
from reporting.models import ExportJob
from tests.applications.dossier.sip_check import NS, premis_schema, schema_errors, sip_errors
from tests.applications.dossier.test_dossier import (  # noqa: F401 - _tasks_in_process: autouse
    COORDINATOR,
    _tasks_in_process,
    full_case,
    manifest_of,
    request_dossier,
    unzip,
)
from tests.applications.dossier.test_sip import sip_of
from tests.matrix_fixtures import build_world, user

FIRST = "Ringde kontaktpersonen: lönerna i budgeten avser två tjänster."
SECOND = "Rättelse: det är en och en halv tjänst."


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def write_notes(grant) -> None:
    for text in (FIRST, SECOND):
        CaseNote.objects.create(application=grant.application, author=user(COORDINATOR), text=text)


@pytest.mark.django_db
def test_the_dossier_holds_the_case_notes_as_a_pdf(seeded):
    grant = full_case(seeded)
    write_notes(grant)
    target = io.BytesIO()
    _filename, manifest = dossier_write(grant_id=grant.pk, target=target)
    files = unzip(target.getvalue())

    document = files[NOTES_PATH]
    assert document.startswith(b"%PDF")
    text = pdf_text(document)
    assert "Tjänsteanteckningar" in text
    assert " ".join(FIRST.split()) in text and " ".join(SECOND.split()) in text
    assert text.index("Ringde kontaktpersonen") < text.index("Rättelse")
    assert grant.application.case_number in text
    row = next(r for r in manifest_of(files) if r[0] == NOTES_PATH)
    assert row[2] == hashlib.sha256(document).hexdigest()
    assert NOTES_PATH in files["README.txt"].decode()
    # Writing each note is in the case's history too.
    assert files["09-historik/historik.csv"].decode().count("tjänsteanteckning") >= 2


@pytest.mark.django_db
def test_a_case_without_notes_has_no_notes_document(seeded):
    grant = full_case(seeded)
    target = io.BytesIO()
    dossier_write(grant_id=grant.pk, target=target)
    assert NOTES_PATH not in unzip(target.getvalue())


@pytest.mark.django_db
def test_the_sip_lists_the_notes_document_with_its_checksum_and_events(seeded):
    world = build_world(seeded)
    write_notes(world.grant)
    files = sip_of(world.grant)

    assert sip_errors(files) == []
    [objid] = {path.split("/", 1)[0] for path in files}
    path = f"{objid}/representations/rep1/data/{NOTES_PATH}"
    assert FIRST.split(":")[0] in pdf_text(files[path])
    digest = hashlib.sha256(files[path]).hexdigest()
    mets = etree.fromstring(files[f"{objid}/representations/rep1/METS.xml"])
    [listed] = mets.xpath(
        f"//mets:file[mets:FLocat/@xlink:href='data/{NOTES_PATH}']", namespaces=NS
    )
    assert listed.get("CHECKSUM") == digest and listed.get("MIMETYPE") == "application/pdf"
    premis_xml = files[f"{objid}/metadata/preservation/premis.xml"]
    assert schema_errors(premis_schema(), premis_xml) == []
    premis = premis_xml.decode()
    assert f"<premis:messageDigest>{digest}</premis:messageDigest>" in premis
    assert premis.count("Tjänsteanteckning skrevs av") == 2
    # The note's text itself stays in the document, not in the metadata.
    assert "lönerna" not in premis


@pytest.mark.django_db
def test_the_applicant_reaches_neither_dossier_nor_sip(
    login, client, seeded, django_capture_on_commit_callbacks
):
    grant = full_case(seeded)
    write_notes(grant)
    coordinator = login(COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        request_dossier(coordinator, grant)
        coordinator.post(reverse("applications:sip_request", args=[grant.pk]))
    jobs = list(ExportJob.objects.filter(kind__in=["dossier", "sip"]))
    assert len(jobs) == 2
    client.logout()
    applicant = login("sokande@ostersund.demo")
    assert request_dossier(applicant, grant).status_code == 403
    sip = reverse("applications:sip_request", args=[grant.pk])
    assert applicant.post(sip).status_code == 403
    for job in jobs:
        for name in ("reporting:export_job", "reporting:export_download"):
            assert applicant.get(reverse(name, args=[job.pk])).status_code == 404
    assert ExportJob.objects.filter(kind__in=["dossier", "sip"]).count() == 2
