"""A message from the county's coordinator to the applicants of a call: a preview with the
recipients, then one e-mail per address through the outboxes, with the progress and a line
per recipient on the message's page."""

import os

import pytest
from django.core import mail
from django.urls import reverse

from allocations.models import County, Organisation
from applications.models import Status
from reporting.bulk.services import DELIVER_TASK
from reporting.models import (
    BulkMessage,
    BulkState,
    MailKind,
    MailState,
    OutboxMessage,
    OutgoingEmail,
)
from tests.applications.factories import make_application, make_call
from tests.matrix_fixtures import user
from tests.services import need, wait_until

COORDINATOR = "samordnare@jamtland.demo"


@pytest.fixture(autouse=True)
def _tasks_in_process(request, monkeypatch):
    """Tasks run in-process even when REDIS_URL names a broker; the test that asks for
    `celery_worker_if_broker` uses the real worker."""
    if "celery_worker_if_broker" in request.fixturenames:
        return
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def call(seeded, open_call):
    """Jämtland's open call with three applications: Östersund's submitted one (contact
    person and author differ), its draft (the same people) and KFJH's withdrawn one."""
    ostersund = Organisation.objects.get(name="Östersunds kommun")
    kfjh_applicant = user("sokande@kfjh.demo")
    kfjh = Organisation.objects.get(
        pk=kfjh_applicant.memberships.get(role="applicant").organisation_id
    )
    applicant = user("sokande@ostersund.demo")
    make_application(
        open_call, ostersund, applicant, status=Status.SUBMITTED, contact_email="anna@ostersund.se"
    )
    make_application(open_call, ostersund, applicant, contact_email="Anna@Ostersund.se")
    make_application(open_call, kfjh, kfjh_applicant, status=Status.WITHDRAWN, contact_email="")
    return open_call


def new_url(slug="jamtland") -> str:
    return reverse("reporting:bulk_message_new", args=[slug])


def write(client, call, **data):
    fields = {"call": call.pk, "status": "", "subject": "Informationsmöte", "body": "Välkomna."}
    return client.post(new_url(), {**fields, **data})


