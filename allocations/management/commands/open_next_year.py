"""Open the next agreement year the way its people would in the browser.

The national administrator copies the latest agreement year and imports SKR's allocation
table; then every county that had the earlier year opens the new one from it, as its
coordinator does on the county's year page. The same services run as behind those pages.

SKR publishes the table once the year's agreement is signed. Until then (and in the demo
data set) the table is the earlier year's allocations, written out in SKR's format (county
code; focus area number; amount) and imported through the same parsing and checks as an
uploaded file; `--allocations` takes a real table instead.
"""

import csv
import io
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from allocations.county_years.services import CountyYearError, county_year_open
from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    CountyYear,
    Membership,
    NationalAdministrator,
    Role,
)
from allocations.national.selectors import allocation_import_parse
from allocations.national.services.agreements import agreement_copy
from allocations.national.services.allocations import allocation_import_save
from allocations.national.services.common import AgreementError, NationalError


def _earlier_allocations_as_table(source: Agreement) -> bytes:
    rows = (
        CountyAllocation.objects.filter(focus_area__agreement=source)
        .select_related("county", "focus_area")
        .order_by("county__code", "focus_area__number")
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Län", "Område", "Belopp"])
    for row in rows:
        writer.writerow([row.county.code, row.focus_area.number, row.amount])
    return out.getvalue().encode()


def _administrator():
    held = NationalAdministrator.objects.select_related("user").order_by("pk").first()
    if held is not None:
        return held.user
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _coordinator(county: County):
    held = Membership.objects.filter(county=county, role=Role.COORDINATOR).order_by("pk").first()
    return held.user if held is not None else None


class Command(BaseCommand):
    help = (
        "Open the next agreement year: copy the latest year, import SKR's allocations and "
        "open the year for every county that had the earlier one (with --year: idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="The year to open (default: latest + 1).")
        parser.add_argument(
            "--allocations",
            type=Path,
            help="SKR's allocation table (XLSX or CSV); default: the earlier year's amounts.",
        )

    @transaction.atomic
    def handle(self, *args, year: int | None = None, allocations: Path | None = None, **options):
        by = _administrator()
        latest = Agreement.objects.order_by("-year").first()
        if latest is None:
            raise CommandError("There is no agreement year to copy: load one first.")
        year = year or latest.year + 1
        agreement = Agreement.objects.filter(year=year).first()
        if agreement is None:
            source = Agreement.objects.filter(year__lt=year).order_by("-year").first()
            try:
                agreement = agreement_copy(source=source, year=year, by=by)
            except AgreementError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"Copied {source.year} to {year}.")
        else:
            source = Agreement.objects.filter(year__lt=year).order_by("-year").first()

        if not CountyAllocation.objects.filter(focus_area__agreement=agreement).exists():
            if allocations is not None:
                content, filename = allocations.read_bytes(), allocations.name
            else:
                content, filename = _earlier_allocations_as_table(source), "fordelning.csv"
            parsed = allocation_import_parse(
                agreement=agreement, content=content, filename=filename
            )
            if not parsed.is_valid:
                raise CommandError("\n".join(parsed.all_errors) or "The table has no rows.")
            try:
                saved = allocation_import_save(agreement=agreement, rows=parsed.rows, by=by)
            except NationalError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"Imported {saved} allocations for {year}.")

        counties = County.objects.filter(allocations__focus_area__agreement=source).distinct()
        for county in counties.order_by("name"):
            if CountyYear.objects.filter(county=county, agreement=agreement).exists():
                continue
            try:
                county_year_open(county=county, agreement=agreement, by=_coordinator(county))
            except CountyYearError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(f"Opened {year} for {county.name}.")
        self.stdout.write(self.style.SUCCESS(f"{year} is open."))
