"""Each person's choice per kind of event is honoured: an e-mail at once, one daily digest
listing the events, or nothing; the choices are edited on the person's own page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reporting.models import Delivery, MailKind, NotificationChoice, NotificationKind, OutgoingEmail
from reporting.notifications.services import digest_send, notify

pytestmark = pytest.mark.django_db

User = get_user_model()
PAGE = reverse("reporting:notification_choices")


def _person(email: str, delivery: str | None = None):
    user = User.objects.create_user(username=email, email=email, password="x-Lösen-2027")
    if delivery:
        NotificationChoice.objects.create(
            user=user, kind=NotificationKind.ADOPTION_PENDING, delivery=delivery
        )
    return user


def _tell(users, key: str = "adoption:1"):
    return notify(
        kind=NotificationKind.ADOPTION_PENDING,
        users=users,
        subject="SVOM:s rekommendation väntar på beslut",
        body="Styrelsen ska besluta senast 2027-05-01.",
        link="/lan/jamtland/",
        key=key,
    )


def _mails_to(email: str, kind=None):
    mails = [m for m in OutgoingEmail.objects.order_by("pk") if email in m.to]
    return [m for m in mails if kind is None or m.kind == kind]


def test_each_choice_is_honoured_and_the_digest_lists_the_events_once():
    now = _person("nu@example.se")
    daily = _person("dag@example.se", Delivery.DIGEST)
    never = _person("aldrig@example.se", Delivery.NONE)

    counts = _tell([now, daily, never])
    assert counts == {Delivery.NOW: 1, Delivery.DIGEST: 1, Delivery.NONE: 1}
    assert [m.subject for m in _mails_to("nu@example.se")] == [
        "SVOM:s rekommendation väntar på beslut"
    ]
    assert _mails_to("dag@example.se") == [] and _mails_to("aldrig@example.se") == []

    # The same event told again stores nothing new; another event joins the digest.
    _tell([now, daily, never])
    assert len(_mails_to("nu@example.se")) == 1
    _tell([daily], key="adoption:2")

    assert digest_send() == 1
    (digest,) = _mails_to("dag@example.se")
    assert digest.kind == MailKind.DIGEST
    assert digest.body.count("SVOM:s rekommendation väntar på beslut") == 2
    assert digest_send() == 0  # the items are sent
    assert _mails_to("aldrig@example.se") == []


def test_a_person_edits_only_their_own_choices_and_bad_input_keeps_the_rest(client):
    assert client.get(PAGE).status_code == 302  # to log in
    user = _person("egen@example.se")
    client.force_login(user)
    assert client.get(PAGE).status_code == 200

    data = {kind.value: Delivery.NOW for kind in NotificationKind}
    data[NotificationKind.ADOPTION_PENDING] = Delivery.DIGEST
    data[NotificationKind.REPAYMENT_COMPUTED] = "sometimes"
    refused = client.post(PAGE, data)
    html = refused.content.decode()
    assert refused.status_code == 400 and "Välj ett av de sätt som visas." in html
    assert not NotificationChoice.objects.filter(user=user).exists()

    data[NotificationKind.REPAYMENT_COMPUTED] = Delivery.NONE
    assert client.post(PAGE, data).status_code == 302
    chosen = dict(NotificationChoice.objects.filter(user=user).values_list("kind", "delivery"))
    assert chosen[NotificationKind.ADOPTION_PENDING] == Delivery.DIGEST
    assert chosen[NotificationKind.REPAYMENT_COMPUTED] == Delivery.NONE