@pytest.mark.django_db
def test_preview_then_send_to_every_applicant_with_a_log_per_recipient(
    login, call, django_capture_on_commit_callbacks
):
    coordinator = login(COORDINATOR)
    response = write(coordinator, call)
    message = BulkMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:bulk_message", args=["jamtland", message.pk])

    preview = coordinator.get(response["Location"]).content.decode()
    assert "Meddelandet går till 3 mottagare" in preview
    for address in ("anna@ostersund.se", "sokande@ostersund.demo", "sokande@kfjh.demo"):
        assert address in preview
    assert "Östersunds kommun" in preview
    assert not OutgoingEmail.objects.exists() and mail.outbox == []

    send = reverse("reporting:bulk_message_send", args=["jamtland", message.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator.post(send).status_code == 302
    # Through the task outbox, then the mail outbox: one e-mail per address.
    assert OutboxMessage.objects.filter(task=DELIVER_TASK, args=[message.pk]).exists()
    emails = OutgoingEmail.objects.filter(kind=MailKind.BULK)
    assert sorted(e.to[0] for e in emails) == [
        "anna@ostersund.se",
        "sokande@kfjh.demo",
        "sokande@ostersund.demo",
    ]
    assert all(e.state == MailState.SENT and e.county.slug == "jamtland" for e in emails)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.to[0] for e in emails)
    assert {m.subject for m in mail.outbox} == {"Informationsmöte"}

    message.refresh_from_db()
    assert message.state == BulkState.SENT and message.sent_by.email == COORDINATOR
    page = coordinator.get(reverse("reporting:bulk_message", args=["jamtland", message.pk]))
    text = page.content.decode()
    assert "3 av 3 skickade, 0 kunde inte skickas." in text
    assert text.count(">Skickad<") == 3
    assert "data-busy" not in text  # nothing left on its way: the page stops polling

    # Pressing "send" again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        again = coordinator.post(send, follow=True)
    assert "redan skickats" in again.content.decode()
    assert OutgoingEmail.objects.filter(kind=MailKind.BULK).count() == 3
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_only_the_applications_in_the_chosen_status(login, call):
    coordinator = login(COORDINATOR)
    write(coordinator, call, status=Status.WITHDRAWN)
    message = BulkMessage.objects.get()
    assert [r.email for r in message.recipients.all()] == ["sokande@kfjh.demo"]
    assert message.recipients.get().organisation.name != "Östersunds kommun"


@pytest.mark.django_db
def test_a_refusing_mail_server_shows_as_failed_per_recipient(
    login, call, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_RETRY_SCHEDULE = []  # the first refusal is the last
    settings.MAILERS = {
        **settings.MAILERS,
        "transport": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        },
    }
    coordinator = login(COORDINATOR)
    write(coordinator, call, status=Status.SUBMITTED)
    message = BulkMessage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(reverse("reporting:bulk_message_send", args=["jamtland", message.pk]))
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {MailState.FAILED}
    text = coordinator.get(
        reverse("reporting:bulk_message", args=["jamtland", message.pk])
    ).content.decode()
    assert "0 av 2 skickade, 2 kunde inte skickas." in text
    assert text.count(">Kunde inte skickas<") == 2
    # The county's page of e-mails that could not be sent lists them, to send again.
    failed = coordinator.get(reverse("reporting:county_mail", args=["jamtland"]))
    assert "Informationsmöte" in failed.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": "  "}, "Skriv ett ämne."),
        ({"body": ""}, "Skriv meddelandet."),
        ({"status": Status.APPROVED}, "Utlysningen har inga sökande att skriva till."),
        ({"status": "nonsense"}, "Välj en av statusarna som visas."),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_kept(login, call, data, error):
    coordinator = login(COORDINATOR)
    response = write(coordinator, call, **data)
    text = response.content.decode()
    assert response.status_code == 400
    assert error in text
    assert "Välkomna." in text or data.get("body") == ""
    assert not BulkMessage.objects.exists()


@pytest.mark.django_db
def test_a_call_of_another_county_cannot_be_chosen(login, call, seeded):
    other = make_call(County.objects.get(slug="vastmanland"), seeded, title="Västmanlands")
    response = write(login(COORDINATOR), other)
    assert response.status_code == 400
    assert "Välj en av länets utlysningar." in response.content.decode()


@pytest.mark.django_db
def test_other_counties_and_other_roles_are_refused(client, login, call):
    coordinator = login(COORDINATOR)
    write(coordinator, call)
    message = BulkMessage.objects.get()
    page = reverse("reporting:bulk_message", args=["jamtland", message.pk])
    send = reverse("reporting:bulk_message_send", args=["jamtland", message.pk])
    client.logout()

    other = login("samordnare@vastmanland.demo")
    assert other.get(page).status_code == 404
    assert other.post(send).status_code == 404
    assert other.get(reverse("reporting:bulk_messages", args=["jamtland"])).status_code == 404
    # Under their own county, the message of Jämtland is not found either.
    theirs = reverse("reporting:bulk_message", args=["vastmanland", message.pk])
    assert other.get(theirs).status_code == 404
    client.logout()

    applicant = login("sokande@ostersund.demo")
    assert applicant.get(page).status_code == 403
    assert applicant.post(send).status_code == 403
    message.refresh_from_db()
    assert message.state == BulkState.DRAFT


@pytest.mark.django_db
def test_the_list_takes_the_same_queries_for_one_or_many_messages(
    login, call, django_capture_on_commit_callbacks
):
    coordinator = login(COORDINATOR)
    url = reverse("reporting:bulk_messages", args=["jamtland"])
    write(coordinator, call)
    coordinator.get(url)  # warms the session and the page's shared parts

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert coordinator.get(url).status_code == 200
        return len(queries)

    one = count()
    for subject in ("Påminnelse", "Nytt datum", "Tack"):
        write(coordinator, call, subject=subject)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            reverse(
                "reporting:bulk_message_send",
                args=["jamtland", BulkMessage.objects.order_by("pk").first().pk],
            )
        )
    page = coordinator.get(url).content.decode()
    assert all(s in page for s in ("Påminnelse", "Nytt datum", "Tack", "Informationsmöte"))
    assert count() == one


@pytest.mark.services
def test_a_worker_sends_the_message(celery_worker_if_broker, login, call):
    if os.environ.get("REQUIRE_SERVICES"):
        need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    coordinator = login(COORDINATOR)
    write(coordinator, call)
    message = BulkMessage.objects.get()
    coordinator.post(reverse("reporting:bulk_message_send", args=["jamtland", message.pk]))

    def all_sent() -> bool:
        return OutgoingEmail.objects.filter(kind=MailKind.BULK, state=MailState.SENT).count() == 3

    wait_until(all_sent, seconds=60)
    text = coordinator.get(
        reverse("reporting:bulk_message", args=["jamtland", message.pk])
    ).content.decode()
    assert "3 av 3 skickade, 0 kunde inte skickas." in text
