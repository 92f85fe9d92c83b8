"""Load a county's decided interventions with their follow-up from seed data (see
allocations/seeds/followup_*.toml): as applications/decisions/services/seed.py does for a
decision, a meeting whose minutes are approved with one paragraph of every line (checked
against the allocations and turned into grants by the decision services), then each grant's
follow-up (type, description, status, comment, project code).

Idempotent: a loaded meeting is found again by county, year, date and place, and then
nothing is done.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from allocations.followup.services import grant_followup_update, grant_status_defaults_ensure
from allocations.models import Agreement, County, Organisation
from applications.decisions.services.closing import grants_create
from applications.decisions.services.rulings import _guard
from applications.models import AgendaItem, Decision, DecisionMeeting, MeetingState, Outcome

FOLLOWUP_SEEDS = ["followup_dalarna_2025.toml"]


@dataclass(frozen=True)
class SeedResult:
    meeting: DecisionMeeting
    created: bool
    grants: int


def _organisations(county: County, data: dict) -> dict[str, Organisation]:
    """The seed's organisations by key, created in the county when missing."""
    found: dict[str, Organisation] = {}
    by_name = {o.name: o for o in Organisation.objects.filter(county=county)}
    for key, row in data.items():
        organisation = by_name.get(row["name"])
        if organisation is None:
            parent = by_name.get(row.get("parent", ""))
            organisation = Organisation.objects.create(
                county=county, name=row["name"], kind=row["kind"], parent=parent
            )
            by_name[organisation.name] = organisation
        found[key] = organisation
    return found


@transaction.atomic
def followup_seed_load(*, data: dict) -> SeedResult:
    county = County.objects.get(slug=data["county"])
    agreement = Agreement.objects.get(year=data["year"])
    existing = DecisionMeeting.objects.filter(
        county=county, agreement=agreement, held_on=data["held_on"], place=data["place"]
    ).first()
    if existing is not None:
        return SeedResult(existing, False, 0)
    grant_status_defaults_ensure(county=county)
    statuses = {s.name: s for s in county.grant_status_options.all()}
    organisations = _organisations(county, data["organisations"])
    areas = {a.number: a for a in agreement.focus_areas.prefetch_related("sub_areas")}
    now = timezone.now()
    meeting = DecisionMeeting.objects.create(
        county=county,
        agreement=agreement,
        held_on=data["held_on"],
        place=data["place"],
        first_paragraph=data["first_paragraph"],
    )
    item = AgendaItem.objects.create(
        meeting=meeting, number=data["first_paragraph"], heading=data["heading"]
    )
    lines = []
    for position, row in enumerate(data["lines"]):
        area = areas[row["area"]]
        sub_area = None
        if row.get("sub"):
            sub_area = sorted(area.sub_areas.all(), key=lambda s: s.position)[row["sub"] - 1]
        organisation = organisations[row["responsible"]]
        lines.append(
            Decision.objects.create(
                item=item,
                position=position,
                focus_area=area,
                sub_area=sub_area,
                title=row["title"],
                proposed_amount=row["amount"],
                outcome=Outcome.APPROVED,
                amount=row["amount"],
                responsible_organisation=organisation,
                handling_organisation=organisation,
                handling_note=row.get("handling_note", ""),
                decided_at=now,
            )
        )
    _guard(meeting, {line.focus_area_id for line in lines})
    meeting.state = MeetingState.MINUTES_APPROVED
    meeting.closed_at = meeting.chair_approved_at = meeting.approver_approved_at = now
    meeting.save()
    grants = grants_create(meeting=meeting, lines=lines)
    for grant, row in zip(grants, data["lines"], strict=True):
        grant_followup_update(
            grant=grant,
            by=None,
            kind=row["kind"],
            description=row.get("description", ""),
            followup_status=statuses[row["status"]],
            followup_comment=row.get("comment", ""),
            project_code=row.get("project_code", ""),
        )
    return SeedResult(meeting, True, len(grants))
