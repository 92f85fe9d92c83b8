"""The world the authorization matrix walks: one of every object a URL can name, in
Jämtland Härjedalen, with marker strings that must never reach the wrong person.

Made through the services where a real path exists (submit, formal check, review,
proposals, rulings, closing), directly where only a finished result matters (a generated
document, an export job).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from allocations.models import Agreement, County, Organisation
from applications.applying.services import application_submit
from applications.applying.services.attachments import attachment_add
from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.meetings import agenda_add_proposals, meeting_create
from applications.decisions.services.rulings import item_adopt_as_whole
from applications.models import (
    AgendaItem,
    Application,
    Attachment,
    BudgetLine,
    Call,
    CostKind,
    Decision,
    DecisionMeeting,
    DocumentKind,
    FormalCheckOutcome,
    GeneratedDocument,
    Grant,
    JobState,
    RejectionReason,
    ReviewMeeting,
    ReviewRound,
)
from applications.review.services import (
    assessment_save,
    conflict_declare,
    formal_check_record,
    proposal_adopt,
    review_meeting_create,
    review_round_open,
)
from reporting.models import ExportJob, ExportState

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Marker strings: where each may appear is decided by the matrix (FORBIDDEN_MARKERS).
TITLE_A = "HEMLIG-A-Östersund-insats"  # organisation A's application, in review
ASSESSMENT_B1 = "BEDÖMNING-HEMLIG-beredning1"  # the unconflicted member's motivation
DRAFT_B = "HEMLIG-B-KFJH-utkast"  # organisation B's draft, seen by B alone
TITLE_V = "HEMLIG-V-Västerås-insats"  # Västmanland's application
CALL_V = "HEMLIG-V-utlysning"  # Västmanland's call (still open, so public to its applicants)


@dataclass
class World:
    county: County
    agreement: Agreement
    call: Call
    application: Application  # organisation A's, proposed and on the open meeting's agenda
    attachment: Attachment
    review_round: ReviewRound
    review_meeting: ReviewMeeting
    open_meeting: DecisionMeeting  # the line of `application` decided, meeting still open
    open_item: AgendaItem
    open_line: Decision
    closed_meeting: DecisionMeeting  # closed, minutes approved: its line became a grant
    grant: Grant
    document: GeneratedDocument
    export_job: ExportJob
    rejection_reason: RejectionReason
    person: object  # a person of the county the coordinator may anonymise (applicant B)
    totp_device: object  # the superuser's unconfirmed authenticator (for its admin pages)
    report_attachment: object = None  # a file of the grant's draft report back (applicant A)
    invitation: object = None  # the coordinator's invitation of a new reviewer, still open
    invitation_token: str = ""  # its link's token (only the digest is stored)
    registration: object = None  # an organisation asking to be registered, waiting
    # Östersund's adoption of the closed meeting's recommendation (SVOM recommends), pending;
    # applicant A also records Östersund's adoptions.
    adoption: object = None


def user(email: str):
    return get_user_model().objects.get(username=email)


def _application(call: Call, organisation: Organisation, author, *, title: str, area, sub=None):
    application = Application.objects.create(
        county=call.county,
        call=call,
        organisation=organisation,
        created_by=author,
        contact_name="Anna Andersson",
        contact_email="anna@example.se",
        focus_area=area,
        sub_area=sub,
        title=title,
        description="Vi tar fram en lokal handlingsplan.",
        purpose="Färre suicid och suicidförsök.",
        target_group="Kommunens invånare.",
        kind="new",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 12, 31),
        amount_requested=150_000,
    )
    BudgetLine.objects.create(application=application, cost_kind=CostKind.SALARIES, amount=150_000)
    return application


def _call(county: County, agreement: Agreement, title: str) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        county=county,
        agreement=agreement,
        title=title,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=10),
    )
    call.focus_areas.set(agreement.focus_areas.all())
    call.sub_areas.set(agreement.focus_areas.get(number=1).sub_areas.all())
    return call


def _in_review(application: Application, applicant, coordinator) -> Application:
    application = application_submit(application=application, user=applicant)
    formal_check_record(
        application=application, user=coordinator, outcome=FormalCheckOutcome.PASSED
    )
    application.refresh_from_db()
    return application


def _assess(application: Application, member, motivation: str) -> None:
    conflict_declare(application=application, member=member, has_conflict=False)
    criteria = {
        c.pk: {"met": "yes", "score": None, "comment": ""}
        for c in application.county.criteria.filter(agreement=application.call.agreement)
    }
    assessment_save(
        application=application,
        member=member,
        values={
            "recommendation": "approve",
            "recommended_amount": 150_000,
            "motivation": motivation,
        },
        criteria=criteria,
        submit=True,
    )


def build_world(agreement: Agreement) -> World:
    jamtland = County.objects.get(slug="jamtland")
    ostersund = Organisation.objects.get(name="Östersunds kommun")
    applicant_a = user("sokande@ostersund.demo")
    applicant_b = user("sokande@kfjh.demo")
    coordinator = user("samordnare@jamtland.demo")
    member, conflicted = user("beredning1@jamtland.demo"), user("beredning2@jamtland.demo")
    chair, approver = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    area1 = agreement.focus_areas.get(number=1)
    area4 = agreement.focus_areas.get(number=4)

    call = _call(jamtland, agreement, "Länsgemensamma medel 2025")
    application = _application(
        call, ostersund, applicant_a, title=TITLE_A, area=area1, sub=area1.sub_areas.first()
    )
    attachment = attachment_add(
        application=application,
        user=applicant_a,
        uploaded_file=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    application = _in_review(application, applicant_a, coordinator)
    granted = _in_review(
        _application(call, ostersund, applicant_a, title="Beviljad insats", area=area4),
        applicant_a,
        coordinator,
    )
    kfjh = Organisation.objects.get(
        pk=applicant_b.memberships.get(role="applicant").organisation_id
    )
    _application(call, kfjh, applicant_b, title=DRAFT_B, area=area4)

    review_round = review_round_open(
        call=call,
        user=coordinator,
        members=[member, conflicted],
        due_date=datetime.date(2025, 3, 1),
    )
    _assess(application, member, ASSESSMENT_B1)
    conflict_declare(
        application=application,
        member=conflicted,
        has_conflict=True,
        reason="Anställd hos sökande.",
    )
    _assess(granted, member, "Bra.")
    _assess(granted, conflicted, "Bra.")
    review_meeting = review_meeting_create(
        review_round=review_round,
        user=coordinator,
        held_on=datetime.date(2025, 3, 5),
        attendees=[member, conflicted],
    )

    # §9 in a closed meeting with approved minutes: the granted application's grant.
    proposal_adopt(
        meeting=review_meeting,
        application=granted,
        user=coordinator,
        amount=100_000,
        motivation="Bra.",
    )
    officers = {"members_present": [chair, approver], "chair": chair, "minutes_approver": approver}
    closed = meeting_create(
        county=jamtland,
        agreement=agreement,
        user=coordinator,
        held_on=datetime.date(2025, 3, 14),
        place="Östersund",
        first_paragraph=9,
        **officers,
    )
    closed_item = agenda_add_proposals(meeting=closed, user=coordinator)
    item_adopt_as_whole(item=closed_item, user=chair)
    meeting_close(meeting=closed, user=coordinator)
    minutes_approve(meeting=closed, user=chair)
    minutes_approve(meeting=closed, user=approver)
    granted_line = closed_item.decisions.get()
    document = GeneratedDocument(
        kind=DocumentKind.DECISION_LETTER,
        meeting=closed,
        decision=granted_line,
        application=granted,
        version=1,
        state=JobState.DONE,
        requested_by=coordinator,
    )
    document.file.save("beslut.pdf", ContentFile(PDF))  # stored with its file: done is final

    # §10 in an open meeting: organisation A's application, its line decided.
    proposal_adopt(
        meeting=review_meeting,
        application=application,
        user=coordinator,
        amount=120_000,
        motivation="Väl förankrad.",
    )
    open_meeting = meeting_create(
        county=jamtland,
        agreement=agreement,
        user=coordinator,
        held_on=datetime.date(2025, 5, 2),
        place="Östersund",
        first_paragraph=10,
        **officers,
    )
    open_item = agenda_add_proposals(meeting=open_meeting, user=coordinator)
    item_adopt_as_whole(item=open_item, user=chair)
    application.refresh_from_db()

    export_job = ExportJob.objects.create(
        kind="budget_grants",
        format="csv",
        state=ExportState.DONE,
        filename="bidrag.csv",
        requested_by=coordinator,
    )
    export_job.file.save("bidrag.csv", ContentFile(b"a;b\n"))
    reason = RejectionReason.objects.create(county=jamtland, text="Ej länsgemensam insats.")

    # Västmanland: an application in review that no one of Jämtland may see.
    vastmanland = County.objects.get(slug="vastmanland")
    vasteras = user("sokande@vasteras.demo")
    call_v = _call(vastmanland, agreement, CALL_V)
    organisation_v = Organisation.objects.get(
        pk=vasteras.memberships.get(role="applicant").organisation_id
    )
    _in_review(
        _application(call_v, organisation_v, vasteras, title=TITLE_V, area=area4),
        vasteras,
        user("samordnare@vastmanland.demo"),
    )

    return World(
        county=jamtland,
        agreement=agreement,
        call=call,
        application=application,
        attachment=attachment,
        review_round=review_round,
        review_meeting=review_meeting,
        open_meeting=open_meeting,
        open_item=open_item,
        open_line=open_item.decisions.get(),
        closed_meeting=closed,
        grant=Grant.objects.get(decision=granted_line),
        document=document,
        export_job=export_job,
        rejection_reason=reason,
        person=applicant_b,
        totp_device=TOTPDevice.objects.create(
            user=user("admin@lansmedel.demo"), name="matris", confirmed=False
        ),
        report_attachment=_report_attachment(granted_line, applicant_a),
        adoption=_adoption(closed, applicant_a),
        **_invitation_and_registration(jamtland, coordinator),
    )


def _adoption(meeting: DecisionMeeting, adopter):
    from allocations.models import Membership, Role

    adoption = meeting.adoptions.get(member__name="Östersunds kommun")
    Membership.objects.create(
        user=adopter, county=meeting.county, role=Role.ADOPTER, organisation=adoption.member
    )
    return adoption


def _invitation_and_registration(county: County, coordinator) -> dict:
    from accounts.people.services import invitation_create
    from allocations.models import OrganisationRegistration, Role

    invitation = invitation_create(
        county=county, email="inbjuden@example.se", role=Role.REVIEWER, by=coordinator
    )
    registration = OrganisationRegistration.objects.create(
        county=county,
        name="Förening som vill registreras",
        organisation_number="802001-1238",
        kind="civil_society",
        contact_name="Kim Karlsson",
        contact_email="kim@example.se",
    )
    return {
        "invitation": invitation,
        "invitation_token": invitation.token,
        "registration": registration,
    }


def _report_attachment(granted_line: Decision, recipient):
    from allocations.obligations.services.reports import report_attachment_add

    return report_attachment_add(
        grant=Grant.objects.get(decision=granted_line),
        by=recipient,
        uploaded_file=SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf"),
    )


def grant_without_application(
    agreement, *, title: str = "Länssamordnare psykisk hälsa", approve: bool = True
) -> Grant:
    """A coordinator post decided without an application in Jämtland, in a meeting closed and
    (if `approve`) its minutes approved by both."""
    from allocations.models import County, Organisation
    from applications.decisions.services.closing import meeting_close, minutes_approve
    from applications.decisions.services.meetings import (
        agenda_add_item,
        agenda_add_line,
        meeting_create,
    )
    from applications.decisions.services.rulings import item_adopt_as_whole
    from applications.models import Grant

    county = County.objects.get(slug="jamtland")
    coordinator, chair, approver = (
        user(e) for e in ("samordnare@jamtland.demo", "forum@jamtland.demo", "forum2@jamtland.demo")
    )
    meeting = meeting_create(
        county=county,
        agreement=agreement,
        user=coordinator,
        held_on=datetime.date(2025, 4, 1),
        members_present=[chair, approver],
        chair=chair,
        minutes_approver=approver,
    )
    item = agenda_add_item(meeting=meeting, user=coordinator, heading="Samordnartjänst")
    organisation = Organisation.objects.get(name="Östersunds kommun")
    line = agenda_add_line(
        item=item,
        user=coordinator,
        focus_area=agreement.focus_areas.get(number=1),
        title=title,
        amount=50_000,
        responsible_organisation=organisation,
        handling_organisation=organisation,
    )
    item_adopt_as_whole(item=item, user=chair)
    meeting_close(meeting=meeting, user=coordinator)
    if approve:
        minutes_approve(meeting=meeting, user=chair)
        minutes_approve(meeting=meeting, user=approver)
    grant = Grant.objects.get(decision=line)
    grant.meeting = meeting  # for approving its minutes later
    return grant
