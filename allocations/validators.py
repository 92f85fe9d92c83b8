"""Checks of values that have a rule of their own: the Swedish organisation number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORGANISATION_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_valid(digits: str) -> bool:
    """The Luhn check (modulus 10) over a string of digits, the last one the check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_organisation_number(value: str) -> str:
    """The organisation number as NNNNNN-NNNN (ten digits with or without the hyphen are
    accepted), its check digit verified; `ValidationError` otherwise."""
    match = _ORGANISATION_NUMBER.match((value or "").strip())
    if match is None:
        raise ValidationError(_("Write the organisation number as NNNNNN-NNNN."), code="format")
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        raise ValidationError(
            _("The organisation number is not right (the check digit is wrong)."),
            code="checksum",
        )
    return f"{match.group(1)}-{match.group(2)}"


def validate_organisation_number(value: str) -> None:
    """A form field's validator: see `normalise_organisation_number`."""
    normalise_organisation_number(value)
