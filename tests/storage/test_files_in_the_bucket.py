"""With an S3 bucket configured, every private file is an object in it: an applicant's
attachment, a generated decision document, a dossier. Nothing lands on the local disk, no
object is public, and downloads still go through the permission-checked views."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.documents.services import document_request
from applications.models import Attachment, DocumentKind, JobState
from reporting.models import ExportJob, ExportState
from tests.applications.factories import make_application, make_call

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def draft(seeded, jamtland, ostersund, applicant):
    return make_application(make_call(jamtland, seeded), ostersund, applicant, title="Insats")


def local_files(settings) -> list:
    private = settings.MEDIA_ROOT / "private"
    return [p for p in private.rglob("*") if p.is_file()] if private.exists() else []


def only_owner_may_read(grants: list[dict]) -> bool:
    return [grant["Permission"] for grant in grants] == ["FULL_CONTROL"] and all(
        grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants
    )


def test_an_uploaded_attachment_is_a_private_object_served_only_to_its_organisation(
    s3_bucket, settings, login, draft, client
):
    applicant = login("sokande@ostersund.demo")
    response = applicant.post(
        reverse("applications:attachment_add", args=[draft.pk]),
        {"file": SimpleUploadedFile("Projektplan.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft)
    assert s3_bucket.object_keys() == [f"applications/{draft.pk}/Projektplan.pdf"]
    assert s3_bucket.read(attachment.file.name) == PDF_BYTES
    assert only_owner_may_read(s3_bucket.grants(attachment.file.name))
    assert local_files(settings) == []

    url = reverse("applications:attachment_download", args=[draft.pk, attachment.pk])
    download = applicant.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "no-store" in download["Cache-Control"]

    # The same name again is a second object; the first is never overwritten.
    applicant.post(
        reverse("applications:attachment_add", args=[draft.pk]),
        {"file": SimpleUploadedFile("Projektplan.pdf", PDF_BYTES + b"%v2\n")},
    )
    assert len(s3_bucket.object_keys()) == 2
    assert s3_bucket.read(attachment.file.name) == PDF_BYTES

    client.logout()
    other_organisation = login("sokande@kfjh.demo")
    assert other_organisation.get(url).status_code == 404


def test_a_removed_attachment_leaves_the_bucket(
    s3_bucket, login, draft, django_capture_on_commit_callbacks
):
    applicant = login("sokande@ostersund.demo")
    applicant.post(
        reverse("applications:attachment_add", args=[draft.pk]),
        {"file": SimpleUploadedFile("Budget.pdf", PDF_BYTES)},
    )
    attachment = Attachment.objects.get(application=draft)
    with django_capture_on_commit_callbacks(execute=True):
        applicant.post(reverse("applications:attachment_delete", args=[draft.pk, attachment.pk]))
    assert not Attachment.objects.filter(application=draft).exists()
    assert s3_bucket.object_keys() == []


def test_a_generated_decision_document_is_stored_in_the_bucket(
    s3_bucket, settings, seeded, coordinator, login, django_capture_on_commit_callbacks
):
    from allocations.agreements.services import read_seed
    from applications.decisions.services.seed import decision_seed_load

    meeting = decision_seed_load(data=read_seed("decision_jamtland_2025.toml"))
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(
            meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator
        )
    document.refresh_from_db()
    assert document.state == JobState.DONE, document.error
    assert document.file.name in s3_bucket.object_keys()
    content = s3_bucket.read(document.file.name)
    assert content.startswith(b"%PDF-") and len(content) == document.size
    assert only_owner_may_read(s3_bucket.grants(document.file.name))
    assert local_files(settings) == []


def test_a_dossier_is_built_from_the_bucket_and_stored_in_it(
    s3_bucket, settings, login, seeded, django_capture_on_commit_callbacks
):
    from tests.applications.dossier.test_dossier import full_case, unzip

    grant = full_case(seeded)
    attachment = grant.application.attachments.get()
    assert s3_bucket.read(attachment.file.name) == attachment.file.open("rb").read()
    coordinator = login("samordnare@jamtland.demo")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("applications:dossier_request", args=[grant.pk]))
    job = ExportJob.objects.get(kind="dossier")
    assert job.state == ExportState.DONE, job.error
    assert job.file.name in s3_bucket.object_keys()
    files = unzip(s3_bucket.read(job.file.name))
    assert files["01-ansokan/bilagor/01-etc.pdf"] == s3_bucket.read(attachment.file.name)
    response = coordinator.get(reverse("reporting:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    assert local_files(settings) == []


def test_a_private_file_has_no_url_and_no_path(s3_bucket, draft, applicant):
    attachment = Attachment(
        application=draft,
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=applicant,
    )
    attachment.file.save("plan.pdf", ContentFile(PDF_BYTES))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018
    with pytest.raises(NotImplementedError):
        attachment.file.path  # noqa: B018
