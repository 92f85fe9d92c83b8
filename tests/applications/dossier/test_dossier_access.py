"""Who makes and downloads a grant's dossier: the county's coordinator, once it is closed;
the panel on the grant's page offers it to them alone."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from allocations.models import Membership, Role
from reporting.models import ExportJob, ExportState
from tests.applications.dossier.test_dossier import (  # noqa: F401 - _tasks_in_process: autouse
    COORDINATOR,
    _tasks_in_process,
    close,
    request_dossier,
)
from tests.matrix_fixtures import build_world, grant_without_application, user


@pytest.mark.django_db
def test_only_the_county_coordinator_makes_it_and_only_when_closed(login, client, seeded):
    world = build_world(seeded)
    grant = world.grant
    url = reverse("applications:dossier_request", args=[grant.pk])
    assert login(COORDINATOR).get(url).status_code == 405
    # Not closed: refused with a message, back to where the button was.
    response = client.post(url, {"tillbaka": "/konto/"})
    assert response.status_code == 302 and response["Location"] == "/konto/"
    assert not ExportJob.objects.filter(kind="dossier").exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1 and ("closed" in messages[0] or "avslutat" in messages[0])
    # A foreign return address is not followed.
    response = client.post(url, {"tillbaka": "https://example.com/"})
    assert response["Location"] == reverse(
        "applications:grant_history", args=[grant.county.slug, grant.pk]
    )
    close(grant)
    for email, status in [
        ("sokande@ostersund.demo", 403),  # the recipient sees the grant, not its dossier
        ("forum@jamtland.demo", 403),
        ("samordnare@vastmanland.demo", 404),  # another county: the grant is not revealed
        ("sokande@kfjh.demo", 404),
    ]:
        client.logout()
        assert request_dossier(login(email), grant).status_code == status, email
    assert not ExportJob.objects.filter(kind="dossier").exists()


@pytest.mark.django_db
def test_the_file_is_the_coordinators_alone(
    login, client, seeded, django_capture_on_commit_callbacks
):
    grant = close(grant_without_application(seeded))
    coordinator = login(COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        request_dossier(coordinator, grant)
        request_dossier(coordinator, grant)
    job = ExportJob.objects.get()  # the second request found the first one done or under way
    assert job.state == ExportState.DONE
    urls = [
        reverse(name, args=[job.pk])
        for name in ("reporting:export_job", "reporting:export_status", "reporting:export_download")
    ]
    for email in ("forum@jamtland.demo", "samordnare@vastmanland.demo", "sokande@ostersund.demo"):
        client.logout()
        other = login(email)
        assert [other.get(url).status_code for url in urls] == [404, 404, 404], email
    # A requester who is no longer the county's coordinator no longer gets it.
    Membership.objects.filter(user=user(COORDINATOR), role=Role.COORDINATOR).delete()
    client.logout()
    assert login(COORDINATOR).get(urls[2]).status_code == 404


@pytest.mark.django_db
def test_the_panel_offers_the_dossier_to_the_coordinator_of_a_closed_grant(login, seeded):
    world = build_world(seeded)
    grant = world.grant

    def panel(email: str) -> str:
        request = RequestFactory().get("/bidrag/")
        request.user = user(email)
        context = {"grant": grant}
        return render_to_string("allocations/grants/_dossier_panel.html", context, request)

    action = reverse("applications:dossier_request", args=[grant.pk])
    assert action not in panel(COORDINATOR) and "<h2" in panel(COORDINATOR)
    assert panel("forum@jamtland.demo").strip() == ""
    close(grant)
    assert action in panel(COORDINATOR)
    assert panel("samordnare@vastmanland.demo").strip() == ""
