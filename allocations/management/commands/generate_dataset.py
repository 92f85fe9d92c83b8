import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Generate the national benchmark data set (bulk_create, deterministic from the seed): "
        "counties × agreement years × applications, with assessments, decisions, grants, "
        "follow-up and deadlines. Refuses to run twice on the same database."
    )
    # The data set needs the models only; the URL configuration is not checked.
    requires_system_checks: list = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--counties", type=int, default=21, help="1–21 (default 21)")
        parser.add_argument("--years", type=int, default=10, help="agreement years up to 2025")
        parser.add_argument("--applications", type=int, default=300, help="per county and year")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing (and succeed) when the data set is already there",
        )

    def handle(self, *args, **options) -> None:
        from benchmarks.dataset import already_generated, generate
        from config.data_version import everything_changed

        if already_generated():
            if options["if_missing"]:
                self.stdout.write("The generated data set is already there.")
                return
            raise CommandError("The generated data set is already there (use a fresh database).")
        if not 1 <= options["counties"] <= 21 or not 1 <= options["years"] <= 10:
            raise CommandError("Use 1–21 counties and 1–10 years.")
        started = time.monotonic()
        counts = generate(
            counties=options["counties"],
            years=options["years"],
            applications=options["applications"],
            seed=options["seed"],
            out=self.stdout.write,
        )
        everything_changed()  # rows written with COPY passed no signal and no statement hook
        for name, count in counts.items():
            self.stdout.write(f"  {name:<24}{count:>10}")
        self.stdout.write(
            self.style.SUCCESS(f"Data set generated in {time.monotonic() - started:.1f} s.")
        )
