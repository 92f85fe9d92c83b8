import pytest
from django.core import mail
from django.urls import reverse

from reporting.models import ProblemReport
from tests.services import wait_until

URL = reverse("reporting:accessibility")


@pytest.mark.django_db
def test_statement_is_public_and_in_swedish(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tillgänglighetsredogörelse" in html
    assert "2018:1937" in html
    assert "Rapportera ett problem" in html


@pytest.mark.django_db
def test_statement_says_what_does_not_comply_when_it_was_reviewed_and_how_to_report(client):
    html = client.get(URL).content.decode()
    assert "WCAG 2.1 nivå AA" in html
    assert "inte granskade med ett verktyg för PDF/UA" in html
    assert "bilagor som sökande laddar upp" in html
    assert "granskades senast 2026-12-07" in html
    assert 'href="#report-heading"' in html and 'id="report-heading"' in html


@pytest.mark.django_db
def test_a_too_short_report_is_refused_next_to_the_field_and_kept(client):
    response = client.post(URL, {"description": "kass", "email": "a@b.se", "page_url": "/x/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beskriv problemet med några ord." in html
    assert 'value="a@b.se"' in html
    assert "kass</textarea>" in html
    assert ProblemReport.objects.count() == 0


def test_a_report_is_stored_and_forwarded_by_e_mail(client, celery_worker_if_broker):
    response = client.post(
        URL,
        {"description": "Tabellen går inte att läsa med skärmläsare.", "page_url": "/lan/"},
        follow=True,
    )
    assert "Tack! Din rapport har skickats." in response.content.decode()
    report = ProblemReport.objects.get()
    assert report.page_url == "/lan/"
    # the worker sends the e-mail inside its transaction and records the forwarding on commit
    wait_until(
        lambda: ProblemReport.objects.filter(pk=report.pk, forwarded_at__isnull=False).exists()
    )
    # ... and the mail outbox then delivers it, in a task of its own
    wait_until(lambda: len(mail.outbox) >= 1)
    assert len(mail.outbox) == 1
    assert "skärmläsare" in mail.outbox[0].body
