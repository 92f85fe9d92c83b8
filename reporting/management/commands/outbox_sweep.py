from datetime import timedelta

from django.core.management.base import BaseCommand

from reporting.messaging.outbox import SWEEP_GRACE, outbox_sweep


class Command(BaseCommand):
    help = "Publish the outbox's pending tasks to the broker (beat runs this every minute)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=SWEEP_GRACE.total_seconds(),
            help="only messages at least this many seconds old (default %(default)s)",
        )

    def handle(self, *args, older_than: float, **options) -> None:
        published = outbox_sweep(older_than=timedelta(seconds=older_than))
        self.stdout.write(f"{published} published")
