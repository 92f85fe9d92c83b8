"""Keys as data: saving a key's result as allocations, and importing populations."""

from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from allocations.distribution.arithmetic import DistributionError, Step
from allocations.distribution.services import (
    distribution_key_create,
    distribution_key_save_result,
    populations_import,
)
from allocations.models import (
    County,
    CountyAllocation,
    DistributionKey,
    DistributionResultLine,
    Organisation,
)

pytestmark = pytest.mark.django_db

THIRDS = {
    "Kommunalförbunden": Fraction(1, 3),
    "Vårdsamverkan": Fraction(1, 3),
    "Västra Götalandsregionen": Fraction(1, 3),
}


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("samordnare@example.se")


@pytest.fixture
def vg(agreement_2025) -> County:
    return County.objects.get(slug="vastragotaland")


def area(agreement, number):
    return agreement.focus_areas.get(number=number)


def test_a_countys_key_is_saved_as_sub_allocations_with_its_inputs(agreement_2025, vg, user):
    key = distribution_key_create(
        county=vg,
        focus_area=area(agreement_2025, 4),
        name="Suicidprevention 2025",
        total_amount=20_909_530,
        steps=[Step.fixed({"Civilsamhället": 1_500_000}), Step.shares(THIRDS)],
        user=user,
    )
    lines = distribution_key_save_result(key=key, user=user)
    assert [(line.recipient, line.amount) for line in lines] == [
        ("Civilsamhället", 1_500_000),
        ("Kommunalförbunden", 6_469_844),
        ("Vårdsamverkan", 6_469_843),
        ("Västra Götalandsregionen", 6_469_843),
    ]
    assert sum(line.amount for line in key.result_lines.all()) == 20_909_530
    vgr = key.result_lines.get(recipient="Västra Götalandsregionen")
    assert vgr.organisation == Organisation.objects.get(name="Västra Götalandsregionen")
    assert vgr.trace == [
        {"step": 2, "kind": "shares", "within": [], "exact": "19409530/3", "amount": 6_469_843}
    ]
    assert key.result_lines.get(recipient="Civilsamhället").organisation is None
    key.refresh_from_db()
    assert key.steps[1]["parts"]["Vårdsamverkan"] == "1/3"  # the inputs beside the result
    assert key.result_saved_by == user
    # The county's allocation is not touched by a key inside the county.
    assert CountyAllocation.objects.get(county=vg, focus_area__number=4).amount == 20_909_530


def test_saving_again_replaces_the_result(agreement_2025, vg, user):
    key = distribution_key_create(
        county=vg,
        focus_area=area(agreement_2025, 4),
        name="Nyckel",
        total_amount=100,
        steps=[Step.population({"A": 1, "B": 1})],
        user=user,
        save_result=True,
    )
    distribution_key_save_result(key=key, user=user)
    assert DistributionResultLine.objects.filter(key=key).count() == 2


def test_a_national_key_sets_the_counties_allocations(agreement_2025, user):
    counties = ["Jämtland Härjedalen", "Västmanland", "Dalarna", "Västra Götaland"]
    key = distribution_key_create(
        county=None,
        focus_area=area(agreement_2025, 1),
        name="Fast belopp per län",
        total_amount=16_000_000,
        steps=[Step.fixed({name: 4_000_000 for name in counties})],
        user=user,
        save_result=True,
    )
    vg = CountyAllocation.objects.get(county__slug="vastragotaland", focus_area__number=1)
    assert vg.amount == 4_000_000
    assert vg.basis == "Fast belopp per län"
    assert {line.county.name for line in key.result_lines.all()} == set(counties)


def test_a_national_key_names_only_counties(agreement_2025, user):
    key = distribution_key_create(
        county=None,
        focus_area=area(agreement_2025, 3),
        name="Befolkning",
        total_amount=1_000,
        steps=[Step.population({"Dalarna": 1, "Atlantis": 1})],
        user=user,
    )
    with pytest.raises(DistributionError) as exc:
        distribution_key_save_result(key=key, user=user)
    assert exc.value.code == "unknown_county"
    assert not DistributionResultLine.objects.exists()


def test_a_key_that_does_not_add_up_is_not_stored(agreement_2025, vg, user):
    with pytest.raises(DistributionError):
        distribution_key_create(
            county=vg,
            focus_area=area(agreement_2025, 3),
            name="Fel",
            total_amount=1_000,
            steps=[Step.fixed({"A": 2_000})],
            user=user,
        )
    assert not DistributionKey.objects.exists()


def test_the_key_checks_its_steps_and_year(agreement_2025, vg):
    key = DistributionKey(
        county=vg,
        agreement=agreement_2025,
        focus_area=area(agreement_2025, 3),
        name="Trasig",
        total_amount=1,
        steps=[{"kind": "lottery", "parts": {}}],
    )
    with pytest.raises(ValidationError) as exc:
        key.full_clean()
    assert "steps" in exc.value.message_dict


# --- populations ---------------------------------------------------------------------------

CSV = "name;population\nSkaraborgs kommunalförbund;270 000\nfyrbodals kommunalförbund;270000\n"


def test_populations_are_imported_from_csv_with_a_bom(vg):
    report = populations_import(county=vg, data=("\ufeff" + CSV).encode())
    assert report.saved
    assert report.errors == []
    assert Organisation.objects.get(name="Skaraborgs kommunalförbund").population == 270_000
    assert Organisation.objects.get(name="Fyrbodals kommunalförbund").population == 270_000


def test_a_bad_line_saves_nothing_and_every_problem_is_reported(vg):
    data = CSV + "Atlantis kommunalförbund;10\nSjuhärads kommunalförbund;många\nBara ett fält\n"
    with translation.override("en"):
        report = populations_import(county=vg, data=data.encode())
    assert not report.saved
    assert len(report.errors) == 3
    assert report.errors[0].startswith("Line 4")
    assert "Atlantis" in report.errors[0]
    assert "many" not in report.errors[1] and "många" in report.errors[1]
    assert report.errors[2].startswith("Line 6")
    assert Organisation.objects.filter(population__isnull=False).count() == 0


def test_a_file_without_the_header_or_not_in_utf8_is_refused(vg):
    assert not populations_import(county=vg, data="Skaraborgs kommunalförbund;1\n").saved
    latin1 = "name;population\nÅmåls kommun;1\n".encode("latin-1")
    assert not populations_import(county=vg, data=latin1).saved
    assert not populations_import(county=vg, data=b"").saved


def test_a_name_listed_twice_is_refused(vg):
    data = CSV + "Skaraborgs kommunalförbund;1\n"
    report = populations_import(county=vg, data=data)
    assert not report.saved


def test_without_a_county_the_counties_get_their_population(agreement_2025, tmp_path):
    path = tmp_path / "lan.csv"
    path.write_text("namn;befolkning\nDalarna;287 000\n", encoding="utf-8")
    call_command("import_populations", str(path))
    assert County.objects.get(slug="dalarna").population == 287_000
