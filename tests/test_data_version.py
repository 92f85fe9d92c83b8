"""The data version a cached page part is keyed by moves with every write of its county,
whichever way the write is made, and only then: a cached page is never stale."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from allocations.models import County
from applications.models import Application, BudgetLine, CostKind, Status
from config.data_version import DRAFT, county_version, everything_changed
from tests.applications.factories import make_application, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties(seeded):
    jamtland = County.objects.get(slug="jamtland")
    dalarna = County.objects.get(slug="dalarna")
    user = get_user_model().objects.get(username="sokande@ostersund.demo")
    call = make_call(jamtland, seeded)
    application = make_application(
        call, jamtland.organisations.first(), user, title="Före", status=Status.SUBMITTED
    )
    return jamtland, dalarna, application


def versions(*counties) -> list[str]:
    return [county_version(c.pk) for c in counties]


def test_saving_an_application_moves_its_county_and_no_other(two_counties):
    jamtland, dalarna, application = two_counties
    before_j, before_d = versions(jamtland, dalarna)
    application.title = "Efter"
    application.save()
    after_j, after_d = versions(jamtland, dalarna)
    assert after_j != before_j
    assert after_d == before_d


def test_a_row_found_through_its_application_moves_that_county(two_counties):
    jamtland, dalarna, application = two_counties
    before_j, before_d = versions(jamtland, dalarna)
    line = BudgetLine.objects.create(
        application=application, cost_kind=CostKind.SALARIES, amount=10_000
    )
    assert versions(jamtland, dalarna) != [before_j, before_d]
    assert county_version(dalarna.pk) == before_d
    middle = county_version(jamtland.pk)
    line.delete()
    assert county_version(jamtland.pk) != middle
    assert county_version(dalarna.pk) == before_d


def test_a_queryset_update_moves_every_county(two_counties):
    """An update sends no signal: it cannot be told whose it is, so everything moves."""
    jamtland, dalarna, application = two_counties
    before = versions(jamtland, dalarna)
    Application.objects.filter(pk=application.pk).update(title="Ändrad i bulk")
    after = versions(jamtland, dalarna)
    assert after[0] != before[0] and after[1] != before[1]


def test_bulk_create_moves_every_county(two_counties):
    jamtland, dalarna, application = two_counties
    before = versions(jamtland, dalarna)
    BudgetLine.objects.bulk_create(
        [BudgetLine(application=application, cost_kind=CostKind.OTHER, amount=1)]
    )
    after = versions(jamtland, dalarna)
    assert after[0] != before[0] and after[1] != before[1]


def test_a_log_in_moves_nothing_but_a_new_name_moves_the_users_counties(two_counties, client):
    jamtland, dalarna, _ = two_counties
    user = get_user_model().objects.get(username="samordnare@jamtland.demo")
    before = versions(jamtland, dalarna)
    client.force_login(user)  # writes last_login
    assert versions(jamtland, dalarna) == before
    user.first_name = "Nytt namn"
    user.save()
    after = versions(jamtland, dalarna)
    assert after[0] != before[0]
    assert after[1] == before[1]


def test_within_a_transaction_each_read_sees_the_writes_before_it(two_counties):
    jamtland, _, application = two_counties
    with transaction.atomic():
        first = county_version(jamtland.pk)
        application.title = "Ett"
        application.save()
        second = county_version(jamtland.pk)
        application.title = "Två"
        application.save()
        third = county_version(jamtland.pk)
    assert len({first, second, third}) == 3


def test_the_version_moves_again_when_the_transaction_commits(
    two_counties, django_capture_on_commit_callbacks
):
    """A reader that filled the cache from the old committed data between the write and the
    commit must not keep it: the commit moves the version once more."""
    jamtland, _, application = two_counties
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        application.title = "Ett"
        application.save()
        during = county_version(jamtland.pk)
    assert county_version(jamtland.pk) != during


def test_loading_past_the_orm_moves_everything(two_counties):
    jamtland, dalarna, _ = two_counties
    before = versions(jamtland, dalarna)
    everything_changed()
    after = versions(jamtland, dalarna)
    assert after[0] != before[0] and after[1] != before[1]


# --- a draft's writes: its organisation's drafts version, not its county's ----------------


@pytest.fixture
def draft(two_counties):
    jamtland, _, submitted = two_counties
    return make_application(
        submitted.call, submitted.organisation, submitted.created_by, title="Utkast"
    )


def drafts_version(application) -> str:
    return county_version(None, drafts_of=[application.organisation_id])


def test_a_drafts_writes_move_its_organisations_drafts_and_not_its_county(two_counties, draft):
    """Only the organisation's applicants see a draft: the county's pages stay cached."""
    jamtland, dalarna, _ = two_counties
    other_organisation = jamtland.organisations.exclude(pk=draft.organisation_id).first()
    county_before = versions(jamtland, dalarna)
    seen = {drafts_version(draft)}

    def moved() -> bool:
        now = drafts_version(draft)
        new = now not in seen
        seen.add(now)
        return new

    draft.title = "Utkast, sparat"
    draft.save()
    assert moved()
    line = BudgetLine.objects.create(application=draft, cost_kind=CostKind.OTHER, amount=5)
    assert moved()
    found = BudgetLine.objects.get(pk=line.pk)  # its application not at hand: read with it
    found.amount = 6
    found.save()
    assert moved()
    draft.cooperating_organisations.add(other_organisation)
    assert moved()
    found.delete()
    assert moved()
    assert versions(jamtland, dalarna) == county_before


def test_the_submission_moves_the_county(two_counties, draft):
    jamtland, dalarna, _ = two_counties
    before = versions(jamtland, dalarna)
    draft.status = Status.SUBMITTED
    draft.save()
    after = versions(jamtland, dalarna)
    assert after[0] != before[0] and after[1] == before[1]


def test_another_organisations_drafts_version_stays(two_counties, draft):
    _, _, submitted = two_counties
    other = make_application(
        submitted.call,
        submitted.organisation.county.organisations.exclude(pk=draft.organisation_id).first(),
        submitted.created_by,
        title="Annans utkast",
    )
    before = drafts_version(draft)
    other.title = "Ändrat"
    other.save()
    assert drafts_version(draft) == before
    assert drafts_version(other) != before


def test_the_plumbing_names_the_draft_status_as_the_applications_do():
    assert DRAFT == Status.DRAFT
