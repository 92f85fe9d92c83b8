"""The file store failing while an applicant attaches a file: the form comes back with a
message in Swedish and the draft's text, no attachment row is left without its file, no 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment
from tests.applications.applying.test_views_applicant import form_data
from tests.s3_server import MotoServer, free_port

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
MESSAGE = (
    "Filen kunde inte sparas just nu: fillagringen svarade inte. Ingen bilaga lades till "
    "och din text finns kvar. Försök bifoga filen igen om en stund."
)


def attach(client, application, name="Projektplan.pdf"):
    return client.post(
        reverse("applications:attachment_add", args=[application.pk]),
        {"file": SimpleUploadedFile(name, PDF_BYTES)},
    )


def assert_refused_with_the_draft_kept(response, application) -> None:
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGE in html
    assert 'id="attachment-file-error-' in html and 'aria-invalid="true"' in html
    assert 'value="Kvar i formuläret"' in html
    assert not Attachment.objects.filter(application=application).exists()


def test_an_unreachable_bucket_is_told_and_nothing_is_half_written(
    s3_bucket, settings, login, complete_draft
):
    client = login("sokande@ostersund.demo")
    edit = reverse("applications:application_edit", args=[complete_draft.pk])
    client.post(edit, form_data(complete_draft.call, title="Kvar i formuläret", save=""))
    dead = f"http://127.0.0.1:{free_port()}"
    settings.STORAGES = {**settings.STORAGES, "private": s3_bucket.storage_settings(dead)}

    assert_refused_with_the_draft_kept(attach(client, complete_draft), complete_draft)

    # The store is back: the same file is attached, as one object.
    settings.STORAGES = {**settings.STORAGES, "private": s3_bucket.storage_settings()}
    assert attach(client, complete_draft).status_code == 302
    attachment = Attachment.objects.get(application=complete_draft)
    assert s3_bucket.object_keys() == [attachment.file.name]
    assert client.get(edit).status_code == 200


def test_a_store_stopped_after_the_page_was_shown_is_told_too(settings, login, complete_draft):
    server = MotoServer()
    server.start()
    try:
        bucket = server.bucket()
        settings.STORAGES = {**settings.STORAGES, "private": bucket.storage_settings()}
        client = login("sokande@ostersund.demo")
        edit = reverse("applications:application_edit", args=[complete_draft.pk])
        client.post(edit, form_data(complete_draft.call, title="Kvar i formuläret", save=""))
        assert client.get(edit).status_code == 200
    finally:
        server.stop()

    assert_refused_with_the_draft_kept(attach(client, complete_draft), complete_draft)


def test_a_full_or_failing_local_disk_is_told_the_same_way(settings, login, complete_draft):
    # MEDIA_ROOT under a regular file: the folder cannot be made, as on a broken disk.
    blocker = settings.MEDIA_ROOT.parent / "not-a-folder"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"")
    settings.MEDIA_ROOT = blocker / "media"
    client = login("sokande@ostersund.demo")
    edit = reverse("applications:application_edit", args=[complete_draft.pk])
    client.post(edit, form_data(complete_draft.call, title="Kvar i formuläret", save=""))

    assert_refused_with_the_draft_kept(attach(client, complete_draft), complete_draft)


UNAVAILABLE = "Filen kan inte hämtas just nu"
MISSING = "Filen saknas"


def download(client, application):
    attachment = Attachment.objects.get(application=application)
    return client.get(
        reverse("applications:attachment_download", args=[application.pk, attachment.pk]),
        HTTP_REFERER="http://testserver"
        + reverse("applications:application_edit", args=[application.pk]),
    )


def test_a_download_while_the_store_is_down_is_told_and_works_again_later(
    s3_bucket, settings, login, complete_draft
):
    client = login("sokande@ostersund.demo")
    assert attach(client, complete_draft).status_code == 302
    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_bucket.storage_settings(f"http://127.0.0.1:{free_port()}"),
    }

    response = download(client, complete_draft)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert UNAVAILABLE in html
    assert reverse("applications:application_edit", args=[complete_draft.pk]) in html

    settings.STORAGES = {**settings.STORAGES, "private": s3_bucket.storage_settings()}
    response = download(client, complete_draft)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_file_the_store_does_not_hold_is_told_as_missing(s3_bucket, login, complete_draft):
    client = login("sokande@ostersund.demo")
    assert attach(client, complete_draft).status_code == 302
    (key,) = s3_bucket.object_keys()
    s3_bucket.server.client().delete_object(Bucket=s3_bucket.name, Key=key)

    response = download(client, complete_draft)

    assert response.status_code == 404
    assert MISSING in response.content.decode()


def test_a_file_missing_from_the_local_disk_is_told_as_missing(login, complete_draft):
    client = login("sokande@ostersund.demo")
    assert attach(client, complete_draft).status_code == 302
    Attachment.objects.get(application=complete_draft).file.delete(save=False)

    response = download(client, complete_draft)

    assert response.status_code == 404
    assert MISSING in response.content.decode()
