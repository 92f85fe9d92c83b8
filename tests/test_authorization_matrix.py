"""The authorization matrix: every URL pattern of the project × every role × GET and POST.

The patterns are walked from the resolver, so a new view is covered automatically: a pattern
missing from MATRIX fails `test_every_url_pattern_is_in_the_matrix` until someone decides
who may reach it. For each role the test requests every pattern (kwargs naming the objects
of tests/matrix_fixtures.py) and checks the status against the table, and that no response
carries a marker string of an application, assessment or county the role must not see.

POSTs carry an innocuous payload. A POST the role is allowed to make runs inside a savepoint
that is rolled back, so it cannot change what the following requests see (the allowed paths
themselves are tested by the feature tests; the superuser's POSTs in the admin are not sent
at all). A refused POST runs as is, and what it could have changed is checked unchanged at
the end. Two-factor log-in stays exempt for the demo users (DEMO_MODE on), as in `make run`.

Not checked for markers: XLSX downloads (compressed). PDFs are checked as their HTML source
(see HtmlAsPdf).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from applications.models import (
    Application,
    Decision,
    DecisionMeeting,
    RegisterEntry,
    RejectionReason,
)
from reporting.api.urls import ENDPOINTS as API_ENDPOINTS
from tests.matrix_fixtures import (
    ASSESSMENT_B1,
    CALL_V,
    DRAFT_B,
    TITLE_A,
    TITLE_V,
    World,
    build_world,
)

pytestmark = pytest.mark.django_db

# --- roles --------------------------------------------------------------------------------

ANON = "anonymous"
APPLICANT_A = "applicant_a"  # Östersunds kommun: owns the application
APPLICANT_B = "applicant_b"  # Kommunförbundet JH: same county, another organisation
REVIEWER = "reviewer"  # declared no conflict, submitted an assessment
CONFLICTED = "reviewer_conflict"  # declared a conflict on the application
FORUM = "forum"  # decision forum member, chair of both meetings
COORDINATOR = "coordinator"  # Jämtland Härjedalen's coordinator
OTHER_COORDINATOR = "coordinator_other"  # Västmanland's coordinator
SUPERUSER = "superuser"
NATIONAL = "national_admin"  # a national administrator: no role in any county

LOGINS = {
    ANON: None,
    APPLICANT_A: "sokande@ostersund.demo",
    APPLICANT_B: "sokande@kfjh.demo",
    REVIEWER: "beredning1@jamtland.demo",
    CONFLICTED: "beredning2@jamtland.demo",
    FORUM: "forum@jamtland.demo",
    COORDINATOR: "samordnare@jamtland.demo",
    OTHER_COORDINATOR: "samordnare@vastmanland.demo",
    SUPERUSER: "admin@lansmedel.demo",
    NATIONAL: "nationell@lansmedel.demo",
}
ROLES = tuple(LOGINS)

# --- role groups ----------------------------------------------------------------------------

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON}
NOBODY = frozenset()
JAMTLAND = frozenset({APPLICANT_A, APPLICANT_B, REVIEWER, CONFLICTED, FORUM, COORDINATOR})
STAFF = frozenset({REVIEWER, CONFLICTED, FORUM, COORDINATOR})
REVIEW_GROUP = frozenset({REVIEWER, CONFLICTED, COORDINATOR})
DECISION = frozenset({FORUM, COORDINATOR})
COORD = frozenset({COORDINATOR})
SU = frozenset({SUPERUSER})
NATIONAL_ADMINS = frozenset({NATIONAL, SUPERUSER})
# Who may read organisation A's application: the owner, the county's coordinator and
# forum, the review member who declared no conflict, the superuser.
READERS_OF_A = frozenset({APPLICANT_A, REVIEWER, FORUM, COORDINATOR, SUPERUSER})

# A refused role gets one of these (anonymous: or the redirect to the log-in page). 405: the
# method is refused before anything else is looked at; 401: the autosave's JSON answer.
REFUSED = frozenset({401, 403, 404, 405})

PAGE, READ, ACTION = "page", "read", "action"  # GET and POST / GET only / POST only


@dataclass(frozen=True)
class Rule:
    """`allowed` roles reach the view; anyone else is refused for GET and POST.

    An allowed role gets `get_ok` for GET (405 on an ACTION) and `post_ok` for POST (405 on
    a READ); `refused_ok` adds statuses by which this view refuses (see `why`)."""

    allowed: frozenset
    kind: str = PAGE
    get_ok: frozenset = frozenset({200})
    post_ok: frozenset = frozenset({200, 302, 400})
    refused_ok: frozenset = frozenset()
    why: str = ""

    def expected(self, role: str, method: str) -> frozenset | None:
        """The statuses an allowed role may get; None when the role is refused."""
        if role not in self.allowed:
            return None
        if method == "get":
            return frozenset({405}) if self.kind == ACTION else self.get_ok
        return frozenset({405}) if self.kind == READ else self.post_ok


def ok(*codes: int) -> frozenset:
    return frozenset(codes)


# Log-in, log-out, password reset, the language switch and the public pages.
PUBLIC = Rule(EVERYONE, get_ok=ok(200, 302, 405), post_ok=ok(200, 302, 400, 405))
# The admin: one rule for all its patterns (superuser in, everyone else to the admin log-in).
# 403 for the superuser: the read-only models refuse adding and deleting.
ADMIN = Rule(SU, get_ok=ok(200, 302, 403, 404), post_ok=ok(200, 302, 400, 403, 404, 405))
ADMIN_PUBLIC = ("admin:login", "admin:logout")

# --- the matrix: URL name → rule -------------------------------------------------------------

MATRIX: dict[str, Rule] = {
    **dict.fromkeys(
        [
            "start",
            "login",
            "logout",
            "password_reset",
            "password_reset_done",
            "password_reset_confirm",
            "password_reset_complete",
            "set_language",
            "reporting:accessibility",
        ],
        PUBLIC,
    ),
    # The health probe of load balancers and monitoring: public, shows no data; 503 when a
    # service is down (tests/test_health.py).
    **dict.fromkeys(
        ["health", "health_en"],
        Rule(EVERYONE, READ, get_ok=ok(200, 503), why="public probe naming only failing checks"),
    ),
    # The second log-in step holds or forwards the user itself
    # (tests/accounts/two_factor/test_two_factor.py).
    **dict.fromkeys(
        ["two_factor_verify", "two_factor_enrol", "two_factor_recovery_codes"],
        Rule(SIGNED_IN, get_ok=ok(200, 302), post_ok=ok(200, 302, 400)),
    ),
    "account": Rule(SIGNED_IN, READ),
    "account_data": Rule(SIGNED_IN, READ, why="each user's own data"),
    "password_change": Rule(SIGNED_IN),
    "password_change_done": Rule(SIGNED_IN, READ),
    # --- allocations
    "allocations:county_latest": Rule(JAMTLAND | SU, READ, get_ok=ok(302)),
    "allocations:county_overview": Rule(JAMTLAND | SU, READ),
    "allocations:county_history": Rule(JAMTLAND | SU, READ),
    "allocations:distribution": Rule(COORD | SU),
    "allocations:agreement_detail": Rule(SIGNED_IN, READ),
    "allocations:criteria": Rule(COORD | SU),
    # Forwards anyone of the county to the budget page, which then decides.
    "allocations:budget_latest": Rule(JAMTLAND | SU, READ, get_ok=ok(302)),
    "allocations:budget": Rule(DECISION | SU, READ),
    "allocations:budget_actors": Rule(DECISION | SU, READ),
    "allocations:reallocation_create": Rule(COORD | SU),
    "allocations:budget_grants_export": Rule(DECISION | SU, ACTION, post_ok=ok(200, 302)),
    "allocations:budget_360giving": Rule(DECISION | SU, READ),
    "allocations:budget_cell": Rule(DECISION | SU, READ),
    "county_people": Rule(COORD | SU, READ),
    "person_anonymise": Rule(COORD | SU),
    # --- the county's obligations: requisition, repayment, reports back
    "allocations:requisition": Rule(COORD | SU),
    "allocations:repayment": Rule(COORD | SU),
    **dict.fromkeys(
        [
            "allocations:county_report",
            "allocations:county_report_pdf",
            "allocations:county_report_xlsx",
        ],
        Rule(DECISION | SU, READ),
    ),
    "allocations:grant_report": Rule(
        frozenset({APPLICANT_A, COORDINATOR}),
        post_ok=ok(200, 302, 403),
        why="the coordinator reads the report; only the recipient writes it (403 on POST)",
    ),
    "allocations:grant_report_review": Rule(
        frozenset({COORDINATOR}), ACTION, why="the world's report is a draft: 400, not reviewed"
    ),
    "allocations:grant_report_attachment": Rule(
        frozenset({APPLICANT_A}),
        READ,
        why="the world's report is a draft: only its recipient downloads its files",
    ),
    "allocations:grant_report_attachment_delete": Rule(
        frozenset({APPLICANT_A, COORDINATOR}),
        ACTION,
        post_ok=ok(302),
        why="the coordinator is refused by the service (a message and back)",
    ),
    "allocations:grant_close": Rule(
        COORD, ACTION, post_ok=ok(302), why="the world's report is not accepted: a message"
    ),
    # --- grant follow-up (the world's grant is applicant A's) and the status report
    "allocations:grants": Rule(DECISION | SU, READ),
    "allocations:grant_detail": Rule(frozenset({APPLICANT_A, FORUM, COORDINATOR, SUPERUSER}), READ),
    "allocations:grant_followup": Rule(frozenset({APPLICANT_A, COORDINATOR})),
    "allocations:grant_usage_add": Rule(frozenset({APPLICANT_A, COORDINATOR}), ACTION),
    "allocations:my_grants": Rule(SIGNED_IN, READ, why="each user's own organisations"),
    "allocations:grant_statuses": Rule(COORD | SU),
    **dict.fromkeys(
        [
            "allocations:status_report",
            "allocations:status_report_pdf",
            "allocations:status_report_xlsx",
        ],
        Rule(DECISION | SU, READ),
    ),
    # --- applications: calls and the applicant's pages
    "applications:call_list": Rule(SIGNED_IN, READ),
    "applications:call_detail": Rule(frozenset({APPLICANT_A, APPLICANT_B}), READ),
    "applications:application_start": Rule(
        frozenset({APPLICANT_A}),
        ACTION,
        refused_ok=ok(302),
        why="B may start in the call but not for A's organisation (sent back to the call)",
    ),
    "applications:call_create": Rule(COORD | SU),
    "applications:call_edit": Rule(COORD | SU),
    "applications:my_applications": Rule(SIGNED_IN, READ, why="each user's own organisation"),
    "applications:application_detail": Rule(READERS_OF_A, READ),
    "applications:application_edit": Rule(
        frozenset({APPLICANT_A}),
        get_ok=ok(302),
        post_ok=ok(302),
        why="in review, the owner is sent back to the application",
    ),
    "applications:autosave": Rule(
        frozenset({APPLICANT_A}),
        ACTION,
        post_ok=ok(409),
        refused_ok=ok(409),
        why="in review nothing is editable: 409 to the owner and to staff who may read it",
    ),
    "applications:withdraw": Rule(frozenset({APPLICANT_A}), ACTION, post_ok=ok(302)),
    "applications:versions": Rule(READERS_OF_A, READ),
    "applications:completion_request": Rule(
        NOBODY, ACTION, why="a proposed application is no longer sent back for completion"
    ),
    "applications:county_applications": Rule(STAFF | SU, READ),
    **dict.fromkeys(
        ["applications:attachment_add", "applications:attachment_delete"],
        Rule(NOBODY, ACTION, why="attachments change only while the owner may edit"),
    ),
    "applications:attachment_download": Rule(READERS_OF_A, READ),
    "applications:register": Rule(COORD | SU, READ),
    "applications:register_officer": Rule(COORD | SU, ACTION),
    "applications:application_print": Rule(READERS_OF_A, READ),
    "applications:application_pdf": Rule(READERS_OF_A, READ),
    # --- review
    "applications:formal_check": Rule(NOBODY, ACTION, why="only submitted applications"),
    "applications:review_list": Rule(REVIEW_GROUP, READ),
    "applications:review_round_create": Rule(COORD),
    "applications:review_round_detail": Rule(COORD),
    "applications:assess": Rule(frozenset({REVIEWER})),
    "applications:assessments": Rule(frozenset({REVIEWER, COORDINATOR}), READ),
    "applications:review_overview": Rule(REVIEW_GROUP | SU, READ),
    "applications:review_meeting_create": Rule(REVIEW_GROUP | SU),
    "applications:review_meeting": Rule(REVIEW_GROUP | SU, READ),
    "applications:proposal_adopt": Rule(
        frozenset({REVIEWER, COORDINATOR, SUPERUSER}),
        ACTION,
        refused_ok=ok(400),
        why="the conflicted member is refused by the service, shown on the row (400)",
    ),
    "applications:proposals_xlsx": Rule(REVIEW_GROUP | SU, READ),
    "applications:proposals_pdf": Rule(REVIEW_GROUP | SU, READ),
    # --- decisions
    "applications:decision_meetings": Rule(DECISION, READ),
    "applications:decision_meeting": Rule(DECISION, READ),
    "applications:decision_meeting_create": Rule(COORD),
    "applications:decision_meeting_edit": Rule(COORD),
    "applications:decision_meeting_close": Rule(COORD),
    # The view lets the county's decision staff in; the service takes only the officers.
    "applications:decision_minutes_approve": Rule(DECISION, ACTION),
    "applications:decision_proposals_add": Rule(COORD, ACTION),
    "applications:decision_item_add": Rule(COORD, ACTION),
    "applications:decision_correction_add": Rule(COORD),
    "applications:decision_item_adopt": Rule(DECISION, ACTION),
    "applications:decision_line_add": Rule(COORD, ACTION),
    "applications:decision_line": Rule(DECISION, READ),
    "applications:decision_line_decide": Rule(DECISION, ACTION),
    "applications:decision_line_organisation": Rule(DECISION, ACTION),
    "applications:decision_not_participating": Rule(DECISION, ACTION),
    "applications:rejection_reasons": Rule(COORD),
    # --- members' adoptions of a recommendation (applicant A records Östersund's)
    "applications:my_adoptions": Rule(SIGNED_IN, READ, why="each user's own members"),
    "applications:adoption_detail": Rule(frozenset({APPLICANT_A, COORDINATOR}), READ),
    **dict.fromkeys(
        ["applications:adoption_prepare", "applications:adoption_record"],
        Rule(frozenset({APPLICANT_A, COORDINATOR}), ACTION),
    ),
    "applications:adoption_extract": Rule(
        frozenset({APPLICANT_A, COORDINATOR}),
        READ,
        get_ok=ok(404),
        why="the world's adoption is pending: it has no extract yet",
    ),
    **dict.fromkeys(
        [
            "applications:adoption_memo_pdf",
            "applications:adoption_basis",
            "applications:adoption_package",
        ],
        Rule(
            frozenset({APPLICANT_A, COORDINATOR}),
            READ,
            get_ok=ok(200, 302),
            why="a document not made yet sends the member back to the case's page (302)",
        ),
    ),
    "applications:adoption_memo_docx": Rule(frozenset({APPLICANT_A, COORDINATOR}), READ),
    "applications:meeting_adoptions": Rule(DECISION, READ),
    "applications:adoptions_due": Rule(COORD, ACTION),
    "applications:rejection_reasons_defaults": Rule(COORD, ACTION),
    # --- internal case notes (staff who may read the application; never the applicant)
    "applications:case_note_add": Rule(frozenset({REVIEWER, COORDINATOR}), ACTION),
    # --- requests for public records: the county's coordinator only
    "applications:disclosure_requests": Rule(COORD, READ),
    "applications:disclosure_request_create": Rule(COORD),
    "applications:disclosure_request": Rule(COORD, READ),
    **dict.fromkeys(
        [
            "applications:disclosure_gather",
            "applications:disclosure_masking_add",
            "applications:disclosure_masking_remove",
            "applications:disclosure_documents",
            "applications:disclosure_deliver",
        ],
        Rule(COORD, ACTION),
    ),
    **dict.fromkeys(
        ["applications:disclosure_masked_copy", "applications:disclosure_withholding_decision"],
        Rule(COORD, READ, get_ok=ok(404), why="the world's request has no documents made yet"),
    ),
    "applications:disclosure_grounds_county": Rule(COORD, READ),
    # --- the grounds for secrecy (OSL is national law): the national administrators
    "applications:disclosure_grounds": Rule(NATIONAL_ADMINS, READ),
    **dict.fromkeys(
        ["applications:disclosure_ground_create", "applications:disclosure_ground_edit"],
        Rule(NATIONAL_ADMINS),
    ),
    **dict.fromkeys(
        ["applications:disclosure_ground_deactivate", "applications:disclosure_ground_delete"],
        Rule(NATIONAL_ADMINS, ACTION),
    ),
    "applications:rejection_reason_edit": Rule(COORD, ACTION),
    "applications:rejection_reason_active": Rule(COORD, ACTION),
    "applications:decision_documents_status": Rule(DECISION, READ),
    "applications:decision_document_request": Rule(DECISION, ACTION),
    "applications:decision_document_retry": Rule(DECISION, ACTION),
    "applications:decision_document_download": Rule(
        frozenset({APPLICANT_A, FORUM, COORDINATOR}),
        READ,
        why="a decision letter reaches its applicant once the minutes are approved",
    ),
    # --- the audit trail
    "applications:county_log": Rule(COORD | SU, READ),
    "applications:grant_history": Rule(DECISION | SU, READ),
    # --- the dossier of a closed grant (the world's is open: a message and back)
    "applications:dossier_request": Rule(COORD, ACTION, post_ok=ok(302)),
    "applications:sip_request": Rule(COORD, ACTION, post_ok=ok(302)),
    "applications:sip_year_request": Rule(COORD, ACTION, post_ok=ok(302)),
    # --- reporting: an export job is its requester's alone (the coordinator)
    **dict.fromkeys(
        ["reporting:export_job", "reporting:export_status", "reporting:export_download"],
        Rule(COORD, READ),
    ),
    "reporting:export_restart": Rule(COORD, ACTION, post_ok=ok(302)),
    # --- deadlines: the county's list is the coordinator's; choices and feed are each user's
    **dict.fromkeys(["reporting:deadlines", "reporting:deadline_edit"], Rule(COORD | SU)),
    **dict.fromkeys(
        ["reporting:deadline_done", "reporting:reminder_resend"], Rule(COORD | SU, ACTION)
    ),
    # --- the county's e-mails that failed or are uncertain: the coordinator's
    "reporting:county_mail": Rule(COORD | SU, READ),
    "reporting:county_mail_resend": Rule(COORD | SU, ACTION),
    # --- messages to the applicants of a call: the coordinator's
    "reporting:bulk_messages": Rule(COORD | SU, READ),
    "reporting:bulk_message_new": Rule(COORD | SU),
    "reporting:bulk_message": Rule(COORD | SU, READ),
    "reporting:bulk_message_send": Rule(COORD | SU, ACTION),
    **dict.fromkeys(
        [
            "reporting:retention",
            "reporting:retention_preview",
            "reporting:disposal_protocol",
            "reporting:disposal_protocol_pdf",
        ],
        Rule(COORD | SU, READ),
    ),
    **dict.fromkeys(
        ["reporting:retention_rule_edit", "reporting:legal_hold_new"], Rule(COORD | SU)
    ),
    **dict.fromkeys(
        ["reporting:legal_hold_release", "reporting:retention_run"], Rule(COORD | SU, ACTION)
    ),
    **dict.fromkeys(
        ["reporting:notifications", "reporting:calendar_feed", "reporting:notification_choices"],
        Rule(SIGNED_IN),
    ),
    "reporting:calendar_ics": Rule(
        NOBODY, READ, why="reached by its secret token alone; a made-up token is 404 (test_ical)"
    ),
    # --- the agreement years, SKR's allocations and the counties: the national administrators
    "allocations:national_home": Rule(NATIONAL_ADMINS, READ),
    **dict.fromkeys(
        [
            "allocations:agreement_create",
            "allocations:agreement_copy",
            "allocations:agreement_edit",
            "allocations:allocation_import",
            "allocations:county_create",
            "allocations:county_edit",
        ],
        Rule(NATIONAL_ADMINS),
    ),
    # --- opening a county's year and its checklist
    "allocations:county_year_open": Rule(COORD | SU),
    "allocations:county_year": Rule(COORD | SU),
    "allocations:county_year_confirm": Rule(
        COORD | SU, ACTION, post_ok=ok(302), why="the world's year is not opened: a message"
    ),
    "applications:call_publish": Rule(
        COORD | SU, ACTION, post_ok=ok(302), why="the world's call is published already"
    ),
    # --- people, roles, invitations and organisations asking to be registered
    "invitation_create": Rule(COORD | SU),
    **dict.fromkeys(
        ["invitation_revoke", "invitation_resend", "role_end"], Rule(COORD | SU, ACTION)
    ),
    "invitation_accept": Rule(
        EVERYONE,
        post_ok=ok(400),
        why="reached by its token; a new account needs a name and password, a signed-in "
        "person of another address is refused on the page (tests/accounts/people)",
    ),
    "national_administrators": Rule(NATIONAL_ADMINS),
    "county_coordinator_invite": Rule(NATIONAL_ADMINS),
    "national_administrator_end": Rule(NATIONAL_ADMINS, ACTION),
    # Single sign-on's start (to the identity provider) and its answer: reached before log-in;
    # 404 while no provider is configured, GET only (tests/accounts/oidc/).
    **dict.fromkeys(
        ["identity_provider_start", "identity_provider_callback"],
        Rule(EVERYONE, READ, get_ok=ok(302, 404), why="the public steps of single sign-on"),
    ),
    "organisation_register": Rule(EVERYONE, why="anyone may ask to register an organisation"),
    "organisation_registrations": Rule(COORD | SU, READ),
    "organisation_registration_decide": Rule(COORD | SU, ACTION, post_ok=ok(302)),
    # --- every figure year over year, and interventions over the years
    "allocations:county_trends": Rule(DECISION | SU, READ),
    # --- the read API: a county's key alone, never a log-in (401; tests/reporting/api)
    **dict.fromkeys(
        [
            f"api:v1:{name}_{kind}"
            for _prefix, name, _viewset in API_ENDPOINTS
            for kind in ("list", "detail")
        ],
        Rule(NOBODY, READ, why="read with a county's API key only; a session is not a key"),
    ),
    # Its schema and docs page describe the API and hold no data.
    **dict.fromkeys(["api:v1:schema", "api:v1:docs"], PUBLIC),
    # --- the county's API keys: its coordinator's
    "api:tokens": Rule(COORD | SU),
    "api:token_revoke": Rule(COORD | SU, ACTION, post_ok=ok(302, 404), why="no key in the world"),
}


def rule_for(name: str) -> Rule | None:
    if name in ADMIN_PUBLIC:
        return PUBLIC
    if name.startswith("admin:"):
        return ADMIN
    return MATRIX.get(name)


# --- walking the resolver ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced; "admin:<unnamed>" for the admin's unnamed redirects
    route: str
    params: tuple[str, ...] = field(default=())
    regex: bool = False

    def __str__(self) -> str:
        return f"{self.name} ({self.route})"


def url_patterns(resolver: URLResolver | None = None, prefix="", namespace="") -> list[Pattern]:
    found = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = namespace
            if p.namespace:
                inner = f"{namespace}:{p.namespace}" if namespace else p.namespace
            found += url_patterns(p, prefix + str(p.pattern), inner)
            continue
        name = p.name or "<unnamed>"
        if namespace:
            name = f"{namespace}:{name}"
        regex = not isinstance(p.pattern, RoutePattern)
        params = tuple(p.pattern.regex.groupindex if regex else p.pattern.converters)
        found.append(Pattern(name, prefix + str(p.pattern), params, regex))
    return found


PATTERNS = url_patterns()


def values_for(world: World) -> dict[str, object]:
    """A value for every URL parameter name used in the project."""
    return {
        "slug": world.county.slug,
        "year": world.agreement.year,
        "column": "beslutat",
        "area": 1,
        "sub": world.application.sub_area_id,
        "user_id": world.person.pk,
        "uidb64": "MQ",
        "token": "inte-en-riktig-nyckel",
        "attachment_pk": world.attachment.pk,
        "application_pk": world.application.pk,
        # the admin's parameters
        "app_label": "applications",
        "object_id": "0",  # none: change pages forward to the list (no file-field pages)
        "id": str(world.person.pk),
        "content_type_id": 1,
        "url": "finns-inte/",
    }


# Which object a `pk` names, per URL name (everything else: the application).
PK_OF = {
    **dict.fromkeys(
        ["admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"],
        lambda w: w.totp_device.pk,
    ),
    **dict.fromkeys(
        [
            "applications:call_detail",
            "applications:application_start",
            "applications:call_edit",
            "applications:call_publish",
        ],
        lambda w: w.call.pk,
    ),
    "applications:review_round_detail": lambda w: w.review_round.pk,
    **dict.fromkeys(["invitation_revoke", "invitation_resend"], lambda w: w.invitation.pk),
    "role_end": lambda w: w.person.memberships.get(role="applicant").pk,
    "national_administrator_end": lambda w: (
        __import__("allocations.models", fromlist=["NationalAdministrator"])
        .NationalAdministrator.objects.get(user__username="nationell@lansmedel.demo")
        .pk
    ),
    "organisation_registration_decide": lambda w: w.registration.pk,
    "applications:grant_history": lambda w: w.grant.pk,
    **dict.fromkeys(
        [
            "allocations:grant_detail",
            "allocations:grant_followup",
            "allocations:grant_usage_add",
        ],
        lambda w: w.grant.pk,
    ),
    "applications:dossier_request": lambda w: w.grant.pk,
    **dict.fromkeys(
        ["reporting:bulk_message", "reporting:bulk_message_send"],
        lambda w: bulk_message(w).pk,
    ),
    "reporting:retention_rule_edit": lambda w: retention_class(w).pk,
    "reporting:legal_hold_release": lambda w: legal_hold(w).pk,
    **dict.fromkeys(
        ["reporting:disposal_protocol", "reporting:disposal_protocol_pdf"],
        lambda w: disposal_protocol(w).pk,
    ),
    "applications:sip_request": lambda w: w.grant.pk,
    **dict.fromkeys(
        ["allocations:grant_report", "allocations:grant_report_review", "allocations:grant_close"],
        lambda w: w.grant.pk,
    ),
    **dict.fromkeys(
        ["allocations:grant_report_attachment", "allocations:grant_report_attachment_delete"],
        lambda w: w.report_attachment.pk,
    ),
    **dict.fromkeys(
        [
            "applications:review_meeting",
            "applications:proposal_adopt",
            "applications:proposals_xlsx",
            "applications:proposals_pdf",
        ],
        lambda w: w.review_meeting.pk,
    ),
    **dict.fromkeys(
        [
            "applications:decision_meeting",
            "applications:decision_meeting_edit",
            "applications:decision_meeting_close",
            "applications:decision_proposals_add",
            "applications:decision_item_add",
            "applications:decision_correction_add",
            "applications:decision_documents_status",
            "applications:decision_document_request",
        ],
        lambda w: w.open_meeting.pk,
    ),
    "applications:decision_minutes_approve": lambda w: w.closed_meeting.pk,
    **dict.fromkeys(
        [
            "applications:disclosure_request",
            "applications:disclosure_gather",
            "applications:disclosure_masking_add",
            "applications:disclosure_masking_remove",
            "applications:disclosure_documents",
            "applications:disclosure_deliver",
            "applications:disclosure_masked_copy",
            "applications:disclosure_withholding_decision",
        ],
        lambda w: disclosure_request(w).pk,
    ),
    **dict.fromkeys(
        [
            "applications:disclosure_ground_edit",
            "applications:disclosure_ground_deactivate",
            "applications:disclosure_ground_delete",
        ],
        lambda w: disclosure_request(w).maskings.get().ground_id,
    ),
    **dict.fromkeys(
        ["applications:meeting_adoptions", "applications:adoptions_due"],
        lambda w: w.closed_meeting.pk,
    ),
    **dict.fromkeys(
        [
            "applications:adoption_detail",
            "applications:adoption_prepare",
            "applications:adoption_record",
            "applications:adoption_extract",
            "applications:adoption_memo_pdf",
            "applications:adoption_memo_docx",
            "applications:adoption_basis",
            "applications:adoption_package",
        ],
        lambda w: w.adoption.pk,
    ),
    "applications:register_officer": lambda w: (
        RegisterEntry.objects.filter(county=w.county).values_list("pk", flat=True).first()
    ),
    **dict.fromkeys(
        ["applications:decision_item_adopt", "applications:decision_line_add"],
        lambda w: w.open_item.pk,
    ),
    **dict.fromkeys(
        [
            "applications:decision_line",
            "applications:decision_line_decide",
            "applications:decision_line_organisation",
            "applications:decision_not_participating",
        ],
        lambda w: w.open_line.pk,
    ),
    **dict.fromkeys(
        ["applications:rejection_reason_edit", "applications:rejection_reason_active"],
        lambda w: w.rejection_reason.pk,
    ),
    **dict.fromkeys(
        ["applications:decision_document_retry", "applications:decision_document_download"],
        lambda w: w.document.pk,
    ),
    **dict.fromkeys(
        [
            "reporting:export_job",
            "reporting:export_status",
            "reporting:export_download",
            "reporting:export_restart",
        ],
        lambda w: w.export_job.pk,
    ),
    **dict.fromkeys(
        ["reporting:deadline_edit", "reporting:deadline_done"],
        lambda w: w.county.deadlines.first().pk,
    ),
    "reporting:county_mail_resend": lambda w: (
        __import__("reporting.models", fromlist=["OutgoingEmail"])
        .OutgoingEmail.objects.create(
            kind="receipt", county=w.county, to=["a@example.se"], subject="Kvitto", state="failed"
        )
        .pk
    ),
    "reporting:reminder_resend": lambda w: (
        w.county.deadlines.first()
        .reminders.get_or_create(
            recipient=w.person, kind="reminder", offset_days=99, defaults={"state": "failed"}
        )[0]
        .pk
    ),
}


# Other URL parameters that name an object of the world, per URL name.
KWARGS_OF = {
    "invitation_accept": lambda w: {"token": w.invitation_token},
    "applications:adoption_basis": lambda w: {"key": "protokoll"},
    "applications:disclosure_masking_remove": lambda w: {
        "masking_pk": disclosure_request(w).maskings.get().pk
    },
}


def bulk_message(world: World):
    """A message to the applicants of Jämtland's call, not sent yet."""
    from reporting.models import BulkMessage

    found = BulkMessage.objects.filter(county=world.county).first()
    if found is None:
        found = BulkMessage.objects.create(
            county=world.county, call=world.call, subject="Påminnelse", body="Hej!"
        )
    return found


