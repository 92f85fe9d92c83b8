"""The status report keeps its tables cached until the county's data changes or the day turns:
the second view costs a few queries, and every change shows on the next view."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allocations.models import County
from allocations.money import format_kronor
from applications.models import Grant
from reporting.models import Deadline, DeadlineKind
from tests.page_cache import content, write_in_county

pytestmark = pytest.mark.django_db

URL = reverse("allocations:status_report", args=["dalarna", 2025])
COORDINATOR = "samordnare@dalarna.demo"
FLAGGED = "Not invoiced in time"


@pytest.fixture
def dalarna(seeded) -> County:
    call_command("load_followup_dalarna", stdout=io.StringIO())
    return County.objects.get(slug="dalarna")


def get(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_second_view_is_served_from_the_cache(login, dalarna):
    client = login(COORDINATOR)
    first, cold = get(client)
    second, warm = get(client)
    assert content(second) == content(first)
    assert "Proj 4170" in second
    assert warm < cold - 3


def test_a_forecast_saved_on_a_grant_shows_on_the_next_view(login, dalarna):
    client = login(COORDINATOR)
    get(client)
    grant = Grant.objects.get(county=dalarna, title="Stöd till kommuner, suicidpreventivt arbete")
    grant.forecast = 1_500_000
    grant.save(update_fields=["forecast"])
    html, _ = get(client)
    # area 4's money at risk drops as test_status_report computes it
    assert format_kronor(4_369_623 - 1_939_623 + 439_623) in html


def test_a_bulk_update_shows_on_the_next_view(login, dalarna):
    client = login(COORDINATOR)
    get(client)
    Grant.objects.filter(county=dalarna, project_code="Proj 4170").update(project_code="Proj 9999")
    html, _ = get(client)
    assert "Proj 9999" in html and "Proj 4170" not in html


def test_the_invoicing_flag_comes_up_when_the_day_turns(login, dalarna, seeded, settings):
    # ten minutes before midnight, then ten after: within the session's idle time
    evening = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(23, 50))
    )
    Deadline.objects.create(
        county=dalarna,
        agreement=seeded,
        kind=DeadlineKind.INVOICING,
        title="Fakturering",
        due_on=timezone.localdate(),
    )
    with time_machine.travel(evening, tick=False):
        client = login(COORDINATOR)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        get(client)
        today, _ = get(client)
    assert FLAGGED not in today
    with time_machine.travel(evening + datetime.timedelta(minutes=20), tick=False):
        after, _ = get(client)
    assert FLAGGED in after


def test_the_forum_reads_the_same_report(login, client, dalarna):
    coordinator_html, _ = get(login(COORDINATOR))
    client.logout()
    forum_html, _ = get(login("forum@dalarna.demo"))
    assert content(forum_html) == content(coordinator_html)


def test_another_countys_change_leaves_the_cached_report_in_place(login, dalarna):
    client = login(COORDINATOR)
    get(client)
    _, warm = get(client)
    write_in_county("jamtland")
    _, after = get(client)
    assert after == warm
