"""Grant follow-up: the county's statuses, the recipient's follow-up and usage, who sees
which grant, and the lists' query counts. Data: Dalarna's 2025 interventions
(`load_followup_dalarna`)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.followup.services import (
    grant_status_defaults_ensure,
    grant_usage_add,
)
from allocations.models import County, GrantStatusOption, GrantUsage, UsageKind
from applications.models import Grant
from reporting.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

RSS = "sokande@rss-dalarna.demo"  # RSS Dalarna: 7 of the interventions
PSYKIATRI = "sokande@psykiatri-dalarna.demo"
BORLANGE = "sokande@borlange.demo"  # one intervention
COORDINATOR = "samordnare@dalarna.demo"


@pytest.fixture
def dalarna(seeded) -> County:
    call_command("load_followup_dalarna", stdout=io.StringIO())
    return County.objects.get(slug="dalarna")


@pytest.fixture
def grant(dalarna) -> Grant:
    """RSS Dalarna's 400 000 kr grant in area 3."""
    return Grant.objects.get(county=dalarna, project_code="Proj 9288")


def test_every_county_gets_the_six_statuses_once(seeded):
    call_command("load_agreement_2025", stdout=io.StringIO())
    county = County.objects.get(slug="jamtland")
    options = list(county.grant_status_options.all())
    assert [o.name for o in options][:2] == [
        "Medlen rekvirerade",
        "Pågående, alla medel kommer att rekvireras",
    ]
    assert {o.name for o in options if o.money_at_risk} == {
        "Ej tillsatt",
        "Oklart om alla medel förbrukas",
        "Medlen kommer ej kunna förbrukas",
    }
    assert grant_status_defaults_ensure(county=county) == 0
    assert county.grant_status_options.count() == 6


def test_the_coordinator_adds_edits_and_retires_a_status(dalarna, login):
    client = login(COORDINATOR)
    url = reverse("allocations:grant_statuses", args=["dalarna"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "add", "new-name": "Avslutad", "new-money_at_risk": ""})
    assert response.status_code == 302
    option = dalarna.grant_status_options.get(name="Avslutad")
    assert not option.money_at_risk

    clash = client.post(url, {"action": "add", "new-name": "ej TILLSATT"})
    assert clash.status_code == 400
    page = clash.content.decode()
    assert _("The county already has a status with this name.") in page
    assert "ej TILLSATT" in page  # the input is kept

    response = client.post(
        url,
        {
            "action": "edit",
            "option": option.pk,
            f"s{option.pk}-name": "Avslutad insats",
            f"s{option.pk}-money_at_risk": "on",
            f"s{option.pk}-position": "9",
        },
    )
    assert response.status_code == 302
    option.refresh_from_db()
    assert (option.name, option.money_at_risk, option.position) == ("Avslutad insats", True, 9)

    client.post(url, {"action": "active", "option": option.pk, "active": "0"})
    option.refresh_from_db()
    assert not option.active


def test_only_the_coordinator_edits_statuses(dalarna, login):
    url = reverse("allocations:grant_statuses", args=["dalarna"])
    assert login("forum@dalarna.demo").get(url).status_code == 403
    assert login("samordnare@jamtland.demo").post(url, {"action": "add"}).status_code == 404


