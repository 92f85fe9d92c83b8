"""Review fixes of the grant follow-up: workbooks take any text, a closed grant stays as it
was closed, a report back always states the money used, a draft's files are the recipient's,
parallel first saves and renames do not crash, and only the coordinator records the
county's requisitions and repayments."""

import datetime
import io
import os
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from allocations.budget.selectors.overview import grant_follow_up
from allocations.followup.services import (
    grant_followup_update,
    grant_status_edit,
    grant_usage_add,
)
from allocations.models import (
    County,
    FocusArea,
    GrantReport,
    GrantReportLine,
    GrantStatusOption,
    GrantUsage,
    Membership,
    Repayment,
    ReportState,
    Requisition,
    Role,
)
from allocations.obligations.services.repayment import repayment_record
from allocations.obligations.services.reports import ReportRefused, report_save_draft
from allocations.obligations.services.requisition import requisition_record
from applications.models import Grant
from tests.allocations.budget.budget_data import build_year
from tests.allocations.obligations.test_report_back import (
    COORDINATOR,
    RECIPIENT,
    client_for,
    form_data,
    url,
)
from tests.services import need

pytestmark = pytest.mark.django_db

CONTROL = "Rad ett\x0brad två\x0csida\x07klocka"
CLEAN = "Rad ettrad tvåsidaklocka"


def user(email: str):
    return get_user_model().objects.get(username=email)


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


def recipients_grant(jamtland: County, seeded) -> Grant:
    """A current Jämtland grant without a report, made Östersunds kommun's."""
    build_year(jamtland, seeded, grants=12)
    grant = Grant.objects.filter(county=jamtland, replaced_by=None, reports=None).first()
    organisation = Membership.objects.get(user=user(RECIPIENT), role=Role.APPLICANT).organisation
    Grant.objects.filter(pk=grant.pk).update(responsible_organisation=organisation)  # test data
    return Grant.objects.get(pk=grant.pk)


@pytest.fixture
def grant(jamtland, seeded) -> Grant:
    return recipients_grant(jamtland, seeded)


@pytest.fixture
def dalarna(seeded) -> County:
    call_command("load_followup_dalarna", stdout=io.StringIO())
    return County.objects.get(slug="dalarna")


# 1. Workbooks


def test_the_county_report_workbook_takes_control_characters(jamtland, seeded):
    build_year(jamtland, seeded, grants=8)
    grant = Grant.objects.filter(county=jamtland, replaced_by=None, reports=None).first()
    report = GrantReport.objects.create(
        grant=grant, state=ReportState.ACCEPTED, implementation=CONTROL, results="=1+1"
    )
    GrantReportLine.objects.create(report=report, sub_area=None, amount=5_000, comment=CONTROL)
    response = client_for(COORDINATOR).get(
        reverse("allocations:county_report_xlsx", args=["jamtland", 2025])
    )
    assert response.status_code == 200
    grants, lines = load_workbook(io.BytesIO(response.content)).worksheets
    row = next(r for r in grants.iter_rows(min_row=2) if r[1].value == grant.title)
    assert row[7].value == CLEAN
    assert (row[8].value, row[8].data_type) == ("=1+1", "s")  # text as written, no `'`
    assert CLEAN in [r[4] for r in lines.iter_rows(min_row=2, values_only=True)]


def test_the_status_report_workbook_takes_control_characters(dalarna, login):
    grant = Grant.objects.filter(county=dalarna).first()
    Grant.objects.filter(pk=grant.pk).update(followup_comment=CONTROL, title="=HYPERLINK(1)")
    response = login("samordnare@dalarna.demo").get(
        reverse("allocations:status_report_xlsx", args=["dalarna", 2025])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "=HYPERLINK(1)")
    assert row[2].data_type == "s"
    assert row[13].value == CLEAN


# 2. A closed grant


def _closed(grant: Grant) -> Grant:
    Grant.objects.filter(pk=grant.pk).update(closed_at=timezone.now())  # test data
    return Grant.objects.get(pk=grant.pk)


def test_a_closed_grant_takes_no_follow_up_usage_or_report(grant):
    grant = _closed(grant)
    recipient = user(RECIPIENT)
    closed = "Bidraget är avslutat och kan inte längre ändras."
    with translation.override("sv"):
        with pytest.raises(ValidationError, match=closed):
            grant_usage_add(
                grant=grant,
                by=recipient,
                kind="used",
                amount=1_000,
                occurred_on=datetime.date(2025, 6, 1),
            )
        with pytest.raises(ValidationError, match=closed):
            grant_followup_update(grant=grant, by=recipient, followup_comment="Nytt")
    with pytest.raises(ReportRefused):
        report_save_draft(grant=grant, by=recipient, texts={}, lines=[])
    assert not GrantUsage.objects.filter(grant=grant).exists()
    assert not GrantReport.objects.filter(grant=grant).exists()


def test_the_closed_grants_page_offers_no_changes(grant):
    grant = _closed(grant)
    client = client_for(RECIPIENT)
    page = client.get(reverse("allocations:grant_detail", args=[grant.pk])).content.decode()
    assert reverse("allocations:grant_usage_add", args=[grant.pk]) not in page
    assert reverse("allocations:grant_followup", args=[grant.pk]) not in page
    assert "alert-info" in page
    followup = reverse("allocations:grant_followup", args=[grant.pk])
    assert client.get(followup).status_code == 302
    response = client.post(followup, {"followup_comment": "Nytt", "forecast": ""})
    assert response.status_code == 400
    usage = reverse("allocations:grant_usage_add", args=[grant.pk])
    data = {"kind": "used", "amount": "1 000", "occurred_on": "2025-06-01", "note": ""}
    assert client.post(usage, data).status_code == 400
    assert not GrantUsage.objects.filter(grant=grant).exists()
    report_page = client.get(url(grant)).content.decode()
    assert 'name="submit"' not in report_page


