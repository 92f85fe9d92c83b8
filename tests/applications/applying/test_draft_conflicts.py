"""Two tabs on one draft: the later save is refused and shows both sides; nothing is lost."""

import pytest
from django.urls import reverse

from applications.applying.services import DraftConflict, application_draft_save
from applications.models import Application
from tests.applications.applying.test_views_applicant import form_data

pytestmark = pytest.mark.django_db


def edit_url(application) -> str:
    return reverse("applications:application_edit", args=[application.pk])


def autosave_url(application) -> str:
    return reverse("applications:autosave", args=[application.pk])


def test_a_stale_revision_is_refused_and_nothing_is_written(complete_draft, applicant):
    saved = application_draft_save(
        application=complete_draft, user=applicant, fields={"title": "Flik A"}, revision=0
    )
    assert saved.revision == 1
    with pytest.raises(DraftConflict) as refused:
        application_draft_save(
            application=complete_draft, user=applicant, fields={"title": "Flik B"}, revision=0
        )
    assert refused.value.current.title == "Flik A"
    complete_draft.refresh_from_db()
    assert (complete_draft.title, complete_draft.revision) == ("Flik A", 1)


def test_second_tabs_save_shows_both_texts_and_keeps_its_own(login, complete_draft):
    tab_a = login("sokande@ostersund.demo")
    tab_b = login("sokande@ostersund.demo")
    # Both tabs were shown revision 0.
    shown = tab_a.get(edit_url(complete_draft)).content.decode()
    assert 'name="revision" id="id_revision" value="0"' in shown
    call = complete_draft.call
    first = tab_a.post(
        edit_url(complete_draft),
        form_data(call, description="Text från flik A.", revision="0", save=""),
    )
    assert first.status_code == 302
    second = tab_b.post(
        edit_url(complete_draft),
        form_data(call, description="Text från flik B.", revision="0", save=""),
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "Utkastet har ändrats i en annan flik eller ett annat fönster" in html
    assert "Din text på den här sidan (inte sparad)" in html
    assert "Sparat i den andra fliken eller fönstret" in html
    assert html.count("Text från flik A.") == 1  # the other tab's text, in the comparison
    assert html.count("Text från flik B.") == 2  # this tab's: in the comparison and the field
    assert 'name="revision" id="id_revision" value="1"' in html
    assert "data-autosave-paused" in html
    complete_draft.refresh_from_db()
    assert complete_draft.description == "Text från flik A."  # nothing of B's written

    # Saving again on purpose (the page now carries revision 1) keeps tab B's text.
    again = tab_b.post(
        edit_url(complete_draft),
        form_data(call, description="Text från flik B.", revision="1", save=""),
    )
    assert again.status_code == 302
    complete_draft.refresh_from_db()
    assert (complete_draft.description, complete_draft.revision) == ("Text från flik B.", 2)


def test_second_tabs_autosave_gets_a_conflict_answer(login, complete_draft):
    client = login("sokande@ostersund.demo")
    call = complete_draft.call
    first = client.post(autosave_url(complete_draft), form_data(call, title="A", revision="0"))
    assert first.status_code == 200 and first.json()["revision"] == 1
    # The same tab autosaving again with the revision it was answered never conflicts.
    again = client.post(autosave_url(complete_draft), form_data(call, title="AA", revision="1"))
    assert again.status_code == 200 and again.json()["revision"] == 2
    stale = client.post(autosave_url(complete_draft), form_data(call, title="B", revision="0"))
    assert stale.status_code == 409
    body = stale.json()
    assert body["conflict"] is True
    assert "Utkastet har ändrats i en annan flik" in body["error"]
    assert body["fields"]  # the labels of the fields that differ
    complete_draft.refresh_from_db()
    assert (complete_draft.title, complete_draft.revision) == ("AA", 2)


def test_a_stale_save_equal_to_the_stored_draft_is_no_conflict(login, complete_draft):
    client = login("sokande@ostersund.demo")
    call = complete_draft.call
    client.post(autosave_url(complete_draft), form_data(call, title="Samma", revision="0"))
    same = client.post(autosave_url(complete_draft), form_data(call, title="Samma", revision="0"))
    assert same.status_code == 200


def test_submitting_from_a_stale_tab_shows_the_conflict_and_submits_nothing(login, complete_draft):
    tab_a, tab_b = login("sokande@ostersund.demo"), login("sokande@ostersund.demo")
    call = complete_draft.call
    tab_a.post(edit_url(complete_draft), form_data(call, purpose="Mål A.", revision="0", save=""))
    response = tab_b.post(
        edit_url(complete_draft), form_data(call, purpose="Mål B.", revision="0", submit="")
    )
    assert response.status_code == 409
    assert "Mål A." in response.content.decode() and "Mål B." in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.case_number is None and complete_draft.purpose == "Mål A."


def test_a_form_without_revision_still_saves(login, complete_draft):
    client = login("sokande@ostersund.demo")
    response = client.post(edit_url(complete_draft), form_data(complete_draft.call, save=""))
    assert response.status_code == 302
    assert Application.objects.get(pk=complete_draft.pk).revision == 1
