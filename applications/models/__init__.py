from .application import Application, ApplicationKind, BudgetLine, CostKind
from .calls import Call, NeedArea
from .documents import ApplicationVersion, Attachment
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
