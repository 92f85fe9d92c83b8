"""Each endpoint shows the key's county with the right amounts, never another county's rows,
and refuses a key without the scope (403) and no, an unknown or a revoked key (401)."""

import pytest
from django.urls import reverse

from applications.models import Status
from reporting.api.services import api_token_revoke
from reporting.models import ApiScope, ApiToken

pytestmark = pytest.mark.django_db


def url(name: str, pk: int | None = None) -> str:
    if pk is None:
        return reverse(f"api:v1:{name}_list")
    return reverse(f"api:v1:{name}_detail", args=[pk])


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_applications_carry_applied_proposed_and_decided_amounts(decided, key, api, in_review):
    client = api(key())
    by_title = {row["title"]: row for row in rows(client.get(url("application")))}
    approved = by_title["Insats 1000000"]
    # Final at the closed meeting; the application's status follows when the minutes are
    # approved and the decision released.
    assert approved["status"] == Status.PROPOSED
    assert approved["amount_applied"] == 1_000_000
    assert approved["amount_proposed"] == 1_000_000
    assert approved["amount_decided"] == 1_000_000
    assert approved["decision_outcome"] == "approved"
    assert approved["organisation"]["name"] == "Östersunds kommun"
    rejected = by_title["Insats 3000000"]
    assert (rejected["amount_decided"], rejected["decision_outcome"]) == (0, "rejected")
    # Submitted, not yet proposed or decided: the amounts it has, none it has not.
    waiting = next(row for row in by_title.values() if row["id"] == in_review.pk)
    assert waiting["amount_proposed"] is None and waiting["amount_decided"] is None
    assert all(isinstance(row["amount_applied"], int) for row in by_title.values())
    one = client.get(url("application", approved["id"])).json()
    assert one["amount_decided"] == 1_000_000 and one["case_number"] == approved["case_number"]


def test_decisions_grants_and_payments_of_the_county(decided, key, api):
    client = api(key())
    decisions = sorted(rows(client.get(url("decision"))), key=lambda row: row["proposed_amount"])
    assert [(d["outcome"], d["amount"]) for d in decisions] == [
        ("approved", 1_000_000),
        ("approved", 2_000_000),
        ("rejected", 0),
    ]
    assert decisions[0]["minutes_approved"] is False and decisions[0]["corrected_by"] is None
    grants = rows(client.get(url("grant")))
    assert sorted(g["amount"] for g in grants) == [1_000_000, 2_000_000]
    grant = client.get(url("grant", decided["grant"].pk)).json()
    assert (grant["amount"], grant["invoiced"], grant["used"]) == (1_000_000, 250_000, 0)
    assert [r["amount"] for r in rows(client.get(url("requisition")))] == [3_000_000]
    usage = rows(client.get(url("grant_usage")))
    assert [(u["grant"], u["kind"], u["amount"]) for u in usage] == [
        (decided["grant"].pk, "invoiced", 250_000)
    ]
    assert [r["amount"] for r in rows(client.get(url("repayment")))] == [40_000]


def test_calls_and_deadlines_of_the_county(decided, key, api, jamtland, in_review):
    client = api(key())
    calls = rows(client.get(url("call")))
    assert [c["id"] for c in calls] == [in_review.call_id]
    numbers = sorted(in_review.call.focus_areas.values_list("number", flat=True))
    assert calls[0]["focus_areas"] == numbers and len(numbers) >= 2
    deadlines = rows(client.get(url("deadline")))
    assert {d["id"] for d in deadlines} == set(jamtland.deadlines.values_list("pk", flat=True))
    assert deadlines and all(d["due_on"] for d in deadlines)


ENDPOINTS = ["call", "application", "decision", "grant", "requisition", "grant_usage",
             "repayment", "deadline"]  # fmt: skip


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_key_never_sees_another_county(decided, key, api, vastmanland, name):
    own = rows(api(key()).get(url(name)))
    assert own, name
    other = api(key(county=vastmanland))
    ids = {row["id"] for row in rows(other.get(url(name)))}
    for row in own:
        assert row["id"] not in ids
        assert other.get(url(name, row["id"])).status_code == 404


SCOPE_OF = {
    "call": ApiScope.CALLS,
    "application": ApiScope.APPLICATIONS,
    "decision": ApiScope.DECISIONS,
    "grant": ApiScope.DECISIONS,
    "requisition": ApiScope.PAYMENTS,
    "grant_usage": ApiScope.PAYMENTS,
    "repayment": ApiScope.PAYMENTS,
    "deadline": ApiScope.DEADLINES,
}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_key_without_the_scope_is_refused(decided, key, api, name):
    others = [scope for scope in ApiScope.values if scope != SCOPE_OF[name]]
    client = api(key(scopes=others))
    assert client.get(url(name)).status_code == 403
    first = rows(api(key()).get(url(name)))[0]["id"]
    assert client.get(url(name, first)).status_code == 403
    assert api(key(scopes=[SCOPE_OF[name]])).get(url(name)).status_code == 200


def test_no_key_an_unknown_key_and_a_revoked_key_are_401(decided, key, api, coordinator):
    secret = key()
    assert api(secret).get(url("application")).status_code == 200
    for client in (api(None), api("lm_nonsense"), api(secret + "x")):
        response = client.get(url("application"))
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    api_token_revoke(token=ApiToken.objects.get(prefix=secret[:10]), by=coordinator)
    assert api(secret).get(url("application")).status_code == 401
    assert (
        api(secret).get(url("application", decided["lines"][0].application_id)).status_code == 401
    )


def test_a_request_records_when_the_key_was_last_used(decided, key, api):
    secret = key()
    token = ApiToken.objects.get(prefix=secret[:10])
    assert token.last_used_at is None
    api(secret).get(url("call"))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_api_does_not_write(decided, key, api):
    client = api(key())
    first = rows(client.get(url("application")))[0]["id"]
    assert client.post(url("application"), {"title": "x"}).status_code == 405
    assert client.delete(url("application", first)).status_code == 405
