"""The review overview: aggregation, ranking, hiding rules, filters, export, query count."""

import io
from fractions import Fraction

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from allocations.models import FocusArea, SubArea
from applications.models import Assessment
from applications.review.selectors.overview import (
    HIDDEN_ANCHORING,
    HIDDEN_CONFLICT,
    recommended_amount,
    review_overview,
)
from applications.review.services import proposal_adopt
from tests.applications.review_helpers import assess, declare_conflict, in_review_like, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(jamtland):
    return reverse("applications:review_overview", args=[jamtland.slug])


def overview_for(application, viewer, data=None):
    return review_overview(
        county=application.county,
        agreement=application.call.agreement,
        focus_area=application.focus_area,
        viewer=viewer,
        data=data,
    )


def row_of(overview, application):
    return next(row for row in overview.rows if row.application.pk == application.pk)


# --- aggregation -------------------------------------------------------------------------


def test_each_members_entry_and_the_consensus_with_a_spread(
    in_review, review_round, reviewers, coordinator
):
    assess(in_review, reviewers[0], category=1, scores={1: 4, 2: 3}, amount=100_000)
    assess(in_review, reviewers[1], category=3, scores={1: 5, 2: 5}, amount=140_000)
    row = row_of(overview_for(in_review, coordinator), in_review)
    assert [entry.state for entry in row.entries] == ["submitted", "submitted"]
    assert sorted(entry.category for entry in row.entries) == [1, 3]
    assert row.consensus.category == 1  # tie of two: the higher priority
    assert row.spread is True  # 1 and 3 differ by two
    assert row.recommended_amount == 100_000  # the lower median
    assert row.total_score == 4 + 3 + 5 + 5
    assert row.mean_score == Fraction(17, 4)  # (3,5 + 5) / 2
    assert row.mean_score_display == "4,3"


def test_a_tie_and_no_spread(in_review, review_round, reviewers, coordinator):
    assess(in_review, reviewers[0], category=2, scores={1: 4})
    assess(in_review, reviewers[1], category=3, scores={1: 4})
    row = row_of(overview_for(in_review, coordinator), in_review)
    assert (row.category, row.spread) == (2, False)
    assert row.mean_score_display == "4"  # whole where the mean is whole


def test_missing_and_unsubmitted_assessments_do_not_count(
    in_review, review_round, reviewers, coordinator
):
    assess(in_review, reviewers[0], category=4, amount=90_000)
    assess(in_review, reviewers[1], category=1, amount=10_000, submit=False)
    row = row_of(overview_for(in_review, coordinator), in_review)
    assert [entry.state for entry in row.entries] == ["submitted", "missing"]
    assert (row.category, row.spread, row.consensus.count) == (4, False, 1)
    assert row.recommended_amount == 90_000


def test_nothing_submitted_gives_no_consensus(in_review, review_round, coordinator):
    row = row_of(overview_for(in_review, coordinator), in_review)
    assert row.consensus is None
    assert (row.recommended_amount, row.total_score, row.mean_score) == (None, None, None)


def test_an_assessment_without_category_is_counted_apart(
    in_review, review_round, reviewers, coordinator
):
    assess(in_review, reviewers[0], category=None, recommendation="reject", amount=None)
    assess(in_review, reviewers[1], category=2, amount=120_000)
    row = row_of(overview_for(in_review, coordinator), in_review)
    assert (row.category, row.consensus.uncategorised) == (2, 1)
    assert row.recommended_amount == 0  # a rejection without amount counts as 0 kr


def test_recommended_amount_is_the_lower_median():
    rows = [
        Assessment(recommendation="approve", recommended_amount=amount)
        for amount in (10, 30, 20, 40)
    ]
    assert recommended_amount(rows) == 20
    assert recommended_amount([]) is None


# --- ranking -------------------------------------------------------------------------


def test_ranked_by_category_then_mean_score(
    in_review, review_round, reviewers, coordinator, applicant
):
    strong_two = in_review_like(in_review, applicant, coordinator, amount=50_000)
    weak_one = in_review_like(in_review, applicant, coordinator, amount=60_000)
    uncategorised = in_review_like(in_review, applicant, coordinator, amount=70_000)
    assess(in_review, reviewers[0], category=2, scores={1: 2}, amount=40_000)
    assess(strong_two, reviewers[0], category=2, scores={1: 5}, amount=40_000)
    assess(weak_one, reviewers[0], category=1, scores={1: 1}, amount=40_000)
    assess(uncategorised, reviewers[0], category=None, scores={1: 5}, amount=40_000)
    overview = overview_for(in_review, coordinator)
    assert [row.application for row in overview.rows] == [
        weak_one,
        strong_two,
        in_review,
        uncategorised,
    ]
    assert [row.rank for row in overview.rows] == [1, 2, 3, 4]


