"""The agreement's dates change (a national administrator edits them): the deadlines of the
counties that opened the year follow, except one the coordinator moved by hand."""

import datetime

from allocations.county_years.services import county_year_open
from allocations.models import County
from reporting.deadlines.services import deadline_mark_done, deadline_update
from reporting.models import Deadline, DeadlineKind
from tests.allocations.county_years.years import agreement_next


def dates(county, agreement) -> dict:
    return dict(
        Deadline.objects.filter(county=county, agreement=agreement, grant=None).values_list(
            "kind", "due_on"
        )
    )


def test_the_deadlines_follow_the_agreements_dates_but_not_a_date_moved_by_hand(
    seeded, coordinator
):
    agreement = agreement_next(seeded)
    jamtland = County.objects.get(slug="jamtland")
    vastmanland = County.objects.get(slug="vastmanland")
    for county in (jamtland, vastmanland):
        county_year_open(county=county, agreement=agreement, by=coordinator, copy_from=None)
    moved = Deadline.objects.get(county=jamtland, agreement=agreement, kind=DeadlineKind.REPAYMENT)
    deadline_update(deadline=moved, due_on=datetime.date(2027, 4, 15))
    done = Deadline.objects.get(
        county=vastmanland, agreement=agreement, kind=DeadlineKind.REPORT_BACK
    )
    deadline_mark_done(deadline=done, by=coordinator)

    agreement.requisition_deadline = datetime.date(2026, 11, 16)
    agreement.repayment_deadline = datetime.date(2027, 3, 15)
    agreement.report_back_deadline = datetime.date(2027, 1, 31)
    agreement.save()

    assert dates(jamtland, agreement) == {
        DeadlineKind.REQUISITION: datetime.date(2026, 11, 16),
        DeadlineKind.REPORT_BACK: datetime.date(2027, 1, 31),
        DeadlineKind.REPAYMENT: datetime.date(2027, 4, 15),  # the coordinator's date
    }
    assert dates(vastmanland, agreement) == {
        DeadlineKind.REQUISITION: datetime.date(2026, 11, 16),
        DeadlineKind.REPORT_BACK: datetime.date(2026, 12, 31),  # done: left as it was
        DeadlineKind.REPAYMENT: datetime.date(2027, 3, 15),
    }
    assert dates(jamtland, seeded) == {}  # another year is not touched


def test_saving_the_agreement_without_new_dates_moves_nothing(seeded, coordinator):
    agreement = agreement_next(seeded)
    jamtland = County.objects.get(slug="jamtland")
    county_year_open(county=jamtland, agreement=agreement, by=coordinator, copy_from=None)
    before = dates(jamtland, agreement)
    agreement.title = "Ny titel"
    agreement.save()
    assert dates(jamtland, agreement) == before
