from datetime import timedelta

from django.core.management.base import BaseCommand

from reporting.messaging.mail import SWEEP_GRACE, mail_sweep


class Command(BaseCommand):
    help = "Hand the e-mails whose next try is due to the workers (beat runs this every minute)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--grace",
            type=float,
            default=SWEEP_GRACE.total_seconds(),
            help="leave first tries younger than this many seconds (default %(default)s)",
        )

    def handle(self, *args, grace: float, **options) -> None:
        handed = mail_sweep(grace=timedelta(seconds=grace))
        self.stdout.write(f"{handed} handed to the workers")
