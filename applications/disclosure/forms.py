"""Registering a request, masking a part of its records and delivering it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput, FreeTextLimits
from allocations.models import County
from applications.disclosure.records import RecordPart
from applications.disclosure.selectors import (
    case_numbers_parse,
    cases_by_number,
    cases_matching,
    grounds_in_use,
)
from applications.models import DeliveryMethod, SecrecyGround


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


class RequestForm(FreeTextLimits, forms.Form):
    requester_name = forms.CharField(
        label=_("Requested by"),
        max_length=200,
        required=False,
        help_text=_(
            "Leave empty if the requester stays anonymous: no one has to say who they are."
        ),
    )
    requester_contact = forms.CharField(
        label=_("Contact (optional)"),
        max_length=300,
        required=False,
        help_text=_("An e-mail or postal address to deliver to, if the requester gave one."),
    )
    received_on = forms.DateField(label=_("Received"), widget=DateInput())
    case_numbers = forms.CharField(
        label=_("Case numbers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or more, separated by commas or new lines."),
    )
    search_text = forms.CharField(
        label=_("Free-text search"),
        max_length=200,
        required=False,
        help_text=_("Finds the county's registered cases whose title or description contains it."),
    )

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.county = county
        self.cases: list = []

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return received_on

    def clean(self):
        cleaned = super().clean()
        for name in ("requester_name", "requester_contact", "search_text", "case_numbers"):
            cleaned[name] = _clean_text(cleaned.get(name, ""))
        numbers = case_numbers_parse(cleaned["case_numbers"])
        found = cases_by_number(county=self.county, numbers=numbers)
        missing = [n for n in numbers if n not in found]
        for number in missing:
            self.add_error(
                "case_numbers",
                _("There is no case with case number %(number)s in the county.")
                % {"number": number},
            )
        # add_error drops a field from cleaned_data, so the search is read once, up front.
        search_text = cleaned["search_text"]
        matched = cases_matching(county=self.county, text=search_text)
        if search_text and not matched:
            self.add_error("search_text", _("The search finds no case in the county."))
        if not numbers and not search_text and "case_numbers" not in self.errors:
            self.add_error("case_numbers", _("Give case numbers, a search, or both."))
        self.cases = list({a.pk: a for a in [*found.values(), *matched]}.values())
        return cleaned


class MaskingForm(FreeTextLimits, forms.Form):
    part = forms.ChoiceField(label=_("Part of the records"))
    passage = forms.CharField(
        label=_("Passage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        strip=False,
        help_text=_(
            "Copy the secret passage exactly as it is written. Leave empty to withhold the"
            " whole part."
        ),
    )
    ground = forms.ModelChoiceField(
        label=_("Ground for secrecy"),
        queryset=grounds_in_use(),
        empty_label=_("Choose the provision of OSL"),
        error_messages={
            "required": _(
                "Give the provision of the Public Access to Information and Secrecy Act."
            ),
        },
    )

    def __init__(self, *args, parts: list[RecordPart], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [("", _("Choose a part"))] + [
            (part.key, part.label_with_case) for part in parts
        ]
        self.texts = {part.key: part.text for part in parts}

    def clean_passage(self) -> str:
        passage = (self.cleaned_data.get("passage") or "").replace("\x00", "")
        return passage if passage.strip() else ""

    def clean(self):
        cleaned = super().clean()
        part, passage = cleaned.get("part"), cleaned.get("passage")
        if part and passage and passage not in self.texts.get(part, ""):
            self.add_error(
                "passage",
                _("The passage does not occur in this part. Copy it exactly as written."),
            )
        return cleaned


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Delivered how"), choices=DeliveryMethod.choices, widget=forms.RadioSelect
    )


class GroundForm(FreeTextLimits, forms.Form):
    """A ground for secrecy: its provision of OSL and what the provision protects."""

    code = forms.CharField(
        label=_("Provision"),
        max_length=SecrecyGround._meta.get_field("code").max_length,
        help_text=_("As it is cited, e.g. OSL 21 kap. 7 §."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=SecrecyGround._meta.get_field("description").max_length,
        help_text=_("What the provision protects, as the coordinator chooses it."),
    )
    active = forms.BooleanField(
        label=_("Offered for new maskings"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, with_active: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_active:
            del self.fields["active"]

    def clean_code(self) -> str:
        return " ".join(_clean_text(self.cleaned_data["code"]).split())

    def clean_description(self) -> str:
        return " ".join(_clean_text(self.cleaned_data["description"]).split())

    @staticmethod
    def initial_of(ground: SecrecyGround) -> dict:
        return {"code": ground.code, "description": ground.description, "active": ground.active}
