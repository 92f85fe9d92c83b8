"""`make bench`: server time of the heavy pages against the generated data set.

Runs in-process with Django's test client against the database of `benchmarks.settings`
(PostgreSQL `lansmedel_bench` unless DATABASE_URL says otherwise), DEBUG off. Per page:
warm-up requests, then the median and 95th percentile of the server time over 50 requests
(the time of `Client.get`, which runs the whole middleware stack and the view), the number of
SQL queries of one request, the response size, and the ratio of the median to the floor: a
bare view of the same project that renders a page of the same size without a query
(`benchmarks/views.py`). Pages keep their heavy parts cached until their county's data
changes (config/data_version.py); the "cold" columns give the first request after a write,
which builds them again. Then the time and peak memory of a 60-line decision document PDF
and of the daily reminder scan over the whole data set. Prints tables; asserts nothing.

    DJANGO_SETTINGS_MODULE=benchmarks.settings python -m benchmarks.run [--requests 50]
"""

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

GOAL_RATIO = 3.0
GOAL_P95_MS = 150.0


@dataclass
class Result:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    size: int
    floor_ms: float | None = None
    cold_ms: float = 0.0
    cold_queries: int = 0
    status: int = 200
    error: str = ""

    @property
    def ratio(self) -> float | None:
        return self.median_ms / self.floor_ms if self.floor_ms else None


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


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)  # now: the next request's signal clears the query log


def measure_page(name, client, url, *, requests, warmup) -> Result:
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
    )


def page_table(results: list[Result], missing: list[tuple[str, str]]) -> str:
    header = (
        f"{'page':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'KiB':>7}"
        f"{'floor ms':>10}{'ratio':>7}  goal   {'cold ms':>8}{'queries':>9}"
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
        verdict = "met" if met else "MISSED"
        rows.append(
            f"{r.name:<28}{r.median_ms:>10.1f}{r.p95_ms:>9.1f}{r.queries:>9}"
            f"{r.size / 1024:>7.0f}{r.floor_ms:>10.1f}{r.ratio:>7.2f}  {verdict:<6}"
            f"{r.cold_ms:>9.1f}{r.cold_queries:>9}"
        )
    for name, why in missing:
        rows.append(f"{name:<28}  not available: {why}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--county", default="jamtland")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from benchmarks.targets import data_size, pages, pdf_and_scan

    print(
        f"Länsmedel benchmarks — {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {connection.vendor} "
        f"{connection.settings_dict.get('NAME')}"
    )
    print(data_size())
    print()
    results, missing = [], []
    for name, client, url in pages(county_slug=args.county, missing=missing):
        results.append(measure_page(name, client, url, requests=args.requests, warmup=args.warmup))
    print(
        f"Pages ({args.requests} requests each after {args.warmup} warm-up; "
        f"goal: median ≤ {GOAL_RATIO:g} × floor and p95 ≤ {GOAL_P95_MS:g} ms)"
    )
    print(page_table(results, missing))
    print(
        "(cold: the first request after a write of the county, which rebuilds the page's "
        "cached parts; median of 10 or more)"
    )
    print()
    print("Background work")
    for line in pdf_and_scan(county_slug=args.county):
        print(line)


if __name__ == "__main__":
    main()
