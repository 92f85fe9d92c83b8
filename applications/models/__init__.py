from .application import Application, ApplicationKind, BudgetLine, CostKind
from .calls import Call, NeedArea
from .decisions import (
    GRANTING,
    MEETING_TRANSITIONS,
    AgendaItem,
    Decision,
    DecisionMeeting,
    MeetingState,
    Outcome,
    RejectionReason,
)
from .documents import ApplicationVersion, Attachment
from .generated import DocumentKind, GeneratedDocument, JobState
from .grants import Grant
from .history import CompletionRequest, RegisterEntry, RegisterEntryKind, StatusChange
from .numbering import CaseNumberSequence
from .review import (
    Assessment,
    ConflictDeclaration,
    CriterionAssessment,
    FormalCheck,
    FormalCheckOutcome,
    Met,
    Proposal,
    Recommendation,
    ReviewAssignment,
    ReviewMeeting,
    ReviewRound,
)
from .status import TRANSITIONS, Status

__all__ = [
    "AgendaItem",
    "GRANTING",
    "MEETING_TRANSITIONS",
    "Decision",
    "DecisionMeeting",
    "DocumentKind",
    "GeneratedDocument",
    "Grant",
    "JobState",
    "MeetingState",
    "Outcome",
    "RejectionReason",
    "Assessment",
    "ConflictDeclaration",
    "CriterionAssessment",
    "FormalCheck",
    "FormalCheckOutcome",
    "Met",
    "Proposal",
    "Recommendation",
    "ReviewAssignment",
    "ReviewMeeting",
    "ReviewRound",
    "TRANSITIONS",
    "Application",
    "ApplicationKind",
    "ApplicationVersion",
    "Attachment",
    "BudgetLine",
    "Call",
    "CaseNumberSequence",
    "CompletionRequest",
    "CostKind",
    "NeedArea",
    "RegisterEntry",
    "RegisterEntryKind",
    "Status",
    "StatusChange",
]
