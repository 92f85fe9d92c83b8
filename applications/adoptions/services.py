"""The members' adoptions of a recommendation: opened when the minutes are approved,
prepared (the cover memo's fields), recorded once, and reminded while pending."""

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import Membership, Organisation, Role
from allocations.models.county import DecisionMode
from applications.adoptions.permissions import may_prepare, may_record, may_set_due_date
from applications.applying.services.attachments import (
    MAX_ATTACHMENT_SIZE,
    clean_original_name,
    file_type_detect,
    stored_name,
)
from applications.models import Adoption, AdoptionOutcome, DecisionMeeting, MeetingState
from reporting.models.notifications import NotificationKind
from reporting.notifications.services import notify

# Pending adoptions are reminded from this many days before they are due, once a week.
REMIND_FROM_DAYS = 14
REMIND_EVERY_DAYS = 7


class AdoptionError(Exception):
    """A refused step; shown next to `field` when it names one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _refused() -> AdoptionError:
    return AdoptionError(_("Your role does not allow this step."))


def _adopters_of(member_ids) -> dict[int, list]:
    """The people who record adoptions for each member, read in one query."""
    adopters: dict[int, list] = {}
    memberships = Membership.objects.filter(
        organisation_id__in=set(member_ids), role=Role.ADOPTER
    ).select_related("user")
    for membership in memberships:
        adopters.setdefault(membership.organisation_id, []).append(membership.user)
    return adopters


@transaction.atomic
def adoptions_open(*, meeting: DecisionMeeting) -> list[Adoption]:
    """Every member of a county whose decision body recommends gets its adoption case when
    the minutes are approved, due the county's number of days later. Opening twice opens
    nothing more."""
    county = meeting.county
    if county.decision_mode != DecisionMode.RECOMMENDATION:
        return []
    if meeting.state != MeetingState.MINUTES_APPROVED:
        return []
    due_on = timezone.localdate() + datetime.timedelta(days=county.adoption_period_days)
    existing = set(meeting.adoptions.values_list("member_id", flat=True))
    members = Organisation.objects.filter(county=county, is_member=True).exclude(pk__in=existing)
    send_to = _default_send_to_county(county.pk)
    opened = [
        Adoption.objects.create(
            meeting=meeting,
            member=member,
            due_on=due_on,
            recipient=_("Municipal executive board")
            if member.kind == "municipality"
            else _("Regional executive board"),
            send_to=send_to,
        )
        for member in members.order_by("name")
    ]
    adopters = _adopters_of(a.member_id for a in opened)
    from applications.documents.services import adoption_memo_request

    for adoption in opened:
        _tell_pending(adoption, first=True, adopters=adopters.get(adoption.member_id, []))
        # Each member's cover memo, made once its case is committed.
        transaction.on_commit(
            lambda adoption=adoption: adoption_memo_request(adoption=adoption), robust=True
        )
    return opened


def _default_send_to_county(county_id: int) -> str:
    coordinators = Membership.objects.filter(county_id=county_id, role=Role.COORDINATOR)
    return "\n".join(email for email in coordinators.values_list("user__email", flat=True) if email)


def _tell_pending(
    adoption: Adoption, *, first: bool, adopters: list, on: datetime.date | None = None
) -> None:
    meeting = adoption.meeting
    values = {
        "member": adoption.member.name,
        "body": meeting.county.decision_body_name,
        "date": meeting.held_on.isoformat(),
        "due": adoption.due_on.isoformat(),
    }
    if first:
        subject = _("%(body)s's recommendation of %(date)s awaits %(member)s's adoption") % values
    else:
        subject = _("Reminder: %(member)s's adoption is due %(due)s") % values
    body = (
        _(
            "%(body)s adopted a recommendation at its meeting on %(date)s. %(member)s's board is "
            "to adopt it by %(due)s. The cover memo and the extract of the minutes are ready in "
            "Länsmedel; record the board's decision there with its extract of the minutes."
        )
        % values
    )
    notify(
        kind=NotificationKind.ADOPTION_PENDING,
        users=adopters,
        subject=subject,
        body=body,
        link=reverse("applications:adoption_detail", args=[adoption.pk]),
        county=meeting.county,
        key=f"adoption:{adoption.pk}:{'opened' if first else on or timezone.localdate()}",
    )


def adoption_prepare(
    *,
    adoption: Adoption,
    by: AbstractBaseUser,
    recipient: str,
    preparing_officers: str,
    send_to: str,
) -> Adoption:
    """The cover memo's own fields, while the adoption is pending."""
    if not may_prepare(by, adoption):
        raise _refused()
    with transaction.atomic():
        adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
        if not adoption.is_pending:
            raise AdoptionError(_("The adoption is recorded; the memo can no longer change."))
        before = (adoption.recipient, adoption.preparing_officers, adoption.send_to)
        adoption.recipient = recipient.strip()
        adoption.preparing_officers = preparing_officers.strip()
        adoption.send_to = send_to.strip()
        adoption.save(update_fields=["recipient", "preparing_officers", "send_to"])
        if (adoption.recipient, adoption.preparing_officers, adoption.send_to) != before:
            from applications.documents.services import adoption_memo_request

            # A new version of the memo with the changed fields, made after commit.
            transaction.on_commit(lambda: adoption_memo_request(adoption=adoption), robust=True)
    return adoption


