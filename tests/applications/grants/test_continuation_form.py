"""A continuation names a grant of an earlier year of its own organisation; the form says in
Swedish what is wrong and keeps what was typed."""

import pytest
from django.urls import reverse

from applications.applying.forms import ApplicationForm
from applications.models import Status
from tests.allocations.trends.trends_data import YearBuilder, agreement_of, build_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(jamtland):
    return build_history(jamtland)


@pytest.fixture
def draft_2026(history):
    builder = YearBuilder(history.county, agreement_of(2026))
    return builder.application(history.ostersund, 4, 50_000, Status.DRAFT)


def _errors(draft, **data):
    form = ApplicationForm({"kind": "continuation", **data}, instance=draft, call=draft.call)
    form.is_valid()
    return form.errors.get("continues")


def test_the_choice_offers_the_organisations_grants_of_earlier_years(history, draft_2026):
    form = ApplicationForm(instance=draft_2026, call=draft_2026.call)
    choices = [label for value, label in form.fields["continues"].choices if value]
    assert choices == [
        "2025 · Suicidprevention i Östersund, år 2 · 200 000 kr",
        "2024 · Suicidprevention i Östersund · 250 000 kr",
    ]


def test_a_grant_of_an_earlier_year_of_the_organisation_is_accepted(history, draft_2026):
    assert _errors(draft_2026, continues=str(history.g25.pk)) is None


def test_a_continuation_without_a_grant_is_refused(history, draft_2026):
    assert _errors(draft_2026) == ["Välj det bidrag som insatsen fortsätter."]


def test_a_grant_of_another_organisation_is_refused(history, draft_2026):
    builder = YearBuilder(history.county, agreement_of(2025))
    other = builder.application(history.kfjh, 4, 10_000, Status.APPROVED)
    from applications.models import Outcome

    grant = builder.decide(other, builder.propose(other, 10_000), Outcome.APPROVED, 10_000)
    assert _errors(draft_2026, continues=str(grant.pk)) == [
        "Välj ett bidrag som din egen organisation har fått."
    ]


def test_a_grant_of_the_calls_own_year_is_refused(history):
    builder = YearBuilder(history.county, agreement_of(2025))
    draft = builder.application(history.ostersund, 4, 50_000, Status.DRAFT)
    assert _errors(draft, continues=str(history.g25.pk)) == [
        "Välj ett bidrag från ett år före utlysningens år (2025)."
    ]


def test_a_new_intervention_continues_nothing(history, draft_2026):
    form = ApplicationForm(
        {"kind": "new", "continues": str(history.g25.pk)}, instance=draft_2026, call=draft_2026.call
    )
    assert form.is_valid()
    assert form.cleaned_data["continues"] is None


def test_the_edit_page_shows_the_error_and_keeps_the_input(history, login):
    builder = YearBuilder(history.county, agreement_of(2025))
    draft = builder.application(history.ostersund, 4, 50_000, Status.DRAFT, title="Mitt utkast")
    from django.contrib.auth import get_user_model

    draft.created_by = get_user_model().objects.get(username="sokande@ostersund.demo")
    draft.save()
    client = login("sokande@ostersund.demo")
    url = reverse("applications:application_edit", args=[draft.pk])
    response = client.post(
        url,
        {
            "title": "Mitt utkast, ändrat",
            "kind": "continuation",
            "continues": str(history.g25.pk),
            "revision": "0",
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Välj ett bidrag från ett år före utlysningens år (2025)." in page
    assert "Mitt utkast, ändrat" in page
