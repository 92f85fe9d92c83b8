"""Opening a county's year: each kind copied with its mapping and dates, what could not be
mapped reported, the year's deadlines, and opening twice refused."""

import datetime

import pytest
from django.utils import timezone

from allocations.county_years.selectors import copy_plan
from allocations.county_years.services import CountyYearError, county_year_open
from allocations.models import (
    County,
    CountyAllocation,
    CountyYear,
    DistributionKey,
    DistributionResultLine,
    PriorityCriterion,
)
from applications.models import Call
from reporting.models import Deadline, DeadlineKind
from tests.allocations.county_years.years import (
    CALL_2025,
    NEED_AREA_3,
    NEED_AREA_4,
    agreement_next,
    jamtland_2025,
)

RENAMED = "Gemensamma handlingsplaner"


@pytest.fixture
def opened(seeded, coordinator):
    county = jamtland_2025(seeded, coordinator)
    first_sub = seeded.focus_areas.get(number=1).sub_areas.order_by("position").first()
    agreement = agreement_next(seeded, drop_areas=(3,), renamed={first_sub.name: RENAMED})
    CountyAllocation.objects.create(
        county=county, focus_area=agreement.focus_areas.get(number=4), amount=6_500_000
    )
    year = county_year_open(county=county, agreement=agreement, by=coordinator, copy_from=None)
    return year, first_sub.name


def test_criteria_are_copied_with_rank_title_description_and_weight(opened, seeded):
    year, _sub = opened
    old = list(
        PriorityCriterion.objects.filter(county=year.county, agreement=seeded).values_list(
            "rank", "title", "description", "weight"
        )
    )
    new = list(
        PriorityCriterion.objects.filter(county=year.county, agreement=year.agreement).values_list(
            "rank", "title", "description", "weight"
        )
    )
    assert new == old and len(new) == 4 and new[0][3] == 2
    assert year.copied_from == seeded and year.opened_by.email == "samordnare@jamtland.demo"


def test_a_key_follows_its_area_with_the_new_allocation_and_without_result(opened):
    year, _sub = opened
    key = DistributionKey.objects.get(county=year.county, agreement=year.agreement)
    assert key.focus_area == year.agreement.focus_areas.get(number=4)
    assert key.total_amount == 6_500_000  # the county's 2026 allocation in area 4
    assert key.steps[0]["parts"] == {"Region JH": "1/2", "KFJH": "1/2"}
    assert key.result_saved_at is None
    assert not DistributionResultLine.objects.filter(key=key).exists()


def test_the_call_is_a_draft_a_year_later_with_its_areas_mapped(opened, seeded):
    year, old_sub = opened
    call = Call.objects.get(county=year.county, agreement=year.agreement)
    assert call.is_draft
    assert call.copied_from == Call.objects.get(title=CALL_2025)
    assert call.title == "Länsgemensamma medel 2026"
    local = timezone.localtime
    assert local(call.opens_at).strftime("%Y-%m-%d %H:%M") == "2026-02-01 08:00"
    assert local(call.closes_at).strftime("%Y-%m-%d %H:%M") == "2026-03-14 16:00"
    assert sorted(a.number for a in call.focus_areas.all()) == [1, 4]
    assert {a.agreement_id for a in call.focus_areas.all()} == {year.agreement.pk}
    old_names = set(seeded.focus_areas.get(number=1).sub_areas.values_list("name", flat=True))
    assert set(call.sub_areas.values_list("name", flat=True)) == old_names - {old_sub}
    assert [(n.focus_area.number, n.text) for n in call.need_areas.all()] == [(4, NEED_AREA_4)]
    assert (call.min_amount, call.max_amount) == (50_000, 2_000_000)
    assert call.template_text.startswith("Beskriv insatsen")


def test_what_has_no_place_in_the_new_year_is_reported(opened):
    year, old_sub = opened
    summary = year.copy_summary
    assert summary["criteria"] == 4
    assert summary["distribution_keys"] == 1
    assert summary["calls"] == 1
    assert summary["need_areas"] == 1
    kinds = {(n["kind"], n["name"]) for n in summary["not_mapped"]}
    area_3 = "3. Utvecklade insatser för personer med komplexa behov"
    assert ("sub_area", old_sub) in kinds
    assert ("need_area", NEED_AREA_3) in kinds
    assert any(k == "focus_area" and n.startswith("3.") for k, n in kinds)
    assert any(k == "distribution_key" and n.startswith("3.") for k, n in kinds), area_3


def test_the_years_deadlines_are_created_with_the_agreements_dates(opened):
    year, _sub = opened
    found = {
        d.kind: d.due_on
        for d in Deadline.objects.filter(county=year.county, agreement=year.agreement)
    }
    assert found == {
        DeadlineKind.REQUISITION: datetime.date(2026, 12, 1),
        DeadlineKind.REPORT_BACK: datetime.date(2026, 12, 31),
        DeadlineKind.REPAYMENT: datetime.date(2027, 3, 31),
        DeadlineKind.INVOICING: datetime.date(2026, 8, 30),  # 2025's date, a year later
        DeadlineKind.CALL_CLOSING: datetime.date(2026, 3, 14),
    }


def test_opening_a_year_twice_is_refused_with_a_message(opened, coordinator):
    year, _sub = opened
    with pytest.raises(CountyYearError) as refused:
        county_year_open(
            county=year.county, agreement=year.agreement, by=coordinator, copy_from=None
        )
    assert refused.value.message == "2026 är redan öppnat för Jämtland Härjedalen."
    assert CountyYear.objects.filter(county=year.county).count() == 1
    assert Call.objects.filter(agreement=year.agreement).count() == 1


def test_criteria_of_the_new_year_are_kept(seeded, coordinator):
    county = County.objects.get(slug="jamtland")
    agreement = agreement_next(seeded)
    PriorityCriterion.objects.create(
        county=county, agreement=agreement, rank=1, title="Egen", description="Årets egna."
    )
    year = county_year_open(county=county, agreement=agreement, by=coordinator, copy_from=seeded)
    assert list(
        PriorityCriterion.objects.filter(county=county, agreement=agreement).values_list(
            "title", flat=True
        )
    ) == ["Egen"]
    assert year.copy_summary["criteria"] == 0 and year.copy_summary["criteria_kept"] == 1


def test_a_year_without_anything_earlier_opens_empty(seeded, coordinator):
    county = County.objects.create(name="Gotland", code="09", slug="gotland")
    year = county_year_open(county=county, agreement=seeded, by=coordinator, copy_from=None)
    assert year.copied_from is None
    assert copy_plan(county=county, agreement=seeded, copy_from=None).is_empty
    assert year.copy_summary["calls"] == 0 and year.copy_summary["not_mapped"] == []
    kinds = set(Deadline.objects.filter(county=county).values_list("kind", flat=True))
    assert kinds == {DeadlineKind.REQUISITION, DeadlineKind.REPORT_BACK, DeadlineKind.REPAYMENT}


def test_copying_from_a_later_year_is_refused(seeded, coordinator):
    county = County.objects.get(slug="jamtland")
    agreement = agreement_next(seeded)
    with pytest.raises(CountyYearError):
        county_year_open(county=county, agreement=seeded, by=coordinator, copy_from=agreement)
