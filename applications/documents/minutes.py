"""The full minutes (protokoll) of a decision meeting: who was there, every paragraph in
agenda order with its decided lines and who took no part in which line (jäv), the
adjusting signatures (justering) and how to appeal. Read in a fixed number of queries,
whatever the number of paragraphs and lines."""

from dataclasses import dataclass

from django.db.models import Prefetch

from applications.models import GRANTING, AgendaItem, Decision, DecisionMeeting
from applications.review.selectors.overview import member_name


@dataclass(frozen=True)
class MinutesParagraph:
    item: AgendaItem
    lines: list[Decision]
    # (member's name, the line they took no part in), in line order.
    conflicts: list[tuple[str, Decision]]

    @property
    def granted(self) -> int:
        return sum(line.amount for line in self.lines if line.outcome in GRANTING)


def minutes_paragraphs(meeting: DecisionMeeting) -> list[MinutesParagraph]:
    """Every paragraph of the meeting by its number (the agenda's order), with its lines."""
    items = AgendaItem.objects.filter(meeting=meeting).prefetch_related(
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related(
                "application__organisation",
                "responsible_organisation",
                "rejection_reason",
                "corrects__item__meeting",
            )
            .prefetch_related("not_participating")
            .order_by("focus_area__number", "position", "pk"),
        )
    )
    paragraphs = []
    for item in items.order_by("number"):
        lines = list(item.decisions.all())
        conflicts = [
            (member_name(member), line)
            for line in lines
            for member in sorted(
                line.not_participating.all(), key=lambda m: (m.last_name, m.first_name, m.pk)
            )
        ]
        paragraphs.append(MinutesParagraph(item=item, lines=lines, conflicts=conflicts))
    return paragraphs


def _range(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"§{numbers[0]}"
    return f"§{numbers[0]}–§{numbers[-1]}"


def minutes_context(*, meeting: DecisionMeeting) -> dict:
    """What the minutes show beyond the meeting's common facts (see `pdf._common`)."""
    paragraphs = minutes_paragraphs(meeting)
    return {
        "paragraphs": paragraphs,
        "granted": sum(p.granted for p in paragraphs),
        "paragraph_range": _range([p.item.number for p in paragraphs]),
        "members": [
            member_name(m)
            for m in meeting.members_present.order_by("last_name", "first_name", "username")
        ],
        "chair": member_name(meeting.chair) if meeting.chair else "",
        "approver": member_name(meeting.minutes_approver) if meeting.minutes_approver else "",
        "appeal_instructions": meeting.county.appeal_instructions.strip(),
    }
