"""`make bench`: server time of the heavy pages against the generated data set.

Runs in-process with Django's test client against the database of `benchmarks.settings`
(PostgreSQL `lansmedel_bench` unless DATABASE_URL says otherwise), DEBUG off. Per page:
warm-up requests, then the median and 95th percentile of the server time over 50 requests
(the time of `Client.get`, which runs the whole middleware stack and the view), the number of
SQL queries of one request, the response size, and the ratio of the median to the floor: a
bare view of the same project that renders a page of the same size without a query
(`benchmarks/views.py`). Pages keep their heavy parts cached until their county's data
changes (config/data_version.py); the "cold" columns give the first request after a write
the page shows, which builds them again, and "after a draft" the first request after an
applicant saves a draft in the county (another organisation's), the commonest write on the
day a call closes. Then the write path (an autosave and a submission beside the floor
of a POST, `benchmarks/writes.py`), the decision document beside its WeasyPrint floor and by
number of lines (`benchmarks/pdf.py`) and the daily reminder scan over the whole data set.
With --compare, each page's median beside a run on a smaller data set (growth). Prints
tables; asserts nothing.

    DJANGO_SETTINGS_MODULE=benchmarks.settings python -m benchmarks.run [--requests 50] \
        [--pages-only] [--json out.json] [--compare small.json]
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.results import Result, p95

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

GOAL_RATIO = 3.0
GOAL_P95_MS = 150.0
GOAL_COLD_RATIO = 3.0  # a cold page (its cached parts rebuilt) against the floor
GOAL_GROWTH = 1.2  # a page's median on the full data set against a fifth of it
# Per request of the write path: at most so many queries and (if given) × the POST floor.
WRITE_GOALS = {"autosave draft": (6, 2.0), "submission": (20, None)}


def timed(fn: Callable[[], object], *, requests: int, warmup: int) -> tuple[list[float], object]:
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)  # now: the next request's signal clears the query log


def measure_page(name, client, url, *, requests, warmup, draft_save=None) -> Result:
    """The page as it is served between two writes of its county (its cached parts in
    place), and cold: the first request after a write, which builds them again."""
    from config.data_version import everything_changed

    try:
        everything_changed()
        response, cold_count = _queries(client, url)
        response, count = _queries(client, url)
    except Exception as exc:  # a page still being built: reported, not measured
        return Result(name, 0, 0, 0, 0, status=0, error=f"{type(exc).__name__}: {exc}"[:70])
    if response.status_code != 200:
        return Result(name, 0, 0, count, 0, status=response.status_code)
    size = len(response.content)
    times, _ = timed(lambda: client.get(url), requests=requests, warmup=warmup)

    def cold():
        everything_changed()
        return client.get(url)

    cold_times, _ = timed(cold, requests=max(10, requests // 5), warmup=1)

    draft_times = []  # the view only: the draft's save is not in its time
    for _ in range(max(10, requests // 5) if draft_save is not None else 0):
        draft_save()
        started = time.perf_counter()
        client.get(url)
        draft_times.append((time.perf_counter() - started) * 1000)
    floor_url = f"/__bench__/floor/{size}/"
    floor_times, _ = timed(lambda: client.get(floor_url), requests=requests, warmup=warmup)
    return Result(
        name,
        statistics.median(times),
        p95(times),
        count,
        size,
        floor_ms=statistics.median(floor_times),
        cold_ms=statistics.median(cold_times),
        cold_queries=cold_count,
        draft_ms=statistics.median(draft_times) if draft_times else 0.0,
    )


def page_table(results: list[Result], missing: list[tuple[str, str]]) -> str:
    header = (
        f"{'page':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'KiB':>7}"
        f"{'floor ms':>10}{'ratio':>7}  goal   {'cold ms':>8}{'queries':>9}{'ratio':>7}  goal   "
        f"{'after a draft ms':>16}{'ratio':>7}  goal"
    )
    rows = [header, "-" * len(header)]
    for r in results:
        if r.error:
            rows.append(f"{r.name:<28}  not measured: {r.error}")
            continue
        if r.status != 200:
            rows.append(f"{r.name:<28}  HTTP {r.status}: not measured")
            continue
        met = r.ratio is not None and r.ratio <= GOAL_RATIO and r.p95_ms <= GOAL_P95_MS
        cold_ratio = r.cold_ms / r.floor_ms if r.floor_ms else 0.0
        draft_ratio = r.draft_ms / r.floor_ms if r.floor_ms else 0.0
        rows.append(
            f"{r.name:<28}{r.median_ms:>10.1f}{r.p95_ms:>9.1f}{r.queries:>9}"
            f"{r.size / 1024:>7.0f}{r.floor_ms:>10.1f}{r.ratio:>7.2f}  {_met(met):<6}"
            f"{r.cold_ms:>9.1f}{r.cold_queries:>9}{cold_ratio:>7.2f}  "
            f"{_met(cold_ratio <= GOAL_COLD_RATIO):<7}"
            f"{r.draft_ms:>16.1f}{draft_ratio:>7.2f}  {_met(draft_ratio <= GOAL_COLD_RATIO)}"
        )
    for name, why in missing:
        rows.append(f"{name:<28}  not available: {why}")
    return "\n".join(rows)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def write_table(results: list[Result]) -> str:
    """The autosave and the submission beside the POST floor, with their goals."""
    header = (
        f"{'request':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'floor ms':>10}"
        f"{'ratio':>7}  goal"
    )
    rows = [header, "-" * len(header)]
    for r in results:
        goal = WRITE_GOALS.get(r.name)
        if goal is None:
            verdict = ""
        else:
            max_queries, max_ratio = goal
            ok = r.queries <= max_queries and (max_ratio is None or r.ratio <= max_ratio)
            wanted = f"≤ {max_queries} queries" + (
                f", ≤ {max_ratio:g} × floor" if max_ratio else ""
            )
            verdict = f"{_met(ok)} ({wanted})"
        rows.append(
            f"{r.name:<28}{r.median_ms:>10.1f}{r.p95_ms:>9.1f}{r.queries:>9}"
            f"{r.floor_ms:>10.1f}{r.ratio:>7.2f}  {verdict}"
        )
    return "\n".join(rows)


def growth_table(large: dict, small: dict) -> str:
    """Each page's median (warm and cold) on the small and the full data set, and the
    ratio full / small; goal ≤ GOAL_GROWTH."""
    header = (
        f"{'page':<28}{'small ms':>9}{'full ms':>9}{'ratio':>7}  goal   "
        f"{'cold small':>11}{'cold full':>10}{'ratio':>7}  goal"
    )
    rows = [header, "-" * len(header)]
    for name, big in large.items():
        little = small.get(name)
        if not little or not little["median_ms"] or not big["median_ms"]:
            rows.append(f"{name:<28}  not measured at both sizes")
            continue
        warm = big["median_ms"] / little["median_ms"]
        cold = big["cold_ms"] / little["cold_ms"] if little["cold_ms"] else 0.0
        rows.append(
            f"{name:<28}{little['median_ms']:>9.1f}{big['median_ms']:>9.1f}{warm:>7.2f}  "
            f"{_met(warm <= GOAL_GROWTH):<6}{little['cold_ms']:>12.1f}{big['cold_ms']:>10.1f}"
            f"{cold:>7.2f}  {_met(cold <= GOAL_GROWTH)}"
        )
    return "\n".join(rows)


def as_json(results: list[Result]) -> dict:
    return {
        r.name: {
            "median_ms": r.median_ms,
            "p95_ms": r.p95_ms,
            "queries": r.queries,
            "size": r.size,
            "floor_ms": r.floor_ms,
            "cold_ms": r.cold_ms,
            "cold_queries": r.cold_queries,
        }
        for r in results
        if not r.error and r.status == 200
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--county", default="jamtland")
    parser.add_argument("--pages-only", action="store_true", help="no write path, PDF or scan")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    parser.add_argument(
        "--compare", type=Path, help="the --json of a run on a smaller data set: growth"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from benchmarks.targets import data_size, draft_saver, pages, reminder_scan

    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"Länsmedel benchmarks {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC — "
        f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor} {connection.settings_dict.get('NAME')}; load average {load}"
    )
    print(data_size())
    print()
    results, missing = [], []
    draft_save = draft_saver(county_slug=args.county)
    for name, client, url in pages(county_slug=args.county, missing=missing):
        results.append(
            measure_page(
                name,
                client,
                url,
                requests=args.requests,
                warmup=args.warmup,
                draft_save=draft_save,
            )
        )
    print(
        f"Pages ({args.requests} requests each after {args.warmup} warm-up; goal: median ≤ "
        f"{GOAL_RATIO:g} × floor and p95 ≤ {GOAL_P95_MS:g} ms; cold ≤ {GOAL_COLD_RATIO:g} × floor)"
    )
    print(page_table(results, missing))
    print(
        "(cold: the first request after a write the page shows, which rebuilds its cached "
        "parts; after a draft: the first request after an applicant of another organisation "
        "saves a draft in the county; medians of 10 or more)"
    )
    figures = {"pages": as_json(results), "load_average": load}
    if args.compare and args.compare.exists():
        small = json.loads(args.compare.read_text(encoding="utf-8"))
        print()
        print(f"Growth: the pages on the small data set ({small.get('data', '?')}) and on this one")
        print(growth_table(figures["pages"], small["pages"]))
    if not args.pages_only:
        from benchmarks.pdf import beside_floor, by_size, pdf_lines
        from benchmarks.writes import write_path

        print()
        writes = write_path(county_slug=args.county, requests=args.requests, warmup=args.warmup)
        print(
            "Write path (a draft's autosave and a submission; rolled back; queries without "
            "savepoints)"
        )
        print(write_table(writes))
        figures["writes"] = as_json(writes)
        print()
        print("Background work")
        floor = beside_floor(county_slug=args.county)
        sizes = by_size(county_slug=args.county)
        figures["pdf"] = {"floor": floor, "sizes": sizes}
        for line in pdf_lines(floor, sizes):
            print(line)
        for line in reminder_scan(county_slug=args.county):
            print(line)
    if args.json:
        figures["data"] = data_size()
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
