import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Status

pytestmark = pytest.mark.django_db


def edit_url(application) -> str:
    return reverse("applications:application_edit", args=[application.pk])


def form_data(call, **overrides) -> dict:
    data = {
        "contact_name": "Anna Andersson",
        "contact_email": "anna@ostersund.se",
        "focus_area": str(call.focus_areas.get(number=4).pk),
        "title": "Handlingsplan",
        "description": "Vi tar fram en plan.",
        "purpose": "Färre suicid.",
        "target_group": "Invånare.",
        "kind": "new",
        "period_start": "2025-04-01",
        "period_end": "2025-12-31",
        "amount_requested": "150 000",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-cost_kind": "salaries",
        "budget-0-amount": "100 000",
        "budget-1-cost_kind": "activities",
        "budget-1-amount": "50000 kr",
    }
    data.update(overrides)
    return data


def test_applicant_sees_the_open_call_of_their_county_and_starts_a_draft(login, open_call):
    client = login("sokande@ostersund.demo")
    html = client.get(reverse("applications:call_list")).content.decode()
    assert open_call.title in html
    page = client.get(reverse("applications:call_detail", args=[open_call.pk])).content.decode()
    assert "Strategisk länsgemensam modell" in page  # the county's criteria
    response = client.post(
        reverse("applications:application_start", args=[open_call.pk]),
        {"organisation": open_call.county.organisations.get(name="Östersunds kommun").pk},
    )
    application = Application.objects.get()
    assert response["Location"] == edit_url(application)
    assert application.status == Status.DRAFT


def test_other_countys_applicant_does_not_see_the_call(login, open_call):
    client = login("sokande@borlange.demo")
    assert open_call.title not in client.get(reverse("applications:call_list")).content.decode()
    assert client.get(reverse("applications:call_detail", args=[open_call.pk])).status_code == 404


def test_a_closed_call_is_not_listed(login, open_call):
    open_call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    open_call.save()
    html = login("sokande@ostersund.demo").get(reverse("applications:call_list")).content.decode()
    assert open_call.title not in html


