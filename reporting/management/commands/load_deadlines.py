from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from allocations.models import Agreement
from reporting.deadlines.services import deadlines_load


class Command(BaseCommand):
    help = (
        "Create the missing deadlines of this year's and last year's agreements (or --year, "
        "or --all): "
        "requisition, repayment, invoicing, report back per grant, calls, review rounds, "
        "completion requests. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, help="Only this agreement year.")
        parser.add_argument("--all", action="store_true", help="Every agreement year.")

    def handle(self, *args, year: int | None = None, all: bool = False, **options) -> None:
        agreements = Agreement.objects.order_by("year")
        if not all and year is None:
            # Older years' deadlines have passed long ago: not worth a reminder.
            agreements = agreements.filter(year__gte=timezone.localdate().year - 1)
        if year is not None:
            agreements = agreements.filter(year=year)
            if not agreements.exists():
                raise CommandError(f"No agreement for {year}.")
        for agreement in agreements:
            with transaction.atomic():
                count = deadlines_load(agreement=agreement)
            self.stdout.write(f"{agreement.year}: {count} deadline(s).")
