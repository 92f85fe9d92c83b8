import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from allocations.models import County
from applications.models import RegisterEntry, RegisterEntryKind, Status
from tests.applications.factories import make_application, make_call

pytestmark = pytest.mark.django_db

SWEDISH_HEADERS = ["Datum", "Diarienummer", "Handling", "Avsändare", "Handläggare", "Beskrivning"]


def at(day: str) -> datetime.datetime:
    """Noon, Swedish time, on an ISO date."""
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T12:00"))


def entry(county: County, case_number: str, day: str, **kw) -> RegisterEntry:
    created = RegisterEntry.objects.create(
        county=county,
        case_number=case_number,
        kind=kw.pop("kind", RegisterEntryKind.APPLICATION),
        **kw,
    )
    # `date` is set on creation; tests place entries on the day they need.
    RegisterEntry.objects.filter(pk=created.pk).update(date=at(day))
    created.refresh_from_db()
    return created


@pytest.fixture
def url(jamtland) -> str:
    return reverse("applications:register", args=[jamtland.slug])


@pytest.fixture
def entries(seeded, jamtland, ostersund, applicant, coordinator):
    application = make_application(
        make_call(jamtland, seeded),
        ostersund,
        applicant,
        status=Status.SUBMITTED,
        case_number="23-2025-0001",
        title="Handlingsplan",
    )
    return [
        entry(
            jamtland,
            "23-2025-0001",
            "2025-03-02",
            application=application,
            sender="Östersunds kommun",
            description="Handlingsplan",
        ),
        entry(
            jamtland,
            "23-2025-0001",
            "2025-03-20",
            application=application,
            kind=RegisterEntryKind.COMPLETION_REQUEST,
            sender="Region Jämtland Härjedalen",
            officer=coordinator,
            description="Komplettera budgeten",
        ),
        entry(
            jamtland,
            "23-2025-0002",
            "2025-04-15",
            sender="Kommunförbundet Jämtland Härjedalen",
            description='=HYPERLINK("http://example.invalid")',
        ),
        entry(
            County.objects.get(slug="vastmanland"),
            "19-2025-0001",
            "2025-03-05",
            sender="Västerås stad",
        ),
    ]


def case_numbers(response) -> list[str]:
    return [row[0].case_number for row in response.context["rows"]]


def test_the_coordinator_sees_the_register_of_their_county_only(login, url, entries):
    response = login("samordnare@jamtland.demo").get(url)
    assert response.status_code == 200
    assert case_numbers(response) == ["23-2025-0002", "23-2025-0001", "23-2025-0001"]
    html = response.content.decode()
    assert "19-2025-0001" not in html
    assert "Västerås stad" not in html
    assert "2025-03-20" in html
    detail = reverse("applications:application_detail", args=[entries[0].application_id])
    assert f'href="{detail}"' in html


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("samordnare@vastmanland.demo", 404),  # another county: not even its existence
        ("sokande@vasteras.demo", 404),
        ("sokande@ostersund.demo", 403),  # a role in the county, but not coordinator
        ("beredning1@jamtland.demo", 403),
        ("forum@jamtland.demo", 403),
        ("admin@lansmedel.demo", 200),
    ],
)
def test_only_the_county_coordinator_or_a_superuser_may_read_it(login, url, entries, email, status):
    assert login(email).get(url).status_code == status
    assert login(email).get(url + "?format=csv").status_code == status


def test_anonymous_users_are_sent_to_log_in(client, url, seeded):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"date_from": "2025-03-10"}, ["23-2025-0002", "23-2025-0001"]),
        ({"date_to": "2025-03-02"}, ["23-2025-0001"]),
        ({"date_from": "2025-03-02", "date_to": "2025-03-20"}, ["23-2025-0001", "23-2025-0001"]),
        ({"kind": RegisterEntryKind.COMPLETION_REQUEST}, ["23-2025-0001"]),
        ({"case_number": "0002"}, ["23-2025-0002"]),
        ({"sender": "kommunförbundet"}, ["23-2025-0002"]),
        ({"sender": "Nobody"}, []),
        ({"date_from": "not a date"}, ["23-2025-0002", "23-2025-0001", "23-2025-0001"]),
    ],
)
def test_filters(login, url, entries, query, expected):
    response = login("samordnare@jamtland.demo").get(url, query)
    assert response.status_code == 200
    assert case_numbers(response) == expected


