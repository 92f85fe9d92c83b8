"""Agreement years made by the national administrator: copied from the last year (areas,
conditions, sub-areas, dates moved by whole years, no allocations), created blank, edited."""

import datetime

import pytest
from django.urls import reverse

from allocations.models import Agreement, CountyAllocation, FocusArea
from allocations.national.services.agreements import agreement_copy
from allocations.national.services.common import AgreementError

NATIONAL = "nationell@lansmedel.demo"
COPY_2025 = reverse("allocations:agreement_copy", args=[2025])


def test_copying_2025_makes_2026_with_its_areas_and_moved_dates(login, seeded):
    client = login(NATIONAL)
    page = client.get(COPY_2025).content.decode()
    assert 'value="2026"' in page
    response = client.post(COPY_2025, {"year": "2026"}, follow=True)
    assert "Överenskommelseåret 2026 skapades från 2025." in response.content.decode()
    new = Agreement.objects.get(year=2026)
    assert new.title.endswith("suicidprevention 2026")
    assert new.national_total == 1_560_000_000
    assert new.description == seeded.description
    assert (new.requisition_deadline, new.report_back_deadline, new.repayment_deadline) == (
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 3, 31),
    )
    old_areas = {a.number: a for a in seeded.focus_areas.all()}
    new_areas = {a.number: a for a in new.focus_areas.all()}
    assert new_areas.keys() == old_areas.keys() == {1, 2, 3, 4}
    for number, area in new_areas.items():
        old = old_areas[number]
        assert (area.name, area.has_county_joint_funds) == (old.name, old.has_county_joint_funds)
        assert [c.text for c in area.conditions.all()] == [c.text for c in old.conditions.all()]
        subs = [(s.name, s.earmarked_amount) for s in area.sub_areas.all()]
        assert subs == [(s.name, s.earmarked_amount) for s in old.sub_areas.all()]
    assert (new_areas[1].sub_areas.get(position=1).earmarked_amount) == 2_000_000
    assert not CountyAllocation.objects.filter(focus_area__agreement=new).exists()
    assert CountyAllocation.objects.filter(focus_area__agreement=seeded).count() == 12


def test_29_february_becomes_the_28th_and_the_total_is_copied(seeded, django_user_model):
    seeded.repayment_deadline = datetime.date(2028, 2, 29)
    seeded.save()
    FocusArea.objects.filter(agreement=seeded, number=1).update(county_joint_total=19_000_000)
    new = agreement_copy(source=seeded, year=2027, by=None)
    assert new.repayment_deadline == datetime.date(2030, 2, 28)
    assert new.focus_areas.get(number=1).county_joint_total == 19_000_000
    with pytest.raises(AgreementError, match="2027 finns redan"):
        agreement_copy(source=seeded, year=2027, by=None)


