"""`make load`: the Locust scenario against gunicorn on 127.0.0.1, on the generated data set.

Runs on a copy of the benchmark database, dropped afterwards (what the scripted applicants
submit stays in the register for good; every run starts from the same data). Opens a call in
every county that closes tomorrow, writes the plan the locustfile reads, starts gunicorn
(benchmarks.settings, --workers 2–4) and runs Locust headless for --run-time, then prints
requests per second, p50/p95/p99 and errors.

    DJANGO_SETTINGS_MODULE=benchmarks.settings python -m benchmarks.load \
        [--users 100] [--reviewers 12] [--workers 3] [--run-time 2m]
"""

import argparse
import csv
import datetime
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.createdb import DEFAULT_URL, scratch_copy

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LAST_DAY_CALL = "Sista dagen"


def plan(*, reviewers: int) -> dict:
    """Open the last-day calls and say who logs in where (applicants, review group)."""
    import django

    django.setup()
    from django.db.models import Q
    from django.urls import reverse
    from django.utils import timezone

    from allocations.agreements.services import DEMO_PASSWORD
    from allocations.models import Agreement, County, Membership, Role
    from applications.models import Application, Call, Status
    from config.data_version import everything_changed

    everything_changed()  # pages cached from another database are not this copy's

    agreement = Agreement.objects.order_by("-year").first()
    now = timezone.now()
    applicants, group = [], []
    for county in County.objects.order_by("pk"):
        # Areas without sub-areas: a submission then needs no sub-area.
        areas = list(
            agreement.focus_areas.filter(
                has_county_joint_funds=True, sub_areas__isnull=True
            ).order_by("number")
        )
        if not areas:
            continue
        call, _ = Call.objects.update_or_create(
            county=county,
            agreement=agreement,
            title=f"{LAST_DAY_CALL} {agreement.year}",
            defaults={
                "opens_at": now - datetime.timedelta(days=30),
                "closes_at": now + datetime.timedelta(days=1),
                "max_amount": 2_000_000,
            },
        )
        call.focus_areas.set(areas)
        for m in Membership.objects.filter(county=county, role=Role.APPLICANT).select_related(
            "user"
        ):
            applicants.append(
                {
                    "email": m.user.username,
                    "organisation": m.organisation_id,
                    "focus_area": areas[-1].pk,
                    "call_url": reverse("applications:call_detail", args=[call.pk]),
                    "start_url": reverse("applications:application_start", args=[call.pk]),
                }
            )
        in_review = Application.objects.filter(
            Q(status=Status.IN_REVIEW) | Q(status=Status.PROPOSED),
            county=county,
            call__agreement=agreement,
        ).values_list("pk", flat=True)[:40]
        for m in Membership.objects.filter(county=county, role=Role.REVIEWER).select_related(
            "user"
        ):
            group.append(
                {
                    "email": m.user.username,
                    "overview_url": reverse("applications:review_overview", args=[county.slug]),
                    "review_list_url": reverse("applications:review_list", args=[county.slug]),
                    "application_urls": [
                        reverse("applications:application_detail", args=[pk]) for pk in in_review
                    ],
                }
            )
    group = [g for g in group if g["application_urls"]][:reviewers]
    return {
        "password": DEMO_PASSWORD,
        "applicants": applicants,
        "reviewers": group,
        "applicant_weight": 0,
        "reviewer_weight": 0,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def report(stats_csv: Path, *, users: int, workers: int, run_time: str) -> str:
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    header = f"{'request':<34}{'count':>7}{'errors':>7}{'rps':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
    lines = [
        f"Load: {users} users, gunicorn --workers {workers}, {run_time} (times in ms)",
        header,
        "-" * len(header),
    ]
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        if name == "ALL":
            lines.append("-" * len(header))
        lines.append(
            f"{name[:33]:<34}{row['Request Count']:>7}{row['Failure Count']:>7}"
            f"{float(row['Requests/s']):>7.1f}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100, help="applicants")
    parser.add_argument("--reviewers", type=int, default=12, help="review group members")
    parser.add_argument("--workers", type=int, default=3, choices=[2, 3, 4])
    parser.add_argument("--run-time", default="2m")
    parser.add_argument("--spawn-rate", type=float, default=10)
    args = parser.parse_args()
    with scratch_copy(os.environ.get("DATABASE_URL", DEFAULT_URL)) as url:
        os.environ["DATABASE_URL"] = url  # for Django here and for gunicorn
        stats, users = run(args)
    print(report(stats, users=users, workers=args.workers, run_time=args.run_time))


def run(args: argparse.Namespace) -> tuple[Path, int]:
    """Runs the scenario: the path of Locust's statistics and the number of users."""
    data = plan(reviewers=args.reviewers)
    from django.db import connections

    connections.close_all()  # the copy is dropped at the end
    total = args.users + len(data["reviewers"])
    data["applicant_weight"], data["reviewer_weight"] = args.users, len(data["reviewers"])
    work = Path(tempfile.mkdtemp(prefix="lansmedel-load-"))
    (work / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    env = {**os.environ, "BENCH_LOAD_PLAN": str(work / "plan.json")}
    port = _free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_for(port)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(total),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.run_time,
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print()
    return work / "load_stats.csv", total


if __name__ == "__main__":
    main()
