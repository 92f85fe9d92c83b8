from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput, FreeTextLimits, IdMultipleChoiceField, KronorField
from allocations.models import FocusArea, Organisation, OrganisationKind, SubArea
from applications.applying.services.calls import closed_call_message
from applications.grants.forms import ContinuedGrantField, continued_grant_problem
from applications.models import Application, ApplicationKind, Call, CostKind

APPLICATION_FIELDS = [
    "contact_name",
    "contact_email",
    "contact_phone",
    "focus_area",
    "sub_area",
    "title",
    "description",
    "purpose",
    "target_group",
    "kind",
    "continues",
    "period_start",
    "period_end",
    "cooperating_organisations",
    "finances_posts",
    "post_share_percent",
    "amount_requested",
]


class StoredOrChosenField(forms.ModelChoiceField):
    """A choice that takes the draft's stored record as it is without looking it up again
    (it was a valid choice when stored, and the submission checks it against the call);
    any other choice is looked up among the field's choices."""

    stored = None

    def to_python(self, value):
        if self.stored is not None and str(value) == str(self.stored.pk):
            return self.stored
        return super().to_python(value)


class ApplicationForm(FreeTextLimits, forms.ModelForm):
    """The application's content. Every field is optional here so a draft can be saved at
    any stage; what submission demands is checked by the submission service."""

    all_parties = forms.BooleanField(
        label=_("All municipalities and the region in the county"), required=False
    )
    amount_requested = KronorField(label=_("Amount applied for (kr)"), required=False)
    continues = ContinuedGrantField(required=False)

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        field_classes = {
            "cooperating_organisations": IdMultipleChoiceField,
            "focus_area": StoredOrChosenField,
            "sub_area": StoredOrChosenField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "cooperating_organisations": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, call: Call, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, forms.ModelMultipleChoiceField
            ):
                field.empty_label = _("– Choose –")
        self.fields["focus_area"].queryset = call.focus_areas.order_by("number")
        self.fields["sub_area"].queryset = call.sub_areas.select_related("focus_area").order_by(
            "focus_area__number", "position"
        )
        for name in ("focus_area", "sub_area"):
            if getattr(self.instance, f"{name}_id", None) is not None:
                self.fields[name].stored = getattr(self.instance, name)
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        self.parties = Organisation.objects.filter(
            county_id=call.county_id,
            kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.REGION_UNIT],
        ).order_by("kind", "name")
        self.fields["cooperating_organisations"].queryset = self.parties
        self.fields["continues"].set_application(self.instance, call.agreement.year)
        self.fields["continues"].help_text = _(
            "For a continuation: your organisation's grant of an earlier year whose work goes on."
        )
        self.call_year = call.agreement.year
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Contact"), "contact_name", "contact_email", "contact_phone"),
            Fieldset(_("Focus area"), "focus_area", "sub_area"),
            Fieldset(
                _("The intervention"),
                "title",
                "description",
                "purpose",
                "target_group",
                "kind",
                "continues",
                Div(
                    Div("period_start", css_class="col-sm-6"),
                    Div("period_end", css_class="col-sm-6"),
                    css_class="row",
                ),
            ),
            Fieldset(_("Cooperating parties"), "all_parties", "cooperating_organisations"),
            Fieldset(_("Posts"), "finances_posts", "post_share_percent"),
            Fieldset(_("Amount"), "amount_requested", HTML("")),
        )

    def _post_clean(self) -> None:
        # The model's own checks (the bounds of a share of a post, …) run on the application
        # the input was copied to. What they refuse must not stay on it, or saving the draft
        # would store it; the refused input is kept with the draft's raw input instead.
        model_fields = {f.name: f.attname for f in self.instance._meta.concrete_fields}
        before = {
            name: getattr(self.instance, attname)
            for name, attname in model_fields.items()
            if name in self.fields
        }
        super()._post_clean()
        for name in self.errors:
            if name in before:
                setattr(self.instance, model_fields[name], before[name])

    def _get_validation_exclusions(self):
        # The form's own choice fields have checked that the chosen records exist; the
        # model need not look each of them up once more.
        exclusions = super()._get_validation_exclusions()
        exclusions.update({"focus_area", "sub_area", "continues"})
        return exclusions

    def clean(self) -> dict:
        data = super().clean()
        if data.get("all_parties"):
            data["cooperating_organisations"] = list(self.parties)
        self._clean_continues(data)
        return data

    def _clean_continues(self, data: dict) -> None:
        """Only a continuation continues a grant: of the organisation, of an earlier year."""
        if "continues" in self.errors or "kind" in self.errors:
            return
        if data.get("kind") != ApplicationKind.CONTINUATION:
            data["continues"] = None
            return
        problem = continued_grant_problem(
            kind=data["kind"],
            organisation_id=self.instance.organisation_id,
            year=self.call_year,
            grant=data.get("continues"),
        )
        if problem:
            self.add_error("continues", problem)


