"""The budget pages: who sees them, what they show, their drill-downs and their query count."""

import re

import pytest
from django.urls import reverse

from allocations.budget.selectors.overview import county_budget
from allocations.models import County
from tests.allocations.budget.budget_data import MOVED, build_year
from tests.services import in_english

pytestmark = pytest.mark.django_db

URL = reverse("allocations:budget", args=["jamtland", 2025])


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


@pytest.fixture
def year(jamtland, seeded):
    return build_year(jamtland, seeded, grants=60)


def cell(html: str, dom_id: str) -> str:
    match = re.search(rf'id="{dom_id}"><a href="([^"]+)">([^<]+)</a>', html)
    assert match, dom_id
    return match.group(1), match.group(2)


def test_coordinators_and_forum_members_see_the_budget(login, client, seeded):
    assert login("samordnare@jamtland.demo").get(URL).status_code == 200
    client.logout()
    assert login("forum@jamtland.demo").get(URL).status_code == 200
    client.logout()
    assert login("beredning1@jamtland.demo").get(URL).status_code == 403
    client.logout()
    assert login("sokande@ostersund.demo").get(URL).status_code == 403
    client.logout()
    assert login("samordnare@dalarna.demo").get(URL).status_code == 404  # another county
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_every_budget_page_answers_the_same(login, client, year, jamtland, seeded):
    pages = [
        reverse("allocations:budget_actors", args=["jamtland", 2025]),
        reverse("allocations:budget_cell", args=["jamtland", 2025, "beslutat"]),
        reverse("allocations:budget_cell", args=["jamtland", 2025, "beslutat", 4]),
        reverse("allocations:budget_360giving", args=["jamtland", 2025]),
    ]
    for page in pages:
        assert login("beredning1@jamtland.demo").get(page).status_code == 403, page
        client.logout()
        assert login("samordnare@vastmanland.demo").get(page).status_code == 404, page
        client.logout()
        assert login("forum2@jamtland.demo").get(page).status_code == 200, page
        client.logout()


def test_the_page_shows_the_figures_the_chain_and_the_chart(login, year, jamtland, seeded):
    html = login("samordnare@jamtland.demo").get(URL).content.decode()
    budget = county_budget(county=jamtland, agreement=seeded)
    area4 = next(a for a in budget.areas if a.focus_area.number == 4)
    href, text = cell(html, "cell-4-decided")
    assert text == f"{area4.row.figures.decided:,} kr".replace(",", " ")
    assert href == reverse("allocations:budget_cell", args=["jamtland", 2025, "beslutat", 4])
    _href, total = cell(html, "cell-total-allocated")
    assert total == "12 697 775 kr"
    # The chain of the allocation: as given, then what moved and where it was decided.
    chain = re.search(r'id="chain-1">(.*?)</ul>', html, re.S).group(1)
    assert "4 000 000 kr" in chain and f"-{MOVED:,} kr".replace(",", " ") in chain
    assert "§12 2025-05-02" in chain
    # The chart: one bar per figure, labelled with its amount.
    bar = re.search(r'<g id="bar-4-decided" data-amount="(\d+)">(.*?)</g>', html, re.S)
    assert int(bar.group(1)) == area4.row.figures.decided
    assert text in bar.group(2)
    assert 'role="img"' in html and '<title id="budget-chart-title">' in html
    # Sub-area rows beneath area 1, and the legend that defines "to repay".
    assert 'id="cell-1-s' in html
    assert "budget-legend" in html


def test_a_drill_down_lists_the_lines_behind_the_figure(login, year, jamtland, seeded):
    client = login("samordnare@jamtland.demo")
    html = client.get(URL).content.decode()
    for dom_id in ("cell-4-decided", "cell-total-used", "cell-1-remaining", "cell-4-to_repay"):
        href, figure = cell(html, dom_id)
        page = client.get(href).content.decode()
        assert re.search(r'id="cell-total">([^<]+)<', page).group(1) == figure, dom_id


def test_the_budget_page_takes_a_fixed_number_of_queries(
    login, jamtland, seeded, django_assert_max_num_queries
):
    client = login("samordnare@jamtland.demo")
    build_year(jamtland, seeded, grants=20, seed=1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    build_year(jamtland, seeded, grants=200, seed=2)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(large) == len(small)
    assert len(small) <= 25


def test_the_links_from_the_start_page_and_the_overview(login, seeded):
    client = login("samordnare@jamtland.demo")
    assert URL in client.get("/").content.decode()
    latest = client.get(reverse("allocations:budget_latest", args=["jamtland"]))
    assert latest.status_code == 302 and latest["Location"] == URL
    overview = reverse("allocations:county_overview", args=["jamtland", 2025])
    assert URL in client.get(overview).content.decode()
    client.logout()
    reviewer = login("beredning1@jamtland.demo")
    assert URL not in reviewer.get(overview).content.decode()


def test_the_actor_summaries_add_up_to_what_is_decided(login, year, jamtland, seeded):
    client = in_english(login("samordnare@jamtland.demo"))
    html = client.get(reverse("allocations:budget_actors", args=["jamtland", 2025])).content
    html = html.decode()
    decided = county_budget(county=jamtland, agreement=seeded).total.decided
    total = f"{decided:,} kr".replace(",", " ")
    assert re.search(r'id="handling-total">([^<]+)<', html).group(1) == total
    assert re.search(r'id="responsible-total">([^<]+)<', html).group(1) == total
    assert "för vidare fördelning" in html
