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


@pytest.mark.parametrize("share", ["32768", "1001"])
def test_a_share_of_a_post_too_large_is_refused_next_to_the_field(login, complete_draft, share):
    """Beyond what a share of a post can be (and what the column holds): a message by the
    field, the number still in it, and the rest of the draft saved."""
    from tests.applications.applying.test_views_applicant import form_data

    client = login("sokande@ostersund.demo")
    url = reverse("applications:application_edit", args=[complete_draft.pk])
    data = form_data(
        complete_draft.call,
        title="Ny titel",
        finances_posts="on",
        post_share_percent=share,
        save="",
    )
    response = client.post(url, data)
    assert response.status_code in {200, 400}
    html = response.content.decode()
    assert f'value="{share}"' in html
    assert "1000" in html  # the message names the largest share
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Ny titel"
    assert complete_draft.post_share_percent is None
