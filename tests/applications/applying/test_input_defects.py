"""Input that used to be refused with the wrong words, or not at all: each answered in
Swedish next to its field, with the rest of what was typed still in the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allocations.fields import KronorField
from tests.applications.applying.test_views_applicant import form_data

pytestmark = pytest.mark.django_db


def edit_url(application) -> str:
    return reverse("applications:application_edit", args=[application.pk])


def test_an_empty_file_is_told_it_is_empty(login, complete_draft):
    client = login("sokande@ostersund.demo")
    client.post(edit_url(complete_draft), form_data(complete_draft.call, title="Kvar", save=""))
    response = client.post(
        reverse("applications:attachment_add", args=[complete_draft.pk]),
        {"file": SimpleUploadedFile("plan.pdf", b"", content_type="application/pdf")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen ”plan.pdf” är tom (0 byte)." in html
    assert 'id="attachment-file-error-' in html and 'aria-invalid="true"' in html
    assert "Bara PDF" not in html
    assert 'value="Kvar"' in html  # the draft is in the form
    assert complete_draft.attachments.count() == 0


def test_full_width_digits_are_not_an_amount(login, complete_draft):
    client = login("sokande@ostersund.demo")
    response = client.post(
        edit_url(complete_draft),
        form_data(complete_draft.call, amount_requested="１２３ ０００", title="Ny titel", save=""),
    )
    html = response.content.decode()
    assert "Skriv beloppet med siffrorna 0–9, t.ex. 150 000." in html
    assert 'value="１２３ ０００"' in html and 'value="Ny titel"' in html
    complete_draft.refresh_from_db()
    assert complete_draft.amount_requested == 150_000


def test_kronor_field_keeps_what_it_accepted():
    field = KronorField(required=False)
    assert field.clean("1 050 000 kr") == 1_050_000
    assert field.clean("150\u00a0000") == 150_000
    for odd in ["１２３", "1_000", "١٢٣"]:
        with pytest.raises(Exception, match="0–9"):
            field.clean(odd)


def test_a_description_over_the_limit_says_how_long_it_is(login, complete_draft):
    client = login("sokande@ostersund.demo")
    long_text = "a" * 10_001
    page = client.get(edit_url(complete_draft)).content.decode()
    assert "Högst 10\u00a0000 tecken." in page  # the hint under the field
    response = client.post(
        edit_url(complete_draft),
        form_data(complete_draft.call, description=long_text, title="Ny titel", save=""),
    )
    html = response.content.decode()
    assert "Högst 10\u00a0000 tecken: du skrev 10\u00a0001." in html
    assert long_text in html and 'value="Ny titel"' in html
    complete_draft.refresh_from_db()
    assert complete_draft.description == "Vi tar fram en lokal handlingsplan."
    assert complete_draft.title == "Ny titel"


def test_a_tampered_budget_formset_keeps_the_draft_with_a_swedish_message(login, complete_draft):
    client = login("sokande@ostersund.demo")
    data = form_data(complete_draft.call, title="Ändrad titel", save="")
    del data["budget-TOTAL_FORMS"]
    response = client.post(edit_url(complete_draft), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budgetraderna kunde inte läsas från formuläret" in html
    assert "ManagementForm" not in html
    assert 'value="Ändrad titel"' in html
    assert 'name="budget-TOTAL_FORMS"' in html
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Ändrad titel"
    assert complete_draft.budget_lines.count() == 2  # the stored lines are kept


def test_starting_without_an_organisation_explains_whom_to_ask(login, open_call):
    reviewer = login("beredning1@jamtland.demo")  # a role in the county, no organisation
    response = reviewer.post(
        reverse("applications:application_start", args=[open_call.pk]), {"organisation": "1"}
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert "Du kan inte söka här ännu" in html
    assert "Be samordnaren för länets länsgemensamma medel att registrera dig" in html
    assert "samordnare@jamtland.demo" in html
    assert "dalarna" not in html.lower()  # nothing of another county
    other = login("sokande@borlange.demo")  # another county's applicant
    page = other.get(reverse("applications:call_detail", args=[open_call.pk]))
    assert page.status_code == 404
    text = page.content.decode()
    assert "Du kan inte söka här ännu" in text
    assert open_call.title not in text and "jamtland" not in text.lower()
