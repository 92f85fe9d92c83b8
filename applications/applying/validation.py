"""What a complete application must contain before it can be submitted."""

from django.utils.translation import gettext as _

from allocations.money import format_kronor
from applications.grants.forms import continued_grant_problem
from applications.models import Application

REQUIRED = [
    "contact_name",
    "contact_email",
    "focus_area",
    "title",
    "description",
    "purpose",
    "target_group",
    "kind",
    "period_start",
    "period_end",
    "amount_requested",
]


def _call_areas(application: Application) -> tuple[set[int], set[tuple[int, int]]]:
    """The call's focus areas and its sub-areas (with their focus area): from the
    application's row when it was read for a write (`application_locked_for_user`)."""
    area_ids = getattr(application, "call_focus_area_ids", None)
    subs = getattr(application, "call_sub_areas_json", None)
    if area_ids is not None and subs is not None:
        return set(area_ids), {(row["id"], row["focus_area_id"]) for row in subs}
    call = application.call
    return (
        set(call.focus_areas.values_list("pk", flat=True)),
        set(call.sub_areas.values_list("pk", "focus_area_id")),
    )


def submission_problems(application: Application) -> dict[str, list[str]]:
    """Every reason the application cannot be submitted, by field ('' = the whole form)."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    for field in REQUIRED:
        if getattr(application, field) in (None, ""):
            add(field, _("This field is required to submit."))

    call = application.call
    open_areas, call_subs = _call_areas(application)
    if application.focus_area_id and application.focus_area_id not in open_areas:
        add("focus_area", _("The call is not open for this focus area."))
    open_subs = {sub for sub, area in call_subs if area == application.focus_area_id}
    if open_subs and application.sub_area_id not in open_subs:
        add("sub_area", _("Choose one of the call's sub-areas for this focus area."))
    if application.sub_area_id and not open_subs:
        add("sub_area", _("The focus area has no sub-areas in this call."))

    if (
        application.period_start
        and application.period_end
        and application.period_end < application.period_start
    ):
        add("period_end", _("The period must end after it starts."))
    if application.finances_posts and not application.post_share_percent:
        add("post_share_percent", _("State the share of a post the grant finances."))
    continued_problem = continued_grant_problem(
        kind=application.kind,
        organisation_id=application.organisation_id,
        year=call.agreement.year,
        grant=application.continues if application.continues_id else None,
    )
    if continued_problem:
        add("continues", continued_problem)

    lines = list(application.budget_lines.all())
    amount = application.amount_requested
    if not lines:
        add("", _("Add at least one budget line."))
    elif amount is not None and sum(line.amount for line in lines) != amount:
        add(
            "amount_requested",
            _("The budget lines add up to %(total)s, not %(amount)s.")
            % {
                "total": format_kronor(sum(line.amount for line in lines)),
                "amount": format_kronor(amount),
            },
        )
    if amount is not None:
        if call.min_amount is not None and amount < call.min_amount:
            add(
                "amount_requested",
                _("The call's smallest amount is %s.") % format_kronor(call.min_amount),
            )
        if call.max_amount is not None and amount > call.max_amount:
            add(
                "amount_requested",
                _("The call's largest amount is %s.") % format_kronor(call.max_amount),
            )
    return problems
