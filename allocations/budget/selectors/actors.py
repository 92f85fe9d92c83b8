"""Who handles the money and who is responsible for it: the decision document's summary
"per ansvarig aktör som hanterar medlen" (001_*), and the same per responsible organisation.

Read from the decided lines that stand (`budget.selectors.overview.decided_lines`), so the total is
the budget's decided total: the current grants, and before a meeting closes the granting
lines it has decided so far (marked as not final, since an open meeting may still change
them). Where a line has become a grant, the grant's organisation and note are used (the
follow-up may change who handles a grant's money; the decision stays as it was).
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, When

from allocations.budget.selectors.overview import decided_lines
from allocations.models import Agreement, County, Organisation
from applications.models import MeetingState


@dataclass(frozen=True)
class ActorSum:
    organisation: Organisation
    note: str  # how the money is handled ("för vidare fördelning …"); '' per responsible
    amount: int
    lines: int
    not_final: int  # of `amount`, decided in meetings still open

    @property
    def label(self) -> str:
        return f"{self.organisation.name} {self.note}".strip()


@dataclass(frozen=True)
class ActorSummary:
    rows: list[ActorSum]

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def not_final(self) -> int:
        return sum(row.not_final for row in self.rows)


def _summary(county: County, agreement: Agreement, organisation: str, note: str | None):
    with_grant = Q(grant__isnull=False)
    keys = {
        "organisation_id": Case(
            When(with_grant, then=F(f"grant__{organisation}_id")),
            default=F(f"{organisation}_id"),
            output_field=IntegerField(),
        )
    }
    if note:
        keys["note"] = Case(
            When(with_grant, then=F(f"grant__{note}")), default=F(note), output_field=CharField()
        )
    rows = list(
        decided_lines(county=county, agreement=agreement)
        .order_by()
        .annotate(**keys)
        .values(*keys)
        .annotate(
            total=Sum("amount"),
            line_count=Count("pk"),
            open_total=Sum("amount", filter=Q(item__meeting__state=MeetingState.OPEN), default=0),
        )
    )
    names = Organisation.objects.in_bulk({row["organisation_id"] for row in rows})
    result = [
        ActorSum(
            names[row["organisation_id"]],
            (row.get("note") or "").strip(),
            row["total"],
            row["line_count"],
            row["open_total"],
        )
        for row in rows
    ]
    return ActorSummary(sorted(result, key=lambda r: (r.organisation.name, r.note)))


def handling_summary(*, county: County, agreement: Agreement) -> ActorSummary:
    """Per organisation that handles the money and how it handles it, with the total."""
    return _summary(county, agreement, "handling_organisation", "handling_note")


def responsible_summary(*, county: County, agreement: Agreement) -> ActorSummary:
    """Per organisation responsible for the interventions, with the total."""
    return _summary(county, agreement, "responsible_organisation", None)
