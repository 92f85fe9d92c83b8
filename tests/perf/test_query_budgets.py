"""The six pages of the benchmarks run a fixed number of queries whatever the data size:
the same generated data set (benchmarks.dataset) at two sizes, the second with three times
the applications and twice the years, gives the same count on every page, both cold (the
first view after a write, which builds the page's cached parts) and warm (the next view,
served from them, with fewer queries)."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from allocations.models import Agreement, County
from applications.models import Application
from benchmarks.dataset import generate
from benchmarks.targets import login, page_urls
from config.data_version import everything_changed

SMALL = {"counties": 2, "years": 1, "applications": 60}
LARGE = {"counties": 2, "years": 2, "applications": 180}


class _Rollback(Exception):
    pass


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _measure() -> dict[str, tuple[int, int]]:
    """Per page: (cold, warm) query counts."""
    county = County.objects.get(slug="jamtland")
    agreement = Agreement.objects.order_by("-year").first()
    counts = {}
    for name, who, url in page_urls(county=county, agreement=agreement):
        if url is None:  # a page this version does not have yet
            continue
        client = login(who)
        client.get(url)  # the first request may fill per-process caches
        everything_changed()
        cold = _count(client, url)
        counts[name] = (cold, _count(client, url))
    return counts


def _at_size(size: dict) -> tuple[dict[str, tuple[int, int]], int]:
    """The pages' query counts with the data set of `size`, then the data rolled back."""
    try:
        with transaction.atomic():
            generate(**size, seed=3, out=lambda *_: None)
            result = (_measure(), Application.objects.count())
            raise _Rollback
    except _Rollback:
        pass
    return result


@pytest.mark.django_db
def test_every_benchmarked_page_runs_the_same_queries_at_two_data_sizes():
    small, small_apps = _at_size(SMALL)
    large, large_apps = _at_size(LARGE)

    assert large_apps >= 6 * small_apps
    assert set(small) == {
        "budget (coordinator)",
        "review overview",
        "decision meeting agenda",
        "my applications",
        "application detail",
        "status report",
    }
    assert large == small
    for name, (cold, warm) in small.items():
        assert warm < cold, name
