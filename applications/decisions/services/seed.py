"""Load a county's real, already taken decision from seed data (see
allocations/seeds/decision_*.toml): a meeting whose minutes are approved, one paragraph with
every decided line, and the grants. Idempotent: a loaded meeting is found again by county,
year, date and place."""

from django.db import transaction
from django.utils import timezone

from allocations.models import Agreement, County, Organisation
from applications.decisions.services.closing import grants_create
from applications.decisions.services.rulings import _guard
from applications.models import AgendaItem, Decision, DecisionMeeting, MeetingState, Outcome

DECISION_SEEDS = ["decision_jamtland_2025.toml"]


@transaction.atomic
def decision_seed_load(*, data: dict) -> DecisionMeeting:
    county = County.objects.get(slug=data["county"])
    agreement = Agreement.objects.get(year=data["year"])
    existing = DecisionMeeting.objects.filter(
        county=county, agreement=agreement, held_on=data["held_on"], place=data["place"]
    ).first()
    if existing is not None:
        return existing
    organisations = {o.name: o for o in Organisation.objects.filter(county=county)}
    areas = {a.number: a for a in agreement.focus_areas.all()}
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
        handling = data["handling"][row["handling"]]
        lines.append(
            Decision.objects.create(
                item=item,
                position=position,
                focus_area=areas[row["area"]],
                title=row["title"],
                proposed_amount=row["amount"],
                outcome=Outcome.APPROVED,
                amount=row["amount"],
                conditions=row.get("conditions", ""),
                responsible_organisation=organisations[row["responsible"]],
                handling_organisation=organisations[handling["organisation"]],
                handling_note=handling.get("note", ""),
                decided_at=now,
            )
        )
    _guard(meeting, {line.focus_area_id for line in lines})
    meeting.state = MeetingState.MINUTES_APPROVED
    meeting.closed_at = meeting.chair_approved_at = meeting.approver_approved_at = now
    meeting.save()
    grants_create(meeting=meeting, lines=lines)
    return meeting
