"""The opening page: the year and the year to copy from, what will be copied shown before
confirming, the year opened; the county's overview asks its coordinator to open a new year."""

import pytest
from django.urls import reverse

from allocations.models import CountyYear
from tests.allocations.county_years.years import agreement_next, jamtland_2025


@pytest.fixture
def agreement_2026(seeded, coordinator):
    jamtland_2025(seeded, coordinator)
    first_sub = seeded.focus_areas.get(number=1).sub_areas.order_by("position").first()
    return agreement_next(seeded, drop_areas=(3,), renamed={first_sub.name: "Nytt namn"})


OPEN = reverse("allocations:county_year_open", args=["jamtland"])


def test_the_overview_asks_the_coordinator_to_open_the_new_year(login, agreement_2026):
    overview = reverse("allocations:county_overview", args=["jamtland", 2025])
    html = login("samordnare@jamtland.demo").get(overview).content.decode()
    assert "Öppna år 2026" in html and f"{OPEN}?ar=2026" in html
    assert reverse("allocations:county_year", args=["jamtland", 2025]) in html
    assert "Öppna år 2026" not in login("beredning1@jamtland.demo").get(overview).content.decode()


def test_the_page_shows_what_will_be_copied_before_opening(login, agreement_2026):
    html = login("samordnare@jamtland.demo").get(f"{OPEN}?ar=2026").content.decode()
    assert "Det här kopieras när 2026 öppnas" in html
    assert "4 prioriteringskriterier" in html
    assert "1 fördelningsnyckel, utan sitt resultat" in html
    assert "1 utlysning, som utkast" in html and "Länsgemensamma medel 2026" in html
    assert "2026-02-01 – 2026-03-14 16:00" in html
    assert "Inte kopierat, eftersom det nya året saknar plats för det:" in html
    assert "delområdet Länsgemensam" in html
    assert not CountyYear.objects.exists()


def test_copying_nothing_is_previewed_and_opened(login, agreement_2026):
    client = login("samordnare@jamtland.demo")
    data = {"agreement": agreement_2026.pk, "copy_from": "", "action": "preview"}
    assert "Ingenting kopieras" in client.post(OPEN, data).content.decode()
    opened = client.post(OPEN, {**data, "action": "open"}, follow=True)
    assert "2026 är öppnat för Jämtland Härjedalen." in opened.content.decode()
    assert CountyYear.objects.get().copy_summary["calls"] == 0


def test_opening_goes_to_the_checklist_and_the_year_is_then_not_offered(
    login, agreement_2026, seeded
):
    client = login("samordnare@jamtland.demo")
    data = {"agreement": agreement_2026.pk, "copy_from": seeded.pk, "action": "open"}
    response = client.post(OPEN, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("allocations:county_year", args=["jamtland", 2026])
    again = client.post(OPEN, data)
    assert again.status_code == 400
    assert "Välj ett år som länet inte har öppnat." in again.content.decode()


def test_copying_from_a_later_year_is_refused_next_to_the_field(login, agreement_2026, seeded):
    client = login("samordnare@jamtland.demo")
    data = {"agreement": seeded.pk, "copy_from": agreement_2026.pk, "action": "open"}
    response = client.post(OPEN, data)
    assert response.status_code == 400
    assert "Kopiera från ett tidigare år än det du öppnar." in response.content.decode()
    assert not CountyYear.objects.exists()
