"""A call copied into a new year is a draft: applicants never see it (list, page, starting an
application: 404) until the coordinator publishes it; a call whose closing has passed is
not published."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Call
from reporting.deadlines.selectors import user_deadlines
from tests.applications.factories import CallFactory

DRAFT = "Utkast till utlysning 2026"


@pytest.fixture
def draft(seeded, jamtland) -> Call:
    return CallFactory(county=jamtland, agreement=seeded, title=DRAFT, is_draft=True)


def test_an_applicant_never_sees_a_draft(login, draft, ostersund, applicant):
    client = login("sokande@ostersund.demo")
    assert DRAFT not in client.get(reverse("applications:call_list")).content.decode()
    assert client.get(reverse("applications:call_detail", args=[draft.pk])).status_code == 404
    start = client.post(
        reverse("applications:application_start", args=[draft.pk]),
        {"organisation": ostersund.pk},
    )
    assert start.status_code == 404
    assert not Application.objects.exists()
    assert DRAFT not in client.get(reverse("applications:my_applications")).content.decode()
    today = timezone.localdate()
    assert not user_deadlines(user=applicant, today=today).filter(call=draft).exists()


def test_the_coordinator_sees_the_draft_marked_and_the_review_group_does_not(login, draft):
    url = reverse("applications:county_applications", args=["jamtland"])
    html = login("samordnare@jamtland.demo").get(url).content.decode()
    assert DRAFT in html and "Utkast" in html and f"Publicera {DRAFT}" in html
    assert DRAFT not in login("beredning1@jamtland.demo").get(url).content.decode()


def test_publishing_shows_the_call_to_applicants(login, draft):
    coordinator = login("samordnare@jamtland.demo")
    response = coordinator.post(
        reverse("applications:call_publish", args=["jamtland", draft.pk]), follow=True
    )
    assert f"Utlysningen {DRAFT} är publicerad." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_draft
    applicant = login("sokande@ostersund.demo")
    assert DRAFT in applicant.get(reverse("applications:call_list")).content.decode()
    assert applicant.get(reverse("applications:call_detail", args=[draft.pk])).status_code == 200


def test_a_draft_whose_closing_has_passed_is_not_published(login, draft):
    Call.objects.filter(pk=draft.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = login("samordnare@jamtland.demo").post(
        reverse("applications:call_publish", args=["jamtland", draft.pk]), follow=True
    )
    assert "ändra sista ansökningstiden innan du publicerar den" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def form_data(call: Call, **changes) -> dict:
    local = timezone.localtime
    data = {
        "title": call.title,
        "focus_areas": [a.pk for a in call.focus_areas.filter(has_county_joint_funds=True)],
        "opens_at": local(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": local(call.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "is_draft": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_call_form_publishes_a_draft_and_refuses_a_passed_closing(login, draft):
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:call_edit", args=["jamtland", draft.pk])
    closed = form_data(
        draft, is_draft=None, opens_at="2025-02-01T08:00", closes_at="2025-03-01T16:00"
    )
    refused = client.post(url, closed)
    assert refused.status_code == 200
    assert "ändra sista ansökningstiden innan du publicerar den" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft
    assert client.post(url, form_data(draft, is_draft=None)).status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft


def test_a_new_call_can_be_saved_as_a_draft(login, seeded):
    client = login("samordnare@jamtland.demo")
    soon = timezone.localtime() + datetime.timedelta(days=5)
    data = {
        "title": "Ny utlysning som utkast",
        "focus_areas": [seeded.focus_areas.get(number=4).pk],
        "opens_at": soon.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (soon + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "is_draft": "on",
    }
    assert (
        client.post(reverse("applications:call_create", args=["jamtland"]), data).status_code == 302
    )
    assert Call.objects.get(title="Ny utlysning som utkast").is_draft
