from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from allocations.distribution.services import populations_import
from allocations.models import County


class Command(BaseCommand):
    help = (
        "Set recipients' populations from a CSV file `name;population` with a header line: "
        "the county's organisations, or the counties when no county is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--county", help="the county's short name, e.g. vastragotaland")

    def handle(self, *args, csv_file: Path, county: str | None, **options) -> None:
        target = None
        if county:
            target = County.objects.filter(slug=county).first()
            if target is None:
                raise CommandError(f"No county {county!r}.")
        report = populations_import(county=target, data=csv_file.read_bytes())
        if not report.saved:
            raise CommandError("Nothing was saved:\n" + "\n".join(report.errors))
        for name, population in report.populations:
            self.stdout.write(f"{name}: {population}")
        self.stdout.write(self.style.SUCCESS(f"{len(report.populations)} populations set."))
