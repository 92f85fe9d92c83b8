"""A 2026 agreement made from 2025's focus areas, and a Jämtland 2025 with something of
each kind to copy (criteria, keys, a call with need areas, an invoicing deadline)."""

import datetime
from zoneinfo import ZoneInfo

from allocations.distribution.arithmetic import steps_from_json
from allocations.distribution.services import distribution_key_create
from allocations.models import Agreement, County, FocusArea, PriorityCriterion, SubArea
from applications.applying.services import call_save
from applications.models import Call
from reporting.deadlines.services import county_year_sync

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALL_2025 = "Länsgemensamma medel 2025"
NEED_AREA_4 = "Stärka stödet till anhöriga och efterlevande"
NEED_AREA_3 = "Samordnad vård vid samsjuklighet"


def agreement_next(
    previous: Agreement, *, drop_areas: tuple[int, ...] = (), renamed: dict | None = None
) -> Agreement:
    """The next agreement year with the previous one's focus areas and sub-areas, except the
    areas numbered in `drop_areas`; `renamed` gives some sub-areas a new name."""
    renamed = renamed or {}
    year = previous.year + 1
    agreement = Agreement.objects.create(
        year=year, title=previous.title.replace(str(previous.year), str(year))
    )
    for area in previous.focus_areas.prefetch_related("sub_areas"):
        if area.number in drop_areas:
            continue
        new = FocusArea.objects.create(
            agreement=agreement,
            number=area.number,
            name=area.name,
            short_name=area.short_name,
            recipients=area.recipients,
            has_county_joint_funds=area.has_county_joint_funds,
        )
        for sub in area.sub_areas.all():
            SubArea.objects.create(
                focus_area=new,
                position=sub.position,
                name=renamed.get(sub.name, sub.name),
                earmarked_amount=sub.earmarked_amount,
            )
    return agreement


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


def call_2025(county: County, agreement: Agreement, **fields) -> Call:
    areas = {a.number: a for a in agreement.focus_areas.all()}
    return call_save(
        county=county,
        agreement=agreement,
        fields={
            "title": CALL_2025,
            "opens_at": at(2025, 2, 1, 8, 0),
            "closes_at": at(2025, 3, 14, 16, 0),
            "template_text": "Beskriv insatsen och hur den sprids i länet.",
            "min_amount": 50_000,
            "max_amount": 2_000_000,
            **fields,
        },
        focus_areas=[areas[1], areas[3], areas[4]],
        sub_areas=list(areas[1].sub_areas.all()),
        need_areas=[(areas[4], NEED_AREA_4), (areas[3], NEED_AREA_3)],
    )


def jamtland_2025(agreement: Agreement, coordinator) -> County:
    """Jämtland's 2025 with a weighted criterion, two keys (area 3 and 4), a call and the
    year's deadlines (invoicing 2025-08-30)."""
    county = County.objects.get(slug="jamtland")
    PriorityCriterion.objects.filter(county=county, agreement=agreement, rank=1).update(weight=2)
    areas = {a.number: a for a in agreement.focus_areas.all()}
    distribution_key_create(
        county=county,
        focus_area=areas[4],
        name="Suicidprevention 2025: hälften var",
        description="Regionen och kommunförbundet delar lika.",
        total_amount=6_190_809,
        steps=steps_from_json([{"kind": "shares", "parts": {"Region JH": "1/2", "KFJH": "1/2"}}]),
        user=coordinator,
        save_result=True,
    )
    distribution_key_create(
        county=county,
        focus_area=areas[3],
        name="Komplexa behov 2025",
        total_amount=2_506_966,
        steps=steps_from_json([{"kind": "fixed", "parts": {"Region JH": 2_506_966}}]),
        user=coordinator,
    )
    call_2025(county, agreement)
    county_year_sync(county=county, agreement=agreement)
    return county
