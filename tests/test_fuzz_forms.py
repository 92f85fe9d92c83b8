"""Every form of the project, posted with random and hostile values, answers with a page or
a form error, never a 500.

The forms are found, not listed: each page of `PAGES` is opened as its role and every POST
form on it is collected (fields, choices, hidden values) with the URL it posts to. `URLS`
says for every named URL of the project how it is covered, so a new view that is missing
from it fails `test_every_url_is_in_the_table`. Hypothesis then posts to each form: every
field keeps its value or gets one of huge numbers, negative amounts, 10 000 characters, NUL
bytes, mixed scripts, markup, odd dates or nothing.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocations.agreements.services import DEMO_PASSWORD
from applications.applying.services import application_submit
from applications.models import Application, BudgetLine, CostKind, Status
from reporting.api.urls import ENDPOINTS as API_ENDPOINTS
from reporting.models import RecordClass
from tests.applications.decision_view_helpers import agenda, three_proposals
from tests.applications.review_helpers import meeting as review_meeting

pytestmark = pytest.mark.django_db

APPLICANT = "sokande@ostersund.demo"
COORDINATOR = "samordnare@jamtland.demo"
REVIEWER = "beredning1@jamtland.demo"
FORUM = "forum@jamtland.demo"
NATIONAL = "nationell@lansmedel.demo"
ANONYMOUS = ""

# How each named URL is covered: "page" (opened, its forms fuzzed), "posted" (the target of
# a form found on a page), or why it has no form of its own.
NO_FORM = "no form: a download, JSON or a redirect"
URLS = {
    "start": "page",
    "login": "page",
    "logout": "posted",
    "two_factor_verify": "not reachable without a pending two-factor log-in (test_two_factor)",
    "two_factor_enrol": "page",
    "two_factor_recovery_codes": "shown once after enrolment (test_two_factor)",
    "account": "page",
    "account_data": NO_FORM,
    "password_reset": "page",
    "password_reset_done": NO_FORM,
    "password_reset_confirm": "needs a mailed token (test_auth)",
    "password_reset_complete": NO_FORM,
    "password_change": "page",
    "password_change_done": NO_FORM,
    "set_language": "posted",
    "allocations:county_latest": NO_FORM,
    "allocations:county_overview": NO_FORM,
    "allocations:county_history": NO_FORM,
    "allocations:distribution": "page",
    "allocations:agreement_detail": NO_FORM,
    "allocations:criteria": "page",
    "allocations:county_year_open": "page",
    "allocations:county_year": "page",
    "allocations:county_year_confirm": "a button of an opened year (test_checklist)",
    "allocations:national_home": NO_FORM,
    "allocations:agreement_create": "page",
    "allocations:agreement_copy": "page",
    "allocations:agreement_edit": "page",
    "allocations:allocation_import": "page",
    "allocations:county_create": "page",
    "allocations:county_edit": "page",
    "allocations:budget_latest": NO_FORM,
    "allocations:county_trends": NO_FORM,
    "allocations:budget": "page",
    "allocations:budget_actors": NO_FORM,
    "allocations:reallocation_create": "page",
    "allocations:budget_grants_export": NO_FORM,
    "allocations:budget_360giving": NO_FORM,
    "allocations:budget_cell": NO_FORM,
    "county_people": "page",
    "person_anonymise": "page",
    "allocations:grants": NO_FORM,
    **dict.fromkeys(
        [
            "allocations:grant_detail",
            "allocations:grant_followup",
            "allocations:grant_usage_add",
        ],
        "needs a grant: fuzzed in tests/allocations/followup/test_grant_followup.py",
    ),
    "allocations:my_grants": NO_FORM,
    "allocations:grant_statuses": "page",
    "allocations:status_report": NO_FORM,
    "allocations:status_report_pdf": NO_FORM,
    "allocations:status_report_xlsx": NO_FORM,
    "allocations:requisition": "page",
    "allocations:repayment": "page",
    "allocations:county_report": NO_FORM,
    "allocations:county_report_pdf": NO_FORM,
    "allocations:county_report_xlsx": NO_FORM,
    "allocations:grant_report": "needs a grant: its own fuzz test (test_report_back_fuzz.py)",
    "allocations:grant_report_review": "fuzzed in test_report_back_fuzz.py",
    "allocations:grant_report_attachment": NO_FORM,
    "allocations:grant_report_attachment_delete": "a button without input (test_report_back)",
    "allocations:grant_close": "a button without input (test_report_back)",
    "applications:call_list": NO_FORM,
    "applications:call_detail": "page",
    "applications:application_start": "posted",
    "applications:call_create": "page",
    "applications:call_edit": "page",
    "applications:call_publish": "a button without input on a draft call (test_call_drafts)",
    "applications:my_applications": NO_FORM,
    "applications:application_detail": "page",
    "applications:application_edit": "page",
    "applications:autosave": "posted by the form's script: fuzzed in test_autosave_*",
    "applications:withdraw": "posted",
    "applications:versions": NO_FORM,
    "applications:completion_request": "posted",
    "applications:county_applications": "page",
    "applications:attachment_add": "posted",
    "applications:attachment_download": NO_FORM,
    "applications:attachment_delete": "posted",
    "applications:register": "page",
    "applications:register_officer": "posted",
    "applications:application_print": NO_FORM,
    "applications:application_pdf": NO_FORM,
    "applications:formal_check": "posted",
    "applications:review_list": NO_FORM,
    "applications:review_round_create": "page",
    "applications:review_round_detail": "page",
    "applications:assess": "page",
    "applications:assessments": NO_FORM,
    "applications:review_overview": NO_FORM,
    "applications:review_meeting_create": "page",
    "applications:review_meeting": "page",
    "applications:proposal_adopt": "posted",
    "applications:proposals_xlsx": NO_FORM,
    "applications:proposals_pdf": NO_FORM,
    "applications:decision_meetings": NO_FORM,
    "applications:decision_meeting_create": "page",
    "applications:decision_meeting": "page",
    "applications:decision_meeting_edit": "page",
    "applications:decision_meeting_close": "page",
    "applications:decision_minutes_approve": "after closing (test_views_decisions)",
    "applications:decision_proposals_add": "shown while proposals wait (test_views_decisions)",
    "applications:decision_item_add": "posted",
    "applications:decision_correction_add": "needs a closed earlier meeting (test_views_decisions)",
    "applications:decision_line": "page",
    "applications:decision_item_adopt": "posted",
    "applications:decision_line_add": "posted",
    "applications:decision_line_decide": "posted",
    "applications:decision_line_organisation": "posted",
    "applications:decision_not_participating": "posted",
    "applications:rejection_reasons": "page",
    "applications:my_adoptions": NO_FORM,
    "health": NO_FORM,
    "health_en": NO_FORM,
    "identity_provider_start": NO_FORM,
    "identity_provider_callback": NO_FORM,
    "applications:adoption_detail": "page",
    "applications:adoption_prepare": "posted",
    "applications:adoption_record": "posted",
    "applications:adoption_extract": NO_FORM,
    "applications:adoption_memo_pdf": NO_FORM,
    "applications:adoption_memo_docx": NO_FORM,
    "applications:adoption_basis": NO_FORM,
    "applications:adoption_package": NO_FORM,
    "applications:meeting_adoptions": "page",
    "applications:adoptions_due": "posted",
    "applications:rejection_reasons_defaults": "while none exist (test_views_decision_reasons)",
    "applications:case_note_add": "posted",
    "applications:disclosure_requests": "no form: a list of the county's requests",
    "applications:disclosure_request_create": "page",
    "applications:disclosure_request": "page",
    "applications:disclosure_gather": "a button without input, before the records are gathered",
    "applications:disclosure_masking_add": "posted",
    "applications:disclosure_masking_remove": "posted",
    "applications:disclosure_documents": "posted",
    "applications:disclosure_deliver": "posted",
    "applications:disclosure_masked_copy": NO_FORM,
    "applications:disclosure_withholding_decision": NO_FORM,
    "applications:disclosure_grounds_county": "no form: the grounds, read-only",
    "applications:disclosure_grounds": "page",
    "applications:disclosure_ground_create": "page",
    "applications:disclosure_ground_edit": "page",
    "applications:disclosure_ground_deactivate": "posted",
    "applications:disclosure_ground_delete": "posted",
    "applications:rejection_reason_edit": "posted",
    "applications:rejection_reason_active": "posted",
    "applications:decision_documents_status": NO_FORM,
    "applications:decision_document_request": "posted",
    "applications:decision_document_retry": "needs a failed document (test_decision_documents)",
    "applications:decision_document_download": NO_FORM,
    "applications:county_log": NO_FORM,
    "applications:grant_history": NO_FORM,
    "applications:dossier_request": "a button without input, closed grants only (test_dossier)",
    "applications:sip_request": "a button without input (test_sip)",
    "applications:sip_year_request": "a button without input (test_sip_year)",
    "reporting:accessibility": "page",
    "reporting:export_job": NO_FORM,
    "reporting:export_status": NO_FORM,
    "reporting:export_download": NO_FORM,
    "reporting:export_restart": "shown for a stalled export (test_stalled_jobs)",
    "reporting:deadlines": "page",
    "reporting:deadline_edit": "page",
    "reporting:deadline_done": "posted",
    "reporting:reminder_resend": "shown for a failed reminder (test_reminders_smtp)",
    "reporting:county_mail": "page",
    "reporting:county_mail_resend": "shown for a failed e-mail (test_mail_outbox)",
    "reporting:bulk_messages": "page",
    "reporting:bulk_message_new": "bad input tested in test_bulk_messages",
    "reporting:bulk_message": "page (test_bulk_messages)",
    "reporting:bulk_message_send": "a button without input (test_bulk_messages)",
    "reporting:retention": "page",
    "reporting:retention_rule_edit": "page",
    "reporting:legal_hold_new": "page",
    "reporting:legal_hold_release": "a button without input of a hold in force (test_pages)",
    "reporting:retention_preview": "page",
    "reporting:retention_run": "the dry run's button, its input the keys listed (test_pages)",
    "reporting:disposal_protocol": "a page without a form (test_pages)",
    "reporting:disposal_protocol_pdf": NO_FORM,
    "reporting:notifications": "page",
    "reporting:notification_choices": "page",
    "reporting:calendar_feed": "page",
    "reporting:calendar_ics": NO_FORM,
    # The read API answers JSON to a key; the county's keys are its coordinator's page.
    **{
        f"api:v1:{name}_{kind}": NO_FORM
        for _prefix, name, _viewset in API_ENDPOINTS
        for kind in ("list", "detail")
    },
    "api:v1:schema": NO_FORM,
    "api:v1:docs": NO_FORM,
    "api:tokens": "page",
    "api:token_revoke": "posted",
    # People, roles, invitations and organisations asking to be registered.
    "invitation_create": "page",
    **dict.fromkeys(
        ["invitation_revoke", "invitation_resend"],
        "buttons without input of a waiting invitation (tests/accounts/people)",
    ),
    "role_end": "posted",
    "invitation_accept": "needs a mailed token (tests/accounts/people/test_invitations.py)",
    "national_administrators": "page",
    "county_coordinator_invite": "page",
    "national_administrator_end": "posted",
    "organisation_register": "page",
    "organisation_registrations": "page",
    "organisation_registration_decide": "buttons of a waiting request (test_registrations)",
}
# Posted last: they end what the other forms work on.
FINAL = {
    "person_anonymise",
    "role_end",
    "applications:withdraw",
    "applications:decision_meeting_close",
    "applications:decision_minutes_approve",
    "applications:disclosure_deliver",
}
# Forms that take no input worth fuzzing and would end the role's session.
SKIP_POSTING = {"logout"}

# The applications' fixtures, behind the pages below.

LONG = "å" * 10_000
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "-150000",
        str(10**30),
        str(-(10**30)),
        "1e309",
        "NaN",
        "1,5",
        "1 000 000",
        "１２３",
        "0x1F",
        "\x00",
        "a\x00b",
        LONG,
        "x" * 10_001,
        "Åsa Ωμέγα Москва 東京 مرحبا עברית 👩🏽‍⚕️",
        "\u202etxt.exe",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "2025-02-30",
        "9999-99-99",
        "0001-01-01",
        "on",
        "true",
    ]
)
ANY_VALUE = st.one_of(HOSTILE, st.text(max_size=40), st.integers(-(10**30), 10**30).map(str))
MARKER = st.from_regex(r"[A-Za-zÅÄÖåäö]{4,16}", fullmatch=True)


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (name → kind, value, choices)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            kind = a.get("type") or "text"
            field = fields.setdefault(name, {"kind": kind, "value": "", "choices": []})
            if kind in {"checkbox", "radio"}:
                field["choices"].append(a.get("value") or "on")
                if "checked" in a:
                    field["value"] = a.get("value") or "on"
            else:
                field["value"] = a.get("value") or ""
        elif tag == "textarea" and name:
            fields[name] = {"kind": "textarea", "value": "", "choices": []}
            self._textarea = name
        elif tag == "select" and name:
            fields[name] = {"kind": "select", "value": "", "choices": []}
            self._select = name
        elif tag == "option" and self._select:
            field = self._form["fields"][self._select]
            field["choices"].append(a.get("value", ""))
            if "selected" in a:
                field["value"] = a.get("value", "")
        elif tag == "button" and name:
            fields.setdefault(name, {"kind": "button", "value": a.get("value", ""), "choices": []})

    def handle_data(self, data) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea]["value"] += data

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                if pattern.namespace != "admin":
                    yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_url_is_in_the_table():
    assert url_names() ^ set(URLS) == set()


@pytest.fixture
def world(in_review, review_round, applicant, coordinator, reviewers, jamtland, seeded):
    """A draft, an application in review with a review meeting, a decision meeting with
    proposals on its agenda, and a rejection reason: something behind every page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.applying.services.attachments import attachment_add
    from applications.decisions.services.rejection_reasons import rejection_reasons_add_defaults

    draft = Application.objects.get(pk=in_review.pk)
    draft.pk, draft.status, draft.case_number = None, Status.DRAFT, None
    draft.save()
    submitted = Application.objects.get(pk=draft.pk)
    submitted.pk = None
    submitted.save()
    BudgetLine.objects.create(
        application=submitted, cost_kind=CostKind.OTHER, amount=submitted.amount_requested
    )
    submitted = application_submit(application=submitted, user=applicant)
    three_proposals(in_review, applicant, coordinator, reviewers)
    decision_meeting, _item, decision_lines = agenda(jamtland, seeded, coordinator)
    rejection_reasons_add_defaults(county=jamtland, user=coordinator)
    attachment_add(
        application=draft,
        user=applicant,
        uploaded_file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    from reporting.api.services import api_token_create

    api_token_create(county=jamtland, name="Diarium", scopes=["read:calls"], by=coordinator)
    return {
        "disclosure": _disclosure(jamtland, submitted, coordinator),
        "adoption": _adoption(decision_meeting, applicant),
        "draft": draft,
        "in_review": in_review,
        "submitted": submitted,
        "round": review_round,
        "review_meeting": review_round.meetings.first()
        or review_meeting(review_round, coordinator, reviewers),
        "decision_meeting": decision_meeting,
        "decision_line": decision_lines[0],
        "reason": jamtland.rejection_reasons.first(),
        "deadline": jamtland.deadlines.first(),
        "call": in_review.call,
        "leaver": reviewers[1],
    }


def _disclosure(county, application, coordinator):
    """A request for the submitted application's records, gathered, one part masked."""
    from applications.disclosure.services import masking_add, request_gather, request_register
    from applications.models import SecrecyGround

    request = request_register(
        county=county, by=coordinator, received_on=application.submitted_at.date(),
        cases=[application],
    )  # fmt: skip
    request = request_gather(request=request, by=coordinator)
    masking_add(
        request=request, by=coordinator, part=f"application:{application.pk}:title",
        ground=SecrecyGround.objects.first(),
    )  # fmt: skip
    return request


def _adoption(meeting, adopter):
    """Östersund's adoption case, recorded by the applicant (the forms do not look at the
    meeting's state; the services do)."""
    import datetime

    from allocations.models import Membership, Organisation, Role
    from applications.models import Adoption

    member = Organisation.objects.get(name="Östersunds kommun")
    Membership.objects.create(
        user=adopter, county=meeting.county, role=Role.ADOPTER, organisation=member
    )
    return Adoption.objects.create(
        meeting=meeting, member=member, due_on=meeting.held_on + datetime.timedelta(days=30)
    )


def pages(w) -> list[tuple[str, str]]:
    slug, year = "jamtland", 2025
    r = reverse
    reminder_class = RecordClass.objects.get(code="reminder")
    return [
        (ANONYMOUS, r("login")),
        (ANONYMOUS, r("password_reset")),
        (ANONYMOUS, r("reporting:accessibility")),
        (APPLICANT, r("start")),
        (APPLICANT, r("account")),
        (APPLICANT, r("two_factor_enrol")),
        (APPLICANT, r("password_change")),
        (APPLICANT, r("applications:call_detail", args=[w["call"].pk])),
        (APPLICANT, r("applications:application_detail", args=[w["draft"].pk])),
        (APPLICANT, r("applications:application_edit", args=[w["draft"].pk])),
        (APPLICANT, r("applications:application_detail", args=[w["in_review"].pk])),
        (COORDINATOR, r("allocations:distribution", args=[slug])),
        (COORDINATOR, r("allocations:criteria", args=[slug, year])),
        (COORDINATOR, r("allocations:county_year_open", args=[slug])),
        (COORDINATOR, r("allocations:county_year", args=[slug, year])),
        (COORDINATOR, r("allocations:budget", args=[slug, year])),
        (COORDINATOR, r("allocations:reallocation_create", args=[slug, year])),
        (COORDINATOR, r("county_people", args=[slug])),
        (COORDINATOR, r("allocations:requisition", args=[slug, year])),
        (COORDINATOR, r("allocations:repayment", args=[slug, year])),
        (COORDINATOR, r("allocations:grant_statuses", args=[slug])),
        (COORDINATOR, r("applications:call_create", args=[slug])),
        (COORDINATOR, r("applications:call_edit", args=[slug, w["call"].pk])),
        (COORDINATOR, r("applications:county_applications", args=[slug])),
        (COORDINATOR, r("applications:register", args=[slug])),
        (COORDINATOR, r("applications:application_detail", args=[w["in_review"].pk])),
        (COORDINATOR, r("applications:application_detail", args=[w["submitted"].pk])),
        (COORDINATOR, r("applications:review_round_create", args=[slug])),
        (COORDINATOR, r("applications:review_round_detail", args=[slug, w["round"].pk])),
        (COORDINATOR, r("applications:review_meeting_create", args=[slug])),
        (COORDINATOR, r("applications:review_meeting", args=[slug, w["review_meeting"].pk])),
        (COORDINATOR, r("applications:decision_meeting_create", args=[slug])),
        (COORDINATOR, r("applications:decision_meeting", args=[slug, w["decision_meeting"].pk])),
        (
            COORDINATOR,
            r("applications:decision_meeting_edit", args=[slug, w["decision_meeting"].pk]),
        ),
        (COORDINATOR, r("applications:rejection_reasons", args=[slug])),
        (COORDINATOR, r("applications:disclosure_request_create", args=[slug])),
        (COORDINATOR, r("applications:disclosure_request", args=[slug, w["disclosure"].pk])),
        (APPLICANT, r("applications:adoption_detail", args=[w["adoption"].pk])),
        (
            COORDINATOR,
            r("applications:meeting_adoptions", args=[slug, w["decision_meeting"].pk]),
        ),
        (COORDINATOR, r("reporting:deadlines", args=[slug])),
        (COORDINATOR, r("reporting:deadline_edit", args=[slug, w["deadline"].pk])),
        (COORDINATOR, r("reporting:county_mail", args=[slug])),
        (COORDINATOR, r("reporting:retention", args=[slug])),
        (COORDINATOR, r("reporting:retention_rule_edit", args=[slug, reminder_class.pk])),
        (COORDINATOR, r("reporting:legal_hold_new", args=[slug])),
        (COORDINATOR, r("reporting:retention_preview", args=[slug])),
        (COORDINATOR, r("api:tokens", args=[slug])),
        (APPLICANT, r("reporting:notifications")),
        (APPLICANT, r("reporting:notification_choices")),
        (APPLICANT, r("reporting:calendar_feed")),
        (COORDINATOR, r("invitation_create", args=[slug])),
        (COORDINATOR, r("organisation_registrations", args=[slug])),
        (ANONYMOUS, r("organisation_register")),
        ("nationell@lansmedel.demo", r("national_administrators")),
        ("nationell@lansmedel.demo", r("county_coordinator_invite", args=[slug])),
        (COORDINATOR, r("person_anonymise", args=[slug, w["leaver"].pk])),
        (
            COORDINATOR,
            r("applications:decision_meeting_close", args=[slug, w["decision_meeting"].pk]),
        ),
        (REVIEWER, r("applications:assess", args=[w["in_review"].pk])),
        (FORUM, r("applications:decision_meeting", args=[slug, w["decision_meeting"].pk])),
        (FORUM, r("applications:decision_line", args=[slug, w["decision_line"].pk])),
        (COORDINATOR, r("applications:decision_line", args=[slug, w["decision_line"].pk])),
        (NATIONAL, r("allocations:agreement_create")),
        (NATIONAL, r("allocations:agreement_copy", args=[year])),
        (NATIONAL, r("allocations:agreement_edit", args=[year])),
        (NATIONAL, r("allocations:allocation_import", args=[year])),
        (NATIONAL, r("allocations:county_create")),
        (NATIONAL, r("allocations:county_edit", args=[slug])),
        (NATIONAL, r("applications:disclosure_grounds")),
        (NATIONAL, r("applications:disclosure_ground_create")),
        (
            NATIONAL,
            r(
                "applications:disclosure_ground_edit",
                args=[w["disclosure"].maskings.get().ground_id],
            ),
        ),
    ]


def client_for(clients: dict, role: str) -> Client:
    if role not in clients:
        clients[role] = Client()
        if role:
            assert clients[role].login(username=role, password=DEMO_PASSWORD), role
    return clients[role]


def discover(w) -> list[tuple[str, str, str, dict]]:
    """(role, url name, action URL, fields) of every POST form on the pages, once each."""
    clients: dict = {}
    found: dict[tuple[str, str], tuple[str, str, str, dict]] = {}
    unopened = []
    for role, url in pages(w):
        response = client_for(clients, role).get(url)
        if response.status_code != 200:
            unopened.append((role, url, response.status_code))
            continue
        parser = FormParser()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = form["action"] or url
            name = resolve(action.split("?")[0]).view_name
            found.setdefault((role, action), (role, name, action, form["fields"]))
    assert not unopened, unopened
    return sorted(found.values(), key=lambda f: (f[1] in FINAL, f[1], f[2]))


def fuzzed(fields: dict) -> st.SearchStrategy:
    """For every field: its own value, one of its choices, or something hostile."""
    values = {}
    for name, field in fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        options = [st.just(field["value"]), ANY_VALUE]
        if field["choices"]:
            options.append(st.sampled_from(field["choices"]))
        values[name] = st.one_of(*options)
    return st.fixed_dictionaries(values)


def typed_field(fields: dict) -> str | None:
    """A visible text field whose value a re-rendered form must show again."""
    for name, field in fields.items():
        if field["kind"] in {"text", "textarea", "search"} and not name.endswith("TOTAL_FORMS"):
            return name
    return None


def fuzz_form(client: Client, action: str, fields: dict, not_shown_again: list) -> None:
    """Post hostile values to one form; a text typed into a form that comes back with
    errors must be shown again."""
    text_field = typed_field(fields)

    @settings(
        max_examples=5,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=fuzzed(fields), marker=MARKER)
    def post(data, marker):
        if text_field:
            data = {**data, text_field: marker}
        response = client.post(action, data)
        assert response.status_code < 500, (action, data)
        page = response.content.decode() if response.status_code == 200 else ""
        if text_field and "is-invalid" in page and marker not in page:
            not_shown_again.append((action, text_field))

    post()


def test_hostile_values_in_every_form_never_make_a_500(world):
    forms = discover(world)
    posted = {name for _role, name, _action, _fields in forms}
    expected = {name for name, how in URLS.items() if how in {"page", "posted"}}
    assert expected - posted - SKIP_POSTING <= {
        name for name, how in URLS.items() if how == "page"
    }, "a URL marked 'posted' was not the target of any form"
    clients: dict = {}
    not_shown_again: list = []
    for role, name, action, fields in forms:
        if name not in SKIP_POSTING:
            fuzz_form(client_for(clients, role), action, fields, not_shown_again)
    assert not not_shown_again, f"typed text lost on re-render: {set(not_shown_again)}"


def test_autosave_takes_hostile_values_without_a_500(world, applicant):
    client = Client()
    client.force_login(applicant)
    url = reverse("applications:autosave", args=[world["draft"].pk])
    names = ["title", "amount_requested", "period_start", "period_end", "contact_email",
             "focus_area", "budget-0-amount", "budget-TOTAL_FORMS", "description"]  # fmt: skip

    @settings(max_examples=20, deadline=None, database=None)
    @given(data=st.fixed_dictionaries({name: ANY_VALUE for name in names}))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, data

    post()
    # What was kept as typed shows again without an error.
    edit = reverse("applications:application_edit", args=[world["draft"].pk])
    assert client.get(edit).status_code == 200
