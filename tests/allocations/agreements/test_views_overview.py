import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def overview_url(slug: str = "jamtland", year: int = 2025) -> str:
    return reverse("allocations:county_overview", args=[slug, year])


def test_coordinator_reads_the_countys_allocations_in_swedish(login):
    response = login("samordnare@jamtland.demo").get(overview_url())
    assert response.status_code == 200
    html = response.content.decode()
    for amount in ["4 000 000 kr", "2 506 966 kr", "6 190 809 kr", "12 697 775 kr"]:
        assert amount in html
    assert "Totalt" in html
    assert "Fokusområde" in html
    assert "SVOM" in html
    assert "Inga länsgemensamma medel" in html  # area 2


def test_every_role_of_the_county_sees_its_overview(login):
    for email in ["beredning1@jamtland.demo", "forum@jamtland.demo", "sokande@ostersund.demo"]:
        client = login(email)
        assert client.get(overview_url()).status_code == 200, email
        client.logout()


def test_another_countys_coordinator_gets_not_found(login):
    response = login("samordnare@dalarna.demo").get(overview_url("jamtland"))
    assert response.status_code == 404
    assert "12 697 775" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, seeded):
    response = client.get(overview_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_year_is_not_found(login):
    assert login("samordnare@jamtland.demo").get(overview_url(year=1999)).status_code == 404


def test_county_link_goes_to_the_latest_year(login):
    client = login("samordnare@jamtland.demo")
    response = client.get(reverse("allocations:county_latest", args=["jamtland"]))
    assert response["Location"] == overview_url()


def test_overview_runs_a_fixed_number_of_queries(login, django_assert_num_queries):
    client = login("samordnare@jamtland.demo")
    client.get(overview_url())  # warm the session
    # session, user, memberships (navigation), county, agreement, areas, sub-areas, allocations,
    # the years the coordinator is asked to open
    with django_assert_num_queries(9):
        response = client.get(overview_url())
    assert response.status_code == 200


def test_the_same_page_in_english(login):
    client = login("samordnare@jamtland.demo")
    client.post(reverse("set_language"), {"language": "en", "next": overview_url()})
    html = client.get(overview_url()).content.decode()
    assert "Focus area" in html
    assert "12 697 775 kr" in html


def test_agreement_page_lists_conditions_and_deadlines(login):
    response = login("sokande@ostersund.demo").get(
        reverse("allocations:agreement_detail", args=[2025])
    )
    html = response.content.decode()
    assert "2025-12-01" in html
    assert "2026-03-31" in html
    assert "1 560 000 000 kr" in html
    assert "upprätta länsgemensamma handlingsplaner" in html


def test_start_page_offers_each_role_its_section(login):
    html = login("samordnare@jamtland.demo").get(reverse("start")).content.decode()
    assert "Samordnare" in html
    assert reverse("allocations:county_latest", args=["jamtland"]) in html
    html = login("sokande@ostersund.demo").get(reverse("start")).content.decode()
    assert "Östersunds kommun" in html