def test_the_recipient_updates_the_follow_up(grant, login):
    client = login(RSS)
    url = reverse("allocations:grant_followup", args=[grant.pk])
    assert client.get(url).status_code == 200
    status = GrantStatusOption.objects.get(county=grant.county, name="Planering pågår")
    response = client.post(
        url,
        {
            "followup_status": status.pk,
            "forecast": "350 000",
            "followup_comment": "Tjänsten tillsätts i oktober.",
            "kind": "continuation",
            "description": "Samordnare för lokala programområden.",
            "project_code": "Proj 9288",
        },
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.forecast == 350_000
    assert grant.followup_status == status
    assert grant.followup_updated_by.username == RSS
    assert grant.followup_updated_at is not None
    assert grant.amount == 400_000  # the decision's facts stay
    page = client.get(reverse("allocations:grant_detail", args=[grant.pk])).content.decode()
    assert "Tjänsten tillsätts i oktober." in page
    assert "350 000 kr" in page


def test_a_forecast_above_the_grant_is_refused_and_the_input_kept(grant, login):
    client = login(RSS)
    response = client.post(
        reverse("allocations:grant_followup", args=[grant.pk]),
        {"forecast": "500 000", "followup_comment": "Mer än beviljat"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert _("The forecast must be between 0 kr and the granted amount.") in page
    assert "Mer än beviljat" in page
    grant.refresh_from_db()
    assert grant.forecast is None


def test_usage_is_recorded_and_may_not_exceed_the_grant(grant, login):
    client = login(RSS)
    url = reverse("allocations:grant_usage_add", args=[grant.pk])
    today = timezone.localdate()
    response = client.post(
        url,
        {"kind": "invoiced", "amount": "300 000", "occurred_on": "2025-06-30", "note": "Lön"},
    )
    assert response.status_code == 302
    too_much = client.post(
        url, {"kind": "used", "amount": "100 001", "occurred_on": "2025-07-01", "note": "X"}
    )
    assert too_much.status_code == 400
    page = too_much.content.decode()
    assert "100 000 kr" in page  # what remains
    assert 'value="100 001"' in page
    for amount, date in (("-5", "2025-07-01"), ("0", "2025-07-01")):
        response = client.post(url, {"kind": "used", "amount": amount, "occurred_on": date})
        assert response.status_code == 400
    future = (today + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"kind": "used", "amount": "1000", "occurred_on": future})
    assert response.status_code == 400
    assert _("The date cannot be in the future.") in response.content.decode()
    response = client.post(url, {"kind": "used", "amount": "1000", "occurred_on": "2024-12-31"})
    assert response.status_code == 400
    assert list(grant.usages.values_list("amount", flat=True)) == [300_000]


def test_the_service_refuses_too_much_in_swedish(grant):
    with pytest.raises(ValidationError) as refused:
        grant_usage_add(
            grant=grant,
            by=None,
            kind=UsageKind.USED,
            amount=400_001,
            occurred_on=datetime.date(2025, 5, 1),
        )
    assert "400 000 kr" in str(refused.value.message_dict["amount"])


def test_the_grant_page_flags_what_is_not_invoiced_after_the_deadline(grant, seeded, login):
    Deadline.objects.create(
        county=grant.county,
        agreement=seeded,
        kind=DeadlineKind.INVOICING,
        title="Fakturering",
        due_on=datetime.date(2025, 8, 30),
    )
    GrantUsage.objects.create(
        grant=grant, kind=UsageKind.INVOICED, amount=150_000, occurred_on=datetime.date(2025, 4, 1)
    )
    page = login(COORDINATOR).get(reverse("allocations:grant_detail", args=[grant.pk]))
    text = page.content.decode()
    if timezone.localdate() > datetime.date(2025, 8, 30):
        assert "250 000 kr" in text
        assert _("Not invoiced in time:") in text
    assert '{% include "allocations/grants/_report_panel.html" %}' not in text


@pytest.mark.parametrize(
    ("email", "detail", "followup"),
    [
        (RSS, 200, 200),
        (COORDINATOR, 200, 200),
        ("forum@dalarna.demo", 200, 404),
        (PSYKIATRI, 404, 404),  # another organisation of the county
        ("beredning1@dalarna.demo", 404, 404),
        ("samordnare@jamtland.demo", 404, 404),  # another county's coordinator
    ],
)
def test_who_sees_and_follows_up_a_grant(grant, login, email, detail, followup):
    client = login(email)
    assert client.get(reverse("allocations:grant_detail", args=[grant.pk])).status_code == detail
    assert client.get(reverse("allocations:grant_followup", args=[grant.pk])).status_code == (
        followup
    )
    response = client.post(
        reverse("allocations:grant_usage_add", args=[grant.pk]),
        {"kind": "used", "amount": "1000", "occurred_on": "2025-05-02"},
    )
    assert response.status_code == (302 if followup == 200 else 404)


def test_an_applicant_sees_only_the_grants_of_its_organisation(dalarna, login):
    page = login(BORLANGE).get(reverse("allocations:my_grants")).content.decode()
    assert "Kommungemensamt HVB" in page
    assert "Projekt MiniMaria" not in page
    assert "Suicidpreventionssamordnaren" not in page
    start = login(BORLANGE).get(reverse("start")).content.decode()
    assert reverse("allocations:my_grants") in start


def test_the_coordinators_start_page_links_follow_up_and_report(dalarna, login):
    start = login(COORDINATOR).get(reverse("start")).content.decode()
    assert reverse("allocations:grants", args=["dalarna", 2025]) in start
    assert reverse("allocations:status_report", args=["dalarna", 2025]) in start


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_grants_runs_a_fixed_number_of_queries(dalarna, client, login):
    url = reverse("allocations:my_grants")
    one = _queries(login(BORLANGE), url)  # one grant
    client.logout()
    seven = _queries(login(RSS), url)  # seven grants
    assert one == seven


def test_hostile_values_in_the_grant_forms_never_make_a_500(grant, login):
    """As tests/test_fuzz_forms.py does for every page: the follow-up and usage forms of a
    grant (the shared fuzz world has no grant)."""
    from django.urls import resolve

    from tests.test_fuzz_forms import FormParser, fuzz_form

    client = login(RSS)
    not_shown_again: list = []
    posted = set()
    for url in (
        reverse("allocations:grant_detail", args=[grant.pk]),
        reverse("allocations:grant_followup", args=[grant.pk]),
    ):
        parser = FormParser()
        parser.feed(client.get(url).content.decode())
        for form in parser.forms:
            action = form["action"] or url
            name = resolve(action).view_name
            if name.startswith("allocations:grant_"):  # not the log-out or language forms
                posted.add(name)
                fuzz_form(client, action, form["fields"], not_shown_again)
    assert posted == {"allocations:grant_followup", "allocations:grant_usage_add"}
    assert not not_shown_again, not_shown_again
