from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.fields import FreeTextLimits


class CaseNoteForm(FreeTextLimits, forms.Form):
    text = forms.CharField(
        label=_("New note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Internal to the county's staff, never shown to the applicant; part of the public"
            " record. A note cannot be changed: write a new note to correct one."
        ),
        error_messages={"required": _("Write the note.")},
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\x00", "").strip()
        if not text:
            raise forms.ValidationError(_("Write the note."))
        return text
