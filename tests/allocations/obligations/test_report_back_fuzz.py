"""The report back's forms and the review, posted with hostile values: a page or a form
error, never a 500; and what the recipient typed comes back."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.allocations.obligations.test_report_back import (
    COORDINATOR,
    RECIPIENT,
    client_for,
    form_data,
)
from tests.allocations.obligations.test_report_back import grant as grant  # noqa: F401 - the fixtures
from tests.allocations.obligations.test_report_back import jamtland as jamtland  # noqa: F401
from tests.test_fuzz_forms import ANY_VALUE

pytestmark = pytest.mark.django_db

FIELDS = ["implementation", "results", "actors", "note", "lines-0-amount", "lines-0-comment",
          "lines-1-amount", "lines-TOTAL_FORMS", "lines-INITIAL_FORMS"]  # fmt: skip


def test_hostile_report_values_never_make_a_500(grant):  # noqa: F811
    client = client_for(RECIPIENT)
    url = reverse("allocations:grant_report", args=[grant.pk])

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
    @given(
        values=st.fixed_dictionaries({}, optional={name: ANY_VALUE for name in FIELDS}),
        action=st.sampled_from(["save", "submit"]),
    )
    def post(values, action):
        response = client.post(url, {**form_data(grant), **values, action: "1"})
        assert response.status_code < 500, values

    post()


def test_hostile_review_values_never_make_a_500(grant):  # noqa: F811
    client_for(RECIPIENT).post(
        reverse("allocations:grant_report", args=[grant.pk]), form_data(grant, submit="1")
    )
    client = client_for(COORDINATOR)
    url = reverse("allocations:grant_report_review", args=[grant.pk])

    @settings(max_examples=15, deadline=None, database=None)
    @given(values=st.fixed_dictionaries({"decision": st.sampled_from(["return", ""]) | ANY_VALUE,
                                         "comment": ANY_VALUE}))  # fmt: skip
    def post(values):
        assert client.post(url, values).status_code < 500, values

    post()