def test_ordering_and_filters(in_review, review_round, reviewers, coordinator, applicant):
    other = in_review_like(
        in_review, applicant, coordinator, amount=80_000, title="Utbildning i MHFA"
    )
    assess(in_review, reviewers[0], category=1, amount=100_000)
    assess(in_review, reviewers[1], category=3, amount=100_000)
    assess(other, reviewers[0], category=2, recommendation="reject", amount=None)

    def cases(**data):
        return [
            row.application.case_number for row in overview_for(in_review, coordinator, data).rows
        ]

    assert cases(o="amount") == [other.case_number, in_review.case_number]
    assert cases(o="-amount") == [in_review.case_number, other.case_number]
    assert cases(q="mhfa") == [other.case_number]
    assert cases(category="2") == [other.case_number]
    assert cases(spread="true") == [in_review.case_number]
    assert cases(recommendation="reject") == [other.case_number]
    assert cases(category="none") == []


def test_only_applications_in_review_or_later_of_the_area(
    in_review, review_round, coordinator, applicant, complete_draft
):
    elsewhere = in_review_like(
        in_review,
        applicant,
        coordinator,
        amount=10_000,
        focus_area=FocusArea.objects.get(agreement=in_review.call.agreement, number=3),
    )
    rows = overview_for(in_review, coordinator).rows
    assert [row.application for row in rows] == [in_review]
    assert elsewhere.pk not in {row.application.pk for row in rows}


# --- hiding rules ---------------------------------------------------------------------


def test_a_conflicted_viewer_sees_jav_instead_of_the_groups_entries(
    in_review, review_round, reviewers, coordinator, applicant
):
    other = in_review_like(in_review, applicant, coordinator, amount=80_000)
    declare_conflict(in_review, reviewers[1])
    assess(in_review, reviewers[0], category=1, amount=123_456)
    assess(other, reviewers[1], category=2, amount=70_000)
    assess(other, reviewers[0], category=2, amount=70_000)
    overview = overview_for(in_review, reviewers[1])
    row = row_of(overview, in_review)
    assert row.hidden == HIDDEN_CONFLICT
    assert {entry.state for entry in row.entries} == {"hidden"}
    assert (row.consensus, row.recommended_amount) == (None, None)
    assert row_of(overview, other).hidden is None
    # The other members see the conflicted member as jäv on that row.
    seen_by_coordinator = row_of(overview_for(in_review, coordinator), in_review)
    assert [entry.state for entry in seen_by_coordinator.entries] == ["submitted", "conflict"]


def test_the_conflicted_viewer_page_does_not_show_the_amount(
    login, url, in_review, review_round, reviewers
):
    declare_conflict(in_review, reviewers[1])
    assess(in_review, reviewers[0], category=1, amount=123_456)
    html = login("beredning2@jamtland.demo").get(url).content.decode()
    assert in_review.case_number in html
    assert "123 456 kr" not in html
    with translation.override("sv"):
        assert str(translation.gettext("Conflicted")) in html


def test_a_member_sees_the_groups_entries_only_after_submitting(
    in_review, review_round, reviewers, coordinator
):
    assess(in_review, reviewers[0], category=1, amount=123_456)
    assess(in_review, reviewers[1], category=2, amount=100_000, submit=False)
    row = row_of(overview_for(in_review, reviewers[1]), in_review)
    assert row.hidden == HIDDEN_ANCHORING
    assert row.recommended_amount is None
    assert row_of(overview_for(in_review, coordinator), in_review).hidden is None
    assert row_of(overview_for(in_review, reviewers[0]), in_review).hidden is None
    assess(in_review, reviewers[1], category=2, amount=100_000)
    assert row_of(overview_for(in_review, reviewers[1]), in_review).hidden is None


def test_filters_do_not_reveal_hidden_entries(in_review, review_round, reviewers):
    assess(in_review, reviewers[0], category=1, recommendation="reject", amount=None)
    data = {"recommendation": "reject"}
    assert overview_for(in_review, reviewers[1], data).rows == []
    assert len(overview_for(in_review, reviewers[0], data).rows) == 1


# --- the page, its figures and its export ------------------------------------------------


