"""Every decided case of a county's year as one E-ARK SIP: the coordinator starts it on the
year's page, the job builds it, and the package validates (METS + CSIP attributes, PREMIS 3,
every listed file present with its SHA-256), one representation per case."""

import hashlib
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from lxml import etree

from applications.dossier.archive import NOTES_PATH
from applications.dossier.selectors import dossier_case, year_grant_ids
from applications.dossier.sip import sip_documents
from applications.dossier.sip_year import sip_year_write
from applications.models import CaseNote, Grant
from reporting.models import ExportJob, ExportState
from tests.applications.dossier.sip_check import NS, sip_errors
from tests.applications.dossier.test_sip import _tasks_in_process, unzip  # noqa: F401
from tests.matrix_fixtures import build_world, grant_without_application, user

COORDINATOR = "samordnare@jamtland.demo"


def url(year: int = 2025, slug: str = "jamtland") -> str:
    return reverse("applications:sip_year_request", args=[slug, year])


def three_cases(seeded) -> list[Grant]:
    """The world's granted application (with a case note) and two lines decided without an
    application, all in Jämtland's 2025."""
    world = build_world(seeded)
    CaseNote.objects.create(
        application=world.grant.application, author=user(COORDINATOR), text="Budgeten stämd av."
    )
    others = [
        grant_without_application(seeded, title="Länssamordnare psykisk hälsa"),
        grant_without_application(seeded, title="Länssamordnare suicidprevention"),
    ]
    return [world.grant, *others]


@pytest.mark.django_db
def test_the_years_package_holds_every_case_as_a_representation(seeded):
    grants = three_cases(seeded)
    assert set(year_grant_ids(county_id=grants[0].county_id, year=2025)) == {g.pk for g in grants}
    target = io.BytesIO()
    seen: list[int] = []
    filename, written = sip_year_write(
        county_id=grants[0].county_id, year=2025, target=target, report=seen.append
    )
    files = unzip(target.getvalue())

    assert sip_errors(files) == []
    assert filename == "sip-jamtland-2025.zip"
    assert {f.path for f in written} == set(files)
    assert seen == sorted(seen) and seen[-1] == 95
    objid = "sip-jamtland-2025"
    reps = sorted(p.split("/")[2] for p in files if p.count("/") == 3 and p.endswith("/METS.xml"))
    assert len(reps) == 3
    case_number = grants[0].application.case_number.replace("/", "-")
    assert case_number in reps and f"bidrag-{grants[1].pk}" in reps

    # Each case's documents are in its representation, byte for byte as the case renders
    # its stored ones, and listed in its METS with their SHA-256.
    for grant in grants:
        case = dossier_case(grant_id=grant.pk)
        rep = case_number if grant.application else f"bidrag-{grant.pk}"
        folder = f"{objid}/representations/{rep}/"
        mets = etree.fromstring(files[f"{folder}METS.xml"])
        listed = {
            f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href"): f.get("CHECKSUM")
            for f in mets.xpath("//mets:fileSec//mets:file", namespaces=NS)
        }
        expected = {f"data/{d.path}" for d in sip_documents(case)}
        assert set(listed) == expected
        for href, checksum in listed.items():
            assert hashlib.sha256(files[folder + href]).hexdigest() == checksum
            assert files[folder + href].startswith(b"%PDF")
        assert f"{folder}data/05-beslut/beslut.pdf" in files
        dc = files[f"{folder}metadata/descriptive/dc.xml"].decode()
        assert str(grant.title) in dc
    assert f"{objid}/representations/{case_number}/data/{NOTES_PATH}" in files

    root = etree.fromstring(files[f"{objid}/METS.xml"])
    pointers = root.xpath("//mets:structMap//mets:mptr/@xlink:href", namespaces=NS)
    assert sorted(pointers) == sorted(f"representations/{r}/METS.xml" for r in reps)
    premis = files[f"{objid}/metadata/preservation/premis.xml"].decode()
    data = [p for p in files if "/data/" in p]
    assert premis.count("<premis:messageDigest>") == len(data)
    assert premis.count("premis:representation") == 3
    assert premis.count("<premis:eventType>decision</premis:eventType>") == 3
    assert "Tjänsteanteckning skrevs av" in premis
    assert "2025" in files[f"{objid}/metadata/descriptive/dc.xml"].decode()


@pytest.mark.django_db
def test_the_coordinator_starts_it_from_the_years_page(
    login, seeded, django_capture_on_commit_callbacks
):
    three_cases(seeded)
    coordinator = login(COORDINATOR)
    page = coordinator.get(reverse("allocations:county_year", args=["jamtland", 2025]))
    assert url() in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url())
    job = ExportJob.objects.get(kind="sip_year")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reporting:export_job", args=[job.pk]))
    assert job.params == {"county_id": job.params["county_id"], "year": 2025}
    job.refresh_from_db()
    assert job.state == ExportState.DONE, job.error
    assert job.filename == "sip-jamtland-2025.zip" and job.rows > 3
    download = coordinator.get(reverse("reporting:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert sip_errors(unzip(b"".join(download.streaming_content))) == []
    assert ExportJob.objects.filter(kind="sip_year").count() == 1


@pytest.mark.django_db
def test_only_the_countys_coordinator_gets_it(client, login, seeded):
    three_cases(seeded)
    assert login("samordnare@vastmanland.demo").post(url()).status_code == 404
    client.logout()
    assert login("sokande@ostersund.demo").post(url()).status_code == 403
    client.logout()
    assert login("forum@jamtland.demo").post(url()).status_code == 403
    client.logout()
    assert login(COORDINATOR).get(url()).status_code == 405
    assert login(COORDINATOR).post(url(year=1999)).status_code == 404
    assert not ExportJob.objects.filter(kind="sip_year").exists()

    page = reverse("allocations:county_year", args=["jamtland", 2025])
    assert url() not in login("admin@lansmedel.demo").get(page).content.decode()

    client.logout()
    coordinator = login(COORDINATOR)
    coordinator.post(url())
    job = ExportJob.objects.get(kind="sip_year")
    for email in ("samordnare@vastmanland.demo", "sokande@ostersund.demo"):
        client.logout()
        other = login(email)
        assert other.get(reverse("reporting:export_download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_year_without_decided_cases_is_refused_with_a_message(login, seeded):
    from allocations.models import Agreement

    Agreement.objects.create(year=2031, **_agreement_fields(seeded))
    coordinator = login(COORDINATOR)
    back = reverse("allocations:county_year", args=["jamtland", 2031])
    response = coordinator.post(url(year=2031))
    assert response.status_code == 302 and response["Location"] == back
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1 and ("beslutade ärenden" in messages[0] or "decided" in messages[0])
    assert not ExportJob.objects.filter(kind="sip_year").exists()


def _agreement_fields(agreement) -> dict:
    """The required fields of an agreement year besides its year, copied from another."""
    fields = {}
    for field in type(agreement)._meta.concrete_fields:
        if field.primary_key or field.name == "year" or field.unique:
            continue
        fields[field.attname] = getattr(agreement, field.attname)
    return fields
