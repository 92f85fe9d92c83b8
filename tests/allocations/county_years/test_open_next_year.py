"""`open_next_year` opens 2026 for the demo through the same services as the pages: the
agreement copied, SKR's table imported (2025's amounts), each county's year opened with
its deadlines; run again, it changes nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Sum

from allocations.models import Agreement, CountyAllocation, CountyYear
from reporting.models import Deadline

pytestmark = pytest.mark.django_db


def _run(**options) -> str:
    from io import StringIO

    out = StringIO()
    call_command("open_next_year", stdout=out, **options)
    return out.getvalue()


def test_2026_is_opened_for_every_county_with_2025s_allocations(seeded):
    output = _run(year=2026)

    agreement = Agreement.objects.get(year=2026)
    assert agreement.requisition_deadline == datetime.date(2026, 12, 1)
    assert agreement.repayment_deadline == datetime.date(2027, 3, 31)
    assert list(agreement.focus_areas.values_list("number", flat=True)) == list(
        seeded.focus_areas.values_list("number", flat=True)
    )

    def totals(year: int) -> dict:
        rows = CountyAllocation.objects.filter(focus_area__agreement__year=year)
        return dict(rows.values_list("county__slug").annotate(Sum("amount")).order_by())

    assert totals(2026) == totals(2025)
    assert totals(2026)["jamtland"] == 12_697_775

    opened = CountyYear.objects.filter(agreement=agreement)
    assert sorted(opened.values_list("county__slug", flat=True)) == sorted(totals(2025))
    jamtland = opened.get(county__slug="jamtland")
    assert jamtland.copied_from == seeded
    assert jamtland.opened_by.email == "samordnare@jamtland.demo"
    requisition = Deadline.objects.filter(
        county__slug="jamtland", agreement=agreement, due_on=datetime.date(2026, 12, 1)
    )
    assert requisition.exists()
    assert "2026 is open." in output

    again = _run(year=2026)
    assert Agreement.objects.filter(year=2026).count() == 1
    assert totals(2026) == totals(2025)
    assert CountyYear.objects.filter(agreement=agreement).count() == opened.count()
    assert "Opened" not in again and "Copied" not in again
