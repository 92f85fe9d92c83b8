"""Forms of the county's obligations: a requisition and a repayment, per focus area."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput, FreeTextLimits, KronorField
from allocations.models import FocusArea


class _AreaAmountForm(FreeTextLimits, forms.Form):
    """A focus area (among the given ones), an amount in whole kronor, a date and a note."""

    date_field = "date"

    focus_area = forms.TypedChoiceField(label=_("Focus area"), coerce=int)
    amount = KronorField(label=_("Amount (kr)"), min_value=1)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, areas: list[FocusArea], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {a.pk: a for a in areas}
        self.fields["focus_area"].choices = [(a.pk, f"{a.number}. {a.row_name}") for a in areas]
        self.fields["amount"].error_messages["min_value"] = _("Enter an amount above 0 kr.")
        self.initial.setdefault(self.date_field, timezone.localdate())

    def clean_focus_area(self) -> FocusArea:
        return self.areas[self.cleaned_data["focus_area"]]

    def clean_note(self) -> str:
        return self.cleaned_data["note"].replace("\x00", "")


class RequisitionForm(_AreaAmountForm):
    date_field = "requisitioned_on"
    requisitioned_on = forms.DateField(label=_("Requisitioned on"), widget=DateInput())
    field_order = ["focus_area", "amount", "requisitioned_on", "note"]


class RepaymentForm(_AreaAmountForm):
    date_field = "repaid_on"
    repaid_on = forms.DateField(label=_("Repaid on"), widget=DateInput())
    field_order = ["focus_area", "amount", "repaid_on", "note"]
