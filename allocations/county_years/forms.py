"""Forms of opening a county's year: which year from which, the names of the county's steps,
and a checklist item confirmed."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.county_years.selectors import CHECKLIST_CONFIRMABLE
from allocations.models import Agreement, County


class YearChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agreement) -> str:
        return str(obj.year)


class CountyYearOpenForm(forms.Form):
    agreement = YearChoiceField(
        label=_("Agreement year to open"),
        queryset=Agreement.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a year the county has not opened.")},
    )
    copy_from = YearChoiceField(
        label=_("Copy from"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("Copy nothing (start empty)"),
        help_text=_(
            "Criteria, distribution keys and calls of that year are copied; the calls "
            "as drafts that applicants do not see until you publish them."
        ),
        error_messages={"invalid_choice": _("Choose one of the years in the list.")},
    )

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.exclude(
            county_years__county=county
        ).order_by("-year")
        self.fields["copy_from"].queryset = Agreement.objects.order_by("-year")
        for name in self.fields:
            self.fields[name].widget.attrs["class"] = "form-select"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict:
        data = super().clean()
        agreement, copy_from = data.get("agreement"), data.get("copy_from")
        if agreement and copy_from and copy_from.year >= agreement.year:
            self.add_error("copy_from", _("Copy from an earlier year than the one you open."))
        return data


class CountyBodiesForm(forms.ModelForm):
    class Meta:
        model = County
        fields = ["review_body_name", "decision_body_name", "case_number_format"]
        labels = {
            "review_body_name": _("Name of the review step"),
            "decision_body_name": _("Name of the decision step"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("review_body_name", "decision_body_name"):
            self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False


class ChecklistConfirmForm(forms.Form):
    item = forms.ChoiceField(choices=[(key, key) for key in CHECKLIST_CONFIRMABLE])
    confirmed = forms.BooleanField(required=False)
