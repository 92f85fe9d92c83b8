import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.applying.services import application_submit
from applications.models import (
    Application,
    Assessment,
    BudgetLine,
    ConflictDeclaration,
    CostKind,
    FormalCheckOutcome,
    ReviewAssignment,
    ReviewRound,
    Status,
)
from applications.review.services import (
    assessment_save,
    conflict_declare,
    formal_check_record,
    review_assign,
    review_round_open,
)

pytestmark = pytest.mark.django_db

CONTENT = "Vi tar fram en lokal handlingsplan."  # the description of the `in_review` application
SECRET = "MOTIVERING-FRÅN-LEDAMOT-ETT"


def assess_url(application) -> str:
    return reverse("applications:assess", args=[application.pk])


def assessments_url(application) -> str:
    return reverse("applications:assessments", args=[application.pk])


def list_url(slug="jamtland") -> str:
    return reverse("applications:review_list", args=[slug])


def criteria(application):
    return list(
        application.county.criteria.filter(agreement=application.call.agreement).order_by("rank")
    )


def assessment_data(application, answers=None, scores=None, **fields) -> dict:
    """POST data of the assessment form: `answers`/`scores` by criterion rank."""
    answers = answers if answers is not None else {1: "no", 2: "yes", 3: "yes", 4: "partly"}
    scores = scores if scores is not None else {1: 3, 2: 4}
    data = {
        "recommendation": "approve_in_part",
        "recommended_amount": "120 000",
        "motivation": "Väl förankrad insats.",
        "internal_comment": "",
        "applicant_comment": "",
        "conditions": "",
    }
    for c in criteria(application):
        data[f"criterion-{c.pk}-met"] = answers.get(c.rank, "")
        data[f"criterion-{c.pk}-score"] = str(scores.get(c.rank, ""))
        data[f"criterion-{c.pk}-comment"] = ""
    data.update(fields)
    return data


def declare(client, application, conflict=False, reason=""):
    return client.post(
        assess_url(application),
        {"jav-has_conflict": "yes" if conflict else "no", "jav-reason": reason},
    )


def submit_assessment(member, application, motivation=SECRET, internal=""):
    """A complete, submitted assessment straight through the service."""
    if not ConflictDeclaration.objects.filter(application=application, member=member).exists():
        conflict_declare(application=application, member=member, has_conflict=False)
    by_rank = {1: "no", 2: "yes", 3: "yes", 4: "no"}
    return assessment_save(
        application=application,
        member=member,
        values={
            "recommendation": "approve",
            "recommended_amount": 150_000,
            "motivation": motivation,
            "internal_comment": internal,
        },
        criteria={
            c.pk: {"met": by_rank[c.rank], "score": 4, "comment": "Kommentar " + motivation}
            for c in criteria(application)
        },
        submit=True,
    )


def another_in_review(in_review, applicant, coordinator) -> Application:
    copy = Application.objects.get(pk=in_review.pk)
    copy.pk = None
    copy.status = Status.DRAFT
    copy.case_number = None
    copy.save()
    BudgetLine.objects.create(application=copy, cost_kind=CostKind.OTHER, amount=150_000)
    copy = application_submit(application=copy, user=applicant)
    formal_check_record(application=copy, user=coordinator, outcome=FormalCheckOutcome.PASSED)
    copy.refresh_from_db()
    return copy


# --- Review rounds -------------------------------------------------------------------------


def test_the_coordinator_opens_a_round_and_assigns_in_bulk(login, in_review, reviewers):
    client = login("samordnare@jamtland.demo")
    create = reverse("applications:review_round_create", args=["jamtland"])
    page = client.get(create).content.decode()
    assert "beredning1@jamtland.demo" in page
    assert "sokande@ostersund.demo" not in page  # only the review group is offered
    response = client.post(
        create,
        {
            "call": in_review.call.pk,
            "members": [r.pk for r in reviewers],
            "due_date": "2025-03-01",
        },
    )
    review_round = ReviewRound.objects.get()
    detail = reverse("applications:review_round_detail", args=["jamtland", review_round.pk])
    assert response.status_code == 302
    assert response["Location"] == detail
    assert not review_round.assess_all
    assert set(review_round.members.all()) == set(reviewers)
    html = client.get(detail).content.decode()
    assert in_review.case_number in html
    assert 'name="assign-members"' in html
    response = client.post(
        detail, {"assign-members": [reviewers[0].pk], "assign-applications": [in_review.pk]}
    )
    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert (assignment.member, assignment.application) == (reviewers[0], in_review)
    # The member now has it to declare; the other does not assess it.
    assert (
        in_review.case_number in login("beredning1@jamtland.demo").get(list_url()).content.decode()
    )
    other = login("beredning2@jamtland.demo")
    assert in_review.case_number not in other.get(list_url()).content.decode()
    assert other.get(assess_url(in_review)).status_code == 403  # a county reviewer outside it


