from django.core.management.base import BaseCommand

from reporting.retention.services import retention_schedule_ensure


class Command(BaseCommand):
    help = (
        "Create the retention schedule's record classes and their service-wide rules where "
        "missing; rules already changed are kept. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        added = retention_schedule_ensure()
        self.stdout.write(f"{added} record classes added.")
