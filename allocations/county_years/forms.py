"""Forms of opening a county's year: which year from which, the names of the county's steps,
and a checklist item confirmed."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from allocations.county_years.selectors import CHECKLIST_CONFIRMABLE
from allocations.models import Agreement, County, Organisation
from allocations.models.county import DecisionMode, OrganisationKind


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


# Organisations that can be members adopting the decision body's recommendations.
MEMBER_KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.REGION_UNIT)


class CountyBodiesForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Members that adopt the recommendations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when the decision body recommends: each member's board adopts."),
    )

    class Meta:
        model = County
        fields = [
            "review_body_name",
            "decision_body_name",
            "case_number_format",
            "decision_mode",
            "adoption_period_days",
            "appeal_instructions",
        ]
        labels = {
            "review_body_name": _("Name of the review step"),
            "decision_body_name": _("Name of the decision step"),
        }
        widgets = {"appeal_instructions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("review_body_name", "decision_body_name"):
            self.fields[name].required = True
        self.fields["decision_mode"].widget.attrs["class"] = "form-select"
        self.fields["adoption_period_days"].min_value = 1
        self.fields["adoption_period_days"].max_value = 365
        self.fields["adoption_period_days"].widget.attrs.update(min=1, max=365)
        self.fields["adoption_period_days"].validators += [
            MinValueValidator(1),
            MaxValueValidator(365),
        ]
        members = Organisation.objects.filter(county=self.instance, kind__in=MEMBER_KINDS)
        self.fields["members"].queryset = members.order_by("kind", "name")
        self.fields["members"].initial = [o.pk for o in members if o.is_member]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision_mode") == DecisionMode.RECOMMENDATION and not data.get("members"):
            self.add_error(
                "members", _("Choose the members whose boards adopt the recommendations.")
            )
        return data


class ChecklistConfirmForm(forms.Form):
    item = forms.ChoiceField(choices=[(key, key) for key in CHECKLIST_CONFIRMABLE])
    confirmed = forms.BooleanField(required=False)