def test_a_round_needs_members_of_the_review_group(login, in_review, applicant):
    client = login("samordnare@jamtland.demo")
    response = client.post(
        reverse("applications:review_round_create", args=["jamtland"]),
        {"call": in_review.call.pk, "members": [applicant.pk], "due_date": "2025-03-01"},
    )
    assert response.status_code == 400
    assert 'id="error_1_id_members"' in response.content.decode()
    assert not ReviewRound.objects.exists()


def test_a_round_of_every_member_has_no_assignment_form(login, review_round, in_review):
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:review_round_detail", args=["jamtland", review_round.pk])
    html = client.get(url).content.decode()
    assert "beredning1@jamtland.demo" in html and "beredning2@jamtland.demo" in html
    assert 'name="assign-members"' not in html
    assert client.post(url, {}).status_code == 400


def test_only_the_coordinator_manages_rounds(login, review_round):
    create = reverse("applications:review_round_create", args=["jamtland"])
    detail = reverse("applications:review_round_detail", args=["jamtland", review_round.pk])
    for email, status in [
        ("beredning1@jamtland.demo", 403),
        ("forum@jamtland.demo", 403),
        ("sokande@ostersund.demo", 403),
        ("samordnare@dalarna.demo", 404),
    ]:
        client = login(email)
        assert client.get(create).status_code == status, email
        assert client.get(detail).status_code == status, email
    # A round of another county is not found under this one.
    dalarna = login("samordnare@dalarna.demo")
    url = reverse("applications:review_round_detail", args=["dalarna", review_round.pk])
    assert dalarna.get(url).status_code == 404


# --- Declaration (jäv) and the assessment form ----------------------------------------------


def test_before_declaring_the_member_sees_who_applies_but_not_the_content(
    login, in_review, review_round
):
    client = login("beredning1@jamtland.demo")
    response = client.get(assess_url(in_review))
    assert response.status_code == 200
    html = response.content.decode()
    assert in_review.case_number in html
    assert in_review.organisation.name in html
    assert in_review.title in html
    assert CONTENT not in html
    assert "Färre suicid och suicidförsök." not in html  # the purpose
    assert 'name="jav-has_conflict"' in html
    assert 'id="assessment-form"' not in html

    response = declare(client, in_review)
    assert response.status_code == 302
    assert response["Location"] == assess_url(in_review)
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.member.username, declaration.has_conflict) == (
        "beredning1@jamtland.demo",
        False,
    )
    html = client.get(assess_url(in_review)).content.decode()
    assert CONTENT in html
    assert 'id="assessment-form"' in html
    for c in criteria(in_review):  # every criterion in its own fieldset, with its weight
        assert f'name="criterion-{c.pk}-met"' in html
        assert f'data-weight="{c.weight}"' in html
        assert c.title in html


def test_a_conflict_needs_a_reason(login, in_review, review_round):
    client = login("beredning1@jamtland.demo")
    response = declare(client, in_review, conflict=True, reason="")
    assert response.status_code == 400
    assert 'id="error_1_id_jav-reason"' in response.content.decode()
    assert not ConflictDeclaration.objects.exists()


def test_save_a_draft_then_submit(login, in_review, review_round, reviewers):
    client = login("beredning1@jamtland.demo")
    declare(client, in_review)
    data = assessment_data(in_review, internal_comment="Bara för gruppen.", save="")
    response = client.post(assess_url(in_review), data)
    assert response.status_code == 302
    draft = Assessment.objects.get()
    assert draft.submitted_at is None
    assert draft.category == 2  # criterion 2 is the highest-ranked one met
    assert draft.recommended_amount == 120_000
    html = client.get(assess_url(in_review)).content.decode()
    title_2 = criteria(in_review)[1].title
    assert f"2 – {title_2}" in html  # the derived category, shown by the server
    assert 'id="summary-total">7<' in html  # 3 + 4
    assert "Bara för gruppen." in html  # the draft is shown again
    assert 'value="120 000"' in html or 'value="120000"' in html

    response = client.post(assess_url(in_review), assessment_data(in_review, submit=""))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.submitted_at is not None
    html = client.get(assess_url(in_review)).content.decode()
    assert 'id="assessment-form"' not in html  # final
    assert "Väl förankrad insats." in html  # the group's assessments, own included


