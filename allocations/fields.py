"""Form fields shared by every app: amounts in whole kronor, dates as 2025-12-01."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# Far above any grant, and well inside a 64-bit database column.
MAX_KRONOR = 10**12


class KronorField(forms.IntegerField):
    """Whole kronor; accepts `1 050 000`, `1050000 kr`."""

    default_error_messages = {
        "invalid": _("Enter a whole number of kronor, e.g. 150 000."),
        "max_value": _("The amount is too large."),
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
        return super().to_python(value)


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
