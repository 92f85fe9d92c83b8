from django.core.management.base import BaseCommand

from allocations.agreements.services import read_seed
from applications.decisions.services.seed import DECISION_SEEDS, decision_seed_load


class Command(BaseCommand):
    help = "Load the counties' real decisions (after load_agreement_2025; idempotent)."

    def handle(self, *args, **options) -> None:
        for name in DECISION_SEEDS:
            meeting = decision_seed_load(data=read_seed(name))
            lines = sum(item.decisions.count() for item in meeting.items.all())
            self.stdout.write(self.style.SUCCESS(f"Loaded {name}: {meeting}, {lines} lines."))