def test_an_incomplete_submission_marks_each_problem_and_keeps_the_input(
    login, in_review, review_round
):
    client = login("beredning1@jamtland.demo")
    declare(client, in_review)
    first, second, *_ = criteria(in_review)
    data = assessment_data(
        in_review,
        answers={1: "yes"},
        scores={},
        motivation="",
        submit="",
        **{f"criterion-{first.pk}-comment": "Tydlig koppling till kriteriet."},
    )
    response = client.post(assess_url(in_review), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="error_1_id_criterion-{second.pk}-met"' in html
    assert f'id="error_1_id_criterion-{first.pk}-met"' not in html
    assert 'id="error_1_id_motivation"' in html
    assert "Tydlig koppling till kriteriet." in html
    # Not submitted, but what was typed is kept as a draft.
    draft = Assessment.objects.get()
    assert draft.submitted_at is None
    assert draft.category == 1


def test_a_recommended_amount_above_the_amount_applied_for(login, in_review, review_round):
    client = login("beredning1@jamtland.demo")
    declare(client, in_review)
    data = assessment_data(in_review, recommended_amount="150 001", save="")
    response = client.post(assess_url(in_review), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error_1_id_recommended_amount"' in html
    assert 'value="150 001"' in html
    assert not Assessment.objects.exists()


def test_input_that_is_not_an_amount_is_marked_and_kept(login, in_review, review_round):
    client = login("beredning1@jamtland.demo")
    declare(client, in_review)
    data = assessment_data(in_review, recommended_amount="ungefär 100", save="")
    response = client.post(assess_url(in_review), data)
    assert response.status_code == 400
    assert 'value="ungefär 100"' in response.content.decode()
    assert not Assessment.objects.exists()


# --- Hidden until submitted ----------------------------------------------------------------


def test_the_others_assessments_are_hidden_until_ones_own_is_submitted(
    login, in_review, review_round, reviewers
):
    submit_assessment(reviewers[0], in_review, internal="INTERN-KOMMENTAR")
    client = login("beredning2@jamtland.demo")
    declare(client, in_review)
    html = client.get(assess_url(in_review)).content.decode()
    assert SECRET not in html
    assert "INTERN-KOMMENTAR" not in html
    assert client.get(assessments_url(in_review)).status_code == 403
    # A draft is not enough.
    client.post(assess_url(in_review), assessment_data(in_review, save=""))
    assert SECRET not in client.get(assess_url(in_review)).content.decode()
    assert client.get(assessments_url(in_review)).status_code == 403

    response = client.post(assess_url(in_review), assessment_data(in_review, submit=""))
    assert response.status_code == 302
    html = client.get(assess_url(in_review)).content.decode()
    assert SECRET in html
    assert "INTERN-KOMMENTAR" in html  # internal comments are for the group
    response = client.get(assessments_url(in_review))
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_the_coordinator_sees_the_groups_assessments(login, in_review, review_round, reviewers):
    submit_assessment(reviewers[0], in_review, internal="INTERN-KOMMENTAR")
    html = login("samordnare@jamtland.demo").get(assessments_url(in_review)).content.decode()
    assert SECRET in html
    assert "INTERN-KOMMENTAR" in html
    assert "beredning1@jamtland.demo" in html


# --- Jäv -----------------------------------------------------------------------------------


def test_a_conflicted_member_is_kept_out_by_url_too(login, in_review, review_round, reviewers):
    submit_assessment(reviewers[0], in_review)
    client = login("beredning2@jamtland.demo")
    response = declare(client, in_review, conflict=True, reason="Min make leder projektet.")
    assert response.status_code == 302
    assert response["Location"] == list_url()
    declaration = ConflictDeclaration.objects.get(member=reviewers[1])
    assert declaration.has_conflict
    assert declaration.reason == "Min make leder projektet."

    responses = [
        client.get(assess_url(in_review)),
        client.post(assess_url(in_review), assessment_data(in_review, submit="")),
        client.post(assess_url(in_review), {"jav-has_conflict": "no"}),
        client.get(assessments_url(in_review)),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert not Assessment.objects.filter(member=reviewers[1]).exists()
    assert ConflictDeclaration.objects.get(member=reviewers[1]).has_conflict
    # No page the member can reach shows the others' motivation or comments.
    pages = [
        *responses,
        client.get(list_url()),
        client.get(reverse("applications:application_detail", args=[in_review.pk])),
    ]
    for response in pages:
        html = response.content.decode()
        assert SECRET not in html, response.request["PATH_INFO"]
        assert "Kommentar " + SECRET not in html
    assert in_review.case_number in pages[-2].content.decode()  # listed, without a link
    assert assess_url(in_review) not in pages[-2].content.decode()


def test_a_conflict_declared_later_closes_the_assessment(login, in_review, review_round, reviewers):
    client = login("beredning1@jamtland.demo")
    declare(client, in_review)
    client.post(assess_url(in_review), assessment_data(in_review, save=""))
    response = client.post(
        assess_url(in_review),
        {"declare": "", "jav-has_conflict": "yes", "jav-reason": "Jag sitter i styrelsen."},
    )
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get(member=reviewers[0]).has_conflict
    assert client.get(assess_url(in_review)).status_code == 403


def test_a_later_conflict_without_a_reason_is_marked(login, in_review, review_round):
    client = login("beredning1@jamtland.demo")
    declare(client, in_review)
    response = client.post(
        assess_url(in_review), {"declare": "", "jav-has_conflict": "yes", "jav-reason": ""}
    )
    assert response.status_code == 400
    assert 'id="error_1_id_jav-reason"' in response.content.decode()
    assert not ConflictDeclaration.objects.get().has_conflict


# --- Who gets in ---------------------------------------------------------------------------


def test_applicants_other_counties_and_the_forum_are_kept_out(login, in_review, review_round):
    urls = [assess_url(in_review), assessments_url(in_review), list_url()]
    expected = {
        "sokande@ostersund.demo": [403, 403, 403],  # the applicant sees the application
        "sokande@folkhalsoenheten.demo": [404, 404, 403],  # another organisation
        "forum@jamtland.demo": [403, 403, 403],
        "samordnare@dalarna.demo": [404, 404, 404],
        "beredning1@dalarna.demo": [404, 404, 404],
    }
    for email, statuses in expected.items():
        client = login(email)
        assert [client.get(url).status_code for url in urls] == statuses, email
        client.logout()


def test_the_coordinator_does_not_assess(login, in_review, review_round):
    assert login("samordnare@jamtland.demo").get(assess_url(in_review)).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, in_review, review_round):
    for url in (assess_url(in_review), assessments_url(in_review), list_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert "logga-in" in response["Location"]


# --- The review list -----------------------------------------------------------------------


def test_the_review_list_shows_where_the_member_stands(login, in_review, review_round, reviewers):
    client = login("beredning1@jamtland.demo")
    html = client.get(list_url()).content.decode()
    assert assess_url(in_review) in html
    assert "review-state-to_declare" in html
    declare(client, in_review)
    assert "review-state-to_assess" in client.get(list_url()).content.decode()
    client.post(assess_url(in_review), assessment_data(in_review, save=""))
    assert "review-state-draft" in client.get(list_url()).content.decode()
    client.post(assess_url(in_review), assessment_data(in_review, submit=""))
    assert "review-state-submitted" in client.get(list_url()).content.decode()


def test_the_coordinators_review_list_links_to_the_rounds(login, review_round):
    html = login("samordnare@jamtland.demo").get(list_url()).content.decode()
    assert reverse("applications:review_round_detail", args=["jamtland", review_round.pk]) in html
    assert reverse("applications:review_round_create", args=["jamtland"]) in html


def test_the_navigation_links_to_the_review(login, seeded):
    for email in ("beredning1@jamtland.demo", "samordnare@jamtland.demo"):
        html = login(email).get(reverse("start")).content.decode()
        nav = html.split("</nav>")[0]
        assert nav.count(f'href="{list_url()}"') == 1, email  # once in the menu
    html = login("sokande@ostersund.demo").get(reverse("start")).content.decode()
    assert list_url() not in html


def review_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(list_url()).status_code == 200
    return len(queries)


def test_the_review_list_takes_the_same_queries_for_one_or_five_applications(
    login, in_review, review_round, reviewers, applicant, coordinator
):
    member = reviewers[0]
    conflict_declare(application=in_review, member=member, has_conflict=False)
    client = login("beredning1@jamtland.demo")
    one = review_list_queries(client)
    others = [another_in_review(in_review, applicant, coordinator) for _ in range(4)]
    conflict_declare(application=others[0], member=member, has_conflict=True, reason="Jäv.")
    conflict_declare(application=others[1], member=member, has_conflict=False)
    submit_assessment(member, others[1])
    # A second round for the same call, with assignments, must not add queries either.
    second = review_round_open(
        call=in_review.call,
        user=coordinator,
        members=[member],
        due_date=datetime.date(2025, 4, 1),
        assess_all=False,
    )
    review_assign(review_round=second, user=coordinator, members=[member], applications=others)
    five = review_list_queries(client)
    html = client.get(list_url()).content.decode()
    assert all(a.case_number in html for a in [in_review, *others])
    assert one == five
