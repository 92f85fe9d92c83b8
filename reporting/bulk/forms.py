"""The message to applicants: which call (and status), subject and text."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.models import County
from applications.models import Status
from reporting.bulk.selectors import county_calls


class BulkMessageForm(forms.Form):
    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=None,
        error_messages={
            "required": _("Choose the call whose applicants get the message."),
            "invalid_choice": _("Choose one of the county's calls."),
        },
    )
    status = forms.ChoiceField(
        label=_("Applications"),
        required=False,
        choices=[("", _("Every application of the call")), *Status.choices],
        help_text=_("Only the applicants of the applications in this status get the message."),
        error_messages={"invalid_choice": _("Choose one of the statuses shown.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={
            "required": _("Write a subject."),
            "max_length": _("The subject can be at most %(limit_value)d characters."),
        },
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Write the message."),
            "max_length": _("The message can be at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = county_calls(county=county)
        self.fields["call"].label_from_instance = lambda call: (
            f"{call.title} ({call.agreement.year})"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