def _check_extract(uploaded: UploadedFile | None) -> None:
    if uploaded is None:
        raise AdoptionError(
            _("Attach the board's extract of the minutes."), field="minutes_extract"
        )
    if not uploaded.size or uploaded.size > MAX_ATTACHMENT_SIZE:
        raise AdoptionError(
            _("The extract must be a file of at most 10 MB, not empty."), field="minutes_extract"
        )
    if file_type_detect(uploaded_file=uploaded) is None:
        raise AdoptionError(
            _("The extract of the minutes must be a PDF, DOCX or ODT file."),
            field="minutes_extract",
        )


def adoption_record(
    *,
    adoption: Adoption,
    by: AbstractBaseUser,
    outcome: str,
    body: str,
    body_name: str,
    adopted_on: datetime.date,
    paragraph: str,
    changes: str,
    minutes_extract: UploadedFile | None,
) -> Adoption:
    """The member's board has decided: recorded once, with its extract of the minutes."""
    if not may_record(by, adoption):
        raise _refused()
    meeting = adoption.meeting
    if outcome not in AdoptionOutcome.values or outcome == AdoptionOutcome.PENDING:
        raise AdoptionError(_("Choose what the board decided."), field="outcome")
    if adopted_on < meeting.held_on:
        raise AdoptionError(
            _("The board cannot adopt before the recommendation of %(date)s.")
            % {"date": meeting.held_on.isoformat()},
            field="adopted_on",
        )
    if adopted_on > timezone.localdate():
        raise AdoptionError(
            _("The date of the decision cannot be in the future."), field="adopted_on"
        )
    if not paragraph.strip():
        raise AdoptionError(_("Give the paragraph (§) of the board's minutes."), field="paragraph")
    if outcome != AdoptionOutcome.ADOPTED and not changes.strip():
        raise AdoptionError(
            _("Say what the board changed, or why it did not adopt the recommendation."),
            field="changes",
        )
    _check_extract(minutes_extract)
    with transaction.atomic():
        adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
        if not adoption.is_pending:
            raise AdoptionError(
                _("%(member)s's adoption is already recorded (%(date)s, §%(paragraph)s).")
                % {
                    "member": adoption.member.name,
                    "date": adoption.adopted_on.isoformat(),
                    "paragraph": adoption.paragraph,
                }
            )
        content = minutes_extract.read()
        minutes_extract.seek(0)
        file_type = file_type_detect(uploaded_file=minutes_extract)
        name = stored_name(
            clean_original_name(minutes_extract.name or "protokollsutdrag"), file_type
        )
        adoption.minutes_extract.save(name, minutes_extract, save=False)
        adoption.minutes_extract_sha256 = hashlib.sha256(content).hexdigest()
        adoption.outcome = outcome
        adoption.body = body
        adoption.body_name = body_name.strip()
        adoption.adopted_on = adopted_on
        adoption.paragraph = paragraph.strip().lstrip("§").strip()
        adoption.changes = changes.strip()
        adoption.recorded_by = by
        adoption.recorded_at = timezone.now()
        adoption.save()
    return adoption


def adoptions_due_set(
    *, meeting: DecisionMeeting, due_on: datetime.date, by: AbstractBaseUser
) -> int:
    """The coordinator sets the date the pending adoptions of a meeting are due."""
    if not may_set_due_date(by, meeting.county_id):
        raise _refused()
    if due_on < timezone.localdate():
        raise AdoptionError(_("Choose a date from today on."), field="due_on")
    with transaction.atomic():
        return Adoption.objects.filter(meeting=meeting, outcome=AdoptionOutcome.PENDING).update(
            due_on=due_on
        )


def adoption_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the members whose adoption is pending and due within two weeks (or overdue),
    at most once a week each. Returns how many were reminded."""
    today = today or timezone.localdate()
    pending = Adoption.objects.filter(
        outcome=AdoptionOutcome.PENDING,
        due_on__lte=today + datetime.timedelta(days=REMIND_FROM_DAYS),
    ).select_related("meeting__county", "member")
    due = [
        adoption
        for adoption in pending
        if adoption.last_reminded_on is None
        or (today - adoption.last_reminded_on).days >= REMIND_EVERY_DAYS
    ]
    adopters = _adopters_of(a.member_id for a in due)
    reminded = 0
    for adoption in due:
        with transaction.atomic():
            _tell_pending(
                adoption, first=False, on=today, adopters=adopters.get(adoption.member_id, [])
            )
            Adoption.objects.filter(pk=adoption.pk, outcome=AdoptionOutcome.PENDING).update(
                last_reminded_on=today
            )
        reminded += 1
    return reminded
