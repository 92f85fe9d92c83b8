import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.deadlines.reminders import reminders_scan


class Command(BaseCommand):
    help = "Record and send the deadline reminders due today (what the daily beat task does)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Scan as on this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, date: str | None = None, **options) -> None:
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        count = reminders_scan(today=today)
        self.stdout.write(f"{count} reminder(s) recorded and queued for {today:%Y-%m-%d}.")
