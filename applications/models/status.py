"""The states of an application and the only moves allowed between them.

Services consult TRANSITIONS before changing a status; nothing else changes it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    RESUBMITTED = "resubmitted", _("Completed and resubmitted")
    IN_REVIEW = "in_review", _("In review")
    PROPOSED = "proposed", _("Proposed for decision")
    APPROVED = "approved", _("Approved")
    APPROVED_IN_PART = "approved_in_part", _("Approved in part")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    INELIGIBLE = "ineligible", _("Rejected as ineligible")


S = Status
APPLICANT = frozenset({Role.APPLICANT})
STAFF = frozenset({Role.COORDINATOR, Role.REVIEWER})
COORDINATOR = frozenset({Role.COORDINATOR})
FORUM = frozenset({Role.FORUM, Role.COORDINATOR})

# (from, to) → the roles that may make the move.
TRANSITIONS: dict[tuple[Status, Status], frozenset[Role]] = {
    (S.DRAFT, S.SUBMITTED): APPLICANT,
    (S.SUBMITTED, S.COMPLETION_REQUESTED): STAFF,
    (S.RESUBMITTED, S.COMPLETION_REQUESTED): STAFF,
    (S.IN_REVIEW, S.COMPLETION_REQUESTED): STAFF,
    (S.COMPLETION_REQUESTED, S.RESUBMITTED): APPLICANT,
    (S.SUBMITTED, S.IN_REVIEW): COORDINATOR,
    (S.RESUBMITTED, S.IN_REVIEW): COORDINATOR,
    (S.IN_REVIEW, S.PROPOSED): STAFF,
    (S.PROPOSED, S.APPROVED): FORUM,
    (S.PROPOSED, S.APPROVED_IN_PART): FORUM,
    (S.PROPOSED, S.REJECTED): FORUM,
    # A final decision is changed only by a correcting decision of a later meeting.
    (S.APPROVED, S.APPROVED_IN_PART): FORUM,
    (S.APPROVED, S.REJECTED): FORUM,
    (S.APPROVED_IN_PART, S.APPROVED): FORUM,
    (S.APPROVED_IN_PART, S.REJECTED): FORUM,
    (S.REJECTED, S.APPROVED): FORUM,
    (S.REJECTED, S.APPROVED_IN_PART): FORUM,
    (S.SUBMITTED, S.INELIGIBLE): COORDINATOR,
    (S.RESUBMITTED, S.INELIGIBLE): COORDINATOR,
    (S.SUBMITTED, S.WITHDRAWN): APPLICANT,
    (S.COMPLETION_REQUESTED, S.WITHDRAWN): APPLICANT,
    (S.RESUBMITTED, S.WITHDRAWN): APPLICANT,
    (S.IN_REVIEW, S.WITHDRAWN): APPLICANT,
    (S.PROPOSED, S.WITHDRAWN): APPLICANT,
}

# The applicant may change the content only in these states.
EDITABLE_BY_APPLICANT = frozenset({S.DRAFT, S.COMPLETION_REQUESTED})
# Staff see an application once it has been submitted.
VISIBLE_TO_STAFF = frozenset(set(S) - {S.DRAFT})
DECIDED = frozenset({S.APPROVED, S.APPROVED_IN_PART, S.REJECTED})
# Closed before any decision: no further move is possible.
CLOSED = frozenset({S.WITHDRAWN, S.INELIGIBLE}) | DECIDED


def allowed_moves(status: Status) -> list[Status]:
    return [to for (frm, to) in TRANSITIONS if frm == status]
