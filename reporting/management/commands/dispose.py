import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from allocations.models import County
from reporting.retention.services import disposal_preview, disposal_run


class Command(BaseCommand):
    help = (
        "Dispose of what the retention schedule lets go: the county's records (--county), or "
        "the service's records that belong to no county (--service-wide). With --dry-run "
        "only list what would go. Writes a disposal protocol."
    )

    def add_arguments(self, parser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--county", help="The county's slug, e.g. jamtland.")
        scope.add_argument(
            "--service-wide", action="store_true", help="Log-ins, exports, account e-mail."
        )
        parser.add_argument("--dry-run", action="store_true", help="List only; remove nothing.")
        parser.add_argument("--on", type=dt.date.fromisoformat, help="Apply as of this date.")

    def handle(self, *args, county=None, dry_run=False, on=None, **options) -> None:
        target = None
        if county:
            target = County.objects.filter(slug=county).first()
            if target is None:
                raise CommandError(f"No county {county!r}.")
        if dry_run:
            for preview in disposal_preview(county=target, on=on):
                self.stdout.write(
                    f"{preview.record_class.code}: {preview.count_before} before, "
                    f"{preview.removed} would go, {preview.kept} kept"
                )
                for item in preview.items:
                    self.stdout.write(f"  {item.identifier}\t{item.date:%Y-%m-%d}\t{item.title}")
            return
        protocol = disposal_run(county=target, by=None, on=on)
        for line in protocol.lines.select_related("record_class"):
            self.stdout.write(
                f"{line.record_class.code}: {line.count_before} before, {line.removed} removed, "
                f"{line.kept} kept"
            )
        self.stdout.write(f"Disposal protocol {protocol.pk}.")
