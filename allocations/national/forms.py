"""Forms of the national administrator: an agreement year (new, copied, edited with its focus
areas, conditions and sub-areas), SKR's allocation table and a county."""

import base64
import binascii

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput, FreeTextLimits, KronorField
from allocations.models import Agreement, FocusArea, FocusAreaCondition, OrganisationKind, SubArea
from allocations.national.selectors import MAX_IMPORT_BYTES
from allocations.national.services.agreements import AREA_FIELDS, AreaChange, RowChange


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Year"),
        validators=[MinValueValidator(2012), MaxValueValidator(2100)],
        widget=forms.NumberInput(attrs={"min": 2012, "max": 2100}),
        **kwargs,
    )


# --- agreement years ----------------------------------------------------------------------------


class AgreementFieldsForm(FreeTextLimits, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    national_total = KronorField(
        label=_("National total (kr)"),
        required=False,
        help_text=_("The agreement's total in whole kronor; empty when it is not known."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    requisition_deadline = forms.DateField(
        label=_("Requisition deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: 1 December of the year."),
    )
    report_back_deadline = forms.DateField(
        label=_("Report-back deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: 31 December of the year."),
    )
    repayment_deadline = forms.DateField(
        label=_("Repayment deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: 31 March of the year after."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    @classmethod
    def initial_of(cls, agreement: Agreement) -> dict:
        return {name: getattr(agreement, name) for name in cls.base_fields}


class AgreementCreateForm(AgreementFieldsForm):
    field_order = ["year"]
    year = year_field()


class AgreementCopyForm(forms.Form):
    year = year_field(help_text=_("The year of the new agreement."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class FocusAreaForm(FreeTextLimits, forms.ModelForm):
    county_joint_total = KronorField(
        label=_("County-joint total (kr)"),
        required=False,
        help_text=_("County-joint funds in this area for all counties together."),
    )

    class Meta:
        model = FocusArea
        fields = list(AREA_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update(min=1, max=99)
        self.fields["number"].validators.append(MaxValueValidator(99))
        self.fields["number"].min_value = 1
        self.fields["number"].validators.append(MinValueValidator(1))
        self.helper = _helper()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("county_joint_total") is not None and not data.get("has_county_joint_funds"):
            self.add_error(
                "county_joint_total",
                _("An area without county-joint funds has no county-joint total."),
            )
        return data


class ConditionForm(FreeTextLimits, forms.ModelForm):
    class Meta:
        model = FocusAreaCondition
        fields = ["text"]
        labels = {"text": _("Condition")}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SubAreaForm(forms.ModelForm):
    earmarked_amount = KronorField(label=_("Earmarked amount (kr)"), required=False)

    class Meta:
        model = SubArea
        fields = ["name", "earmarked_amount"]
        labels = {"name": _("Sub-area")}


# An agreement has a handful of areas, conditions and sub-areas; the bounds keep a forged
# form count from building thousands of forms.
MAX_AREAS, MAX_ROWS = 20, 40
AreaFormSet = forms.modelformset_factory(
    FocusArea,
    form=FocusAreaForm,
    extra=1,
    max_num=MAX_AREAS,
    absolute_max=MAX_AREAS,
    validate_max=True,
)
ConditionFormSet = forms.inlineformset_factory(
    FocusArea,
    FocusAreaCondition,
    form=ConditionForm,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
SubAreaFormSet = forms.inlineformset_factory(
    FocusArea,
    SubArea,
    form=SubAreaForm,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
for _formset in (ConditionFormSet, SubAreaFormSet):
    _formset.deletion_widget = forms.CheckboxInput


class AreaBlock:
    """One focus area's form with its conditions and sub-areas (none for a new area)."""

    def __init__(self, form: FocusAreaForm, conditions=None, sub_areas=None) -> None:
        self.form, self.conditions, self.sub_areas = form, conditions, sub_areas

    def formsets(self) -> list:
        return [f for f in (self.conditions, self.sub_areas) if f is not None]


class AgreementEditor:
    """Every form of the agreement's edit page, validated and read as one."""

    def __init__(self, agreement: Agreement, data=None) -> None:
        self.agreement = agreement
        self.fields = AgreementFieldsForm(
            data, initial=AgreementFieldsForm.initial_of(agreement), prefix="agreement"
        )
        areas = agreement.focus_areas.all()
        self.areas = AreaFormSet(data, queryset=areas, prefix="areas")
        parts = {
            area.pk: (
                ConditionFormSet(data, instance=area, prefix=f"conditions-{area.pk}"),
                SubAreaFormSet(data, instance=area, prefix=f"subareas-{area.pk}"),
            )
            for area in areas
        }
        self.blocks = [
            AreaBlock(form, *parts.get(form.instance.pk, (None, None))) for form in self.areas
        ]

    def is_valid(self) -> bool:
        checks = [self.fields.is_valid(), self.areas.is_valid()]
        checks += [f.is_valid() for block in self.blocks for f in block.formsets()]
        return all(checks)

    def changes(self) -> tuple[dict, list[AreaChange]]:
        """The agreement's fields and the areas as the service takes them."""
        areas = []
        for block in self.blocks:
            data = block.form.cleaned_data
            if not data:
                continue  # the empty form for a new area
            areas.append(
                AreaChange(
                    pk=block.form.instance.pk,
                    fields={name: data[name] for name in AREA_FIELDS},
                    conditions=_rows(block.conditions, ["text"]),
                    sub_areas=_rows(block.sub_areas, ["name", "earmarked_amount"]),
                )
            )
        return self.fields.cleaned_data, areas


def _rows(formset, names: list[str]) -> list[RowChange]:
    if formset is None:
        return []
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not form.instance.pk and data.get("DELETE")):
            continue
        rows.append(
            RowChange(
                pk=form.instance.pk,
                fields={name: data.get(name) for name in names},
                delete=bool(data.get("DELETE")),
            )
        )
    return rows


# --- SKR's allocation table ---------------------------------------------------------------------


class AllocationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("SKR's table (XLSX or CSV)"),
        help_text=_(
            "Three columns: county (code such as 23, or name), focus area (number or name) "
            "and amount in whole kronor. A header row is recognised. CSV separated by ; or ,."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class AllocationSaveForm(forms.Form):
    """The previewed file, sent back to be read again and saved."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=MAX_IMPORT_BYTES * 2)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def clean_content(self) -> bytes:
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError(
                _("The table could not be read again: upload the file once more.")
            ) from exc

    @staticmethod
    def initial_for(content: bytes, filename: str) -> dict:
        return {"content": base64.b64encode(content).decode(), "filename": filename}


# --- counties ---------------------------------------------------------------------------------


class CountyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.CharField(
        label=_("County code"),
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", _("Enter the two-digit county code."))],
        help_text=_("Two digits, e.g. 23 for Jämtland."),
    )
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=50,
        required=False,
        help_text=_("Letters a–z, digits and hyphens. Empty: made from the name."),
    )
    population = forms.IntegerField(
        label=_("Population"), required=False, min_value=0, max_value=100_000_000
    )
    administering_name = forms.CharField(
        label=_("Administering organisation"),
        max_length=200,
        help_text=_("The organisation that administers the county-joint funds."),
    )
    administering_kind = forms.ChoiceField(
        label=_("Kind of organisation"), choices=OrganisationKind.choices
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=11,
        required=False,
        validators=[
            RegexValidator(r"^\d{6}-\d{4}$", _("Enter the organisation number as NNNNNN-NNNN."))
        ],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administering_kind"].widget.attrs["class"] = "form-select"
        self.helper = _helper()

    @staticmethod
    def initial_of(county) -> dict:
        organisation = county.administering_organisation
        return {
            "name": county.name,
            "code": county.code,
            "slug": county.slug,
            "population": county.population,
            "administering_name": organisation.name if organisation else "",
            "administering_kind": organisation.kind if organisation else "",
            "organisation_number": organisation.organisation_number if organisation else "",
        }
