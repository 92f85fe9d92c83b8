from reporting.models.api_tokens import ApiScope, ApiToken
from reporting.models.bulk import BULK_TRANSITIONS, BulkMessage, BulkRecipient, BulkState
from reporting.models.deadlines import (
    DEFAULT_REMINDER_OFFSETS,
    CalendarFeed,
    Deadline,
    DeadlineKind,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderState,
)
from reporting.models.jobs import (
    ExportJob,
    ExportState,
    OutboxMessage,
    ProblemReport,
    _private_storage,  # noqa: F401 - named by a migration
    export_path,
)
from reporting.models.mail import MAIL_TRANSITIONS, MailAttempt, MailKind, MailState, OutgoingEmail
from reporting.models.notifications import (
    Delivery,
    DigestItem,
    NotificationChoice,
    NotificationKind,
)
from reporting.models.retention import (
    DisposalLine,
    DisposalProtocol,
    LegalHold,
    RecordClass,
    RecordScope,
    RetentionRule,
)

__all__ = [
    "ApiScope",
    "ApiToken",
    "BULK_TRANSITIONS",
    "BulkMessage",
    "BulkRecipient",
    "BulkState",
    "DEFAULT_REMINDER_OFFSETS",
    "CalendarFeed",
    "Deadline",
    "DeadlineKind",
    "Delivery",
    "DisposalLine",
    "DisposalProtocol",
    "DigestItem",
    "ExportJob",
    "ExportState",
    "LegalHold",
    "MAIL_TRANSITIONS",
    "MailAttempt",
    "MailKind",
    "MailState",
    "NotificationChoice",
    "NotificationKind",
    "NotificationPreference",
    "OutboxMessage",
    "OutgoingEmail",
    "ProblemReport",
    "RecordClass",
    "RecordScope",
    "Reminder",
    "ReminderKind",
    "ReminderState",
    "RetentionRule",
    "export_path",
]
