"""Odd input in URLs and forms answers with a page or a clear refusal, never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ODD = ["abc", "-1", "99999999999999999999", "", "1.5", "%00", "<script>"]


def test_query_parameters_never_break_the_staff_pages(login, open_call):
    client = login("samordnare@jamtland.demo")
    pages = [
        reverse("applications:review_overview", args=["jamtland"]),
        reverse("applications:register", args=["jamtland"]),
        reverse("applications:county_applications", args=["jamtland"]),
        reverse("allocations:county_history", args=["jamtland"]),
    ]
    for url in pages:
        for value in ODD:
            for name in ["ar", "omrade", "page", "format", "date_from", "kind", "sort"]:
                response = client.get(url, {name: value})
                assert response.status_code in {200, 302, 400, 404}, (url, name, value)


def test_starting_an_application_for_an_odd_organisation(login, open_call):
    client = login("sokande@ostersund.demo")
    url = reverse("applications:application_start", args=[open_call.pk])
    for value in ODD:
        assert client.post(url, {"organisation": value}).status_code == 404, value


def test_odd_form_values_on_the_application_form(login, complete_draft):
    client = login("sokande@ostersund.demo")
    url = reverse("applications:application_edit", args=[complete_draft.pk])
    data = {
        "budget-TOTAL_FORMS": "abc",
        "budget-INITIAL_FORMS": "0",
        "focus_area": "99999999999999999999",
        "amount_requested": "-5",
        "period_start": "2025-13-45",
        "save": "",
    }
    response = client.post(url, data)
    assert response.status_code in {200, 400}
