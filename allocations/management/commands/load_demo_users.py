from django.core.management.base import BaseCommand

from allocations.agreements.services import DEMO_PASSWORD, demo_users_create, read_seed


class Command(BaseCommand):
    help = "Create demo log-ins for every role in every county (password: lansmedel-demo)."

    def handle(self, *args, **options) -> None:
        logins = demo_users_create(data=read_seed("demo_users.toml"))
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            where = login.organisation or login.county
            self.stdout.write(
                f"  {login.email:<40} {login.role}" + (f" – {where}" if where else "")
            )
