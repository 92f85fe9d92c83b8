from applications.models.adoption import (
    ADOPTING,
    AdoptingBody,
    Adoption,
    AdoptionOutcome,
)
from applications.models.application import Application, ApplicationKind, BudgetLine, CostKind
from applications.models.calls import Call, NeedArea
from applications.models.casenotes import CaseNote, CaseNoteFinal
from applications.models.decisions import (
    GRANTING,
    MEETING_TRANSITIONS,
    AgendaItem,
    Decision,
    DecisionMeeting,
    MeetingState,
    Outcome,
    RejectionReason,
)
from applications.models.disclosure import (
    REQUEST_TRANSITIONS,
    DeliveryMethod,
    DisclosureRequest,
    Masking,
    RequestEvent,
    RequestState,
    SecrecyGround,
)
from applications.models.documents import ApplicationVersion, Attachment
from applications.models.generated import DocumentKind, GeneratedDocument, JobState
from applications.models.grants import Grant
from applications.models.history import (
    CompletionRequest,
    RegisterEntry,
    RegisterEntryKind,
    StatusChange,
)
from applications.models.numbering import CaseNumberSequence
from applications.models.review import (
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
from applications.models.status import TRANSITIONS, Status

__all__ = [
    "ADOPTING",
    "AdoptingBody",
    "Adoption",
    "AdoptionOutcome",
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
    "CaseNote",
    "CaseNoteFinal",
    "CaseNumberSequence",
    "DeliveryMethod",
    "DisclosureRequest",
    "Masking",
    "REQUEST_TRANSITIONS",
    "RequestEvent",
    "RequestState",
    "SecrecyGround",
    "CompletionRequest",
    "CostKind",
    "NeedArea",
    "RegisterEntry",
    "RegisterEntryKind",
    "Status",
    "StatusChange",
]
