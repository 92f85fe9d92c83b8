"""Cursor pages walk every row once and cost a fixed number of queries whatever their size;
the schema is generated and valid, and its docs page is served from our own files."""

import datetime

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from allocations.models import FocusArea, Requisition
from applications.models import Application, Status
from tests.applications.factories import make_application, make_call

pytestmark = pytest.mark.django_db


def _requisitions(county, count: int) -> None:
    area = FocusArea.objects.order_by("pk").first()
    Requisition.objects.bulk_create(
        Requisition(
            county=county,
            focus_area=area,
            amount=1000 + n,
            requisitioned_on=datetime.date(2025, 12, 1),
        )
        for n in range(count)
    )


def _applications(county, seeded, applicant, ostersund, count: int) -> None:
    call = make_call(county, seeded)
    for n in range(count):
        make_application(
            call, ostersund, applicant, status=Status.SUBMITTED, title=f"Rad {n}",
            amount_requested=10_000 + n, case_number=f"T-{call.pk}-{n}",
        )  # fmt: skip


def test_the_cursor_walks_every_row_once(key, api, jamtland):
    _requisitions(jamtland, 20)
    client = api(key())
    seen, next_url, pages = [], reverse("api:v1:requisition_list") + "?page_size=3", 0
    while next_url:
        page = client.get(next_url).json()
        seen += [row["amount"] for row in page["results"]]
        next_url, pages = page["next"], pages + 1
    assert sorted(seen) == [1000 + n for n in range(20)]
    assert len(seen) == len(set(seen)) == 20
    assert pages == 7


def _count(client, url, django_assert_num_queries, expected: int) -> None:
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# The key (1), its last-used time (1), the page (1), a call's focus areas (1).
QUERIES = {"requisition_list": 3, "application_list": 3, "call_list": 4}


@pytest.mark.parametrize("rows", [2, 20])
def test_a_page_costs_the_same_queries_for_2_and_20_rows(
    key, api, jamtland, seeded, applicant, ostersund, django_assert_num_queries, rows
):
    _requisitions(jamtland, rows)
    _applications(jamtland, seeded, applicant, ostersund, rows)
    for n in range(rows):
        make_call(jamtland, seeded, title=f"Utlysning {n}")
    client = api(key())
    assert Application.objects.filter(county=jamtland).count() == rows
    for name, expected in QUERIES.items():
        url = reverse(f"api:v1:{name}")
        assert len(client.get(url).json()["results"]) >= rows
        _count(client, url, django_assert_num_queries, expected)


def test_decided_pages_cost_the_same_queries_as_empty_ones(
    decided, key, api, vastmanland, django_assert_num_queries
):
    for name in ["decision_list", "grant_list", "grant_usage_list", "repayment_list",
                 "deadline_list"]:  # fmt: skip
        url = reverse(f"api:v1:{name}")
        full, empty = api(key()), api(key(county=vastmanland))
        full.get(url), empty.get(url)
        _count(full, url, django_assert_num_queries, 3)
        _count(empty, url, django_assert_num_queries, 3)


def test_the_schema_is_generated_and_valid(client):
    schema = SchemaGenerator(api_version="1").get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    for path in ["/api/v1/applications/", "/api/v1/applications/{id}/", "/api/v1/decisions/",
                 "/api/v1/grants/", "/api/v1/requisitions/", "/api/v1/grant-usages/",
                 "/api/v1/repayments/", "/api/v1/deadlines/", "/api/v1/calls/"]:  # fmt: skip
        assert "get" in paths[path], path
        assert set(paths[path]) <= {"get", "parameters"}, path
    amount = schema["components"]["schemas"]["Application"]["properties"]["amount_decided"]
    assert amount["type"] == "integer"
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    response = client.get(reverse("api:v1:schema"), {"format": "json"})
    assert response.status_code == 200 and response.json()["info"]["title"] == "Länsmedel API"


def test_the_docs_page_loads_swagger_ui_from_our_own_static_files(client):
    response = client.get(reverse("api:v1:docs"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<style" not in html and "<script>" not in html and "//cdn" not in html
    script = client.get(reverse("api:v1:docs"), {"script": ""})
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
