import io
import os
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import constants, get_messages
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from allocations.models import Organisation
from applications.applying.services.attachments import (
    DOCX,
    MAX_ATTACHMENT_SIZE,
    ODT,
    PDF,
    XLSX,
    attachment_add,
    attachment_delete,
)
from applications.errors import ApplicationError
from applications.models import Attachment, Status
from tests.applications.factories import make_application, make_call
from tests.services import in_english

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            # ODF wants its `mimetype` member first and uncompressed.
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


DOCX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX_BYTES = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT_BYTES = zip_bytes(
    {"mimetype": ODT.content_type.encode(), "content.xml": b"<office:document-content/>"}
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def private_storage(tmp_path, monkeypatch) -> FileSystemStorage:
    """Uploads of a test go to its own folder, not to the demo's var/media."""
    storage = FileSystemStorage(location=tmp_path / "private", base_url=None)
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture
def draft(seeded, jamtland, ostersund, applicant):
    return make_application(make_call(jamtland, seeded), ostersund, applicant, title="Insats")


@pytest.fixture
def submitted(draft):
    draft.status = Status.SUBMITTED
    draft.case_number = "23-2025-0042"
    draft.save()
    return draft


# --- the service: what is kept and what is refused ----------------------------------------


def test_a_pdf_is_kept_with_its_detected_type_and_a_sanitised_name(draft, applicant):
    attachment = attachment_add(
        application=draft,
        user=applicant,
        uploaded_file=upload("Budget 2025 (slutlig).pdf", PDF_BYTES),
    )
    assert attachment.content_type == PDF.content_type
    assert attachment.original_name == "Budget 2025 (slutlig).pdf"
    assert attachment.size == len(PDF_BYTES)
    assert attachment.uploaded_by == applicant
    assert attachment.file.name == f"applications/{draft.pk}/Budget_2025_slutlig.pdf"
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content", "file_type"),
    [
        ("plan.docx", DOCX_BYTES, DOCX),
        ("budget.xlsx", XLSX_BYTES, XLSX),
        ("protokoll.odt", ODT_BYTES, ODT),
    ],
)
def test_office_documents_are_told_apart_by_their_zip_members(
    draft, applicant, name, content, file_type
):
    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload(name, content)
    )
    assert attachment.content_type == file_type.content_type
    assert attachment.file.name.endswith(file_type.extension)


def test_the_stored_extension_follows_the_content_not_the_name(draft, applicant):
    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload("notes.pdf", DOCX_BYTES)
    )
    assert attachment.content_type == DOCX.content_type
    assert attachment.original_name == "notes.pdf"
    assert attachment.file.name.endswith("/notes.docx")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"Just some text pretending to be a PDF.\n"),
        ("sida.pdf", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("index.html", b"<html><body>hi</body></html>"),
        ("setup.pdf.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
        ("program.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),
        ("arkiv.docx", zip_bytes({"readme.txt": b"not an office document"})),
        ("trasig.xlsx", b"PK\x03\x04 but not really a zip file"),
        ("fake.odt", zip_bytes({"mimetype": b"application/zip", "content.xml": b"<x/>"})),
    ],
)
def test_anything_else_is_refused_whatever_its_name(draft, applicant, name, content):
    with translation.override("en"), pytest.raises(ApplicationError, match="Only PDF, DOCX"):
        attachment_add(application=draft, user=applicant, uploaded_file=upload(name, content))
    assert not Attachment.objects.exists()


def test_files_over_10_mb_are_refused_and_10_mb_is_accepted(draft, applicant):
    too_big = PDF_BYTES + b"0" * (MAX_ATTACHMENT_SIZE - len(PDF_BYTES) + 1)
    with translation.override("en"), pytest.raises(ApplicationError, match="larger than 10 MB"):
        attachment_add(application=draft, user=applicant, uploaded_file=upload("big.pdf", too_big))
    just_fits = too_big[:-1]
    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload("max.pdf", just_fits)
    )
    assert attachment.size == MAX_ATTACHMENT_SIZE


def test_a_submitted_application_takes_no_new_files_and_loses_none(submitted, applicant):
    attachment = Attachment.objects.create(
        application=submitted, original_name="a.pdf", content_type=PDF.content_type, size=1
    )
    with pytest.raises(ApplicationError):
        attachment_add(
            application=submitted, user=applicant, uploaded_file=upload("b.pdf", PDF_BYTES)
        )
    with pytest.raises(ApplicationError):
        attachment_delete(attachment=attachment, user=applicant)
    assert Attachment.objects.count() == 1


def test_only_the_applicant_organisation_may_attach(draft, coordinator):
    with pytest.raises(ApplicationError):
        attachment_add(
            application=draft, user=coordinator, uploaded_file=upload("a.pdf", PDF_BYTES)
        )


def test_delete_removes_the_row_and_after_commit_the_file(
    draft, applicant, private_storage, django_capture_on_commit_callbacks
):
    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload("a.pdf", PDF_BYTES)
    )
    name = attachment.file.name
    assert private_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(attachment=attachment, user=applicant)
    assert not Attachment.objects.exists()
    assert not private_storage.exists(name)


# --- the views ------------------------------------------------------------------------------


