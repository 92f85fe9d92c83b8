"""A closed grant's dossier: one ZIP with the whole case and a manifest of SHA-256 sums,
built as a background job with its progress, for the county's coordinator only."""

import csv
import datetime
import hashlib
import io
import os
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from allocations.models import (
    GrantReport,
    GrantReportAttachment,
    GrantReportLine,
    GrantUsage,
    Repayment,
    ReportState,
    UsageKind,
)
from applications.dossier.archive import dossier_write
from applications.models import Attachment, CompletionRequest, Grant
from reporting.models import ExportJob, ExportState
from tests.matrix_fixtures import PDF, build_world, grant_without_application, user
from tests.services import need, wait_until

COORDINATOR = "samordnare@jamtland.demo"


@pytest.fixture(autouse=True)
def _tasks_in_process(request, monkeypatch):
    """The task runs in-process even when REDIS_URL names a broker; the test that asks for
    `celery_worker_if_broker` uses the real worker."""
    if "celery_worker_if_broker" in request.fixturenames:
        return
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def close(grant: Grant) -> Grant:
    grant.closed_at = timezone.now()
    grant.save()
    return grant


def full_case(seeded) -> Grant:
    """The world's granted application with an attachment and a completion, assessed,
    proposed, decided (with its letter), reported back with an attachment, and closed."""
    world = build_world(seeded)
    grant = Grant.objects.select_related("application").get(pk=world.grant.pk)
    application, coordinator = grant.application, user(COORDINATOR)
    attachment = Attachment(
        application=application,
        original_name="Projektplan ../../etc.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=user("sokande@ostersund.demo"),
    )
    attachment.file.save("projektplan.pdf", ContentFile(PDF))
    CompletionRequest.objects.create(
        application=application,
        requested_by=coordinator,
        message="Komplettera budgeten.",
        due_date=datetime.date(2025, 2, 1),
        answered_at=timezone.now(),
    )
    # The world may already hold the grant's draft report back: it is completed and accepted.
    report = GrantReport.objects.filter(grant=grant).first() or GrantReport(grant=grant)
    report.state = ReportState.ACCEPTED
    report.implementation = "Utbildningar i alla kommuner."
    report.results = "200 deltagare."
    report.reported_on = datetime.date(2025, 12, 15)
    report.reviewed_by = coordinator
    report.reviewed_at = timezone.now()
    report.save()
    GrantReportLine.objects.create(report=report, amount=90_000, comment="Utbildning")
    report_file = GrantReportAttachment(
        report=report, original_name="Slutrapport.pdf", content_type="application/pdf", size=1
    )
    report_file.file.save("slutrapport.pdf", ContentFile(PDF))
    GrantUsage.objects.create(
        grant=grant, kind=UsageKind.USED, amount=90_000, occurred_on=datetime.date(2025, 11, 1)
    )
    Repayment.objects.create(
        county=grant.county,
        focus_area=grant.focus_area,
        amount=10_000,
        repaid_on=datetime.date(2026, 3, 20),
    )
    return close(grant)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_of(files: dict[str, bytes]) -> list[list[str]]:
    text = files["manifest.csv"].decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def download(client, job: ExportJob) -> bytes:
    response = client.get(reverse("reporting:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    return b"".join(response.streaming_content)


def request_dossier(client, grant: Grant, **data):
    return client.post(reverse("applications:dossier_request", args=[grant.pk]), data)


@pytest.mark.django_db
def test_a_closed_case_downloads_whole_with_a_true_manifest(
    login, seeded, django_capture_on_commit_callbacks
):
    grant = full_case(seeded)
    coordinator = login(COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = request_dossier(coordinator, grant, tillbaka="/bidrag/sida/")
    job = ExportJob.objects.get(kind="dossier")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reporting:export_job", args=[job.pk]))
    assert "tillbaka=%2Fbidrag%2Fsida%2F" in response["Location"]
    page = coordinator.get(response["Location"]).content.decode()
    assert "<progress" in page and "js/export-progress.js" in page
    job.refresh_from_db()
    assert job.state == ExportState.DONE, job.error
    assert job.progress == 100 and job.format == "zip"
    assert job.filename == f"akt-{grant.application.case_number.replace('/', '-')}.zip"

    files = unzip(download(coordinator, job))
    names = list(files)
    assert names == sorted(names)
    expected = {
        "01-ansokan/ansokan.pdf",
        "01-ansokan/bilagor/01-etc.pdf",
        "01-ansokan/formell-kontroll.csv",
        "02-kompletteringar/kompletteringar.csv",
        "03-bedomningar/bedomningar.csv",
        "03-bedomningar/kriterier.csv",
        "04-forslag/forslag.csv",
        "05-beslut/beslut.pdf",
        "05-beslut/beslutsrad.csv",
        "05-beslut/bidrag.csv",
        "07-aterredovisning/aterredovisning.txt",
        "07-aterredovisning/medel-per-delomrade.csv",
        "07-aterredovisning/fakturerat-och-forbrukat.csv",
        "08-aterbetalning/aterbetalning.csv",
        "09-historik/historik.csv",
        "09-historik/statusandringar.csv",
        "09-historik/diarium.csv",
        "README.txt",
        "manifest.csv",
    }
    assert expected <= set(names), expected - set(names)
    assert any(name.startswith("06-skrivelser/decision_letter-") for name in names)
    assert files["01-ansokan/ansokan.pdf"].startswith(b"%PDF")
    assert files["01-ansokan/bilagor/01-etc.pdf"] == PDF
    report_files = [n for n in names if n.startswith("07-aterredovisning/bilagor/")]
    assert any(n.endswith("-Slutrapport.pdf") for n in report_files)
    assert all(files[n] == PDF for n in report_files)
    assert (
        "Utbildningar i alla kommuner." in files["07-aterredovisning/aterredovisning.txt"].decode()
    )
    assert "Komplettera budgeten." in files["02-kompletteringar/kompletteringar.csv"].decode()
    assert "Bra." in files["03-bedomningar/bedomningar.csv"].decode()

    # Every file but the manifest is listed once, with its true size and SHA-256.
    manifest = manifest_of(files)
    assert [row[0] for row in manifest] == [n for n in names if n != "manifest.csv"]
    for path, size, sha256 in manifest:
        assert int(size) == len(files[path]), path
        assert sha256 == hashlib.sha256(files[path]).hexdigest(), path
    readme = files["README.txt"].decode()
    assert all(row[0] in readme for row in manifest)

    # The history holds the rows of the application, its decision, the grant and the report.
    history = list(
        csv.reader(io.StringIO(files["09-historik/historik.csv"].decode()), delimiter=";")
    )
    objects = " ".join(row[4] for row in history[1:])
    assert "Beviljad insats" in objects and "§9" in objects and "100000 kr" in objects
    assert len(history) > 10


@pytest.mark.django_db
def test_progress_rises_per_file_to_the_end(seeded):
    grant = full_case(seeded)
    seen: list[int] = []
    filename, manifest = dossier_write(grant_id=grant.pk, target=io.BytesIO(), report=seen.append)
    assert seen == sorted(seen) and seen[-1] == 95 and len(seen) >= len(manifest)
    assert filename.startswith("akt-") and filename.endswith(".zip")


@pytest.mark.django_db
def test_a_grant_without_application_gets_a_dossier_of_what_exists(seeded):
    grant = close(grant_without_application(seeded))
    target = io.BytesIO()
    filename, manifest = dossier_write(grant_id=grant.pk, target=target)
    files = unzip(target.getvalue())
    assert filename == f"akt-bidrag-{grant.pk}.zip"
    assert not any(name.startswith(("01-", "02-", "03-", "04-")) for name in files)
    assert files["05-beslut/beslut.pdf"].startswith(b"%PDF")  # the extract of the minutes
    assert {"05-beslut/beslutsrad.csv", "09-historik/historik.csv", "README.txt"} <= set(files)
    assert {row.path for row in manifest} == set(files) - {"manifest.csv"}


@pytest.mark.services
def test_a_worker_builds_the_dossier(celery_worker_if_broker, login, seeded):
    if os.environ.get("REQUIRE_SERVICES"):
        need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    grant = full_case(seeded)
    coordinator = login(COORDINATOR)
    response = request_dossier(coordinator, grant)
    assert response.status_code == 302
    job = ExportJob.objects.get(kind="dossier")

    def finished() -> bool:
        job.refresh_from_db()
        return job.is_finished

    wait_until(finished, seconds=120)
    assert job.state == ExportState.DONE, job.error
    status = coordinator.get(reverse("reporting:export_status", args=[job.pk])).json()
    assert status["finished"] and status["progress"] == 100
    files = unzip(download(coordinator, job))
    for path, _size, sha256 in manifest_of(files):
        assert sha256 == hashlib.sha256(files[path]).hexdigest()
    assert "01-ansokan/ansokan.pdf" in files
