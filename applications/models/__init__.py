from .application import Application, ApplicationKind, BudgetLine, CostKind
from .calls import Call, NeedArea
from .documents import ApplicationVersion, Attachment
from .history import CompletionRequest, RegisterEntry, RegisterEntryKind, StatusChange
from .numbering import CaseNumberSequence
from .status import TRANSITIONS, Status

__all__ = [
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
