"""A review-group member sees an application's content only after declaring no conflict."""

import pytest
from django.urls import reverse

from applications.review.services import conflict_declare

pytestmark = pytest.mark.django_db

PAGES = ["application_detail", "application_print", "application_pdf"]


def statuses(client, application) -> list[int]:
    return [
        client.get(reverse(f"applications:{n}", args=[application.pk])).status_code for n in PAGES
    ]


def test_content_only_after_declaring_no_conflict(login, in_review, review_round, reviewers):
    client = login("beredning1@jamtland.demo")
    assert statuses(client, in_review) == [404, 404, 404]
    conflict_declare(application=in_review, member=reviewers[0], has_conflict=False)
    assert statuses(client, in_review) == [200, 200, 200]


def test_never_with_a_conflict(login, in_review, review_round, reviewers):
    conflict_declare(application=in_review, member=reviewers[1], has_conflict=True, reason="Jävig.")
    client = login("beredning2@jamtland.demo")
    assert statuses(client, in_review) == [404, 404, 404]


def test_the_coordinator_and_the_forum_see_submitted_applications(login, in_review):
    for email in ["samordnare@jamtland.demo", "forum@jamtland.demo"]:
        client = login(email)
        assert statuses(client, in_review) == [200, 200, 200], email
        client.logout()
