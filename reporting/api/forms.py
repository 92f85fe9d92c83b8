"""The form that makes a county's API key: a name and what the key may read."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.models import ApiScope


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses the key, e.g. “Diarium” or “Ekonomisystem”."),
        error_messages={
            "required": _("Name the system that will use the key."),
            "max_length": _("Keep the name to at most %(limit_value)d characters."),
        },
    )
    scopes = forms.MultipleChoiceField(
        label=_("May read"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one thing the key may read."),
            "invalid_choice": _("Choose among the listed things the key may read."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if "\x00" in name:
            raise forms.ValidationError(_("The name cannot hold that character."))
        if not name:
            raise forms.ValidationError(_("Name the system that will use the key."))
        return name
