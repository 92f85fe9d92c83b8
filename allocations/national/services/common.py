"""The national administrator's refusals, and the audit trail's author of a save.

A refusal raises a domain error whose message (in the user's language) is shown next to the
field it concerns."""

from django.contrib.auth.models import AbstractBaseUser


class NationalError(Exception):
    """A refused write; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AgreementError(NationalError):
    pass


class AllocationImportError(NationalError):
    pass


class CountyError(NationalError):
    pass


def audited_by(instance, by: AbstractBaseUser | None):
    """Who the audit trail names for the save (outside a request too)."""
    if by is not None and by.is_authenticated:
        instance._history_user = by
    return instance
