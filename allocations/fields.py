"""Form fields shared by every app: amounts in whole kronor, dates as 2025-12-01."""

import re

from django import forms
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Far above any grant, and well inside a 64-bit database column.
MAX_KRONOR = 10**12


class KronorField(forms.IntegerField):
    """Whole kronor; accepts `1 050 000`, `1050000 kr`."""

    default_error_messages = {
        "invalid": _("Enter a whole number of kronor, e.g. 150 000."),
        "max_value": _("The amount is too large."),
        "digits": _("Write the amount with the digits 0–9 only, e.g. 150 000."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_KRONOR)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(
            attrs={"inputmode": "numeric", "class": "form-control amount-input"}
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"(?i)\s|kr|\u00a0", "", value)
            # Python reads other scripts' digits (full-width １２３, Arabic-Indic) and
            # underscores as numbers; an amount is written with 0–9 only.
            if "_" in value or any(c.isdigit() and not "0" <= c <= "9" for c in value):
                raise forms.ValidationError(self.error_messages["digits"], code="digits")
        return super().to_python(value)


# Free text (descriptions, reasons, comments): ample for any real text, far below what
# would make pages, PDFs and exports unwieldy.
FREE_TEXT_MAX_LENGTH = 10_000


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


@deconstructible
class FreeTextMaxLength:
    """At most `limit` characters; the message says how many were written."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value) -> None:
        if value is not None and len(str(value)) > self.limit:
            raise forms.ValidationError(
                _("At most %(limit)s characters: you wrote %(count)s."),
                code="max_length",
                params={"limit": _grouped(self.limit), "count": _grouped(len(str(value)))},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, FreeTextMaxLength) and other.limit == self.limit


def limit_free_text(form: forms.BaseForm, *, limit: int = FREE_TEXT_MAX_LENGTH) -> None:
    """Give every multi-line text field of `form` without a length of its own a maximum
    length, a hint under the field and a refusal that says how much was written. No
    `maxlength` attribute: the browser would cut a pasted text without a word."""
    hint = _("At most %(limit)s characters.") % {"limit": _grouped(limit)}
    for field in form.fields.values():
        if (
            isinstance(field, forms.CharField)
            and isinstance(field.widget, forms.Textarea)
            and field.max_length is None
        ):
            field.max_length = limit
            field.validators.append(FreeTextMaxLength(limit))
            field.widget.attrs["data-max-length"] = str(limit)
            field.help_text = f"{field.help_text} {hint}" if field.help_text else hint


class FreeTextLimits:
    """A form mixin: the form's free-text fields get `limit_free_text`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_free_text(self)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records by id. An id beyond a 64-bit column is refused as an
    invalid choice before the query: SQLite cannot even compare it and would raise."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and not -(2**63) <= int(text) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
