"""An applicant of organisation B can neither list, read, edit nor download anything of
organisation A, by any URL of the applications app (walked from the resolver)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, reverse

from applications import urls as application_urls
from applications.applying.services import application_submit
from applications.applying.services.attachments import attachment_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def patterns(entries=None) -> list[URLPattern]:
    """Every URL of the app, through the includes of its domains (all mounted at "")."""
    found = []
    for entry in application_urls.urlpatterns if entries is None else entries:
        if isinstance(entry, URLResolver):
            found += patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            found.append(entry)
    return found


def kwargs_for(pattern: URLPattern, application, attachment) -> dict:
    names = set(pattern.pattern.converters)
    values = {
        "pk": application.pk,
        "attachment_pk": attachment.pk,
        "slug": application.county.slug,
        "application_pk": application.pk,
        "area": application.focus_area.number,
        "key": "beslutsunderlag",
        "masking_pk": 1,  # the request itself is of the county: another applicant gets 403
        "year": application.focus_area.agreement.year,
    }
    if pattern.name in {"call_detail", "application_start", "call_edit"}:
        values["pk"] = application.call.pk
    return {name: values[name] for name in names}


@pytest.fixture
def submitted(complete_draft, applicant):
    attachment = attachment_add(
        application=complete_draft,
        user=applicant,
        uploaded_file=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    return application_submit(application=complete_draft, user=applicant), attachment


@pytest.mark.parametrize("email", ["sokande@kfjh.demo", "sokande@borlange.demo"])
def test_no_url_shows_or_changes_another_organisations_application(login, submitted, email):
    application, attachment = submitted
    client = login(email)
    secret = application.title
    checked = 0
    for pattern in patterns():
        kwargs = kwargs_for(pattern, application, attachment)
        url = reverse(f"applications:{pattern.name}", kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"title": "Kapad", "reason": "x"})
            body = response.content.decode(errors="replace")
            assert secret not in body, (pattern.name, method)
            assert application.case_number not in body, (pattern.name, method)
            if pattern.name in {"my_applications", "call_list", "my_adoptions"} and method == "get":
                assert response.status_code == 200
            elif pattern.name in {"call_detail", "application_start"} and email.endswith(
                "kfjh.demo"
            ):
                continue  # the same county's call is open to this applicant too
            else:
                assert response.status_code in {403, 404, 405}, (pattern.name, method)
            checked += 1
    application.refresh_from_db()
    assert application.title == secret
    assert application.status == "submitted"
    assert checked >= 20
