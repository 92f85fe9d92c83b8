"""A decided case as an E-ARK SIP: the county's coordinator asks for it on the grant's page,
the job builds it, and the ZIP is a valid package (METS 1.12 + CSIP attributes, PREMIS 3,
every listed file present with its SHA-256) that an archive can take in."""

import io
import zipfile

import pytest
from django.urls import reverse
from lxml import etree

from applications.dossier.sip import sip_write
from reporting.models import ExportJob, ExportState
from tests.applications.dossier.sip_check import NS, sip_errors
from tests.matrix_fixtures import build_world

COORDINATOR = "samordnare@jamtland.demo"


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def sip_of(grant) -> dict[str, bytes]:
    target = io.BytesIO()
    sip_write(grant_id=grant.pk, target=target)
    return unzip(target.getvalue())


@pytest.mark.django_db
def test_the_sip_of_a_decided_case_is_a_valid_package(seeded):
    world = build_world(seeded)
    files = sip_of(world.grant)

    assert sip_errors(files) == []
    [objid] = {path.split("/", 1)[0] for path in files}
    case_number = world.grant.application.case_number.replace("/", "-")
    assert objid == f"sip-jamtland-{case_number}"
    data = sorted(p for p in files if "/representations/rep1/data/" in p)
    assert f"{objid}/representations/rep1/data/01-ansokan/ansokan.pdf" in data
    assert f"{objid}/representations/rep1/data/05-beslut/beslut.pdf" in data
    assert all(files[p].startswith(b"%PDF") for p in data)

    mets = etree.fromstring(files[f"{objid}/METS.xml"])
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    agents = mets.xpath("mets:metsHdr/mets:agent/mets:name/text()", namespaces=NS)
    assert agents == ["Länsmedel", world.county.name]
    premis = files[f"{objid}/metadata/preservation/premis.xml"].decode()
    assert premis.count("<premis:messageDigest>") == len(data)
    assert "<premis:eventType>decision</premis:eventType>" in premis
    assert "<premis:eventType>creation</premis:eventType>" in premis
    dc = files[f"{objid}/metadata/descriptive/dc.xml"].decode()
    assert world.grant.application.case_number in dc


@pytest.mark.django_db
def test_a_tampered_or_missing_file_fails_the_check(seeded):
    world = build_world(seeded)
    files = sip_of(world.grant)
    letter = next(p for p in files if p.endswith("05-beslut/beslut.pdf"))

    tampered = {**files, letter: files[letter] + b"%"}
    assert any("checksum does not match" in e for e in sip_errors(tampered))

    missing = {p: c for p, c in files.items() if p != letter}
    assert any("listed but not in the package" in e for e in sip_errors(missing))

    premis = next(p for p in files if p.endswith("premis.xml"))
    broken = {**files, premis: files[premis].replace(b"<premis:size>", b"<premis:bytes>", 1)}
    broken[premis] = broken[premis].replace(b"</premis:size>", b"</premis:bytes>", 1)
    errors = sip_errors(broken)
    assert any("bytes" in e for e in errors), errors


@pytest.mark.django_db
def test_the_coordinator_downloads_the_sip_from_the_grant_page(
    login, seeded, django_capture_on_commit_callbacks
):
    world = build_world(seeded)
    coordinator = login(COORDINATOR)
    page = coordinator.get(reverse("allocations:grant_detail", args=[world.grant.pk]))
    action = reverse("applications:sip_request", args=[world.grant.pk])
    assert action in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(action)
    job = ExportJob.objects.get(kind="sip")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reporting:export_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ExportState.DONE, job.error
    assert job.filename.startswith("sip-jamtland-") and job.filename.endswith(".zip")
    download = coordinator.get(reverse("reporting:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    files = unzip(b"".join(download.streaming_content))
    assert sip_errors(files) == []


@pytest.mark.django_db
def test_only_the_countys_coordinator_gets_the_sip(client, login, seeded):
    world = build_world(seeded)
    action = reverse("applications:sip_request", args=[world.grant.pk])
    assert login("samordnare@vastmanland.demo").post(action).status_code == 404
    client.logout()
    assert login("sokande@ostersund.demo").post(action).status_code == 403
    assert not ExportJob.objects.filter(kind="sip").exists()

    client.logout()
    coordinator = login(COORDINATOR)
    coordinator.post(action)
    job = ExportJob.objects.get(kind="sip")
    client.logout()
    other = login("samordnare@vastmanland.demo")
    assert other.get(reverse("reporting:export_download", args=[job.pk])).status_code == 404