def test_the_page_shows_the_table_and_the_allocation(
    login, url, in_review, review_round, reviewers, coordinator
):
    assess(in_review, reviewers[0], category=1, amount=100_000)
    assess(in_review, reviewers[1], category=3, amount=140_000)
    proposal_adopt(
        meeting=meeting(review_round, coordinator, reviewers),
        application=in_review,
        user=coordinator,
        amount=90_809,
        motivation="Bra.",
    )
    response = login("samordnare@jamtland.demo").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert in_review.case_number in html
    assert "150 000 kr" in html  # applied for
    assert "6 190 809 kr" in html  # the allocation of area 4
    assert "6 100 000 kr" in html  # what remains after 90 809
    assert "aria-sort" not in html  # ranked, no column chosen
    figures = response.context["overview"].figures
    assert (figures.allocation, figures.proposed, figures.remaining) == (
        6_190_809,
        90_809,
        6_100_000,
    )
    with translation.override("sv"):
        assert str(translation.gettext("Spread")) in html


def test_sort_links_say_the_direction(login, url, in_review, review_round):
    html = login("samordnare@jamtland.demo").get(url, {"o": "-amount"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert "o=amount" in html  # the link turns the direction


def test_sub_areas_with_their_earmarked_and_proposed_sums(
    in_review, review_round, reviewers, coordinator, applicant
):
    area_1 = FocusArea.objects.get(agreement=in_review.call.agreement, number=1)
    plan = SubArea.objects.get(focus_area=area_1, earmarked_amount=2_000_000)
    in_area_1 = in_review_like(
        in_review, applicant, coordinator, amount=500_000, focus_area=area_1, sub_area=plan
    )
    proposal_adopt(
        meeting=meeting(review_round, coordinator, reviewers),
        application=in_area_1,
        user=coordinator,
        amount=400_000,
        motivation="Handlingsplan.",
    )
    figures = overview_for(in_area_1, coordinator).figures
    assert (figures.allocation, figures.proposed, figures.remaining) == (
        4_000_000,
        400_000,
        3_600_000,
    )
    by_name = {sub.sub_area.name: sub for sub in figures.sub_areas}
    assert (by_name[plan.name].earmarked, by_name[plan.name].proposed) == (2_000_000, 400_000)
    assert by_name[plan.name].remaining == 1_600_000
    assert sum(sub.proposed for sub in figures.sub_areas) == 400_000


def test_the_area_is_chosen_by_number(login, url, in_review, review_round):
    client = login("samordnare@jamtland.demo")
    assert client.get(url, {"omrade": "3"}).context["overview"].focus_area.number == 3
    assert client.get(url).context["overview"].focus_area.number == 4  # the one in review
    assert client.get(url, {"omrade": "2"}).status_code == 404  # no county-joint funds


def test_the_xlsx_export_keeps_numbers_as_numbers(login, url, in_review, review_round, reviewers):
    assess(in_review, reviewers[0], category=1, scores={1: 4, 2: 3}, amount=100_000)
    response = login("samordnare@jamtland.demo").get(url, {"omrade": "4", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    with translation.override("sv"):
        gettext = translation.gettext
        assert values[gettext("Case number")] == in_review.case_number
        assert values[gettext("Amount applied for")] == 150_000
        assert isinstance(values[gettext("Amount applied for")], int)
        assert values[gettext("Recommended amount")] == 100_000
        assert values[gettext("Consensus (median category)")] == 1
        assert values[gettext("Mean score")] == 3.5
        assert values[gettext("Total score")] == 7
    member = f"{reviewers[0].get_username()}: "
    assert [values[h] for h in header if h.startswith(member)][0] == 1  # the category


# --- query count ------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"omrade": "4"}).status_code == 200
    return len(queries)


def test_the_overview_takes_the_same_queries_for_2_and_8_applications(
    login, url, in_review, review_round, reviewers, coordinator, applicant
):
    applications = [in_review, in_review_like(in_review, applicant, coordinator, amount=1_000)]
    for application in applications:
        assess(application, reviewers[0], category=2, scores={1: 3}, amount=500)
    declare_conflict(applications[1], reviewers[1])
    client = login("samordnare@jamtland.demo")
    client.get(url)  # warm-up: session, caches
    with_two = _queries(client, url)
    for _ in range(6):
        more = in_review_like(in_review, applicant, coordinator, amount=1_000)
        assess(more, reviewers[0], category=1, scores={1: 4, 2: 2}, amount=500)
        assess(more, reviewers[1], category=3, scores={1: 4}, amount=900)
    with_eight = _queries(client, url)
    assert with_eight == with_two


# --- authorization ------------------------------------------------------------------------


def test_only_the_countys_coordinator_and_review_group(login, url, in_review, review_round):
    assert login("samordnare@jamtland.demo").get(url).status_code == 200
    assert login("beredning1@jamtland.demo").get(url).status_code == 200
    assert login("forum@jamtland.demo").get(url).status_code == 403
    assert login("sokande@ostersund.demo").get(url).status_code == 403
    assert login("samordnare@dalarna.demo").get(url).status_code == 404
    assert login("beredning1@dalarna.demo").get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, url, seeded):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"] or "logga-in" in response["Location"]
