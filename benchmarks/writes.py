"""The write path of the deadline day in-process: an autosave of a draft and a submission,
each timed and its queries counted, beside the floor of a form's POST (`floor_post`: the same
middleware and log-in, the form read, a small JSON answer, no query of its own).

Runs in a transaction rolled back at the end, so the benchmark database keeps its data; what
a request leaves to be done when its transaction commits (the data version, the receipt's
outbox task) is run at the end of that request, inside its timing.
"""

import re
import statistics

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

_pk = re.compile(r"/ansokningar/(\d+)/")


def draft_fields(*, focus_area: int, title: str) -> dict:
    """A whole application as the form posts it (the same as the load test's)."""
    amount = 250_000
    return {
        "contact_name": "Kontaktperson",
        "contact_email": "kontakt@example.se",
        "focus_area": focus_area,
        "title": title,
        "description": "Insatsen beskrivs här. " * 20,
        "purpose": "Syftet och målen. " * 10,
        "target_group": "Unga vuxna i länet.",
        "kind": "new",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "amount_requested": str(amount),
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        "budget-0-cost_kind": "salaries",
        "budget-0-amount": str(amount // 2),
        "budget-1-cost_kind": "activities",
        "budget-1-amount": str(amount - amount // 2),
    }


def _post(client, url: str, data: dict):
    """The POST with the work its transaction would leave for the commit; its queries.
    Savepoints are not counted: here every transaction of the request is nested in the
    benchmark's own, which turns its outermost block into a savepoint that production does
    not have (inner blocks' savepoints are left out too: a round trip, but no work)."""
    with (
        CaptureQueriesContext(connection) as queries,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        response = client.post(url, data)
    count = sum(1 for q in queries.captured_queries if "SAVEPOINT" not in q["sql"])
    return response, count


def write_path(*, county_slug: str, requests: int, warmup: int):
    """Results for the autosave, the submission and the POST floor (benchmarks.results.Result)."""
    import time

    from django.urls import reverse

    from allocations.models import Agreement, County, Membership, Role
    from benchmarks.load import call_areas, last_day_call
    from benchmarks.results import Result, p95
    from benchmarks.targets import login, rolled_back

    county = County.objects.get(slug=county_slug)
    agreement = Agreement.objects.order_by("-year").first()
    results = []
    with rolled_back():
        areas = call_areas(agreement)
        call = last_day_call(county=county, agreement=agreement, areas=areas)
        member = (
            Membership.objects.filter(county=county, role=Role.APPLICANT)
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        client = login(member.user.username)
        start_url = reverse("applications:application_start", args=[call.pk])

        def start() -> int:
            response = client.post(start_url, {"organisation": member.organisation_id})
            match = _pk.search(response.get("Location", ""))
            if not match:
                raise RuntimeError(f"no draft started: HTTP {response.status_code}")
            return int(match.group(1))

        pk = start()
        fields = draft_fields(focus_area=areas[-1].pk, title="Benchmark")
        autosave_url = f"/ansokningar/{pk}/autospara/"
        revision = {}

        def autosave():
            response, count = _post(client, autosave_url, {**fields, **revision})
            if response.status_code != 200:
                raise RuntimeError(f"autosave: HTTP {response.status_code}")
            revision["revision"] = str(response.json()["revision"])
            return count

        def timed(fn, n):
            times, counts = [], []
            for i in range(warmup + n):
                started = time.perf_counter()
                counts.append(fn())
                if i >= warmup:
                    times.append((time.perf_counter() - started) * 1000)
            return times, counts[-1]

        floor_times, floor_count = timed(
            lambda: _post(client, "/__bench__/floor/post/", fields)[1], requests
        )
        floor_ms = statistics.median(floor_times)
        times, count = timed(autosave, requests)
        results.append(
            Result("autosave draft", statistics.median(times), p95(times), count, 0, floor_ms)
        )

        # Each submission needs a draft of its own: started and filled outside the timing.
        drafts = []
        for _ in range(warmup + max(10, requests // 5)):
            draft = start()
            client.post(f"/ansokningar/{draft}/autospara/", fields)
            drafts.append(draft)

        def submit():
            draft = drafts.pop()
            response, count = _post(
                client, f"/ansokningar/{draft}/redigera/", {**fields, "submit": "1"}
            )
            if response.status_code != 302 or f"/ansokningar/{draft}/" not in response.get(
                "Location", ""
            ):
                raise RuntimeError(f"submission refused: HTTP {response.status_code}")
            return count

        times, count = timed(submit, len(drafts) - warmup)
        results.append(
            Result("submission", statistics.median(times), p95(times), count, 0, floor_ms)
        )
        results.append(Result("floor (POST)", floor_ms, p95(floor_times), floor_count, 0, floor_ms))
    return results
