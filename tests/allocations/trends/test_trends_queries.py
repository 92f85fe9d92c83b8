"""The year-over-year page and its selectors run a fixed number of queries, whatever the
number of years, applications and grants."""

import pytest
from django.urls import reverse

from allocations.trends.selectors import county_trends
from applications.grants.interventions import county_interventions, intervention_history
from applications.models import Outcome, Status
from tests.allocations.trends.trends_data import YearBuilder, agreement_of, build_history

pytestmark = pytest.mark.django_db


def _more_years(history, years=(2021, 2022, 2023), grants=6):
    for year in years:
        builder = YearBuilder(
            history.county, agreement_of(year, {1: 1_000_000, 4: 2_000_000}, history.county)
        )
        for n in range(grants):
            application = builder.application(
                history.ostersund, 1 + 3 * (n % 2), 10_000 + n, Status.APPROVED
            )
            builder.decide(
                application, builder.propose(application, 9_000), Outcome.APPROVED, 9_000
            )


@pytest.fixture(params=["small", "large"])
def history(request, jamtland):
    history = build_history(jamtland)
    if request.param == "large":
        _more_years(history)
    return history


def test_the_selectors_run_a_fixed_number_of_queries(history, django_assert_num_queries):
    with django_assert_num_queries(9):
        county_trends(county=history.county)
    with django_assert_num_queries(2):
        county_interventions(county=history.county)
    # One intervention: its linked records found by the database, then only theirs read.
    with django_assert_num_queries(3):
        intervention_history(application=history.a26)


def test_the_page_runs_a_fixed_number_of_queries(history, login, django_assert_num_queries):
    client = login("forum@jamtland.demo")
    url = reverse("allocations:county_trends", args=["jamtland"])
    client.get(url)  # the session and the navigation's first reads
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url).status_code == 200


PAGE_QUERIES = 16  # session, user, roles and navigation: 5; the figures: 9; the interventions: 2