def test_save_draft_keeps_everything_typed_also_invalid_input(login, complete_draft):
    client = login("sokande@ostersund.demo")
    data = form_data(complete_draft.call, period_end="31/12", title="Ny titel", save="")
    response = client.post(edit_url(complete_draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="31/12"' in html  # the half-typed date is still there
    assert "Ny titel" in html
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Ny titel"  # the valid parts are stored
    again = client.get(edit_url(complete_draft)).content.decode()  # reload: still there
    assert 'value="31/12"' in again


def test_budget_lines_and_amounts_with_spaces_are_saved(login, complete_draft):
    client = login("sokande@ostersund.demo")
    response = client.post(edit_url(complete_draft), form_data(complete_draft.call, save=""))
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.amount_requested == 150_000
    assert [line.amount for line in complete_draft.budget_lines.all()] == [100_000, 50_000]
    assert "150 000 kr" in client.get(edit_url(complete_draft)).content.decode()


def test_submit_from_the_form_shows_the_case_number(login, complete_draft):
    client = login("sokande@ostersund.demo")
    response = client.post(
        edit_url(complete_draft), form_data(complete_draft.call, submit=""), follow=True
    )
    assert "23-2025-0001" in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.SUBMITTED
    # Read-only afterwards: the edit page sends the applicant to the detail page.
    assert client.get(edit_url(complete_draft))["Location"].endswith(f"/{complete_draft.pk}/")
    response = client.post(
        edit_url(complete_draft), form_data(complete_draft.call, title="X", save="")
    )
    complete_draft.refresh_from_db()
    assert complete_draft.title != "X"


def test_submit_with_a_budget_that_does_not_add_up_marks_the_field(login, complete_draft):
    client = login("sokande@ostersund.demo")
    data = form_data(complete_draft.call, amount_requested="200000", submit="")
    html = client.post(edit_url(complete_draft), data).content.decode()
    assert "200000" in html or "200 000" in html
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DRAFT
    assert complete_draft.amount_requested == 200_000


def test_an_expired_session_on_submit_leads_back_to_the_form_with_the_data(client, complete_draft):
    data = form_data(complete_draft.call, title="Skrivet innan utloggning", submit="")
    response = client.post(edit_url(complete_draft), data)  # not logged in: session expired
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    login = client.post(
        response["Location"],
        {"username": "sokande@ostersund.demo", "password": "lansmedel-demo"},
        follow=True,
    )
    html = login.content.decode()
    assert "Skrivet innan utloggning" in html
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Skrivet innan utloggning"


def test_autosave_stores_the_draft_and_answers_json(login, complete_draft):
    client = login("sokande@ostersund.demo")
    url = reverse("applications:autosave", args=[complete_draft.pk])
    response = client.post(url, form_data(complete_draft.call, title="Autosparad"))
    assert response.status_code == 200
    assert response.json()["budget_total"] == "150 000 kr"
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Autosparad"


def test_autosave_after_log_out_says_so(client, complete_draft):
    url = reverse("applications:autosave", args=[complete_draft.pk])
    response = client.post(url, form_data(complete_draft.call))
    assert response.status_code == 401
    assert "error" in response.json()


def test_my_applications_lists_the_organisations_applications(login, complete_draft):
    html = login("sokande@ostersund.demo").get(reverse("applications:my_applications")).content
    assert complete_draft.title in html.decode()


def test_my_applications_runs_a_fixed_number_of_queries(
    login, complete_draft, django_assert_num_queries
):
    client = login("sokande@ostersund.demo")
    client.get(reverse("applications:my_applications"))

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from config.data_version import everything_changed

        everything_changed()  # the page's cached part is built anew: count the whole work
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("applications:my_applications"))
        return len(ctx)

    before = count()
    for i in range(5):
        copy = Application.objects.get(pk=complete_draft.pk)
        copy.pk = None
        copy.title = f"Kopia {i}"
        copy.save()
    assert count() == before


@pytest.mark.parametrize("name", ["application_detail", "application_edit", "versions"])
def test_an_applicant_of_another_organisation_gets_not_found(login, complete_draft, name):
    client = login("sokande@kfjh.demo")  # same county, other organisation
    assert client.get(reverse(f"applications:{name}", args=[complete_draft.pk])).status_code == 404


def test_another_organisation_can_neither_autosave_nor_withdraw(login, complete_draft):
    client = login("sokande@kfjh.demo")
    autosave = client.post(reverse("applications:autosave", args=[complete_draft.pk]), {})
    withdraw = client.post(
        reverse("applications:withdraw", args=[complete_draft.pk]), {"reason": "x"}
    )
    assert (autosave.status_code, withdraw.status_code) == (404, 404)
    assert "Handlingsplan" not in autosave.content.decode()
    html = client.get(reverse("applications:my_applications")).content.decode()
    assert complete_draft.title not in html


def test_staff_do_not_see_drafts(login, complete_draft):
    client = login("samordnare@jamtland.demo")
    assert (
        client.get(reverse("applications:application_detail", args=[complete_draft.pk])).status_code
        == 404
    )


def test_withdraw_without_a_reason_is_refused_next_to_the_field(login, complete_draft, applicant):
    from applications.applying.services import application_submit

    application_submit(application=complete_draft, user=applicant)
    client = login("sokande@ostersund.demo")
    response = client.post(
        reverse("applications:withdraw", args=[complete_draft.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.SUBMITTED
    response = client.post(
        reverse("applications:withdraw", args=[complete_draft.pk]), {"reason": "Ändrade planer"}
    )
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.WITHDRAWN


def test_coordinator_asks_for_completion_and_applicant_can_edit_again(
    login, complete_draft, applicant
):
    from applications.applying.services import application_submit

    application_submit(application=complete_draft, user=applicant)
    client = login("samordnare@jamtland.demo")
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    url = reverse("applications:completion_request", args=[complete_draft.pk])
    bad = client.post(url, {"message": "Komplettera budgeten", "due_date": ""})
    assert bad.status_code == 400
    assert "Komplettera budgeten" in bad.content.decode()  # kept
    client.post(url, {"message": "Komplettera budgeten", "due_date": due})
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.COMPLETION_REQUESTED
    client.logout()
    applicant_client = login("sokande@ostersund.demo")
    page = applicant_client.get(edit_url(complete_draft))
    assert page.status_code == 200
    assert "Komplettera budgeten" in page.content.decode()


def test_an_applicant_cannot_ask_for_completion(login, complete_draft, applicant):
    from applications.applying.services import application_submit

    application_submit(application=complete_draft, user=applicant)
    client = login("sokande@ostersund.demo")
    url = reverse("applications:completion_request", args=[complete_draft.pk])
    assert client.post(url, {"message": "x", "due_date": "2030-01-01"}).status_code == 403


def test_coordinator_opens_a_call(login, seeded):
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:call_create", args=["jamtland"])
    areas = seeded.focus_areas.filter(number__in=[3, 4])
    data = {
        "title": "Utlysning 2025",
        "focus_areas": [a.pk for a in areas],
        "opens_at": "2025-02-01T08:00",
        "closes_at": "2025-01-01T08:00",
        "need_areas": "4: Stärka stödet till anhöriga och efterlevande",
    }
    bad = client.post(url, data)
    assert "Utlysning 2025" in bad.content.decode()
    data["closes_at"] = "2025-03-01T16:00"
    assert client.post(url, data).status_code == 302
    from applications.models import Call

    call = Call.objects.get()
    assert call.need_areas.get().text == "Stärka stödet till anhöriga och efterlevande"
    assert timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M") == "2025-03-01 16:00"


def test_only_the_countys_coordinator_opens_calls(login, seeded):
    url = reverse("applications:call_create", args=["jamtland"])
    assert login("beredning1@jamtland.demo").get(url).status_code == 403


@pytest.mark.parametrize("amount", ["100000000000000000000", "-5", "1e9"])
def test_an_impossible_amount_is_refused_next_to_the_field_and_the_draft_kept(
    login, complete_draft, amount
):
    client = login("sokande@ostersund.demo")
    data = form_data(complete_draft.call, title="Skrivet med konstigt belopp")
    data["budget-0-amount"] = amount
    autosave = client.post(reverse("applications:autosave", args=[complete_draft.pk]), data)
    assert autosave.status_code < 500
    page = client.post(reverse("applications:application_edit", args=[complete_draft.pk]), data)
    assert page.status_code < 500
    html = page.content.decode()
    assert "Skrivet med konstigt belopp" in html
    assert amount in html
