"""Counties created and edited by the national administrator, with the organisation that
administers their county-joint funds; the national pages are the national administrator's."""

import pytest
from django.urls import reverse

from allocations.models import County, Organisation
from allocations.national.services.counties import county_slug

NATIONAL = "nationell@lansmedel.demo"
HOME = reverse("allocations:national_home")
NEW = reverse("allocations:county_create")


def test_a_county_is_created_with_its_administering_organisation(login, seeded):
    client = login(NATIONAL)
    data = {
        "name": "Örebro län",
        "code": "18",
        "population": "310000",
        "administering_name": "Region Örebro län",
        "administering_kind": "region_unit",
        "organisation_number": "232100-0164",
    }
    response = client.post(NEW, data, follow=True)
    html = response.content.decode()
    assert "Länet Örebro län skapades." in html
    county = County.objects.get(code="18")
    assert county.slug == "orebro-lan"
    assert county.population == 310_000
    organisation = county.administering_organisation
    assert organisation.county == county and organisation.name == "Region Örebro län"
    assert organisation.organisation_number == "232100-0164"
    assert county.grant_status_options.exists()
    assert "Region Örebro län" in html and "310000" in html and ">18<" in html


def test_a_taken_code_or_a_bad_code_is_refused_next_to_the_field(login, seeded):
    client = login(NATIONAL)
    data = {
        "name": "Nytt län",
        "code": "23",
        "administering_name": "Regionen",
        "administering_kind": "region_unit",
    }
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert "Länskoden 23 tillhör ett annat län." in response.content.decode()
    response = client.post(NEW, {**data, "code": "2a"})
    assert response.status_code == 400
    assert 'value="Nytt län"' in response.content.decode()
    assert not Organisation.objects.filter(name="Regionen").exists()


def test_a_county_is_edited_and_its_organisation_renamed(login, seeded):
    client = login(NATIONAL)
    url = reverse("allocations:county_edit", args=["jamtland"])
    assert 'value="Jämtland Härjedalen"' in client.get(url).content.decode()
    data = {
        "name": "Jämtland Härjedalen",
        "code": "23",
        "slug": "jamtland",
        "population": "132000",
        "administering_name": "Region Jämtland Härjedalen, Hälsa",
        "administering_kind": "region_unit",
    }
    assert client.post(url, data).status_code == 302
    county = County.objects.get(slug="jamtland")
    assert county.population == 132_000
    assert county.administering_organisation.name == "Region Jämtland Härjedalen, Hälsa"


def test_swedish_letters_are_folded_in_the_short_name():
    assert county_slug("Västra Götaland") == "vastra-gotaland"
    assert county_slug("Jämtland Härjedalen") == "jamtland-harjedalen"


@pytest.mark.parametrize("who", ["samordnare@jamtland.demo", "sokande@ostersund.demo"])
def test_county_staff_and_applicants_are_refused(login, seeded, who):
    client = login(who)
    for url in [HOME, NEW, reverse("allocations:agreement_copy", args=[2025])]:
        assert client.get(url).status_code == 403
    assert client.post(NEW, {"name": "X", "code": "99"}).status_code == 403
    assert not County.objects.filter(code="99").exists()
    assert HOME not in client.get(reverse("start")).content.decode()


def test_anonymous_is_sent_to_log_in(client, seeded):
    response = client.get(reverse("allocations:allocation_import", args=[2025]))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_the_national_home_lists_the_years_and_the_navigation_links_it(login, seeded):
    client = login(NATIONAL)
    html = client.get(HOME).content.decode()
    assert f'href="{HOME}"' in html and ">Nationellt<" in html
    assert "1 560 000 000 kr" in html  # the national total
    assert "107 919 275 kr" in html  # the four counties' allocations of 2025
    assert "Inga länsgemensamma totalbelopp angivna" in html
    assert "Region Västmanland" in html