# 3. The money used


def _blank(grant: Grant, **overrides) -> dict:
    rows = len(grant.focus_area.sub_areas.all()) + 1
    data = form_data(grant)
    for index in range(rows):
        data[f"lines-{index}-amount"] = data[f"lines-{index}-comment"] = ""
    return {**data, **overrides}


def test_blank_rows_are_not_stored_and_a_submission_states_the_money(grant):
    client = client_for(RECIPIENT)
    assert client.post(url(grant), _blank(grant, save="1")).status_code == 302
    report = GrantReport.objects.get(grant=grant)
    assert not report.lines.exists()

    response = client.post(url(grant), _blank(grant, submit="1"))
    assert response.status_code == 200
    page = response.content.decode().lower()
    assert "enter an amount on at least one row" in page or "fyll i ett belopp" in page
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT

    data = _blank(grant, submit="1", **{"lines-0-amount": "0"})
    assert client.post(url(grant), data).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert [line.amount for line in report.lines.all()] == [0]  # only the stated row


def test_an_accepted_report_without_amounts_falls_back_on_the_usages(grant, seeded):
    GrantUsage.objects.create(
        grant=grant, kind="used", amount=4_000, occurred_on=datetime.date(2025, 6, 1)
    )
    report = GrantReport.objects.create(grant=grant, state=ReportState.ACCEPTED)
    row = next(
        r for r in grant_follow_up(county=grant.county, agreement=seeded) if r["pk"] == grant.pk
    )
    assert row["settled_used"] == 4_000 and row["to_repay"] == grant.amount - 4_000
    GrantReportLine.objects.create(report=report, sub_area=None, amount=9_000)
    row = next(
        r for r in grant_follow_up(county=grant.county, agreement=seeded) if r["pk"] == grant.pk
    )
    assert row["settled_used"] == 9_000


# 4. A draft's attachments


def test_a_drafts_attachment_is_only_the_recipients(grant):
    recipient, coordinator = client_for(RECIPIENT), client_for(COORDINATOR)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n")
    recipient.post(url(grant), {**form_data(grant, save="1"), "attachment": pdf})
    attachment = GrantReport.objects.get(grant=grant).attachments.get()
    download = reverse("allocations:grant_report_attachment", args=[attachment.pk])
    assert recipient.get(download).status_code == 200
    assert coordinator.get(download).status_code == 404
    assert client_for("forum@jamtland.demo").get(download).status_code == 404
    assert recipient.post(url(grant), form_data(grant, submit="1")).status_code == 302
    assert coordinator.get(download).status_code == 200


# 7. Requisition and repayment


def test_only_the_coordinator_records_requisitions_and_repayments(jamtland, seeded):
    build_year(jamtland, seeded, grants=8)
    area = FocusArea.objects.get(agreement=seeded, number=4)
    before = (Requisition.objects.count(), Repayment.objects.count())
    for email in ("forum@jamtland.demo", "sokande@ostersund.demo", "samordnare@vastmanland.demo"):
        with pytest.raises(PermissionDenied):
            requisition_record(
                county=jamtland,
                focus_area=area,
                amount=1,
                requisitioned_on=datetime.date(2025, 5, 1),
                by=user(email),
            )
        with pytest.raises(PermissionDenied):
            repayment_record(
                county=jamtland,
                focus_area=area,
                amount=1,
                repaid_on=datetime.date(2026, 3, 1),
                by=user(email),
            )
    assert (Requisition.objects.count(), Repayment.objects.count()) == before
    requisition_record(
        county=jamtland,
        focus_area=area,
        amount=1,
        requisitioned_on=datetime.date(2025, 5, 1),
        by=user("samordnare@jamtland.demo"),
    )
    assert Requisition.objects.count() == before[0] + 1


# 5, 6. In parallel (PostgreSQL row locks)


def _parallel(count: int, work) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            work(index)
        except BaseException as exc:  # noqa: BLE001 - returned to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_first_saves_make_one_report(seeded):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    jamtland = County.objects.get(slug="jamtland")
    grant = recipients_grant(jamtland, seeded)
    recipient = user(RECIPIENT)
    texts = {"implementation": "Parallellt."}
    errors = _parallel(
        4, lambda n: report_save_draft(grant=grant, by=recipient, texts=texts, lines=[])
    )
    assert errors == []
    assert GrantReport.objects.filter(grant=grant).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_renames_to_one_name_give_a_field_error(seeded):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    county = County.objects.get(slug="jamtland")
    coordinator = user("samordnare@jamtland.demo")
    options = [
        GrantStatusOption.objects.create(county=county, name=f"Status {n}", position=100 + n)
        for n in range(4)
    ]
    errors = _parallel(
        4,
        lambda n: grant_status_edit(
            option=options[n], by=coordinator, name="Samma namn", money_at_risk=False
        ),
    )
    assert len(errors) == 3
    assert all(isinstance(e, ValidationError) and "name" in e.message_dict for e in errors)
    assert county.grant_status_options.filter(name="Samma namn").count() == 1
