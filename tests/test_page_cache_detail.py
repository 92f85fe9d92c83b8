"""The application page keeps the application, its decision and its history cached until the
county's data changes: the second view costs a few queries, every change shows on the next
view, and no viewer is served what was built for another (the Edit button, the staff's
change log, the addresses); the forms below the cached part carry the viewer's own token."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.applying.services import application_submit
from applications.models import Application, Status
from tests.applications.applying.test_views_applicant import edit_url, form_data
from tests.fixtures import (  # noqa: F401 - fixtures
    applicant,
    complete_draft,
    coordinator,
    in_review,
    jamtland,
    open_call,
    ostersund,
)
from tests.page_cache import content, write_in_county

pytestmark = pytest.mark.django_db

APPLICANT, COORDINATOR = "sokande@ostersund.demo", "samordnare@jamtland.demo"
ADDRESS = "192.0.2.7"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def detail_url(application) -> str:
    return reverse("applications:application_detail", args=[application.pk])


def get(client, application):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(application))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_second_view_is_served_from_the_cache(login, in_review):  # noqa: F811
    client = login(COORDINATOR)
    first, cold = get(client, in_review)
    second, warm = get(client, in_review)
    assert content(second) == content(first)
    assert in_review.case_number in second and "100 000 kr" in second.replace("\xa0", " ")
    assert warm < cold - 4


def test_the_applicant_never_gets_the_coordinators_addresses(login, client, complete_draft):  # noqa: F811
    applicant_client = login(APPLICANT)
    applicant_client.post(
        edit_url(complete_draft), form_data(complete_draft.call, submit=""), REMOTE_ADDR=ADDRESS
    )
    assert ADDRESS in get(login(COORDINATOR), complete_draft)[0]
    html, _ = get(login(APPLICANT), complete_draft)
    assert 'id="audit-heading"' in html and ADDRESS not in html
    assert ADDRESS in get(login(COORDINATOR), complete_draft)[0]


def test_the_edit_button_goes_when_the_application_is_submitted(login, complete_draft, applicant):  # noqa: F811
    client = login(APPLICANT)
    get(client, complete_draft)
    draft, _ = get(client, complete_draft)
    assert edit_url(complete_draft) in draft
    application_submit(application=complete_draft, user=applicant)
    submitted, _ = get(client, complete_draft)
    assert edit_url(complete_draft) not in submitted
    assert Application.objects.get(pk=complete_draft.pk).case_number in submitted


def test_a_completion_asked_for_through_the_page_shows_to_the_applicant(
    login,
    complete_draft,  # noqa: F811
    applicant,  # noqa: F811
):
    application_submit(application=complete_draft, user=applicant)
    get(login(APPLICANT), complete_draft)  # the applicant's part is cached
    client = login(COORDINATOR)
    client.handler.enforce_csrf_checks = True
    get(client, complete_draft)
    html, _ = get(client, complete_draft)  # served from the cache
    token = TOKEN.search(
        html.split(
            'action="' + reverse("applications:completion_request", args=[complete_draft.pk]), 1
        )[1]
    ).group(1)
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("applications:completion_request", args=[complete_draft.pk]),
        {"csrfmiddlewaretoken": token, "message": "Komplettera budgeten", "due_date": due},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=complete_draft.pk).status == Status.COMPLETION_REQUESTED
    html, _ = get(login(APPLICANT), complete_draft)
    assert "Komplettera budgeten" in html and edit_url(complete_draft) in html


def test_a_bulk_update_shows_on_the_next_view(login, in_review):  # noqa: F811
    client = login(COORDINATOR)
    get(client, in_review)
    Application.objects.filter(pk=in_review.pk).update(title="Ny rubrik på ansökan")
    html, _ = get(client, in_review)
    assert "Ny rubrik på ansökan" in html


def test_another_countys_change_leaves_the_cached_page_in_place(login, in_review):  # noqa: F811
    client = login(COORDINATOR)
    get(client, in_review)
    _, warm = get(client, in_review)
    write_in_county("dalarna")
    _, after = get(client, in_review)
    assert after == warm


def test_an_applicant_of_another_organisation_still_gets_not_found(login, in_review):  # noqa: F811
    get(login(COORDINATOR), in_review)  # cached
    response = login("sokande@kfjh.demo").get(detail_url(in_review))
    assert response.status_code == 404