def test_pages_of_100_keep_the_filter(login, url, jamtland, seeded):
    for number in range(105):
        entry(jamtland, f"23-2025-{number:04d}", "2025-05-01", sender="Strömsunds kommun")
    client = login("samordnare@jamtland.demo")
    first = client.get(url, {"sender": "ström"})
    assert len(first.context["rows"]) == 100
    html = first.content.decode()
    assert "sender=str%C3%B6m" in html and "page=2" in html
    second = client.get(url, {"sender": "ström", "page": 2})
    assert len(second.context["rows"]) == 5


def test_the_number_of_queries_does_not_grow_with_the_register(login, url, jamtland, seeded):
    client = login("samordnare@jamtland.demo")
    User = get_user_model()

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            officer = User.objects.create_user(username=f"handlaggare{number}@jamtland.demo")
            entry(jamtland, f"23-2025-{number:04d}", "2025-05-01", officer=officer)

    def queries(**query) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, query).status_code == 200
        return len(captured)

    add(2, 0)
    small, small_csv = queries(), queries(format="csv")
    add(40, 2)
    assert queries() == small
    assert queries(format="csv") == small_csv


def test_csv_export_is_swedish_excel_friendly_and_filtered(login, url, entries, coordinator):
    response = login("samordnare@jamtland.demo").get(
        url, {"format": "csv", "date_from": "2025-03-10"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="diarium-jamtland-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == SWEDISH_HEADERS
    with translation.override("sv"):
        received = str(RegisterEntryKind.APPLICATION.label)
    assert rows[1][:4] == [
        "2025-04-15",
        "23-2025-0002",
        received,
        "Kommunförbundet Jämtland Härjedalen",
    ]
    # Text that Excel would run as a formula is defused.
    assert rows[1][5].startswith("'=")
    assert rows[2][1] == "23-2025-0001"
    assert rows[2][4] == (coordinator.get_full_name() or coordinator.get_username())
    assert len(rows) == 3


def test_xlsx_export_keeps_dates_as_dates(login, url, entries):
    response = login("samordnare@jamtland.demo").get(url, {"format": "xlsx", "sender": "kommun"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == SWEDISH_HEADERS
    assert [row[1] for row in rows[1:]] == ["23-2025-0002", "23-2025-0001"]
    date_cell = sheet["A2"]
    assert date_cell.is_date
    assert date_cell.value == datetime.datetime(2025, 4, 15)
    assert date_cell.number_format == "yyyy-mm-dd"
    # A formula in the data stays text in the workbook.
    assert sheet["F2"].data_type == "s"
    assert sheet["F2"].value.startswith("=HYPERLINK")


def test_the_coordinator_assigns_the_officer_of_a_case(login, url, entries, jamtland, coordinator):
    unassigned = RegisterEntry.objects.filter(county=jamtland, officer__isnull=True).first()
    assert unassigned is not None
    same_case = list(
        RegisterEntry.objects.filter(
            county=jamtland, case_number=unassigned.case_number, officer__isnull=True
        ).values_list("pk", flat=True)
    )
    client = login(coordinator)
    assert f'id="officer-{unassigned.pk}"' in client.get(url).content.decode()
    response = client.post(
        reverse("applications:register_officer", args=[jamtland.slug, unassigned.pk]),
        {"officer": coordinator.pk, "query": "kind=application"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?kind=application")
    assert set(
        RegisterEntry.objects.filter(pk__in=same_case).values_list("officer", flat=True)
    ) == {coordinator.pk}
    name = coordinator.get_full_name() or coordinator.email
    assert name in client.get(url).content.decode()
    # in the audit trail: every changed entry, by whom, and in the county's log
    recorded = RegisterEntry.audit_log.filter(id__in=same_case, officer=coordinator)
    assert {row.id for row in recorded} == set(same_case)
    assert {row.history_user_id for row in recorded} == {coordinator.pk}
    log = reverse("applications:county_log", args=[jamtland.slug])
    text = b"".join(client.get(log).streaming_content).decode("utf-8")
    assignments = [line for line in text.splitlines() if unassigned.case_number in line]
    assert any(f"→ {coordinator.email}" in line for line in assignments), assignments


def test_an_officer_must_belong_to_the_county(
    login, url, entries, jamtland, coordinator, applicant
):
    unassigned = RegisterEntry.objects.filter(county=jamtland, officer__isnull=True).first()
    client = login(coordinator)
    response = client.post(
        reverse("applications:register_officer", args=[jamtland.slug, unassigned.pk]),
        {"officer": applicant.pk},
        follow=True,
    )
    assert "Välj en handläggare i listan." in response.content.decode()
    unassigned.refresh_from_db()
    assert unassigned.officer is None
