"""Who reaches the decision meetings' URLs, that a closed meeting changes no more, and
that the list and the meeting page run a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.decisions.services.closing import meeting_close
from applications.decisions.services.meetings import agenda_add_line
from applications.decisions.services.rulings import (
    Ruling,
    decision_rule,
    item_adopt_as_whole,
    member_not_participating,
)
from applications.models import (
    AgendaItem,
    Decision,
    DecisionMeeting,
    Outcome,
    RejectionReason,
)
from config.data_version import everything_changed
from tests.applications.decision_helpers import open_meeting
from tests.applications.decision_view_helpers import (
    agenda,
    exception,
    forum_members,
    meeting_url,
    three_proposals,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_agenda(review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded):
    three_proposals(in_review, applicant, coordinator, reviewers)
    return agenda(jamtland, seeded, coordinator)


@pytest.fixture
def reason(jamtland):
    return RejectionReason.objects.create(county=jamtland, text="Ej länsgemensam.")


# name → (what its pk is, the methods it answers, only the coordinator)
URLS = {
    "decision_meetings": ("county", ["get"], False),
    "decision_meeting_create": ("county", ["get", "post"], True),
    "decision_meeting": ("meeting", ["get"], False),
    "decision_meeting_edit": ("meeting", ["get", "post"], True),
    "decision_meeting_close": ("meeting", ["get", "post"], True),
    "decision_minutes_approve": ("meeting", ["post"], False),
    "decision_proposals_add": ("meeting", ["post"], True),
    "decision_item_add": ("meeting", ["post"], True),
    "decision_correction_add": ("meeting", ["get", "post"], True),
    "decision_item_adopt": ("item", ["post"], False),
    "decision_line_add": ("item", ["post"], True),
    "decision_line": ("line", ["get"], False),
    "decision_line_decide": ("line", ["post"], False),
    "decision_line_organisation": ("line", ["post"], False),
    "decision_not_participating": ("line", ["post"], False),
    "rejection_reasons": ("county", ["get", "post"], True),
    "rejection_reasons_defaults": ("county", ["post"], True),
    "rejection_reason_edit": ("reason", ["post"], True),
    "rejection_reason_active": ("reason", ["post"], True),
}


def url_for(name: str, objects: dict, slug: str = "jamtland") -> str:
    kind = URLS[name][0]
    args = [slug] if kind == "county" else [slug, objects[kind].pk]
    return reverse(f"applications:{name}", args=args)


def snapshot(meeting) -> tuple:
    meeting.refresh_from_db()
    return (
        meeting.state,
        meeting.place,
        meeting.chair_approved_at,
        list(AgendaItem.objects.values_list("pk", "heading")),
        list(
            Decision.objects.order_by("pk").values_list(
                "pk", "outcome", "amount", "handling_organisation", "motivation"
            )
        ),
        list(Decision.not_participating.through.objects.values_list("pk", flat=True)),
        list(RejectionReason.objects.values_list("pk", "text", "active")),
        DecisionMeeting.objects.count(),
    )


def test_every_url_is_closed_to_those_without_a_role_in_the_forum(client, login, on_agenda, reason):
    meeting, item, lines = on_agenda
    objects = {"meeting": meeting, "item": item, "line": lines[0], "reason": reason}
    before = snapshot(meeting)
    data = {**exception(lines[0], outcome="rejected", motivation="x"), "new-text": "Kapad"}

    for name, (_kind, methods, _only_coordinator) in URLS.items():
        url = url_for(name, objects)
        for method in methods:
            response = getattr(client, method)(url, data)
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(reverse("login")), (name, method)

    expected = {
        "sokande@ostersund.demo": 403,  # an applicant of the county
        "beredning1@jamtland.demo": 403,  # the review group
        "forum@vastmanland.demo": 404,  # another county's forum
        "samordnare@vastmanland.demo": 404,  # another county's coordinator
    }
    for email, status in expected.items():
        visitor = login(email)
        for name, (_kind, methods, _only_coordinator) in URLS.items():
            for method in methods:
                response = getattr(visitor, method)(url_for(name, objects), data)
                assert response.status_code == status, (email, name, method)
        client.logout()

    # another county's coordinator does not reach Jämtland's objects through their county
    visitor = login("samordnare@vastmanland.demo")
    for name, (kind, methods, _only) in URLS.items():
        if kind == "county":
            continue
        for method in methods:
            response = getattr(visitor, method)(url_for(name, objects, "vastmanland"), data)
            assert response.status_code == 404, (name, method)
    assert snapshot(meeting) == before


def test_forum_members_reach_the_meetings_and_only_the_coordinator_prepares_them(
    login, on_agenda, reason
):
    meeting, item, lines = on_agenda
    objects = {"meeting": meeting, "item": item, "line": lines[0], "reason": reason}
    before = snapshot(meeting)
    member = login("forum@jamtland.demo")
    for name, (_kind, methods, only_coordinator) in URLS.items():
        for method in methods:
            if not only_coordinator:
                continue
            response = getattr(member, method)(url_for(name, objects), {})
            assert response.status_code == 403, (name, method)
    assert snapshot(meeting) == before
    for name in ("decision_meetings", "decision_meeting"):
        assert member.get(url_for(name, objects)).status_code == 200

    coordinator = login("samordnare@jamtland.demo")
    for name, (_kind, methods, _only) in URLS.items():
        if "get" in methods:
            assert coordinator.get(url_for(name, objects)).status_code == 200, name
        if "post" in methods:
            response = coordinator.post(url_for(name, objects), {})
            assert response.status_code in {302, 400}, name


def test_the_menu_and_the_forum_start_page_lead_to_the_meetings(login, seeded):
    listing = reverse("applications:decision_meetings", args=["jamtland"])
    for email in ("forum@jamtland.demo", "samordnare@jamtland.demo"):
        html = login(email).get(reverse("start")).content.decode()
        assert f'href="{listing}"' in html, email
    for email in ("beredning1@jamtland.demo", "sokande@ostersund.demo"):
        assert listing not in login(email).get(reverse("start")).content.decode(), email


# --- a closed meeting changes no more -------------------------------------------------------


def test_nothing_posted_to_a_closed_meeting_changes_it(login, on_agenda, reason, ostersund):
    meeting, item, lines = on_agenda
    coordinator_user = meeting.created_by
    item_adopt_as_whole(item=item, user=coordinator_user)
    meeting_close(meeting=meeting, user=coordinator_user)
    objects = {"meeting": meeting, "item": item, "line": lines[0], "reason": reason}
    before = snapshot(meeting)
    forum = forum_members()
    line = lines[0]
    posts = {
        "decision_meeting_edit": {"held_on": "2025-04-01", "place": "Annat", "first_paragraph": 1},
        "decision_proposals_add": {},
        "decision_item_add": {"item-heading": "Övrigt"},
        "decision_correction_add": {"correction-corrected": line.pk},
        "decision_item_adopt": exception(line, outcome="rejected", motivation="Nej"),
        "decision_line_add": {
            f"n{item.pk}-focus_area": line.focus_area_id,
            f"n{item.pk}-title": "Ny rad",
            f"n{item.pk}-amount": "1",
            f"n{item.pk}-responsible_organisation": ostersund.pk,
            f"n{item.pk}-handling_organisation": ostersund.pk,
        },
        "decision_line_decide": {f"d{line.pk}-outcome": "rejected", f"d{line.pk}-motivation": "N"},
        "decision_line_organisation": {
            f"o{line.pk}-responsible_organisation": ostersund.pk,
            f"o{line.pk}-handling_organisation": ostersund.pk,
            f"o{line.pk}-handling_note": "ändrat",
        },
        "decision_not_participating": {f"j{line.pk}-member": forum[0].pk},
        "decision_meeting_close": {},
    }
    client = login("samordnare@jamtland.demo")
    for name, data in posts.items():
        response = client.post(url_for(name, objects), data)
        assert response.status_code == 302, name
        assert response["Location"] == meeting_url(meeting), name
    assert client.get(url_for("decision_meeting_edit", objects)).status_code == 302
    member = login("forum2@jamtland.demo")
    for name in ("decision_item_adopt", "decision_line_decide", "decision_not_participating"):
        assert member.post(url_for(name, objects), posts[name]).status_code == 302
    assert snapshot(meeting) == before
    page = member.get(meeting_url(meeting)).content.decode()
    agenda_part = page.split('id="agenda-heading"')[1].split("</main>")[0]
    assert "<form" not in agenda_part  # read-only agenda


# --- query counts ---------------------------------------------------------------------------


def count_queries(client, url) -> int:
    """The queries of a view that builds the page's cached parts anew (the whole work)."""
    everything_changed()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_lines(item, coordinator, template, count: int) -> None:
    forum = forum_members()
    for n in range(count):
        line = agenda_add_line(
            item=item,
            user=coordinator,
            focus_area=template.focus_area,
            title=f"Rad {n}",
            amount=1_000 + n,
            responsible_organisation=template.responsible_organisation,
            handling_organisation=template.handling_organisation,
            handling_note="för vidare fördelning",
        )
        member_not_participating(decision=line, user=coordinator, member=forum[n % 2])
        if n % 2:
            decision_rule(
                decision=line,
                user=forum[(n + 1) % 2],
                ruling=Ruling(Outcome.REJECTED, motivation="Nej"),
            )


