from django.core.management.base import BaseCommand

from allocations.agreements.selectors import county_allocation_totals
from allocations.agreements.services import agreement_year_load, read_seed
from allocations.followup.services import grant_status_defaults_ensure
from allocations.models import County


class Command(BaseCommand):
    help = "Load the 2025 agreement, its focus areas and the counties of the source documents."

    def handle(self, *args, **options) -> None:
        agreement = agreement_year_load(data=read_seed("agreement_2025.toml"))
        for county, total in county_allocation_totals(agreement=agreement):
            self.stdout.write(f"{county.name}: {total:,} kr".replace(",", " "))
        for county in County.objects.all():
            grant_status_defaults_ensure(county=county)
        self.stdout.write(self.style.SUCCESS(f"Loaded {agreement}."))
