"""The corrections of a county's decisions as chains: a decision, then each decision that
corrected it, for the budget view's "reallocations and corrections"."""

from collections import defaultdict
from dataclasses import dataclass

from allocations.models import Agreement, County
from applications.models import GRANTING, Decision, Outcome


@dataclass(frozen=True)
class CorrectionStep:
    paragraph: str  # `§3 2025-09-01`
    outcome: str
    amount: int | None  # what it grants; None while the line is not decided
    is_final: bool


@dataclass(frozen=True)
class CorrectionChain:
    """A decision and the corrections that followed it, in order."""

    title: str
    first: CorrectionStep
    steps: list[CorrectionStep]

    @property
    def freed(self) -> int:
        """What the decided corrections took off the first decision (0 while none is
        decided: a pending correction changes nothing yet)."""
        decided = [step for step in self.steps if step.amount is not None]
        return self.first.amount - decided[-1].amount if decided else 0


def _paragraph(decision: Decision) -> str:
    return f"§{decision.item.number} {decision.item.meeting.held_on.isoformat()}"


def correction_chains(*, county: County, agreement: Agreement) -> dict[int, list]:
    """Per focus area id, each corrected decision followed by its corrections."""
    corrections = list(
        Decision.objects.filter(
            item__meeting__county=county, focus_area__agreement=agreement, corrects__isnull=False
        )
        .select_related("item__meeting", "corrects__item__meeting")
        .order_by("item__meeting__held_on", "item__number", "pk")
    )
    by_corrected = {d.corrects_id: d for d in corrections}
    correcting_ids = {d.pk for d in corrections}
    chains: dict[int, list] = defaultdict(list)
    for correction in corrections:
        root = correction.corrects
        if root.pk in correcting_ids:
            continue  # part of a longer chain, started from its root
        steps, link = [], by_corrected.get(root.pk)
        while link is not None:
            steps.append(_step(link))
            link = by_corrected.get(link.pk)
        chains[root.focus_area_id].append(CorrectionChain(root.title, _step(root), steps))
    return chains


def _step(decision: Decision) -> CorrectionStep:
    if decision.outcome == Outcome.PENDING:
        amount = None
    else:
        amount = decision.amount if decision.outcome in GRANTING else 0
    return CorrectionStep(
        paragraph=_paragraph(decision),
        outcome=Outcome(decision.outcome).label,
        amount=amount,
        is_final=not decision.item.meeting.is_open,
    )
