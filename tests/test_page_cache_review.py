"""The review overview keeps its table cached per viewer until the county's data changes: the
second view costs a few queries, every change shows on the next view, and no viewer is shown
another viewer's table (conflicts of interest, assessments hidden until one's own is in)."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocations.money import format_kronor
from applications.models import Application, BudgetLine, CostKind
from tests.applications.review_helpers import assess, declare_conflict
from tests.fixtures import (  # noqa: F401 - fixtures
    applicant,
    complete_draft,
    complete_fields,
    coordinator,
    in_review,
    jamtland,
    open_call,
    ostersund,
    review_round,
    reviewers,
)
from tests.page_cache import content, write_in_county

pytestmark = pytest.mark.django_db

URL = reverse("applications:review_overview", args=["jamtland"])
AREA = {"omrade": "4"}  # the focus area of the application in review
RECOMMENDED = 123_456  # what the second member recommends


def get(client, params=None, url=URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, AREA if params is None else params)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


@pytest.fixture
def assessed(in_review, review_round, reviewers):  # noqa: F811
    """In review, assessed by the second member only."""
    assess(in_review, reviewers[1], category=2, scores={1: 4}, amount=RECOMMENDED)
    return in_review


def test_the_second_view_is_served_from_the_cache(login, assessed):
    client = login("samordnare@jamtland.demo")
    first, cold = get(client)
    second, warm = get(client)
    assert content(second) == content(first)
    assert assessed.case_number in second
    assert format_kronor(RECOMMENDED) in second
    assert len(warm) < len(cold) - 3
    assert not any('"applications_assessment"' in sql for sql in warm)


def test_the_title_and_heading_name_the_focus_area_on_a_cached_view(login, assessed):
    client = login("samordnare@jamtland.demo")
    get(client)
    html, _ = get(client)
    name = assessed.focus_area.name
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert f"4. {name}" in title
    assert f'id="area-heading">4. {name}' in html


def test_a_new_assessment_shows_on_the_next_view(login, assessed, reviewers):  # noqa: F811
    client = login("samordnare@jamtland.demo")
    get(client)
    assess(assessed, reviewers[0], category=1, scores={1: 5}, amount=98_765)
    html, _ = get(client)
    assert format_kronor(98_765) in html


def test_a_saved_amount_shows_on_the_next_view(login, assessed):
    client = login("samordnare@jamtland.demo")
    get(client)
    assessed.amount_requested = 151_515
    assessed.save()
    html, _ = get(client)
    assert format_kronor(151_515) in html


def test_a_bulk_update_shows_on_the_next_view(login, assessed):
    client = login("samordnare@jamtland.demo")
    get(client)
    Application.objects.filter(pk=assessed.pk).update(title="Ändrad med update")
    html, _ = get(client)
    assert "Ändrad med update" in html


def test_a_member_who_has_not_assessed_does_not_get_the_coordinators_table(login, client, assessed):
    coordinator_html, _ = get(login("samordnare@jamtland.demo"))
    assert format_kronor(RECOMMENDED) in coordinator_html
    client.logout()
    member_html, _ = get(login("beredning1@jamtland.demo"))  # has not submitted their own
    assert assessed.case_number in member_html
    assert format_kronor(RECOMMENDED) not in member_html


def test_a_member_with_a_conflict_does_not_get_another_members_table(
    login,
    client,
    assessed,
    reviewers,  # noqa: F811
):
    declare_conflict(assessed, reviewers[0])
    other_html, _ = get(login("beredning2@jamtland.demo"))  # assessed it, no conflict
    assert format_kronor(RECOMMENDED) in other_html
    client.logout()
    conflicted_html, _ = get(login("beredning1@jamtland.demo"))
    assert assessed.case_number in conflicted_html
    assert format_kronor(RECOMMENDED) not in conflicted_html


def test_a_filtered_view_is_not_served_for_the_unfiltered_one(login, assessed):
    client = login("samordnare@jamtland.demo")
    filtered, _ = get(client, {**AREA, "q": "ingen sådan ansökan"})
    assert assessed.case_number not in filtered
    unfiltered, _ = get(client)
    assert assessed.case_number in unfiltered
    descending, _ = get(client, {**AREA, "o": "-amount"})
    assert 'aria-sort="descending"' in descending
    assert 'aria-sort="descending"' not in unfiltered


def test_the_xlsx_download_works_beside_the_cached_page(login, assessed):
    client = login("samordnare@jamtland.demo")
    get(client)
    get(client)
    response = client.get(URL, {**AREA, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert assessed.case_number in [cell.value for row in sheet.iter_rows() for cell in row]


def test_another_countys_change_leaves_the_cached_table_in_place(login, assessed):
    client = login("samordnare@jamtland.demo")
    get(client)
    _, warm = get(client)
    write_in_county("dalarna")
    _, after = get(client)
    assert len(after) == len(warm)


def test_an_applicants_draft_leaves_the_table_cached_and_a_submission_does_not(
    login,
    assessed,
    open_call,  # noqa: F811
    ostersund,  # noqa: F811
    applicant,  # noqa: F811
):
    """On the day a call closes applicants save drafts all the time: the review group never
    sees them, so its cached table stays; the submission puts the application in it."""
    from applications.applying.services import application_submit
    from applications.applying.services.drafts import application_draft_save
    from tests.applications.factories import ApplicationFactory

    client = login("samordnare@jamtland.demo")
    get(client)
    _, warm = get(client)
    draft = ApplicationFactory(
        call=open_call, organisation=ostersund, created_by=applicant, **complete_fields(open_call)
    )
    for kind, amount in ((CostKind.SALARIES, 100_000), (CostKind.ACTIVITIES, 50_000)):
        BudgetLine.objects.create(application=draft, cost_kind=kind, amount=amount)
    application_draft_save(application=draft, user=applicant, fields={"title": "Sent utkast"})
    _, after_draft = get(client)
    assert len(after_draft) == len(warm)
    application_submit(application=Application.objects.get(pk=draft.pk), user=applicant)
    _, after_submission = get(client)
    assert len(after_submission) > len(warm)


def test_another_countys_overview_is_its_own(login, client, assessed):
    get(login("samordnare@jamtland.demo"))
    client.logout()
    url = reverse("applications:review_overview", args=["dalarna"])
    html, _ = get(login("samordnare@dalarna.demo"), {}, url=url)
    assert assessed.case_number not in html
    assert "Dalarna" in html.split("<h1>", 1)[1].split("</h1>", 1)[0]
