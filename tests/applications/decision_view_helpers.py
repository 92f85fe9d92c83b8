"""Shortcuts for the decision meeting view tests: three proposals in focus area 4 on the
agenda of an open meeting of SVOM (Jämtland Härjedalen), and the meeting's URLs."""

from django.urls import reverse

from applications.models import AgendaItem, Decision, DecisionMeeting
from tests.applications.decision_helpers import meeting_with_proposals, proposed, user

AMOUNTS = (1_000_000, 2_000_000, 3_000_000)


def forum_members():
    return user("forum@jamtland.demo"), user("forum2@jamtland.demo")


def three_proposals(in_review, applicant, coordinator, reviewers, amounts=AMOUNTS):
    area4 = in_review.call.focus_areas.get(number=4)
    return [
        proposed(
            in_review,
            applicant,
            coordinator,
            reviewers,
            amount=amount,
            focus_area=area4,
            title=f"Insats {amount}",
        )
        for amount in amounts
    ]


def agenda(jamtland, seeded, coordinator) -> tuple[DecisionMeeting, AgendaItem, list[Decision]]:
    """An open meeting, §9 holding the proposals; forum@ chairs, forum2@ approves."""
    forum = forum_members()
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    return meeting, item, list(item.decisions.order_by("proposed_amount"))


def meeting_url(meeting, name="decision_meeting") -> str:
    return reverse(f"applications:{name}", args=[meeting.county.slug, meeting.pk])


def item_url(item, name="decision_item_adopt") -> str:
    return reverse(f"applications:{name}", args=[item.meeting.county.slug, item.pk])


def line_url(line, name="decision_line_decide") -> str:
    return reverse(f"applications:{name}", args=[line.item.meeting.county.slug, line.pk])


def exception(line, **values) -> dict:
    """The adoption form's fields of one line: line-<id>-<field>."""
    return {f"line-{line.pk}-{name}": value for name, value in values.items()}


def ruling(line, **values) -> dict:
    """The per-line decision form's fields: d<id>-<field>."""
    return {f"d{line.pk}-{name}": value for name, value in values.items()}
