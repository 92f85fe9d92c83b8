"""The decided grants of a county and year as a 360Giving data package, valid against the
standard's schema (shared/standards/360giving), resolved locally, never over the network."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from allocations.models import County, Organisation
from allocations.opendata.selectors import grants_360giving, organisation_identifier
from applications.models import Grant, MeetingState
from tests.allocations.budget.budget_data import build_year

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
# The project's copy of the standard (validated offline wherever it is checked out) and the
# workplace's shared copy it was taken from, when present.
STANDARD = ROOT / "allocations" / "standards" / "360giving"
SHARED = ROOT.parent / "shared" / "standards" / "360giving"
# The package schema refers to the grant schema by this address; it is served locally.
GRANT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/"
    "360-giving-schema.json"
)


def validator(*, formats: bool) -> Draft202012Validator:
    package = json.loads((STANDARD / "360-giving-package-schema.json").read_text())
    # The files name their dialect with http://, which `referencing` does not recognise.
    grant = DRAFT202012.create_resource(
        json.loads((STANDARD / "360-giving-schema.json").read_text())
    )
    # No `retrieve`: any reference not registered here fails instead of being fetched.
    registry = Registry().with_resources([(GRANT_SCHEMA_URL, grant), (grant.id(), grant)])
    return Draft202012Validator(
        package, registry=registry, format_checker=FormatChecker() if formats else None
    )


def problems(package: dict, *, formats: bool = True) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(formats=formats).iter_errors(package)
    ]


@pytest.fixture
def jamtland(seeded) -> County:
    county = County.objects.get(slug="jamtland")
    # Organisation numbers as Bolagsverket registers them; the demo data has none.
    Organisation.objects.filter(county=county, name="Region Jämtland Härjedalen").update(
        organisation_number="232100-0214"
    )
    Organisation.objects.filter(county=county, name="Östersunds kommun").update(
        organisation_number="212000-2627"
    )
    return County.objects.get(pk=county.pk)


@pytest.fixture
def year(jamtland, seeded):
    return build_year(jamtland, seeded, grants=40)


def test_the_schema_is_local_and_rejects_a_broken_package():
    assert validator(formats=True).schema["properties"]["grants"]["items"]["$ref"] == (
        GRANT_SCHEMA_URL
    )
    assert problems({"grants": [{"id": "x"}]})  # required fields missing
    assert problems({"grants": []})  # at least one grant


@pytest.mark.parametrize("formats", [True, False])
def test_the_package_is_valid_360giving(year, jamtland, seeded, formats):
    package = grants_360giving(county=jamtland, agreement=seeded)
    assert problems(package, formats=formats) == []


def test_the_package_holds_the_released_current_grants(year, jamtland, seeded):
    package = grants_360giving(county=jamtland, agreement=seeded)
    released = Grant.objects.filter(
        county=jamtland,
        replaced_by__isnull=True,
        decision__item__meeting__state=MeetingState.MINUTES_APPROVED,
    )
    assert len(package["grants"]) == released.count() > 0
    # The corrections' meeting is closed but its minutes are not approved: not published yet.
    assert not Grant.objects.filter(
        replaced_by__isnull=True, decision__item__meeting__state=MeetingState.CLOSED
    ).filter(pk__in=[int(g["id"].rsplit("-", 1)[1]) for g in package["grants"]])
    first = package["grants"][0]
    grant = Grant.objects.get(pk=int(first["id"].rsplit("-", 1)[1]))
    assert first["id"] == f"360G-lansmedel-23-{grant.pk}"
    assert first["currency"] == "SEK"
    assert first["amountAwarded"] == grant.amount
    assert first["awardDate"] == "2025-03-14T00:00:00+01:00"
    assert first["fundingOrganization"] == [
        {"id": "SE-BLV-232100-0214", "name": "Region Jämtland Härjedalen", "department": "SVOM"}
    ]
    assert sum(g["amountAwarded"] for g in package["grants"]) == sum(g.amount for g in released)
    assert package["identifier"] == "360G-lansmedel-23-2025"


def test_organisations_are_identified_by_organisation_number(jamtland):
    region = Organisation.objects.get(name="Region Jämtland Härjedalen")
    unit = Organisation.objects.get(name="Region Jämtland Härjedalen, Folkhälsoenheten")
    federation = Organisation.objects.get(name="Kommunförbundet Jämtland Härjedalen")
    assert organisation_identifier(region) == (
        "SE-BLV-232100-0214",
        None,
        "Region Jämtland Härjedalen",
    )
    # A unit without a number of its own: its parent's number, the unit as department.
    assert organisation_identifier(unit) == (
        "SE-BLV-232100-0214",
        "Region Jämtland Härjedalen, Folkhälsoenheten",
        "Region Jämtland Härjedalen",
    )
    # No number in its line: a county-local id that stays the same.
    assert organisation_identifier(federation) == (
        f"360G-lansmedel-23-org-{federation.pk}",
        None,
        "Kommunförbundet Jämtland Härjedalen",
    )


def test_every_recipient_has_an_identifier_of_one_of_the_three_kinds(year, jamtland, seeded):
    package = grants_360giving(county=jamtland, agreement=seeded)
    ids = {g["recipientOrganization"][0]["id"] for g in package["grants"]}
    assert any(i.startswith("SE-BLV-") for i in ids)
    assert any(i.startswith("360G-lansmedel-23-org-") for i in ids)
    assert all(i.startswith(("SE-BLV-", "360G-lansmedel-23-org-")) for i in ids)


def test_the_package_downloads_as_json(login, year, jamtland, seeded):
    url = reverse("allocations:budget_360giving", args=["jamtland", 2025])
    response = login("samordnare@jamtland.demo").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert problems(json.loads(response.content)) == []


def test_nothing_to_publish_before_any_grant_is_released(login, seeded):
    url = reverse("allocations:budget_360giving", args=["jamtland", 2025])
    response = login("samordnare@jamtland.demo").get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("allocations:budget", args=["jamtland", 2025])


@pytest.mark.skipif(not SHARED.is_dir(), reason="no shared/ beside the project")
def test_the_projects_copy_of_the_schema_is_the_shared_one():
    for name in ("360-giving-package-schema.json", "360-giving-schema.json"):
        assert (STANDARD / name).read_bytes() == (SHARED / name).read_bytes(), name
