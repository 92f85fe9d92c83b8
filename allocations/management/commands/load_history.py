from django.core.management.base import BaseCommand, CommandError

from allocations.agreements.services import read_seed
from allocations.history.services import HISTORY_SEEDS, HistoryLoadError, history_load


class Command(BaseCommand):
    help = "Load earlier agreement years as history (after load_agreement_2025; idempotent)."

    def handle(self, *args, **options) -> None:
        for name in HISTORY_SEEDS:
            try:
                agreements = history_load(data=read_seed(name))
            except HistoryLoadError as exc:
                raise CommandError(str(exc)) from exc
            years = ", ".join(str(a.year) for a in agreements)
            self.stdout.write(self.style.SUCCESS(f"Loaded {name}: {years}."))