def retention_class(world: World):
    """Sent reminders: a class of the county's retention schedule."""
    from reporting.models import RecordClass

    return RecordClass.objects.get(code="reminder")


def legal_hold(world: World):
    """A hold in force on Jämtland's application A."""
    from reporting.models import LegalHold

    found = LegalHold.objects.filter(county=world.county).first()
    if found is None:
        found = LegalHold.objects.create(
            county=world.county, application=world.application, reason="Överklagande"
        )
    return found


def disposal_protocol(world: World):
    """A disposal protocol of Jämtland that removed nothing."""
    from django.utils import timezone

    from reporting.models import DisposalProtocol

    found = DisposalProtocol.objects.filter(county=world.county).first()
    if found is None:
        found = DisposalProtocol.objects.create(
            county=world.county, disposed_on=timezone.localdate()
        )
    return found


def disclosure_request(world: World):
    """Jämtland's request for application A's records, gathered, one passage masked."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from applications.models import DisclosureRequest, SecrecyGround

    found = DisclosureRequest.objects.filter(county=world.county).first()
    if found is None:
        coordinator = get_user_model().objects.get(username="samordnare@jamtland.demo")
        found = DisclosureRequest.objects.create(
            county=world.county,
            received_on=timezone.localdate(),
            registered_by=coordinator,
            state="under_review",
        )
        found.applications.add(world.application)
        found.maskings.create(
            part=f"application:{world.application.pk}:title",
            ground=SecrecyGround.objects.get_or_create(
                code="OSL 21 kap. 7 §", defaults={"description": "Personuppgifter"}
            )[0],
            created_by=coordinator,
        )
    return found


def url_for(pattern: Pattern, world: World) -> str:
    values = values_for(world)
    pk = PK_OF.get(pattern.name, lambda w: w.application.pk)(world)
    values["pk"] = pk
    values.update(KWARGS_OF.get(pattern.name, lambda w: {})(world))
    missing = [p for p in pattern.params if p not in values]
    assert not missing, f"{pattern}: no value for URL parameter(s) {missing} in values_for()"
    kwargs = {p: values[p] for p in pattern.params}
    if "<unnamed>" not in pattern.name:
        return reverse(pattern.name, kwargs=kwargs)
    if pattern.regex:  # the admin's catch-all
        return "/admin/" + str(values["url"])
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern.route)


# --- what each role must never see ------------------------------------------------------------

SECRETS_OF_A = ("TITLE_A", "CASE_A")
NEVER_SEEN: dict[str, tuple[str, ...]] = {
    ANON: (*SECRETS_OF_A, "ASSESSMENT_B1", "DRAFT_B", "TITLE_V", "CALL_V"),
    APPLICANT_A: ("ASSESSMENT_B1", "DRAFT_B", "TITLE_V", "CALL_V"),
    APPLICANT_B: (*SECRETS_OF_A, "ASSESSMENT_B1", "TITLE_V", "CALL_V"),
    REVIEWER: ("DRAFT_B", "TITLE_V", "CALL_V"),
    CONFLICTED: ("ASSESSMENT_B1", "DRAFT_B", "TITLE_V", "CALL_V"),
    FORUM: ("ASSESSMENT_B1", "DRAFT_B", "TITLE_V", "CALL_V"),
    COORDINATOR: ("DRAFT_B", "TITLE_V", "CALL_V"),
    OTHER_COORDINATOR: (*SECRETS_OF_A, "ASSESSMENT_B1", "DRAFT_B"),
    SUPERUSER: (),
    # Above the counties for the frame of the year, never inside a county's cases.
    NATIONAL: (*SECRETS_OF_A, "ASSESSMENT_B1", "DRAFT_B", "TITLE_V", "CALL_V"),
}


def markers(world: World) -> dict[str, str]:
    return {
        "TITLE_A": TITLE_A,
        "CASE_A": world.application.case_number,
        "ASSESSMENT_B1": ASSESSMENT_B1,
        "DRAFT_B": DRAFT_B,
        "TITLE_V": TITLE_V,
        "CALL_V": CALL_V,
    }


# --- the requests ---------------------------------------------------------------------------


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        # Read to the end: the test client then closes the response itself. Closing it here
        # would fire request_finished, which closes the connection inside the test's
        # transaction on PostgreSQL.
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode(errors="replace")


def payload(world: World) -> dict[str, str]:
    """Innocuous: what a careless or curious user might post to any form."""
    return {
        "title": "Kapad av matrisen",
        "reason": "matris",
        "motivation": "matris",
        "organisation": str(world.application.organisation_id),
        "format": "csv",
    }


def snapshot(world: World) -> tuple:
    """What a refused POST could have changed."""
    application = Application.objects.get(pk=world.application.pk)
    line = Decision.objects.get(pk=world.open_line.pk)
    return (
        application.title,
        application.status,
        application.attachments.count(),
        line.outcome,
        line.amount,
        DecisionMeeting.objects.get(pk=world.open_meeting.pk).state,
        RejectionReason.objects.get(pk=world.rejection_reason.pk).active,
        Application.objects.filter(organisation_id=world.application.organisation_id).count(),
    )


LOGIN_PATHS = ("/logga-in/", "/admin/login/")


def check(response, rule: Rule, role: str, method: str) -> str | None:
    """What is wrong with the response, or None."""
    status = response.status_code
    location = response.get("Location", "")
    expected = rule.expected(role, method)
    if expected is not None:
        if status not in expected:
            return f"allowed, expected {sorted(expected)}, got {status} {location}"
        if status == 302 and urlsplit(location).path in LOGIN_PATHS and rule is not PUBLIC:
            return f"allowed, but sent to log in: {location}"
        return None
    if status in REFUSED | rule.refused_ok:
        return None
    sent_to_log_in = status == 302 and urlsplit(location).path in LOGIN_PATHS
    if sent_to_log_in and (role == ANON or rule is ADMIN):
        return None  # the admin sends everyone but the superuser to its own log-in page
    return (
        f"refused, expected {sorted(REFUSED | rule.refused_ok)} or log-in, got {status} {location}"
    )


class HtmlAsPdf:
    """Stands in for weasyprint.HTML: the "PDF" is its HTML source, so the marker check reads
    what the PDF would say (a real PDF's text is compressed), and no time goes to layout."""

    def __init__(self, string: str = "", **kwargs):
        self.string = string

    def write_pdf(self, *args, **kwargs) -> bytes:
        return self.string.encode()


@pytest.fixture
def world(seeded, settings, monkeypatch) -> World:
    import weasyprint

    settings.DEMO_MODE = True  # the demo users log in without two-factor, as in `make run`
    monkeypatch.setattr(weasyprint, "HTML", HtmlAsPdf)
    monkeypatch.setattr(weasyprint, "CSS", lambda **kwargs: None)
    return build_world(seeded)


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted({str(p) for p in PATTERNS if rule_for(p.name) is None})
    assert not missing, (
        "URL patterns missing from the authorization matrix (tests/test_authorization_matrix.py"
        " MATRIX): decide who may reach them:\n  " + "\n  ".join(missing)
    )
    stale = sorted(set(MATRIX) - {p.name for p in PATTERNS})
    assert not stale, f"MATRIX names URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_role_reaches_only_what_it_may(client, login, world, role):
    """Every pattern, GET then POST: the status the matrix expects, and no marker of what
    the role may not see in any body."""
    if LOGINS[role]:
        client = login(LOGINS[role])
    client.raise_request_exception = False  # a 500 is reported like any wrong status
    forbidden = {markers(world)[m]: m for m in NEVER_SEEN[role]}
    data = payload(world)
    before = snapshot(world)
    problems = []
    requests = 0
    for method in ("get", "post"):
        for pattern in PATTERNS:
            rule = rule_for(pattern.name)
            if rule is None:
                continue  # reported by test_every_url_pattern_is_in_the_matrix
            url = url_for(pattern, world)
            allowed = rule.expected(role, method) is not None
            if method == "post" and allowed and rule is ADMIN:
                continue  # the superuser's own admin forms: Django's, and slow to walk
            if method == "post" and allowed:
                with transaction.atomic():  # allowed: tried, then undone
                    response = client.post(url, data)
                    transaction.set_rollback(True)
            else:
                response = getattr(client, method)(url, data if method == "post" else None)
            requests += 1
            body = body_of(response)
            wrong = check(response, rule, role, method)
            if wrong:
                problems.append(f"{method.upper()} {url} [{pattern.name}]: {wrong}")
            leaked = [name for marker, name in forbidden.items() if marker in body]
            if leaked:
                problems.append(f"{method.upper()} {url} [{pattern.name}]: shows {leaked}")
            session = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
            if LOGINS[role] and (session is None or not session.value):
                client = login(LOGINS[role])  # a log-out (undone in the database) ends it
    assert not problems, f"{role}: {len(problems)} of {requests} requests wrong:\n" + "\n".join(
        problems
    )
    assert snapshot(world) == before, f"{role}: a refused POST changed something"