class BudgetLineForm(FreeTextLimits, forms.Form):
    cost_kind = forms.ChoiceField(
        label=_("Cost"),
        choices=[("", _("– Choose –")), *CostKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    amount = KronorField(label=_("Amount (kr)"), required=False)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        kind, amount = data.get("cost_kind"), data.get("amount")
        if kind and amount is None and "amount" not in self.errors:
            self.add_error("amount", _("Enter the amount for this line."))
        if amount is not None and not kind:
            self.add_error("cost_kind", _("Choose what the cost is for."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("cost_kind") and data.get("amount") is None and not data.get("comment")


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def lines(self) -> list[dict]:
        return [
            {
                "cost_kind": f.cleaned_data["cost_kind"],
                "amount": f.cleaned_data["amount"],
                "comment": f.cleaned_data.get("comment", ""),
            }
            for f in self.forms
            if f.is_valid() and not f.is_blank and not f.cleaned_data.get("DELETE")
        ]


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseBudgetLineFormSet, extra=2, can_delete=True
)


class WithdrawForm(FreeTextLimits, forms.Form):
    reason = forms.CharField(
        label=_("Why is the application withdrawn?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CompletionRequestForm(FreeTextLimits, forms.Form):
    message = forms.CharField(
        label=_("What needs completing"), widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = forms.DateField(label=_("Complete by"), widget=DateInput())


class CallForm(FreeTextLimits, forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "title",
            "focus_areas",
            "sub_areas",
            "opens_at",
            "closes_at",
            "min_amount",
            "max_amount",
            "template_text",
            "is_draft",
        ]
        field_classes = {"focus_areas": IdMultipleChoiceField, "sub_areas": IdMultipleChoiceField}
        widgets = {
            "focus_areas": forms.CheckboxSelectMultiple,
            "sub_areas": forms.CheckboxSelectMultiple,
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "template_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, agreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(
            agreement=agreement, has_county_joint_funds=True
        ).order_by("number")
        self.fields["sub_areas"].queryset = (
            SubArea.objects.filter(focus_area__agreement=agreement)
            .select_related("focus_area")
            .order_by("focus_area__number", "position")
        )
        self.fields["min_amount"] = KronorField(label=_("Smallest amount (kr)"), required=False)
        self.fields["max_amount"] = KronorField(label=_("Largest amount (kr)"), required=False)
        self.fields["need_areas"] = forms.CharField(
            label=_("Need areas"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_(
                "One per line, starting with the focus area's number, e.g. "
                "“4: Stärka stödet till anhöriga och efterlevande”."
            ),
        )
        self.fields["is_draft"].label = _("Draft: not shown to applicants until published")
        self.fields["is_draft"].help_text = _(
            "Uncheck to publish the call: the county's applicants see it once it opens."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        publishing = self.instance.is_draft and not data.get("is_draft")
        if publishing and closes and closes <= timezone.now():
            self.add_error("is_draft", closed_call_message(closes))
        low, high = data.get("min_amount"), data.get("max_amount")
        if low is not None and high is not None and high < low:
            self.add_error("max_amount", _("The largest amount is smaller than the smallest."))
        areas = {a.number: a for a in data.get("focus_areas") or []}
        need_areas = []
        for number, line in enumerate((data.get("need_areas") or "").splitlines(), start=1):
            if not line.strip():
                continue
            head, sep, text = line.partition(":")
            if not sep or not head.strip().isdigit() or int(head) not in areas:
                self.add_error(
                    "need_areas",
                    _("Line %(line)s: start with the number of an open focus area and a colon.")
                    % {"line": number},
                )
                continue
            need_areas.append((areas[int(head)], text.strip()))
        data["need_area_rows"] = need_areas
        return data
