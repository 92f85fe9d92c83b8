"""An intervention over the years: 2024's grant ← 2025's continuation and its grant ← 2026's
continuation (tests/allocations/trends/trends_data.py), year by year, and where it shows."""

import pytest
from django.urls import reverse

from applications.grants.interventions import county_interventions, intervention_history
from tests.allocations.trends.trends_data import build_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(jamtland):
    return build_history(jamtland)


def _figures(intervention):
    return {y.year: [y.applied, y.decided, y.used, y.to_repay] for y in intervention.years}


CHAIN = {
    2024: [300_000, 250_000, 200_000, 50_000],
    2025: [280_000, 200_000, 75_000, 0],
    2026: [310_000, 0, 0, 0],
}


def test_the_chain_runs_over_three_years_from_wherever_it_is_read(history):
    for start in (
        {"grant": history.g24},
        {"grant": history.g25},
        {"application": history.a25},
        {"application": history.a26},
    ):
        assert _figures(intervention_history(**start)) == CHAIN, start
    chain = intervention_history(application=history.a26)
    assert chain.title == "Suicidprevention i Östersund, år 3"
    assert [s.grant_id for y in chain.years for s in y.steps] == [
        history.g24.pk,
        history.g25.pk,
        None,
    ]
    assert chain.totals.decided == 450_000


def test_the_county_lists_only_interventions_over_several_years(history):
    interventions = county_interventions(county=history.county)
    assert [_figures(i) for i in interventions] == [CHAIN]


def test_a_grant_replaced_by_a_correction_stays_in_the_chain_through_its_successor(history):
    from applications.models import Decision, Grant, Outcome

    old = history.g25
    correction = Decision.objects.create(
        item=old.decision.item,
        corrects=old.decision,
        application=old.application,
        focus_area=old.focus_area,
        title=old.title,
        proposed_amount=old.amount,
        outcome=Outcome.APPROVED_IN_PART,
        amount=150_000,
        responsible_organisation=old.responsible_organisation,
        handling_organisation=old.handling_organisation,
    )
    Grant.objects.filter(pk=old.pk).update(replaced_by=correction)
    Grant.objects.create(
        decision=correction,
        county=old.county,
        focus_area=old.focus_area,
        application=old.application,
        title=old.title,
        amount=150_000,
        responsible_organisation=old.responsible_organisation,
        handling_organisation=old.handling_organisation,
    )
    # the 75 000 invoiced on the replaced grant count for its successor
    assert _figures(intervention_history(application=history.a26))[2025] == [
        280_000,
        150_000,
        75_000,
        0,
    ]


def test_the_application_page_shows_the_intervention_to_its_applicant_and_the_staff(history, login):
    url = reverse("applications:application_detail", args=[history.a26.pk])
    for email in ("sokande@ostersund.demo", "samordnare@jamtland.demo"):
        page = login(email).get(url).content.decode()
        assert "Insatsen över åren" in page, email
        assert 'id="intervention-2024"' in page and "250 000 kr" in page
        assert "Fortsätter bidraget" in page


def test_the_grant_page_shows_the_intervention(history, login):
    page = (
        login("forum@jamtland.demo")
        .get(reverse("allocations:grant_detail", args=[history.g24.pk]))
        .content.decode()
    )
    assert "Insatsen över åren" in page
    assert 'id="intervention-2026"' in page and "310 000 kr" in page
