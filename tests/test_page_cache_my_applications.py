""" "My applications" keeps its lists cached per user until the data of their counties changes:
the second view costs fewer queries, every change (and every call opening or closing with the
clock) shows on the next view, and no applicant is shown another organisation's list."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allocations.models import County, Membership, Organisation, Role
from applications.applying.services.drafts import application_draft_save, application_start
from applications.models import Application, Call
from tests.fixtures import (  # noqa: F401 - fixtures
    applicant,
    complete_draft,
    jamtland,
    open_call,
    ostersund,
)
from tests.page_cache import content, write_in_county

pytestmark = pytest.mark.django_db

URL = reverse("applications:my_applications")
APPLICANT = "sokande@ostersund.demo"


def get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def a_call(county: County, agreement, title: str, *, opens: datetime.timedelta, days=10) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        county=county,
        agreement=agreement,
        title=title,
        opens_at=now + opens,
        closes_at=now + datetime.timedelta(days=days),
        template_text="Beskriv insatsen.",
    )
    call.focus_areas.set(agreement.focus_areas.filter(number=4))
    return call


def test_the_second_view_is_served_from_the_cache(login, complete_draft, open_call):  # noqa: F811
    client = login(APPLICANT)
    first, cold = get(client)
    second, warm = get(client)
    assert content(second) == content(first)
    assert complete_draft.title in second
    assert open_call.title in second
    assert len(warm) < len(cold)
    assert not any('FROM "applications_application"' in sql for sql in warm)


def test_a_draft_saved_through_the_service_shows_on_the_next_view(
    login,
    complete_draft,  # noqa: F811
    applicant,  # noqa: F811
):
    client = login(APPLICANT)
    get(client)
    application_draft_save(
        application=complete_draft, user=applicant, fields={"title": "Titel från tjänsten"}
    )
    html, _ = get(client)
    assert "Titel från tjänsten" in html


def test_a_saved_and_a_bulk_updated_title_show_on_the_next_view(login, complete_draft):  # noqa: F811
    client = login(APPLICANT)
    get(client)
    complete_draft.title = "Sparad titel"
    complete_draft.save()
    assert "Sparad titel" in get(client)[0]
    Application.objects.filter(pk=complete_draft.pk).update(title="Titel via update")
    assert "Titel via update" in get(client)[0]


def test_a_new_draft_shows_on_the_next_view(login, complete_draft, open_call, applicant, ostersund):  # noqa: F811
    client = login(APPLICANT)
    get(client)
    draft = application_start(call=open_call, organisation=ostersund, user=applicant)
    html, _ = get(client)
    assert reverse("applications:application_edit", args=[draft.pk]) in html


def test_calls_open_and_close_with_the_clock(login, seeded, jamtland):  # noqa: F811
    closing = a_call(jamtland, seeded, "Stänger snart", opens=-datetime.timedelta(days=1), days=0)
    closing.closes_at = timezone.now() + datetime.timedelta(minutes=30)
    closing.save()
    opening = a_call(jamtland, seeded, "Öppnar snart", opens=datetime.timedelta(minutes=30))
    client = login(APPLICANT)
    get(client)
    before, _ = get(client)
    assert "Stänger snart" in before and "Öppnar snart" not in before
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False):
        after, _ = get(client)
    assert "Stänger snart" not in after and "Öppnar snart" in after
    assert opening.title in after


def test_another_organisation_does_not_get_the_cached_list(login, client, complete_draft):  # noqa: F811
    assert complete_draft.title in get(login(APPLICANT))[0]
    client.logout()
    other, _ = get(login("sokande@kfjh.demo"))  # same county, other organisation
    assert complete_draft.title not in other
    client.logout()
    elsewhere, _ = get(login("sokande@borlange.demo"))  # another county
    assert complete_draft.title not in elsewhere


def test_another_countys_change_leaves_the_cached_list_in_place(login, complete_draft):  # noqa: F811
    client = login(APPLICANT)
    get(client)
    _, warm = get(client)
    write_in_county("dalarna")
    _, after = get(client)
    assert len(after) == len(warm)


def test_an_applicant_in_two_counties_sees_the_changes_of_both(
    login,
    seeded,
    complete_draft,  # noqa: F811
    applicant,  # noqa: F811
):
    dalarna = County.objects.get(slug="dalarna")
    borlange = Organisation.objects.get(name="Borlänge kommun")
    Membership.objects.create(
        user=applicant, county=dalarna, role=Role.APPLICANT, organisation=borlange
    )
    call = a_call(dalarna, seeded, "Dalarnas utlysning", opens=-datetime.timedelta(days=1))
    in_dalarna = application_start(call=call, organisation=borlange, user=applicant)
    in_dalarna.title = "Borlänges insats"
    in_dalarna.save()
    client = login(APPLICANT)
    get(client)
    html, _ = get(client)
    assert "Borlänges insats" in html and complete_draft.title in html
    in_dalarna.title = "Borlänges nya insats"
    in_dalarna.save()
    assert "Borlänges nya insats" in get(client)[0]
    complete_draft.title = "Östersunds nya insats"
    complete_draft.save()
    assert "Östersunds nya insats" in get(client)[0]
    call.title = "Dalarnas nya utlysning"
    call.save()
    assert "Dalarnas nya utlysning" in get(client)[0]
