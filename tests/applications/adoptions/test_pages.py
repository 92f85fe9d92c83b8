"""The member's adoption pages, the coordinator's overview per meeting and the warning on
the requisition while members have not adopted."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allocations.models import Organisation
from applications.models import AdoptionOutcome
from reporting.models import OutgoingEmail

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ostersund(meeting):
    return meeting.adoptions.get(member__name="Östersunds kommun")


def _form(meeting, **changes):
    data = {
        "outcome": AdoptionOutcome.ADOPTED,
        "body": "municipal_board",
        "body_name": "Kommunstyrelsen i Östersunds kommun",
        "adopted_on": (meeting.held_on + datetime.timedelta(days=1)).isoformat(),
        "paragraph": "§ 42",
        "changes": "",
        "minutes_extract": SimpleUploadedFile("utdrag.pdf", PDF, "application/pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _notice_body(email: str) -> str:
    """The text of the e-mail to `email`: sent in-process (the test outbox) or still
    waiting for a worker in the mail outbox."""
    sent = [m.body for m in mail.outbox if email in m.to]
    waiting = [m.body for m in OutgoingEmail.objects.all() if email in m.to and m.body]
    [body] = sent or waiting
    return body


def test_the_opening_notice_takes_the_adopter_to_the_adoption_page(approved, adopter, login):
    adoption = _ostersund(approved)
    url = reverse("applications:adoption_detail", args=[adoption.pk])
    body = _notice_body(adopter.email)
    assert "Östersunds kommun" in body and url in body
    client = login(adopter.email)
    page = client.get(reverse("applications:my_adoptions")).content.decode()
    assert url in page and "Östersunds kommun" in page and "Krokoms kommun" not in page
    assert reverse("applications:my_adoptions") in client.get("/").content.decode()
    detail = client.get(url).content.decode()
    assert "Väntar" in detail and adoption.due_on.isoformat() in detail


def test_the_member_records_its_boards_decision_on_the_page(approved, adopter, login):
    adoption = _ostersund(approved)
    client = login(adopter.email)
    url = reverse("applications:adoption_record", args=[adoption.pk])
    early = (approved.held_on - datetime.timedelta(days=1)).isoformat()

    refused = client.post(url, _form(approved, adopted_on=early, changes="Typed text"))
    html = refused.content.decode()
    assert refused.status_code == 400
    assert f"före rekommendationen från {approved.held_on.isoformat()}" in html
    assert 'value="§ 42"' in html and "Typed text" in html  # what was typed is kept
    assert "Kommunstyrelsen i Östersunds kommun" in html

    missing = client.post(url, _form(approved, paragraph="", minutes_extract=None))
    assert missing.status_code == 400
    assert "Detta fält måste fyllas i." in missing.content.decode()

    done = client.post(url, _form(approved))
    assert done.status_code == 302
    page = client.get(done.url).content.decode()
    assert "Antaget" in page and "§ 42" in page
    assert reverse("applications:adoption_extract", args=[adoption.pk]) in page
    extract = client.get(reverse("applications:adoption_extract", args=[adoption.pk]))
    assert b"".join(extract.streaming_content) == PDF

    again = client.post(url, _form(approved), follow=True)
    assert "redan registrerat (" in again.content.decode()


def test_the_member_fills_in_the_memos_own_fields(approved, adopter, login):
    adoption = _ostersund(approved)
    client = login(adopter.email)
    url = reverse("applications:adoption_prepare", args=[adoption.pk])
    refused = client.post(url, {"recipient": "", "preparing_officers": "Anna Andersson"})
    assert refused.status_code == 400
    assert "Anna Andersson" in refused.content.decode()
    saved = client.post(
        url,
        {
            "recipient": "Social- och arbetsmarknadsutskottet",
            "preparing_officers": "Anna Andersson, utvecklingsledare",
            "send_to": "Kommunledningsförvaltningen",
        },
    )
    assert saved.status_code == 302
    adoption.refresh_from_db()
    assert adoption.recipient == "Social- och arbetsmarknadsutskottet"
    assert adoption.preparing_officers == "Anna Andersson, utvecklingsledare"


def test_nobody_else_sees_a_members_case(approved, adopter, login, client):
    krokom = approved.adoptions.get(member__name="Krokoms kommun")
    detail = reverse("applications:adoption_detail", args=[krokom.pk])
    anonymous = client.get(detail)
    assert anonymous.status_code == 302 and "next=" in anonymous.url
    for email in (adopter.email, "beredning1@jamtland.demo", "samordnare@dalarna.demo"):
        assert login(email).get(detail).status_code == 404, email  # another member's case
        client.logout()
    overview = reverse("applications:meeting_adoptions", args=["jamtland", approved.pk])
    assert login("samordnare@dalarna.demo").get(overview).status_code == 404
    client.logout()
    assert login(adopter.email).get(overview).status_code == 403


def test_the_coordinator_follows_every_member_and_sets_the_due_date(approved, adopter, login):
    from applications.adoptions.services import adoption_record

    adoption_record(
        adoption=_ostersund(approved),
        by=adopter,
        outcome=AdoptionOutcome.ADOPTED,
        body="municipal_board",
        body_name="",
        adopted_on=approved.held_on,
        paragraph="7",
        changes="",
        minutes_extract=SimpleUploadedFile("u.pdf", PDF, "application/pdf"),
    )
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:meeting_adoptions", args=["jamtland", approved.pk])
    meeting_page = client.get(
        reverse("applications:decision_meeting", args=["jamtland", approved.pk])
    ).content.decode()
    assert url in meeting_page
    html = client.get(url).content.decode()
    assert "1 antagen" in html and "1 väntar" in html and "0 inte antagna" in html
    assert "Krokoms kommun" in html and "§ 7" in html

    due = reverse("applications:adoptions_due", args=["jamtland", approved.pk])
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    refused = client.post(due, {"due_on": past})
    assert refused.status_code == 400 and "från och med i dag" in refused.content.decode()
    assert past in refused.content.decode()
    later = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    assert client.post(due, {"due_on": later}).status_code == 302
    krokom = approved.adoptions.get(member__name="Krokoms kommun")
    assert krokom.due_on.isoformat() == later
    assert _ostersund(approved).due_on != krokom.due_on  # recorded ones keep theirs

    client.logout()
    forum = login("forum@jamtland.demo")
    assert forum.get(url).status_code == 200
    assert forum.post(due, {"due_on": later}).status_code == 403


def test_the_requisition_warns_while_members_have_not_adopted(approved, adopter, login):
    client = login("samordnare@jamtland.demo")
    url = reverse("allocations:requisition", args=["jamtland", approved.agreement.year])
    html = client.get(url).content.decode()
    assert "2 medlemmar har ännu inte antagit rekommendationen." in html
    assert "Krokoms kommun" in html and "Östersunds kommun" in html
    for adoption in approved.adoptions.all():
        from applications.adoptions.services import adoption_record

        adoption_record(
            adoption=adoption,
            by=_coord(),
            outcome=AdoptionOutcome.ADOPTED,
            body="municipal_board",
            body_name="",
            adopted_on=approved.held_on,
            paragraph="7",
            changes="",
            minutes_extract=SimpleUploadedFile("u.pdf", PDF, "application/pdf"),
        )
    assert "ännu inte antagit" not in client.get(url).content.decode()


def _coord():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="samordnare@jamtland.demo")


def test_the_overview_runs_a_fixed_number_of_queries(approved, login, django_assert_num_queries):
    from applications.adoptions.services import adoptions_open

    client = login("samordnare@jamtland.demo")
    url = reverse("applications:meeting_adoptions", args=["jamtland", approved.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    Organisation.objects.filter(county=approved.county).update(is_member=True)
    assert len(adoptions_open(meeting=approved)) > 5
    with django_assert_num_queries(len(small)):
        client.get(url)
