from .deadlines import (
    DEFAULT_REMINDER_OFFSETS,
    CalendarFeed,
    Deadline,
    DeadlineKind,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderState,
)
from .jobs import (  # noqa: F401 - _private_storage: named by a migration
    ExportJob,
    ExportState,
    OutboxMessage,
    ProblemReport,
    _private_storage,
    export_path,
)

__all__ = [
    "DEFAULT_REMINDER_OFFSETS",
    "CalendarFeed",
    "Deadline",
    "DeadlineKind",
    "ExportJob",
    "ExportState",
    "NotificationPreference",
    "OutboxMessage",
    "ProblemReport",
    "Reminder",
    "ReminderKind",
    "ReminderState",
    "export_path",
]
