"""Writes and transitions for calls and applications. Views, tasks and commands call these."""

from applications.applying.services.calls import call_publish, call_save
from applications.applying.services.drafts import (
    DraftConflict,
    application_draft_save,
    application_start,
)
from applications.applying.services.numbering import case_number_allocate
from applications.applying.services.transitions import (
    application_resubmit,
    application_submit,
    application_withdraw,
    completion_request,
    transition,
)

__all__ = [
    "DraftConflict",
    "application_draft_save",
    "application_resubmit",
    "application_start",
    "application_submit",
    "application_withdraw",
    "call_publish",
    "call_save",
    "case_number_allocate",
    "completion_request",
    "transition",
]
