from django.core.management.base import BaseCommand

from allocations.agreements.services import read_seed
from allocations.followup.seed import FOLLOWUP_SEEDS, followup_seed_load


class Command(BaseCommand):
    help = (
        "Load Dalarna's 2025 interventions with their follow-up (status report of September "
        "2025); after load_agreement_2025, idempotent."
    )

    def handle(self, *args, **options) -> None:
        for name in FOLLOWUP_SEEDS:
            result = followup_seed_load(data=read_seed(name))
            if result.created:
                message = f"Loaded {name}: {result.meeting}, {result.grants} grants."
            else:
                message = f"{name}: already loaded ({result.meeting}), nothing done."
            self.stdout.write(self.style.SUCCESS(message))
