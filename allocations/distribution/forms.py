"""The coordinator's distribution page: the amount, the method and the recipients."""

import re
from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.distribution.arithmetic import (
    DistributionError,
    KeyResult,
    Step,
    StepKind,
    apply_key,
)
from allocations.fields import KronorField
from allocations.models import Agreement, FocusArea
from allocations.money import format_kronor

POPULATION, SHARES = StepKind.POPULATION.value, StepKind.SHARES.value


def parse_share(text: str) -> Fraction:
    """`1/3`, `0,25`, `0.25` or `25 %` as an exact fraction; ValueError otherwise."""
    text = re.sub(r"\s", "", text).replace(",", ".")
    percent = text.endswith("%")
    value = Fraction(text.removesuffix("%"))
    return value / 100 if percent else value


class DistributionForm(forms.Form):
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"), queryset=FocusArea.objects.none(), empty_label=None
    )
    amount = KronorField(
        label=_("Amount to distribute (kr)"),
        required=False,
        help_text=_("Leave empty to distribute the county's whole allocation in the area."),
    )
    method = forms.ChoiceField(
        label=_("Distribute"),
        choices=[(POPULATION, _("in proportion to population")), (SHARES, _("by shares"))],
        initial=POPULATION,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to name it after the focus area."),
    )

    def __init__(self, *args, agreement: Agreement, allocations: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.allocations = allocations
        field = self.fields["focus_area"]
        field.queryset = (
            agreement.focus_areas.filter(pk__in=allocations)
            .select_related("agreement")
            .order_by("number")
        )
        field.label_from_instance = lambda area: (
            f"{area.number}. {area.row_name} ({format_kronor(allocations[area.pk])})"
        )

    def clean(self) -> dict:
        data = super().clean()
        area = data.get("focus_area")
        if area is None or "amount" in self.errors:
            return data
        allocation = self.allocations[area.pk]
        if data.get("amount") is None:
            data["amount"] = allocation
        elif data["amount"] > allocation:
            self.add_error(
                "amount",
                _(
                    "The county's allocation in this area is %(allocation)s; "
                    "distribute at most that."
                )
                % {"allocation": format_kronor(allocation)},
            )
        if not data.get("name"):
            data["name"] = f"{area.row_name} {area.agreement.year}"
        return data


class RecipientForm(forms.Form):
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "list": "county-organisations"}),
    )
    fixed = KronorField(label=_("Fixed amount first (kr)"), required=False)
    weight = forms.CharField(
        label=_("Population or share"),
        max_length=40,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control amount-input", "aria-describedby": "recipients-help"}
        ),
    )

    def __init__(self, *args, method: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.method = method

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:  # the table shows each error under its field
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                described_by = f"{self[name].auto_id}_error {attrs.get('aria-describedby', '')}"
                attrs["aria-describedby"] = described_by.strip()

    def clean_weight(self) -> int | Fraction | None:
        text = self.cleaned_data["weight"].strip()
        if not text:
            return None
        if self.method == SHARES:
            try:
                share = parse_share(text)
            except (ValueError, ZeroDivisionError):
                share = None
            if share is None or not 0 < share <= 1:
                raise forms.ValidationError(
                    _("Enter a share above 0 and at most 1, e.g. 1/3, 0.25 or 25 %.")
                )
            return share
        digits = re.sub(r"\s", "", text)
        if not digits.isdigit():
            raise forms.ValidationError(_("Enter the population as a whole number."))
        return int(digits)

    def clean(self) -> dict:
        data = super().clean()
        has_amounts = data.get("fixed") or data.get("weight") is not None
        if not data.get("recipient") and (has_amounts or "weight" in self.errors):
            self.add_error("recipient", _("Enter the recipient's name."))
        elif data.get("recipient") and not has_amounts and "weight" not in self.errors:
            self.add_error("weight", _("Enter a population or a share, or a fixed amount."))
        return data

    @property
    def recipient_name(self) -> str:
        return (getattr(self, "cleaned_data", {}).get("recipient") or "").strip()


class BaseRecipientFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        seen: set[str] = set()
        for form in self.filled_forms():
            name = form.recipient_name.casefold()
            if name in seen:
                form.add_error("recipient", _("This recipient is already listed."))
            seen.add(name)
        if not self.filled_forms():
            raise forms.ValidationError(_("Enter at least one recipient."))
        shares = [f.cleaned_data["weight"] for f in self.filled_forms()]
        shares = [share for share in shares if share is not None]
        method = self.form_kwargs.get("method")
        if method == SHARES and shares and sum(shares) != 1:
            raise forms.ValidationError(
                _("The shares add up to %(sum)s; they must add up to 1.")
                % {"sum": str(sum(shares, Fraction(0)))}
            )

    def filled_forms(self) -> list[RecipientForm]:
        return [form for form in self.forms if form.is_valid() and form.recipient_name]

    def steps(self) -> list[Step]:
        filled = self.filled_forms()
        steps = []
        fixed = {
            f.recipient_name: f.cleaned_data["fixed"] for f in filled if f.cleaned_data["fixed"]
        }
        if fixed:
            steps.append(Step.fixed(fixed))
        weights = {
            f.recipient_name: f.cleaned_data["weight"]
            for f in filled
            if f.cleaned_data["weight"] is not None
        }
        if weights:
            steps.append(Step(StepKind(self.form_kwargs["method"]), weights))
        return steps


RecipientFormSet = forms.formset_factory(RecipientForm, formset=BaseRecipientFormSet, extra=0)

ERRORS = {
    "fixed_exceeds": _(
        "The fixed amounts (%(fixed)s) are more than the %(available)s to distribute."
    ),
    "undistributed": _("%(remaining)s are left over. Give the rest by population or shares."),
    "zero_weights": _("At least one population or share must be above zero."),
    "no_steps": _("Enter a population, a share or a fixed amount for the recipients."),
}


class DistributionInput:
    """The form and the recipients together; valid when the key distributes the amount."""

    def __init__(
        self,
        data=None,
        *,
        agreement: Agreement,
        allocations: dict[int, int],
        recipients: list[dict] | None = None,
        more_rows: int = 0,
    ):
        if data is not None and more_rows:
            data = data.copy()
            total = data.get("recipients-TOTAL_FORMS", "0")
            data["recipients-TOTAL_FORMS"] = str(int(total) + more_rows if total.isdigit() else 0)
        self.form = DistributionForm(data, agreement=agreement, allocations=allocations)
        method = (data or {}).get("method") or POPULATION
        self.formset = RecipientFormSet(
            data,
            prefix="recipients",
            initial=recipients,
            form_kwargs={"method": SHARES if method == SHARES else POPULATION},
        )
        self.result: KeyResult | None = None
        self.key_error = ""

    def is_valid(self) -> bool:
        if not (self.form.is_valid() and self.formset.is_valid()):
            return False
        try:
            self.result = apply_key(self.form.cleaned_data["amount"], self.formset.steps())
        except DistributionError as exc:
            params = {
                k: format_kronor(v) if isinstance(v, int) else v for k, v in exc.params.items()
            }
            self.key_error = str(ERRORS[exc.code] % params) if exc.code in ERRORS else str(exc)
            return False
        return True

    def steps(self) -> list[Step]:
        return self.formset.steps()