@pytest.mark.parametrize("email", ["samordnare@jamtland.demo", "forum@jamtland.demo"])
def test_the_meeting_page_runs_the_same_queries_for_3_and_10_lines(
    login, on_agenda, coordinator, reason, email, django_assert_num_queries
):
    meeting, item, lines = on_agenda
    client = login(email)
    url = meeting_url(meeting)
    client.get(url)  # warm the session
    with_three = count_queries(client, url)
    add_lines(item, coordinator, lines[0], 7)
    assert item.decisions.count() == 10
    everything_changed()
    with django_assert_num_queries(with_three):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="line-actions"') == 10


def test_a_closed_meeting_page_runs_the_same_queries_for_3_and_10_lines(
    login, review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded
):
    def closed_meeting(amounts, extra_lines):
        props = three_proposals(in_review, applicant, coordinator, reviewers, amounts=amounts)
        meeting, item, lines = agenda(jamtland, seeded, coordinator)
        add_lines(item, coordinator, lines[0], extra_lines)
        item_adopt_as_whole(item=item, user=coordinator)
        meeting_close(meeting=meeting, user=coordinator)
        return meeting, props

    small, _ = closed_meeting((100_000, 200_000, 300_000), 0)
    large, _ = closed_meeting((400_000, 500_000, 600_000), 7)
    assert Decision.objects.filter(item__meeting=large).count() == 10
    client = login("forum@jamtland.demo")
    client.get(meeting_url(small))
    assert count_queries(client, meeting_url(small)) == count_queries(client, meeting_url(large))


def test_the_meeting_list_runs_a_fixed_number_of_queries(
    login, on_agenda, jamtland, seeded, coordinator, django_assert_num_queries
):
    client = login("forum@jamtland.demo")
    url = reverse("applications:decision_meetings", args=[jamtland.slug])
    client.get(url)
    one = count_queries(client, url)
    for n in range(3):
        open_meeting(jamtland, seeded, coordinator, first_paragraph=20 + n)
    with django_assert_num_queries(one):
        html = client.get(url).content.decode()
    assert html.count("<tr>") == 1 + 4  # header and four meetings
