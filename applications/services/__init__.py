"""Writes and transitions for calls and applications. Views, tasks and commands call these."""

from applications.services.calls import call_save
from applications.services.drafts import DraftConflict, application_draft_save, application_start
from applications.services.numbering import case_number_allocate
from applications.services.transitions import application_resubmit, application_submit, application_withdraw, completion_request, transition

__all__ = [
    "DraftConflict",
    "application_draft_save",
    "application_resubmit",
    "application_start",
    "application_submit",
    "application_withdraw",
    "call_save",
    "case_number_allocate",
    "completion_request",
    "transition",
]
