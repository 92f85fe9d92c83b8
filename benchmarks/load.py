"""`make load`: the Locust scenario against gunicorn on 127.0.0.1, on the generated data set.

Runs on a copy of the benchmark database, dropped afterwards (what the scripted applicants
submit stays in the register for good; every run starts from the same data). Opens a call in
every county that closes tomorrow, writes the plan the locustfile reads, starts gunicorn with
the production settings file (`config/gunicorn.py`, benchmarks.settings) and runs one headless
Locust run of three parts: the floor (the bare floor view behind the same middleware and
log-in, as many users with the same think time), the deadline-day mix at the same number of
users, then the mix in steps of rising users. Prints, per part, requests per second and
p50/p95/p99 and errors; the mix's throughput as a share of the floor's; the step where the
95th percentile first passes 500 ms and where errors begin.

    DJANGO_SETTINGS_MODULE=benchmarks.settings python -m benchmarks.load \
        [--users 100] [--reviewers 12] [--workers 3] [--threads 1] [--run-time 2m] \
        [--steps 50,100,150,200,250,300,350,400] [--step-time 30s] [--json out.json]
"""

import argparse
import datetime
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.createdb import DEFAULT_URL, scratch_copy
from benchmarks.load_report import goal_lines, request_table, stage_table, summarise, verdicts

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GUNICORN_CONFIG = ROOT / "config" / "gunicorn.py"
LAST_DAY_CALL = "Sista dagen"


def last_day_call(*, county, agreement, areas):
    """The county's call that closes tomorrow (opened a month ago), for the areas given."""
    from django.utils import timezone

    from applications.models import Call

    now = timezone.now()
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
    return call


def call_areas(agreement):
    """Areas without sub-areas: a submission then needs no sub-area."""
    return list(
        agreement.focus_areas.filter(has_county_joint_funds=True, sub_areas__isnull=True).order_by(
            "number"
        )
    )


def plan(*, reviewers: int) -> dict:
    """Open the last-day calls and say who logs in where (applicants, review group)."""
    import django

    django.setup()
    from django.db.models import Q
    from django.urls import reverse

    from allocations.agreements.services import DEMO_PASSWORD
    from allocations.models import Agreement, County, Membership, Role
    from applications.models import Application, Status
    from config.data_version import everything_changed

    everything_changed()  # pages cached from another database are not this copy's

    agreement = Agreement.objects.order_by("-year").first()
    areas = call_areas(agreement)
    applicants, group = [], []
    for county in County.objects.order_by("pk"):
        if not areas:
            continue
        call = last_day_call(county=county, agreement=agreement, areas=areas)
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


def seconds(text: str) -> int:
    """Locust's durations: "90", "30s", "2m", "1m30s", "1h"."""
    if text.isdigit():
        return int(text)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text.strip())
    if not parts or not any(parts.groups()):
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 30s, 2m, 1m30s)")
    h, m, s = (int(g or 0) for g in parts.groups())
    return h * 3600 + m * 60 + s


def stages(*, users: int, run_time: int, steps: list[int], step_time: int, spawn_rate: float):
    """The floor and the mix at `users`, then the mix at each of `steps` users. The first
    seconds of a stage, while users are started or stopped (and log in), are not counted."""
    wanted = [("floor", "floor", users, run_time), ("mix", "mix", users, run_time)]
    wanted += [(f"step {n}", "mix", n, step_time) for n in steps]
    out: list[dict] = []
    for label, kind, n, length in wanted:
        if out and out[-1]["kind"] != kind:
            # Every user of the other kind stopped first: Locust changes the user classes
            # only along with the number of users.
            out.append({"label": "drain", "kind": kind, "users": 0, "seconds": 2, "settle": 2})
        # From the other kind all users are new; within a kind only the difference.
        before = out[-1]["users"] if out and out[-1]["kind"] == kind else 0
        settle = max(5.0, abs(n - before) / spawn_rate + 3)
        out.append(
            {"label": label, "kind": kind, "users": n, "seconds": length + settle, "settle": settle}
        )
    return out


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


def _warm_up(port: int, workers: int) -> None:
    """Until each worker has loaded the project and answered: gunicorn opens its port
    before its workers have imported Django."""
    import urllib.request

    answered, deadline = 0, time.monotonic() + 120
    while answered < 3 * workers and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/logga-in/", timeout=60):
                answered += 1
        except OSError:
            time.sleep(0.5)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100, help="applicants")
    parser.add_argument("--reviewers", type=int, default=12, help="review group members")
    parser.add_argument("--workers", type=int, help="gunicorn workers (config/gunicorn.py)")
    parser.add_argument("--threads", type=int, help="threads per worker (config/gunicorn.py)")
    parser.add_argument("--run-time", type=seconds, default="2m", help="floor and mix, each")
    parser.add_argument(
        "--steps",
        default="50,100,150,200,250,300,350,400",
        help="users of the step load, comma-separated; empty for none",
    )
    parser.add_argument("--step-time", type=seconds, default="30s")
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    args = parser.parse_args()
    started, load_before = datetime.datetime.now(datetime.UTC), load_average()
    with scratch_copy(os.environ.get("DATABASE_URL", DEFAULT_URL)) as url:
        os.environ["DATABASE_URL"] = url  # for Django here and for gunicorn
        results, users, server = run(args)
    summary = summarise(results)
    v = verdicts(summary)
    print(
        f"Load {started:%Y-%m-%d %H:%M} UTC: gunicorn {server}; {users} users "
        f"({args.users} applicants, {users - args.users} review group), floor and mix "
        f"{args.run_time} s each, steps {args.step_time} s; load average before "
        f"{load_before}, after {load_average()}; {os.cpu_count()} cores (times in ms)"
    )
    print(stage_table(summary))
    print()
    print(request_table(results))
    print()
    print("Goals")
    print("\n".join(goal_lines(v, users=users)))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "summary": summary,
                    "verdicts": v,
                    "server": server,
                    "users": users,
                    "load_before": load_before,
                    "load_after": load_average(),
                    "started": started.isoformat(),
                },
                indent=1,
            ),
            encoding="utf-8",
        )


def run(args: argparse.Namespace) -> tuple[dict, int, str]:
    """Runs the scenario: the counts per stage, the number of users and the server's
    settings as run."""
    data = plan(reviewers=args.reviewers)
    from django.db import connections

    connections.close_all()  # the copy is dropped at the end
    total = args.users + len(data["reviewers"])
    data["applicant_weight"], data["reviewer_weight"] = args.users, len(data["reviewers"])
    steps = [int(n) for n in args.steps.split(",") if n.strip()]
    data["spawn_rate"] = args.spawn_rate
    data["stages"] = stages(
        users=total,
        run_time=args.run_time,
        steps=steps,
        step_time=args.step_time,
        spawn_rate=args.spawn_rate,
    )
    work = Path(tempfile.mkdtemp(prefix="lansmedel-load-"))
    (work / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    env = {
        **os.environ,
        "BENCH_LOAD_PLAN": str(work / "plan.json"),
        "BENCH_LOAD_RESULTS": str(work / "results.json"),
    }
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    port = _free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            str(GUNICORN_CONFIG),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--access-logfile",
            "/dev/null",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )
    described = subprocess.run(
        [str(BIN / "python"), str(GUNICORN_CONFIG), "--describe"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    try:
        _wait_for(port)
        _warm_up(port, int(re.match(r"\d+", described).group()) if described else 4)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
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
            stdout=subprocess.DEVNULL,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"(Locust's own statistics: {work}/load_stats.csv)")
    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    return results, total, described


if __name__ == "__main__":
    main()
