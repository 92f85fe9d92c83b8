"""Earlier agreement years as history: a county's allocations per focus area and the totals
the sources state (also where only the total is known). Idempotent like every loader:
records are matched by their natural keys."""

from django.db import transaction

from allocations.models import Agreement, County, CountyAllocation, CountyYearTotal, FocusArea

# Loaded in this order: the Västra Götaland file creates the 2023 and 2024 agreements.
HISTORY_SEEDS = ["history_vastragotaland.toml", "history_jamtland.toml"]


class HistoryLoadError(Exception):
    pass


@transaction.atomic
def history_load(*, data: dict) -> list[Agreement]:
    """Create or update the agreements and focus areas of a history file and the county's
    allocations and stated totals in them. The county must exist (load the current year first)."""
    county = County.objects.filter(slug=data["county"]).first()
    if county is None:
        raise HistoryLoadError(
            f"County {data['county']!r} does not exist; load the current agreement year first."
        )
    agreements = []
    for row in data.get("agreements", []):
        agreement, _ = Agreement.objects.update_or_create(
            year=row["year"],
            defaults={
                "title": row["title"],
                "description": row.get("description", ""),
                "national_total": row.get("national_total"),
            },
        )
        for area_row in row.get("focus_areas", []):
            area, _ = FocusArea.objects.update_or_create(
                agreement=agreement,
                number=area_row["number"],
                defaults={
                    "name": area_row["name"],
                    "short_name": area_row.get("short_name", ""),
                    "has_county_joint_funds": True,
                },
            )
            if "amount" in area_row:
                CountyAllocation.objects.update_or_create(
                    county=county,
                    focus_area=area,
                    defaults={"amount": area_row["amount"], "basis": area_row.get("basis", "")},
                )
        if "stated_total" in row:
            CountyYearTotal.objects.update_or_create(
                county=county,
                agreement=agreement,
                defaults={"amount": row["stated_total"], "source_note": row["stated_total_note"]},
            )
        agreements.append(agreement)
    for row in data.get("year_totals", []):
        agreement = Agreement.objects.filter(year=row["year"]).first()
        if agreement is None:
            raise HistoryLoadError(f"No agreement {row['year']} for {county.name}'s total.")
        CountyYearTotal.objects.update_or_create(
            county=county,
            agreement=agreement,
            defaults={"amount": row["amount"], "source_note": row["source_note"]},
        )
        agreements.append(agreement)
    return agreements
