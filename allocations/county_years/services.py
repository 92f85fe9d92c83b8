"""Opening a county's agreement year, and the coordinator's confirmations on its checklist.

`county_year_open` carries out the copy plan of `selectors.copy_plan` (the one the opening
page shows) in one transaction: criteria, distribution keys, calls as drafts, the year's
deadlines. Nothing is copied over what the new year already has of its own criteria.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from allocations.county_years.selectors import CHECKLIST_CONFIRMABLE, copy_plan, default_copy_source
from allocations.models import (
    Agreement,
    County,
    CountyYear,
    DistributionKey,
    Organisation,
    PriorityCriterion,
)
from applications.applying.services import call_save
from reporting.deadlines.services import county_year_sync


class CountyYearError(Exception):
    """A refused opening or confirmation; the message is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _already_opened(county: County, agreement: Agreement) -> CountyYearError:
    return CountyYearError(
        _("%(year)s is already opened for %(county)s.")
        % {"year": agreement.year, "county": county.name}
    )


@transaction.atomic
def county_year_open(
    *,
    county: County,
    agreement: Agreement,
    by: AbstractBaseUser | None,
    copy_from: Agreement | None = None,
    copy: bool = True,
) -> CountyYear:
    """Open `agreement` for `county`: copy from `copy_from` (None: the county's latest
    earlier year it opened or used; nothing with `copy=False`), record what was copied and
    what could not be mapped, and create the year's deadlines (requisition, report back,
    repayment, invoicing when the earlier year had one, each copied call's closing).

    Refused (`CountyYearError`) when the year is already opened, or `copy_from` is not an
    earlier year."""
    if CountyYear.objects.filter(county=county, agreement=agreement).exists():
        raise _already_opened(county, agreement)
    if not copy:
        copy_from = None
    elif copy_from is None:
        copy_from = default_copy_source(county=county, agreement=agreement)
    elif copy_from.year >= agreement.year:
        raise CountyYearError(_("Copy from an earlier year than the one you open."))
    try:
        with transaction.atomic():
            county_year = CountyYear.objects.create(
                county=county, agreement=agreement, copied_from=copy_from, opened_by=by
            )
    except IntegrityError as exc:  # opened at the same moment by someone else
        raise _already_opened(county, agreement) from exc

    plan = copy_plan(county=county, agreement=agreement, copy_from=copy_from)
    bulk_create_with_history(
        [
            PriorityCriterion(
                county=county,
                agreement=agreement,
                rank=c.rank,
                title=c.title,
                description=c.description,
                weight=c.weight,
            )
            for c in plan.criteria
        ],
        PriorityCriterion,
    )
    for key in plan.keys:
        DistributionKey.objects.create(
            county=county,
            agreement=agreement,
            focus_area=key.focus_area,
            name=key.source.name,
            description=key.source.description,
            total_amount=key.total_amount,
            steps=key.source.steps,
            created_by=by,
        )
    for call in plan.calls:
        call_save(
            county=county,
            agreement=agreement,
            fields={
                "title": call.title,
                "opens_at": call.opens_at,
                "closes_at": call.closes_at,
                "template_text": call.source.template_text,
                "min_amount": call.source.min_amount,
                "max_amount": call.source.max_amount,
                "is_draft": True,
                "copied_from": call.source,
            },
            focus_areas=call.focus_areas,
            sub_areas=call.sub_areas,
            need_areas=call.need_areas,
        )
    county_year.copy_summary = plan.summary()
    county_year.save(update_fields=["copy_summary"])
    county_year_sync(
        county=county, agreement=agreement, invoicing_on=plan.invoicing_on, report_back=True
    )
    return county_year


def county_year_confirm(*, county_year: CountyYear, item: str, confirmed: bool) -> CountyYear:
    """Mark a checklist item the data cannot tell about as seen to (or not any more)."""
    if item not in CHECKLIST_CONFIRMABLE:
        raise CountyYearError(_("This item is checked from the data and cannot be confirmed."))
    with transaction.atomic():
        county_year = CountyYear.objects.select_for_update().get(pk=county_year.pk)
        items = [i for i in county_year.confirmed_items if i != item]
        if confirmed:
            items.append(item)
        county_year.confirmed_items = sorted(items)
        county_year.save(update_fields=["confirmed_items"])
    return county_year


@transaction.atomic
def county_bodies_save(
    *,
    county: County,
    review_body_name: str,
    decision_body_name: str,
    case_number_format: str,
    decision_mode: str | None = None,
    adoption_period_days: int | None = None,
    appeal_instructions: str | None = None,
    members: Iterable[Organisation] | None = None,
    county_year: CountyYear | None = None,
) -> County:
    """The names of the county's review and decision steps, its case number format, whether
    its decision body decides or recommends to its members (and which they are), and how
    its decisions are appealed; saving them for an opened year confirms that item of its
    checklist."""
    county.review_body_name = review_body_name
    county.decision_body_name = decision_body_name
    county.case_number_format = case_number_format
    fields = ["review_body_name", "decision_body_name", "case_number_format"]
    for name, value in (
        ("decision_mode", decision_mode),
        ("adoption_period_days", adoption_period_days),
        ("appeal_instructions", appeal_instructions),
    ):
        if value is not None:
            setattr(county, name, value)
            fields.append(name)
    county.full_clean()
    with transaction.atomic():
        county.save(update_fields=fields)
        if members is not None:
            chosen = {o.pk for o in members}
            for organisation in Organisation.objects.filter(county=county):
                if organisation.is_member != (organisation.pk in chosen):
                    organisation.is_member = organisation.pk in chosen
                    organisation.save(update_fields=["is_member"])
    if county_year is not None:
        county_year_confirm(county_year=county_year, item="bodies", confirmed=True)
    return county
