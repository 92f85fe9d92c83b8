"""Requests for public records: registered by the coordinator, the records gathered with
the case notes, passages masked under OSL, a masked copy in which the secret text does not
exist, a decision on what was withheld, and a delivered request that never changes."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.casenotes.services import case_note_add
from applications.disclosure.services import DisclosureError, masking_add
from applications.models import (
    DisclosureRequest,
    Masking,
    RequestEvent,
    RequestState,
)
from tests.applications.disclosure.helpers import (
    NOTE_SECRET,
    SECRET,
    downloaded,
    ground,
    pdf_text,
    register,
    registered_and_gathered,
    url,
)

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"


def test_a_case_number_not_in_the_county_is_refused_next_to_the_field(login, in_review):
    client = login(COORDINATOR)
    response = register(client, f"{in_review.case_number}, 23-2025-9999", requester_name="Eva")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det finns inget ärende med diarienummer 23-2025-9999 i länet." in page
    assert 'value="Eva"' in page  # what was typed is kept
    assert not DisclosureRequest.objects.exists()


def test_a_case_number_of_another_county_is_not_found_either(login, in_review):
    client = login("samordnare@vastmanland.demo")
    response = client.post(
        url("disclosure_request_create").replace("jamtland", "vastmanland"),
        {"received_on": timezone.localdate().isoformat(), "case_numbers": in_review.case_number},
    )
    assert response.status_code == 400
    assert "Det finns inget ärende med diarienummer" in response.content.decode()


def test_a_date_in_the_future_is_refused(login, in_review):
    client = login(COORDINATOR)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = register(client, in_review.case_number, received_on=tomorrow.isoformat())
    assert response.status_code == 400
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_an_anonymous_request_found_by_free_text(login, in_review):
    client = login(COORDINATOR)
    response = register(client, "", search_text="handlingsplan")
    assert response.status_code == 302
    request = DisclosureRequest.objects.get()
    assert request.is_anonymous
    assert list(request.applications.all()) == [in_review]
    assert request.events.get().to_state == RequestState.RECEIVED


def test_a_masking_without_a_ground_is_refused_and_nothing_saved(login, in_review):
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    part = f"application:{in_review.pk}:v1:description"
    response = client.post(
        url("disclosure_masking_add", request.pk), {"part": part, "passage": SECRET, "ground": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ange bestämmelsen i offentlighets- och sekretesslagen" in page
    assert SECRET in page  # the passage typed is kept
    assert not Masking.objects.exists()
    with pytest.raises(DisclosureError):
        masking_add(request=request, by=request.registered_by, part=part, ground=None)


def test_a_passage_that_is_not_in_the_text_is_refused(login, in_review):
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    response = client.post(
        url("disclosure_masking_add", request.pk),
        {
            "part": f"application:{in_review.pk}:v1:description",
            "passage": "står inte här",
            "ground": ground().pk,
        },
    )
    assert response.status_code == 400
    assert "Avsnittet finns inte i den här delen." in response.content.decode()
    assert not Masking.objects.exists()


def _masked_and_delivered(client, application, coordinator):
    case_note_add(application=application, author=coordinator, text=f"Samtal. {NOTE_SECRET}.")
    request = registered_and_gathered(client, application)
    note = application.case_notes.get()
    for part, passage, code in [
        (f"application:{application.pk}:v1:description", SECRET, "OSL 31 kap. 16 §"),
        (f"note:{note.pk}", NOTE_SECRET, "OSL 21 kap. 1 §"),
        (f"application:{application.pk}:v1:contact_email", "", "OSL 21 kap. 7 §"),
    ]:
        response = client.post(
            url("disclosure_masking_add", request.pk),
            {"part": part, "passage": passage, "ground": ground(code).pk},
        )
        assert response.status_code == 302, response.content.decode()
    response = client.post(url("disclosure_deliver", request.pk), {"method": "email"})
    assert response.status_code == 302
    request.refresh_from_db()
    return request


def test_the_masked_copy_holds_no_secret_text_only_the_markers(login, in_review, coordinator):
    client = login(COORDINATOR)
    request = _masked_and_delivered(client, in_review, coordinator)
    assert request.state == RequestState.DELIVERED_IN_PART
    text = pdf_text(downloaded(client.get(url("disclosure_masked_copy", request.pk))))
    flat = " ".join(text.split())
    assert in_review.case_number in flat
    assert "Färre suicid och suicidförsök." in flat  # what is public is there
    assert "Samtal." in flat  # the case note is part of the record
    for secret in (SECRET, NOTE_SECRET, "sjukskrivning", in_review.contact_email):
        assert secret not in flat
    assert "[Maskerat enligt OSL 31 kap. 16 §]" in flat
    assert "[Maskerat enligt OSL 21 kap. 1 §]" in flat
    assert "[Maskerat enligt OSL 21 kap. 7 §]" in flat


def test_the_decision_lists_each_ground_and_how_to_appeal(login, in_review, coordinator):
    client = login(COORDINATOR)
    request = _masked_and_delivered(client, in_review, coordinator)
    text = pdf_text(downloaded(client.get(url("disclosure_withholding_decision", request.pk))))
    flat = " ".join(text.split())
    assert "Beslut om att delvis avslå begäran om utlämnande av allmän handling" in flat
    for code in ("OSL 31 kap. 16 §", "OSL 21 kap. 1 §", "OSL 21 kap. 7 §"):
        assert code in flat
    assert "kammarrätten" in flat
    assert "inom tre veckor" in flat
    assert SECRET not in flat and NOTE_SECRET not in flat


def test_the_delivery_is_logged_and_the_request_is_final(login, in_review, coordinator):
    client = login(COORDINATOR)
    request = _masked_and_delivered(client, in_review, coordinator)
    delivery = request.events.get(to_state=RequestState.DELIVERED_IN_PART)
    assert delivery.method == "email" and delivery.by.username == COORDINATOR
    assert request.delivered_at and request.delivered_by.username == COORDINATOR
    with pytest.raises(DisclosureError):
        masking_add(
            request=request,
            by=coordinator,
            part=f"application:{in_review.pk}:v1:purpose",
            ground=ground(),
        )
    masking = request.maskings.first()
    response = client.post(url("disclosure_masking_remove", request.pk, masking.pk))
    assert response.status_code == 302
    assert request.maskings.count() == 3
    response = client.post(url("disclosure_deliver", request.pk), {"method": "paper"})
    assert response.status_code == 302
    assert request.events.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guards are PostgreSQL triggers")
def test_postgresql_refuses_to_change_a_delivered_request(login, in_review, coordinator):
    client = login(COORDINATOR)
    request = _masked_and_delivered(client, in_review, coordinator)
    masking = request.maskings.first()
    statements = [
        (DisclosureRequest, "UPDATE {t} SET requester_name = 'Ändrad' WHERE id = %s", request.pk),
        (DisclosureRequest, "DELETE FROM {t} WHERE id = %s", request.pk),
        (Masking, "UPDATE {t} SET passage = '' WHERE id = %s", masking.pk),
        (Masking, "DELETE FROM {t} WHERE id = %s", masking.pk),
        (RequestEvent, "UPDATE {t} SET method = 'paper' WHERE request_id = %s", request.pk),
        (
            DisclosureRequest.applications.through,
            "DELETE FROM {t} WHERE disclosurerequest_id = %s",
            request.pk,
        ),
    ]
    for model, sql, pk in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql.format(t=model._meta.db_table), [pk])
    assert request.maskings.count() == 3
    assert DisclosureRequest.objects.get().requester_name == ""


def test_the_overview_shows_the_age_and_marks_late_requests(login, in_review, coordinator):
    client = login(COORDINATOR)
    register(client, in_review.case_number, requester_name="Sen begäran")
    late = DisclosureRequest.objects.get()
    old = timezone.localdate() - datetime.timedelta(days=5)
    DisclosureRequest.objects.filter(pk=late.pk).update(received_on=old)
    page = client.get(url("disclosure_requests")).content.decode()
    assert "Sen begäran" in page
    assert "Inte skyndsamt handlagd" in page
    assert ">5 <" in page or ">5<" in page or "5 <span" in page


def _overview_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("disclosure_requests")).status_code == 200
    return len(queries)


def test_the_overview_reads_in_a_fixed_number_of_queries(login, in_review):
    client = login(COORDINATOR)
    for _ in range(2):
        register(client, in_review.case_number)
    _overview_queries(client)  # warm: the session and the county's versions
    few = _overview_queries(client)
    for _ in range(6):
        register(client, in_review.case_number, requester_name="Fler")
    assert DisclosureRequest.objects.count() == 8
    assert _overview_queries(client) == few


@pytest.mark.parametrize(
    ("email", "statuses"),
    [
        ("sokande@ostersund.demo", {403}),
        ("beredning1@jamtland.demo", {403}),
        ("forum@jamtland.demo", {403}),
        ("samordnare@vastmanland.demo", {404}),
    ],
)
def test_only_the_countys_coordinator_handles_requests(login, in_review, email, statuses):
    coordinator_client = login(COORDINATOR)
    register(coordinator_client, in_review.case_number)
    request = DisclosureRequest.objects.get()
    coordinator_client.logout()
    client = login(email)
    for name, args in [
        ("disclosure_requests", []),
        ("disclosure_request_create", []),
        ("disclosure_request", [request.pk]),
        ("disclosure_masked_copy", [request.pk]),
    ]:
        assert client.get(url(name, *args)).status_code in statuses
    assert client.post(url("disclosure_gather", request.pk)).status_code in statuses
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED


def test_anonymous_is_sent_to_log_in(client, seeded):
    response = client.get(url("disclosure_requests"))
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]
