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

__all__ = [
    "DEFAULT_REMINDER_OFFSETS",
    "CalendarFeed",
    "Deadline",
    "DeadlineKind",
    "ExportJob",
    "ExportState",
    "MAIL_TRANSITIONS",
    "MailAttempt",
    "MailKind",
    "MailState",
    "NotificationPreference",
    "OutboxMessage",
    "OutgoingEmail",
    "ProblemReport",
    "Reminder",
    "ReminderKind",
    "ReminderState",
    "export_path",
]
