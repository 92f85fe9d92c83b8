"""The year's checklist: what a freshly opened year needs, the same items done once fixed,
the names of the steps edited on the page, confirmations, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocations.county_years.services import county_year_open
from allocations.distribution.services import distribution_key_save_result
from allocations.models import (
    County,
    CountyAllocation,
    DistributionKey,
    ForumFunction,
    Membership,
    Role,
)
from applications.models import Call
from tests.allocations.county_years.years import agreement_next, call_2025, jamtland_2025
from tests.applications.factories import CallFactory


@pytest.fixture
def year_2026(seeded, coordinator):
    jamtland_2025(seeded, coordinator)
    agreement = agreement_next(seeded)
    county = County.objects.get(slug="jamtland")
    return county_year_open(county=county, agreement=agreement, by=coordinator, copy_from=None)


def page(client, year):
    url = reverse("allocations:county_year", args=[year.county.slug, year.agreement.year])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def item(html: str, title: str) -> str:
    """The card of one checklist item, from its heading to the next item."""
    start = html.index(f"{title}\n    </h2>")
    head = html.rfind("<li", 0, start)
    return html[head : html.find('<li class="card', start)]


def test_a_freshly_opened_year_says_what_needs_attention(login, year_2026):
    html = page(login("samordnare@jamtland.demo"), year_2026)
    assert "Öppnat " in html and "kopierat från 2025" in html
    allocations = item(html, "Tilldelningar")
    assert "Behöver åtgärdas" in allocations and "Inga tilldelningar för 2026" in allocations
    criteria = item(html, "Prioriteringskriterier")
    assert "Klar" in criteria and "4 prioriteringskriterier, vikter 2, 1, 1, 1" in criteria
    keys = item(html, "Fördelningsnycklar")
    assert "Behöver åtgärdas" in keys and "2 fördelningsnycklar, 0 med sparat resultat" in keys
    calls = item(html, "Utlysningar")
    assert "0 publicerade, 1 utkast att granska och publicera" in calls
    assert "Publicera Länsgemensamma medel 2026" in calls
    forum = item(html, "Beslutsforum")
    assert "Ingen ordförande är utsedd bland dem." in forum and "Behöver åtgärdas" in forum
    deadlines = item(html, "Tidsfrister")
    for line in ["2026-12-01: Rekvirera medlen för 2026", "2027-03-31: Återbetala"]:
        assert line in deadlines
    assert "2026-03-14: Utlysningen Länsgemensamma medel 2026 stänger" in deadlines
    assert reverse("county_people", args=["jamtland"]) in forum


def test_the_items_are_done_once_fixed(login, year_2026, coordinator):
    county, agreement = year_2026.county, year_2026.agreement
    client = login("samordnare@jamtland.demo")
    for area in agreement.focus_areas.filter(has_county_joint_funds=True):
        CountyAllocation.objects.create(county=county, focus_area=area, amount=4_000_000)
    for key in DistributionKey.objects.filter(county=county, agreement=agreement):
        key.steps = [{"kind": "fixed", "parts": {"Region JH": key.total_amount}}]
        key.save()
        distribution_key_save_result(key=key, user=coordinator)
    Call.objects.filter(county=county, agreement=agreement).update(is_draft=False)
    Membership.objects.filter(user__email="forum@jamtland.demo", role=Role.FORUM).update(
        forum_function=ForumFunction.CHAIR
    )
    saved = client.post(
        reverse("allocations:county_year", args=[county.slug, agreement.year]),
        {
            "review_body_name": "Fredagsgruppen",
            "decision_body_name": "SVOM",
            "case_number_format": "RJH-{year}-{number:03d}",
            "decision_mode": "decision",
            "adoption_period_days": "60",
            "appeal_instructions": "Beslutet kan överklagas.",
        },
        follow=True,
    )
    assert "Namnen och formatet för diarienummer sparades." in saved.content.decode()
    html = page(client, year_2026)
    assert "12 000 000 kr i 3 fokusområden" in item(html, "Tilldelningar")
    assert "RJH-2026-001" in item(html, "Namn på stegen och diarienummer")
    assert "0 punkter behöver åtgärdas." in html
    assert "Behöver åtgärdas" not in html


def test_bad_names_are_refused_next_to_the_field_and_kept(login, year_2026):
    client = login("samordnare@jamtland.demo")
    url = reverse("allocations:county_year", args=["jamtland", 2026])
    response = client.post(
        url,
        {
            "review_body_name": "",
            "decision_body_name": "SVOM",
            "case_number_format": "{okänd}",
            "decision_mode": "decision",
            "adoption_period_days": "60",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Använd bara {code}, {year} och {number}." in html
    assert "Detta fält måste fyllas i." in html and 'value="{okänd}"' in html
    assert County.objects.get(slug="jamtland").case_number_format == "{code}-{year}-{number:04d}"


def test_an_item_the_data_cannot_tell_is_confirmed_and_undone(login, year_2026):
    client = login("samordnare@jamtland.demo")
    url = reverse("allocations:county_year_confirm", args=["jamtland", 2026])
    client.post(url, {"item": "bodies", "confirmed": "on"})
    year_2026.refresh_from_db()
    assert year_2026.confirmed_items == ["bodies"]
    assert "Bekräftat av samordnaren." in item(
        page(client, year_2026), "Namn på stegen och diarienummer"
    )
    client.post(url, {"item": "bodies"})
    year_2026.refresh_from_db()
    assert year_2026.confirmed_items == []
    refused = client.post(url, {"item": "calls", "confirmed": "on"}, follow=True)
    assert "kan inte bekräftas" in refused.content.decode()


def test_a_year_not_opened_offers_to_open_it(login, seeded):
    client = login("samordnare@jamtland.demo")
    html = client.get(reverse("allocations:county_year", args=["jamtland", 2025])).content.decode()
    assert "2025 är inte öppnat för länet" in html
    assert reverse("allocations:county_year_open", args=["jamtland"]) + "?ar=2025" in html


def test_the_checklist_runs_a_fixed_number_of_queries(login, year_2026, django_assert_num_queries):
    client = login("samordnare@jamtland.demo")
    url = reverse("allocations:county_year", args=["jamtland", 2026])
    client.get(url)  # the session and the caches settled
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    county, agreement = year_2026.county, year_2026.agreement
    for number in range(5):
        CallFactory(county=county, agreement=agreement, title=f"Extra {number}", is_draft=True)
    call_2025(county, agreement, title="Ännu en")  # with need areas of its own
    county_year_open(
        county=County.objects.get(slug="vastmanland"), agreement=agreement, by=None, copy_from=None
    )
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_the_decision_body_recommends_to_the_members_the_coordinator_chooses(login, year_2026):
    from allocations.models import Organisation

    client = login("samordnare@jamtland.demo")
    url = reverse("allocations:county_year", args=["jamtland", 2026])
    ostersund = Organisation.objects.get(county__slug="jamtland", name="Östersunds kommun")
    fields = {
        "review_body_name": "Beredningsgruppen",
        "decision_body_name": "SVOM",
        "case_number_format": "{code}-{year}-{number:04d}",
        "decision_mode": "recommendation",
        "adoption_period_days": "0",
        "appeal_instructions": "Överklaga inom tre veckor.",
    }
    refused = client.post(url, fields)
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Välj de huvudmän vars styrelser beslutar om rekommendationerna." in html
    assert "Överklaga inom tre veckor." in html and 'value="0"' in html

    saved = client.post(url, {**fields, "adoption_period_days": "45", "members": [ostersund.pk]})
    assert saved.status_code == 302
    county = County.objects.get(slug="jamtland")
    assert (county.decision_mode, county.adoption_period_days) == ("recommendation", 45)
    assert county.appeal_instructions == "Överklaga inom tre veckor."
    members = Organisation.objects.filter(county=county, is_member=True)
    assert list(members.values_list("name", flat=True)) == ["Östersunds kommun"]