def test_upload_through_the_page_redirects_to_the_edit_page_with_a_message(login, draft):
    client = login("sokande@ostersund.demo")
    response = client.post(
        reverse("applications:attachment_add", args=[draft.pk]),
        {"file": upload("verksamhetsplan.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    assert response.url == reverse("applications:application_edit", args=[draft.pk])
    assert [m.level for m in get_messages(response.wsgi_request)] == [constants.SUCCESS]
    assert draft.attachments.get().original_name == "verksamhetsplan.pdf"


def test_a_large_upload_spooled_to_disk_is_detected_too(login, draft):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) Django hands the view a temporary file.
    big = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/media/bild.bin": os.urandom(3_000_000)})
    client = login("sokande@ostersund.demo")
    response = client.post(
        reverse("applications:attachment_add", args=[draft.pk]), {"file": upload("data", big)}
    )
    assert response.status_code == 302
    assert response.wsgi_request.FILES["file"].__class__.__name__ == "TemporaryUploadedFile"
    attachment = draft.attachments.get()
    assert attachment.content_type == XLSX.content_type
    assert attachment.file.name.endswith("/data.xlsx")


def test_an_empty_file_is_refused_as_empty(draft, applicant):
    with translation.override("en"), pytest.raises(ApplicationError, match="is empty"):
        attachment_add(application=draft, user=applicant, uploaded_file=upload("tom.pdf", b""))
    assert not Attachment.objects.exists()


def test_a_refused_upload_comes_back_next_to_the_file_field(login, draft):
    client = in_english(login("sokande@ostersund.demo"))
    response = client.post(
        reverse("applications:attachment_add", args=[draft.pk]),
        {"file": upload("sida.pdf", b"<html></html>")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="invalid-feedback d-block" id="attachment-file-error-' in html
    assert "Only PDF, DOCX, XLSX and ODT files can be attached" in html
    assert not draft.attachments.exists()


def test_the_edit_partial_lists_files_with_upload_and_delete_forms(draft, applicant, rf):
    from django.template.loader import render_to_string

    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload("plan.pdf", PDF_BYTES)
    )
    request = rf.get("/")
    request.user = applicant
    html = render_to_string(
        "applications/_attachments.html",
        {"application": draft, "can_edit": True},
        request=request,
    )
    assert reverse("applications:attachment_download", args=[draft.pk, attachment.pk]) in html
    assert reverse("applications:attachment_delete", args=[draft.pk, attachment.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert timezone.localtime(attachment.uploaded_at).strftime("%Y-%m-%d") in html
    read_only = render_to_string(
        "applications/_attachments.html", {"application": draft, "can_edit": False}
    )
    assert "plan.pdf" in read_only
    assert "<form" not in read_only


def test_download_is_an_attachment_with_the_detected_type(login, draft, applicant):
    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload("Plan för 2025.odt", ODT_BYTES)
    )
    client = login("sokande@ostersund.demo")
    response = client.get(
        reverse("applications:attachment_download", args=[draft.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == ODT.content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Plan" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == ODT_BYTES


def test_delete_through_the_page(login, draft, applicant):
    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload("a.pdf", PDF_BYTES)
    )
    client = login("sokande@ostersund.demo")
    response = client.post(
        reverse("applications:attachment_delete", args=[draft.pk, attachment.pk])
    )
    assert response.status_code == 302
    assert not draft.attachments.exists()


@pytest.mark.parametrize(
    "email", ["sokande@folkhalsoenheten.demo", "sokande@vasteras.demo", "samordnare@jamtland.demo"]
)
def test_others_get_404_for_a_draft_they_may_not_see(login, draft, applicant, email):
    attachment = attachment_add(
        application=draft, user=applicant, uploaded_file=upload("a.pdf", PDF_BYTES)
    )
    client = login(email)
    download = reverse("applications:attachment_download", args=[draft.pk, attachment.pk])
    assert client.get(download).status_code == 404
    add = reverse("applications:attachment_add", args=[draft.pk])
    assert client.post(add, {"file": upload("b.pdf", PDF_BYTES)}).status_code == 404
    delete = reverse("applications:attachment_delete", args=[draft.pk, attachment.pk])
    assert client.post(delete).status_code == 404
    assert draft.attachments.count() == 1


def test_staff_download_but_may_not_change_a_submitted_application(login, submitted):
    attachment = Attachment(
        application=submitted, original_name="a.pdf", content_type=PDF.content_type, size=5
    )
    attachment.file.save("a.pdf", upload("a.pdf", PDF_BYTES))
    client = login("samordnare@jamtland.demo")
    download = reverse("applications:attachment_download", args=[submitted.pk, attachment.pk])
    assert client.get(download).status_code == 200
    add = reverse("applications:attachment_add", args=[submitted.pk])
    assert client.post(add, {"file": upload("b.pdf", PDF_BYTES)}).status_code == 403
    delete = reverse("applications:attachment_delete", args=[submitted.pk, attachment.pk])
    assert client.post(delete).status_code == 403


def test_the_applicant_may_not_change_files_once_submitted(login, submitted):
    client = login("sokande@ostersund.demo")
    add = reverse("applications:attachment_add", args=[submitted.pk])
    assert client.post(add, {"file": upload("b.pdf", PDF_BYTES)}).status_code == 403


def test_an_attachment_of_another_application_is_not_found_through_this_one(
    login, seeded, draft, applicant, jamtland
):
    other_user = get_user_model().objects.get(username="sokande@folkhalsoenheten.demo")
    other_org = Organisation.objects.get(name="Region Jämtland Härjedalen, Folkhälsoenheten")
    other = make_application(draft.call, other_org, other_user)
    foreign = attachment_add(
        application=other, user=other_user, uploaded_file=upload("x.pdf", PDF_BYTES)
    )
    client = login("sokande@ostersund.demo")
    url = reverse("applications:attachment_download", args=[draft.pk, foreign.pk])
    assert client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, draft):
    response = client.post(reverse("applications:attachment_add", args=[draft.pk]))
    assert response.status_code == 302
    assert reverse("login") in response.url
