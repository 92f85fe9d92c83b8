"""The decision meeting page (the agenda) keeps its facts, agenda and history cached until
the county's data changes: the second view costs a few queries, every change shows on the
next view, and no viewer gets the part built for another (their conflicts of interest,
their tools, their minutes to approve) or another session's csrf token."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from allocations.models import County, CountyAllocation
from allocations.money import format_kronor
from applications.decisions.services.closing import meeting_close
from applications.decisions.services.meetings import meeting_create
from applications.decisions.services.rulings import (
    Ruling,
    decision_rule,
    item_adopt_as_whole,
    member_not_participating,
)
from applications.models import Decision, DecisionMeeting
from tests.applications.decision_view_helpers import (
    agenda,
    exception,
    forum_members,
    item_url,
    meeting_url,
    three_proposals,
)
from tests.page_cache import content

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"
FORUM, FORUM2 = "forum@jamtland.demo", "forum2@jamtland.demo"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def on_agenda(review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded):
    """An open meeting, §9 holding three proposals in focus area 4; forum@ chairs, forum2@
    approves the minutes."""
    three_proposals(in_review, applicant, coordinator, reviewers)
    return agenda(jamtland, seeded, coordinator)


def client_of(email: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(get_user_model().objects.get(username=email))
    return client


def get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def sv(text: str) -> str:
    with translation.override("sv"):
        return gettext(text)


def post_forms(html: str) -> list[str]:
    return re.findall(r'<form method="post".*?</form>', html, re.DOTALL)


# --- the second view --------------------------------------------------------------------


@pytest.mark.parametrize("email", [COORDINATOR, FORUM])
def test_the_second_view_is_served_from_the_cache(on_agenda, email):
    meeting, _item, lines = on_agenda
    client = client_of(email)
    first, cold = get(client, meeting_url(meeting))
    second, warm = get(client, meeting_url(meeting))
    assert content(second) == content(first)
    assert warm < cold - 5
    assert f'id="rad-{lines[0].pk}"' in second and f'name="line-{lines[0].pk}-outcome"' in second


def test_every_form_of_a_cached_page_carries_the_viewers_own_working_token(on_agenda):
    """The cache holds no token: each form gets the requesting session's, and it is
    accepted when the form is sent."""
    meeting, item, lines = on_agenda
    other = client_of(COORDINATOR, enforce_csrf_checks=True)
    get(other, meeting_url(meeting))  # fills the cache
    client = client_of(COORDINATOR, enforce_csrf_checks=True)
    html, _ = get(client, meeting_url(meeting))
    forms = post_forms(html)
    assert len(forms) >= 3  # proposals waiting or not: a paragraph, the adoption, a line
    assert all(len(TOKEN.findall(form)) == 1 for form in forms)
    assert "csrf-token-slot" not in html
    token = TOKEN.search(html).group(1)
    data = {"csrfmiddlewaretoken": token, **exception(lines[0], outcome="rejected")}
    data.update(exception(lines[0], motivation="Inte länsgemensam."))
    assert client.post(item_url(item), data).status_code == 302
    assert Decision.objects.get(pk=lines[0].pk).outcome == "rejected"


# --- changes show on the next view ------------------------------------------------------


def test_a_line_decided_through_the_service_shows_on_the_next_view(on_agenda, coordinator):
    meeting, _item, lines = on_agenda
    client = client_of(FORUM)
    html, _ = get(client, meeting_url(meeting))
    assert "Insatsen saknar förankring." not in html
    decision_rule(
        decision=lines[0],
        user=coordinator,
        ruling=Ruling("rejected", motivation="Insatsen saknar förankring."),
    )
    html, _ = get(client, meeting_url(meeting))
    assert "Insatsen saknar förankring." in html
    assert f'name="line-{lines[0].pk}-outcome"' not in html  # no longer to adopt


def test_a_plain_save_and_a_bulk_update_show_on_the_next_view(on_agenda, jamtland):
    meeting, _item, lines = on_agenda
    client = client_of(COORDINATOR)
    get(client, meeting_url(meeting))
    line = Decision.objects.get(pk=lines[1].pk)
    line.title = "Omdöpt insats"
    line.save()
    html, _ = get(client, meeting_url(meeting))
    assert "Omdöpt insats" in html
    DecisionMeeting.objects.filter(pk=meeting.pk).update(place="Strömsund, Folkets hus")
    html, _ = get(client, meeting_url(meeting))
    assert "Strömsund, Folkets hus" in html  # the facts
    allocation = CountyAllocation.objects.get(
        county=jamtland, focus_area__agreement=meeting.agreement, focus_area__number=4
    )
    allocation.amount = 7_654_321
    allocation.save()
    html, _ = get(client, meeting_url(meeting))
    assert format_kronor(7_654_321) in html  # the standings


def test_adopting_the_list_through_the_page_shows_on_the_next_view(on_agenda):
    meeting, item, lines = on_agenda
    client = client_of(FORUM)
    before, _ = get(client, meeting_url(meeting))
    assert f'action="{item_url(item)}"' in before
    assert client.post(item_url(item), {}).status_code == 302
    after, _ = get(client, meeting_url(meeting))
    assert f'action="{item_url(item)}"' not in after  # nothing left to adopt
    assert all(f'name="line-{line.pk}-outcome"' not in after for line in lines)


# --- one viewer never gets another's part -----------------------------------------------


def test_the_coordinators_tools_are_not_served_to_a_forum_member(on_agenda):
    meeting, item, _lines = on_agenda
    close = reverse("applications:decision_meeting_close", args=["jamtland", meeting.pk])
    line_add = reverse("applications:decision_line_add", args=["jamtland", item.pk])
    coordinator_html, _ = get(client_of(COORDINATOR), meeting_url(meeting))
    assert "agenda-manage" in coordinator_html and close in coordinator_html
    assert line_add in coordinator_html
    member_html, _ = get(client_of(FORUM), meeting_url(meeting))
    assert "agenda-manage" not in member_html and close not in member_html
    assert line_add not in member_html
    assert 'class="line-actions"' in member_html  # a member decides too
    again, _ = get(client_of(COORDINATOR), meeting_url(meeting))
    assert content(again) == content(coordinator_html)


def test_a_conflict_of_interest_shows_only_to_the_member_who_has_it(on_agenda, coordinator):
    meeting, _item, lines = on_agenda
    forum, _forum2 = forum_members()
    member_not_participating(decision=lines[0], user=coordinator, member=forum)
    decide = f"{reverse('applications:decision_line', args=['jamtland', lines[0].pk])}#besluta"
    fields = f'name="line-{lines[0].pk}-outcome"'
    free, _ = get(client_of(FORUM2), meeting_url(meeting))  # fills the cache first
    assert decide in free and fields in free
    conflicted, _ = get(client_of(FORUM), meeting_url(meeting))
    assert decide not in conflicted and fields not in conflicted
    assert f'name="line-{lines[1].pk}-outcome"' in conflicted
    free_again, _ = get(client_of(FORUM2), meeting_url(meeting))
    assert content(free_again) == content(free)


def test_a_closed_meeting_offers_the_approval_only_to_whom_still_has_to(on_agenda, coordinator):
    meeting, item, _lines = on_agenda
    item_adopt_as_whole(item=item, user=coordinator)
    meeting_close(meeting=meeting, user=coordinator)
    approve = reverse("applications:decision_minutes_approve", args=["jamtland", meeting.pk])
    coordinator_html, _ = get(client_of(COORDINATOR), meeting_url(meeting))
    assert approve not in coordinator_html
    chair_html, _ = get(client_of(FORUM), meeting_url(meeting))
    assert approve in chair_html and sv("Approve the minutes as chair") in chair_html
    approver_html, _ = get(client_of(FORUM2), meeting_url(meeting))
    assert sv("Approve the minutes as approver") in approver_html
    assert sv("Approve the minutes as chair") not in approver_html
    # the chair approves: their button goes, the approver's stays
    assert client_of(FORUM).post(approve).status_code == 302
    chair_html, _ = get(client_of(FORUM), meeting_url(meeting))
    assert approve not in chair_html
    approver_html, _ = get(client_of(FORUM2), meeting_url(meeting))
    assert sv("Approve the minutes as approver") in approver_html


def test_a_refused_form_is_shown_to_its_sender_only_and_never_cached(on_agenda):
    meeting, item, lines = on_agenda
    client = client_of(FORUM)
    get(client, meeting_url(meeting))  # cached
    typed = exception(lines[1], outcome="approved_in_part", amount="9 999 999")
    refused = client.post(item_url(item), typed)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'value="9 999 999"' in html and "is-invalid" in html  # not the cached page
    assert len(TOKEN.findall(html)) >= 1 and "csrf-token-slot" not in html
    for email in (FORUM, FORUM2):
        page, _ = get(client_of(email), meeting_url(meeting))
        assert 'value="9 999 999"' not in page and "is-invalid" not in page


def test_another_countys_meeting_is_its_own_and_its_writes_keep_this_page_cached(on_agenda, seeded):
    meeting, _item, _lines = on_agenda
    dalarna = County.objects.get(slug="dalarna")
    other_coordinator = get_user_model().objects.get(username="samordnare@dalarna.demo")
    other = meeting_create(
        county=dalarna,
        agreement=seeded,
        user=other_coordinator,
        held_on=datetime.date(2025, 3, 20),
        place="Falun, Landstingshuset",
        first_paragraph=1,
        members_present=[],
        chair=None,
        minutes_approver=None,
    )
    client = client_of(COORDINATOR)
    first, cold = get(client, meeting_url(meeting))
    other_html, _ = get(client_of("samordnare@dalarna.demo"), meeting_url(other))
    assert "Falun, Landstingshuset" in other_html and "Östersund" not in content(other_html)
    other.place = "Borlänge"
    other.save()
    second, warm = get(client, meeting_url(meeting))
    assert warm < cold - 5 and content(second) == content(first)
    # and a coordinator of another county never reaches this meeting (nor its cached part)
    assert client_of("samordnare@dalarna.demo").get(meeting_url(meeting)).status_code == 404