def test_copying_onto_an_existing_year_is_refused_next_to_the_year(login, seeded):
    client = login(NATIONAL)
    client.post(COPY_2025, {"year": "2026"})
    response = client.post(COPY_2025, {"year": "2026"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Överenskommelseåret 2026 finns redan." in html
    assert 'value="2026"' in html and "is-invalid" in html
    assert Agreement.objects.filter(year=2026).count() == 1


def _edit_data(client, year: int) -> dict:
    """The edit page's form as the browser would post it unchanged."""
    from tests.test_fuzz_forms import FormParser

    parser = FormParser()
    parser.feed(client.get(reverse("allocations:agreement_edit", args=[year])).content.decode())
    (form,) = [f for f in parser.forms if "agreement-title" in f["fields"]]
    return {name: field["value"] for name, field in form["fields"].items()}


def test_a_sub_area_amount_is_changed_and_a_condition_added(login, seeded):
    client = login(NATIONAL)
    area = seeded.focus_areas.get(number=1)
    sub = area.sub_areas.get(position=1)
    data = _edit_data(client, 2025)
    index = next(
        k
        for k, v in data.items()
        if k.startswith(f"subareas-{area.pk}-") and k.endswith("-id") and v == str(sub.pk)
    )
    data[index.replace("-id", "-earmarked_amount")] = "2 500 000"
    conditions = area.conditions.count()
    data[f"conditions-{area.pk}-{conditions}-text"] = "redovisa insatserna till SKR"
    data["agreement-national_total"] = "1 600 000 000"
    response = client.post(reverse("allocations:agreement_edit", args=[2025]), data, follow=True)
    assert "Överenskommelseåret 2025 sparades." in response.content.decode()
    sub.refresh_from_db()
    assert sub.earmarked_amount == 2_500_000
    assert area.conditions.count() == conditions + 1
    assert area.conditions.order_by("position").last().text == "redovisa insatserna till SKR"
    seeded.refresh_from_db()
    assert seeded.national_total == 1_600_000_000
    assert seeded.audit_log.count() == 2


def test_a_condition_and_a_sub_area_are_deleted(login, seeded):
    client = login(NATIONAL)
    area = seeded.focus_areas.get(number=1)
    data = _edit_data(client, 2025)
    data[f"conditions-{area.pk}-0-DELETE"] = "on"
    data[f"subareas-{area.pk}-2-DELETE"] = "on"
    before = (area.conditions.count(), area.sub_areas.count())
    response = client.post(reverse("allocations:agreement_edit", args=[2025]), data)
    assert response.status_code == 302
    assert (area.conditions.count(), area.sub_areas.count()) == (before[0] - 1, before[1] - 1)


def test_a_bad_amount_shows_next_to_its_field_and_nothing_is_saved(login, seeded):
    client = login(NATIONAL)
    area = seeded.focus_areas.get(number=1)
    data = _edit_data(client, 2025)
    data[f"subareas-{area.pk}-0-earmarked_amount"] = "två miljoner"
    data["agreement-title"] = "Ny titel"
    response = client.post(reverse("allocations:agreement_edit", args=[2025]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "två miljoner" in html and "Ny titel" in html and "is-invalid" in html
    seeded.refresh_from_db()
    assert seeded.title != "Ny titel"


def test_a_blank_year_is_created_and_gets_a_first_focus_area(login, seeded):
    client = login(NATIONAL)
    create = reverse("allocations:agreement_create")
    response = client.post(create, {"year": "2030", "title": "Överenskommelse 2030"})
    assert response["Location"] == reverse("allocations:agreement_edit", args=[2030])
    agreement = Agreement.objects.get(year=2030)
    assert agreement.requisition_deadline == datetime.date(2030, 12, 1)
    data = _edit_data(client, 2030)
    data.update(
        {
            "areas-0-number": "1",
            "areas-0-name": "Suicidprevention",
            "areas-0-has_county_joint_funds": "on",
            "areas-0-county_joint_total": "5 000 000",
        }
    )
    assert client.post(reverse("allocations:agreement_edit", args=[2030]), data).status_code == 302
    area = agreement.focus_areas.get()
    assert (area.name, area.county_joint_total) == ("Suicidprevention", 5_000_000)
    again = client.post(create, {"year": "2030", "title": "Igen"})
    assert again.status_code == 400
    assert "Överenskommelseåret 2030 finns redan." in again.content.decode()


def test_two_areas_swap_their_numbers(login, seeded):
    client = login(NATIONAL)
    first, second = seeded.focus_areas.get(number=1), seeded.focus_areas.get(number=2)
    data = _edit_data(client, 2025)
    data["areas-0-number"], data["areas-1-number"] = "2", "1"
    assert client.post(reverse("allocations:agreement_edit", args=[2025]), data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (2, 1)
    data = _edit_data(client, 2025)
    data["areas-0-number"] = "2"
    response = client.post(reverse("allocations:agreement_edit", args=[2025]), data)
    assert response.status_code == 400
    assert "Två fokusområden kan inte båda ha nummer 2." in response.content.decode()
