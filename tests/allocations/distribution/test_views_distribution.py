"""The coordinator's page for running a distribution key inside the county."""

import pytest
from django.urls import reverse

from allocations.models import DistributionKey, FocusArea, Organisation
from tests.services import in_english

pytestmark = pytest.mark.django_db

URL = reverse("allocations:distribution", args=["vastragotaland"])
THIRDS = [
    ("Civilsamhället", "1 500 000", ""),
    ("Kommunalförbunden", "", "1/3"),
    ("Vårdsamverkan", "", "1/3"),
    ("Västra Götalandsregionen", "", "1/3"),
]


def area(number: int) -> FocusArea:
    return FocusArea.objects.get(agreement__year=2025, number=number)


def form_data(rows, *, number=4, method="shares", amount="", action="calculate", name=""):
    data = {
        "focus_area": area(number).pk,
        "amount": amount,
        "method": method,
        "name": name,
        "action": action,
        "recipients-TOTAL_FORMS": str(len(rows)),
        "recipients-INITIAL_FORMS": "0",
        "recipients-MIN_NUM_FORMS": "0",
        "recipients-MAX_NUM_FORMS": "1000",
    }
    for i, (recipient, fixed, weight) in enumerate(rows):
        data[f"recipients-{i}-recipient"] = recipient
        data[f"recipients-{i}-fixed"] = fixed
        data[f"recipients-{i}-weight"] = weight
    return data


@pytest.fixture
def coordinator(login):
    return login("samordnare@vastragotaland.demo")


def test_the_coordinator_opens_the_page(coordinator):
    response = coordinator.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "20 909 530 kr" in html  # the allocation beside the focus area
    assert '<datalist id="county-organisations">' in html
    assert 'value="Skaraborgs kommunalförbund"' in html


def test_only_the_countys_coordinator_may_distribute(login, client, seeded):
    assert login("beredning1@vastragotaland.demo").get(URL).status_code == 403
    assert login("sokande@goteborg.demo").get(URL).status_code == 403
    assert login("samordnare@jamtland.demo").get(URL).status_code == 404  # another county
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_calculating_shows_exact_and_rounded_shares_and_saves_nothing(coordinator):
    html = in_english(coordinator).post(URL, form_data(THIRDS)).content.decode()
    assert 'id="distribution-result"' in html
    assert "6 469 844 kr" in html  # the extra krona goes by the tie rule
    assert html.count("6 469 843 kr") == 4  # rounded share and amount of two recipients
    assert "6 469 843.33 kr" in html  # the exact share, to the öre
    assert '<td class="amount" id="result-total">20 909 530 kr</td>' in html
    assert not DistributionKey.objects.exists()


def test_saving_stores_the_key_and_its_sub_allocations(coordinator):
    response = coordinator.post(URL, form_data(THIRDS, action="save", name="Område 4"))
    assert response.status_code == 302
    key = DistributionKey.objects.get()
    assert key.name == "Område 4"
    assert key.county.slug == "vastragotaland"
    assert key.total_amount == 20_909_530
    assert key.steps[0] == {"kind": "fixed", "parts": {"Civilsamhället": 1_500_000}}
    lines = {line.recipient: line for line in key.result_lines.all()}
    assert sum(line.amount for line in lines.values()) == 20_909_530
    assert lines["Västra Götalandsregionen"].organisation.name == "Västra Götalandsregionen"
    html = coordinator.get(URL).content.decode()
    assert "Område 4" in html
    assert "6 469 844 kr" in html


def test_population_is_offered_from_the_organisations_and_split_by_it(coordinator):
    populations = {"Skaraborgs kommunalförbund": 270_000, "Sjuhärads kommunalförbund": 230_000}
    for name, population in populations.items():
        Organisation.objects.filter(name=name).update(population=population)
    html = coordinator.get(URL).content.decode()
    assert 'value="270000"' in html
    rows = [(name, "", str(population)) for name, population in populations.items()]
    data = form_data(rows, number=3, method="population", amount="1 000 001", action="save")
    assert coordinator.post(URL, data).status_code == 302
    amounts = dict(DistributionKey.objects.get().result_lines.values_list("recipient", "amount"))
    assert amounts == {"Skaraborgs kommunalförbund": 540_001, "Sjuhärads kommunalförbund": 460_000}


def test_a_share_that_cannot_be_read_is_marked_next_to_the_field(coordinator):
    rows = [("Kommunalförbunden", "", "en tredjedel"), ("Vårdsamverkan", "", "2/3")]
    html = in_english(coordinator).post(URL, form_data(rows)).content.decode()
    assert 'id="id_recipients-0-weight_error"' in html
    assert "Enter a share above 0 and at most 1" in html
    assert 'value="en tredjedel"' in html  # the typed input is kept
    assert 'aria-describedby="id_recipients-0-weight_error recipients-help"' in html


def test_shares_must_add_up_to_one(coordinator):
    rows = [("Kommunalförbunden", "", "1/3"), ("Vårdsamverkan", "", "1/3")]
    html = in_english(coordinator).post(URL, form_data(rows)).content.decode()
    assert "The shares add up to 2/3; they must add up to 1." in html
    assert 'id="distribution-result"' not in html


def test_more_than_the_allocation_is_refused_at_the_amount(coordinator):
    data = form_data(THIRDS, amount="30 000 000")
    html = in_english(coordinator).post(URL, data).content.decode()
    assert "The county&#x27;s allocation in this area is 20 909 530 kr" in html
    assert 'value="30 000 000"' in html


def test_fixed_amounts_above_the_amount_are_refused(coordinator):
    rows = [("Civilsamhället", "2 000 000", ""), ("Västra Götalandsregionen", "", "1")]
    data = form_data(rows, amount="1 000 000")
    html = in_english(coordinator).post(URL, data).content.decode()
    assert 'id="key-error"' in html
    assert "The fixed amounts (2 000 000 kr) are more than the 1 000 000 kr to distribute." in html


def test_errors_are_in_swedish_by_default(coordinator):
    data = form_data(THIRDS)
    data["focus_area"] = area(2).pk  # no county-joint funds, so not offered
    html = coordinator.post(URL, data).content.decode()
    assert "Välj ett giltigt alternativ" in html


def test_more_rows_keep_what_was_typed(coordinator):
    data = form_data(THIRDS[:2], action="more")
    html = coordinator.post(URL, data).content.decode()
    assert 'name="recipients-TOTAL_FORMS" value="6"' in html
    assert 'value="Kommunalförbunden"' in html
    assert not DistributionKey.objects.exists()
