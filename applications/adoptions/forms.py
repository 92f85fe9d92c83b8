"""The member's two forms (the cover memo's fields, the board's decision) and the
coordinator's due date."""

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput
from applications.models import AdoptingBody, AdoptionOutcome

TEXTAREA = {"rows": 3, "class": "form-control"}


class AdoptionMemoForm(forms.Form):
    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=200,
        help_text=_("The body the memo is addressed to, e.g. Social- och arbetsmarknadsutskottet."),
    )
    preparing_officers = forms.CharField(
        label=_("Preparing officers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("One person per line: name, title and department."),
    )
    send_to = forms.CharField(
        label=_("Decision sent to"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("One name or e-mail address per line."),
    )


class AdoptionRecordForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The board's decision"),
        choices=[c for c in AdoptionOutcome.choices if c[0] != AdoptionOutcome.PENDING],
        widget=forms.RadioSelect,
    )
    body = forms.ChoiceField(label=_("Adopting body"), choices=AdoptingBody.choices)
    body_name = forms.CharField(
        label=_("Name of the body"),
        max_length=200,
        required=False,
        help_text=_("As in the minutes, e.g. Kommunstyrelsen i Östersunds kommun."),
    )
    adopted_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    paragraph = forms.CharField(label=_("Paragraph (§)"), max_length=20, help_text=_("E.g. § 42."))
    changes = forms.CharField(
        label=_("Changes or reasons"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Required when the board changed the recommendation or did not adopt it."),
    )
    minutes_extract = forms.FileField(
        label=_("The board's extract of the minutes"),
        required=False,
        help_text=_(
            "PDF, DOCX or ODT, at most 10 MB. If the page comes back with an error, choose "
            "the file again."
        ),
    )


class AdoptionDueForm(forms.Form):
    due_on = forms.DateField(
        label=_("Adopted by"),
        widget=DateInput(),
        help_text=_("The pending members are reminded in the two weeks before this date."),
    )
