"""Forms of grant follow-up: the recipient's follow-up of a grant, an invoiced or used
amount, and the coordinator's status list."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput, FreeTextLimits, KronorField
from allocations.followup.selectors.grants import status_options
from allocations.models import GrantStatusOption, UsageKind
from applications.models import ApplicationKind, Grant


def add_validation_error(form: forms.Form, error: ValidationError) -> None:
    """A service's errors next to their fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class GrantFollowupForm(FreeTextLimits, forms.Form):
    followup_status = forms.ModelChoiceField(
        label=_("Status"),
        queryset=GrantStatusOption.objects.none(),
        required=False,
        empty_label=_("(no status yet)"),
    )
    forecast = KronorField(
        label=_("Forecast of use (kr)"),
        required=False,
        help_text=_("How much of the grant you expect to use in all. Leave empty if unknown."),
    )
    followup_comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label=_("Type of intervention"),
        required=False,
        choices=[("", _("(not given)")), *ApplicationKind.choices],
    )
    description = forms.CharField(
        label=_("Description, purpose and goals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    project_code = forms.CharField(
        label=_("Project code"),
        required=False,
        max_length=Grant._meta.get_field("project_code").max_length,
        help_text=_("E.g. Proj 4170."),
    )

    def __init__(self, *args, grant: Grant, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "followup_status": grant.followup_status_id,
                "forecast": grant.forecast,
                "followup_comment": grant.followup_comment,
                "kind": grant.kind,
                "description": grant.description,
                "project_code": grant.project_code,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["followup_status"].queryset = status_options(
            county=grant.county, include=grant.followup_status_id
        )


class GrantUsageForm(FreeTextLimits, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=UsageKind.choices, initial=UsageKind.USED)
    amount = KronorField(label=_("Amount (kr)"))
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class GrantStatusForm(FreeTextLimits, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=GrantStatusOption._meta.get_field("name").max_length
    )
    money_at_risk = forms.BooleanField(
        label=_("Money at risk"),
        required=False,
        help_text=_("The status report counts grants with this status as money at risk."),
    )
    position = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=999)
