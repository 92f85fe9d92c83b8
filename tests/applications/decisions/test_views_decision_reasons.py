"""The county's predefined reasons for rejection: offered when empty, added, edited, taken
out of use (and then no longer offered to the forum)."""

import pytest
from django.urls import reverse

from applications.decisions.services.rejection_reasons import DEFAULT_REJECTION_REASONS
from applications.models import RejectionReason
from tests.applications.decision_view_helpers import agenda, meeting_url, three_proposals

pytestmark = pytest.mark.django_db


def reasons_url(slug="jamtland", name="rejection_reasons", pk=None) -> str:
    return reverse(f"applications:{name}", args=[slug] if pk is None else [slug, pk])


def test_a_county_without_reasons_is_offered_common_ones(login, jamtland):
    client = login("samordnare@jamtland.demo")
    html = client.get(reasons_url()).content.decode()
    assert f'action="{reasons_url(name="rejection_reasons_defaults")}"' in html
    assert client.post(reasons_url(name="rejection_reasons_defaults")).status_code == 302
    texts = list(jamtland.rejection_reasons.values_list("text", flat=True))
    assert texts == list(DEFAULT_REJECTION_REASONS)
    assert "Insatsen är inte länsgemensam." in texts
    # pressing again adds nothing, and the offer is gone
    client.post(reasons_url(name="rejection_reasons_defaults"))
    assert jamtland.rejection_reasons.count() == len(DEFAULT_REJECTION_REASONS)
    html = client.get(reasons_url()).content.decode()
    assert "rejection_reasons_defaults" not in html and "standardtexter" not in html
    assert "Insatsen ryms inte inom ramen för länets tilldelning." in html


def test_the_coordinator_adds_edits_and_stops_offering_a_reason(login, jamtland):
    client = login("samordnare@jamtland.demo")
    empty = client.post(reasons_url(), {"new-text": "  "})
    assert empty.status_code == 400
    assert "Detta fält måste fyllas i." in empty.content.decode()
    assert client.post(reasons_url(), {"new-text": "Saknar förankring."}).status_code == 302
    reason = RejectionReason.objects.get(county=jamtland)
    edit = reasons_url(name="rejection_reason_edit", pk=reason.pk)
    assert (
        client.post(edit, {f"r{reason.pk}-text": "Saknar förankring i länet."}).status_code == 302
    )
    reason.refresh_from_db()
    assert reason.text == "Saknar förankring i länet."
    active = reasons_url(name="rejection_reason_active", pk=reason.pk)
    assert client.post(active, {"active": "0"}).status_code == 302
    reason.refresh_from_db()
    assert not reason.active
    assert client.post(active, {"active": "1"}).status_code == 302
    reason.refresh_from_db()
    assert reason.active


def test_a_reason_out_of_use_is_not_offered_to_the_forum(
    login, review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded
):
    three_proposals(in_review, applicant, coordinator, reviewers)
    meeting, _item, _lines = agenda(jamtland, seeded, coordinator)
    kept = RejectionReason.objects.create(county=jamtland, text="Offered reason.")
    dropped = RejectionReason.objects.create(county=jamtland, text="Dropped reason.", active=False)
    html = login("forum@jamtland.demo").get(meeting_url(meeting)).content.decode()
    assert f'<option value="{kept.pk}">Offered reason.</option>' in html
    assert "Dropped reason." not in html
    assert dropped.pk != kept.pk


def test_only_the_countys_coordinator_manages_reasons(login, jamtland):
    reason = RejectionReason.objects.create(county=jamtland, text="Ej länsgemensam.")
    for email, status in {
        "forum@jamtland.demo": 403,
        "beredning1@jamtland.demo": 403,
        "samordnare@vastmanland.demo": 404,
    }.items():
        client = login(email)
        assert client.get(reasons_url()).status_code == status, email
        edit = reasons_url(name="rejection_reason_edit", pk=reason.pk)
        assert client.post(edit, {f"r{reason.pk}-text": "Kapad"}).status_code == status
    # Västmanland's coordinator in their own county does not find Jämtland's reason
    vastmanland = login("samordnare@vastmanland.demo")
    edit = reasons_url("vastmanland", "rejection_reason_edit", reason.pk)
    assert vastmanland.post(edit, {f"r{reason.pk}-text": "Kapad"}).status_code == 404
    reason.refresh_from_db()
    assert reason.text == "Ej länsgemensam."
