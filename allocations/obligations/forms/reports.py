"""Forms of the report back: the texts and an attachment, the money used per sub-area (one
fixed row per sub-area of the grant's focus area, then the area as a whole) and the
coordinator's review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.fields import FreeTextLimits, KronorField
from allocations.models import SubArea
from allocations.obligations.services.reports import LineInput


def _clean_text(value: str) -> str:
    return value.replace("\x00", "")


class ReportForm(FreeTextLimits, forms.Form):
    implementation = forms.CharField(
        label=_("How the work was carried out"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    results = forms.CharField(
        label=_("Results and effects"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    actors = forms.CharField(
        label=_("Actors who took part, and how"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(
        label=_("Other comments"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachment = forms.FileField(
        label=_("Attach a file (PDF, DOCX, XLSX or ODT, at most 10 MB)"), required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        for name in ("implementation", "results", "actors", "note"):
            if name in data:
                data[name] = _clean_text(data[name])
        return data

    @property
    def texts(self) -> dict[str, str]:
        return {
            k: self.cleaned_data.get(k, "") for k in ("implementation", "results", "actors", "note")
        }


class LineForm(FreeTextLimits, forms.Form):
    amount = KronorField(label=_("Used (kr)"), required=False)
    comment = forms.CharField(
        label=_("What the money was used for"), required=False, max_length=500
    )

    def clean_comment(self) -> str:
        return _clean_text(self.cleaned_data["comment"])


class _LineFormSet(forms.BaseFormSet):
    def __init__(self, *args, rows: list[SubArea | None], **kwargs) -> None:
        self.rows = rows
        super().__init__(*args, **kwargs)

    def clean(self) -> None:
        if len(self.forms) != len(self.rows):
            raise forms.ValidationError(_("The form is incomplete: reload the page and try again."))

    @property
    def labelled(self) -> list[tuple[SubArea | None, LineForm]]:
        return list(zip(self.rows, self.forms, strict=False))

    def lines(self) -> list[LineInput]:
        return [
            LineInput(
                sub_area, form.cleaned_data.get("amount"), form.cleaned_data.get("comment", "")
            )
            for sub_area, form in zip(self.rows, self.forms, strict=False)
        ]


def line_formset(rows: list[SubArea | None], *, data=None, initial=None) -> _LineFormSet:
    formset_class = forms.formset_factory(
        LineForm,
        formset=_LineFormSet,
        extra=0,
        min_num=len(rows),
        max_num=len(rows),
        absolute_max=len(rows),
    )
    return formset_class(data=data, initial=initial, rows=rows, prefix="lines")


def line_initial(report, rows: list[SubArea | None]) -> list[dict]:
    """The form rows' values from a saved report (empty rows for a new one)."""
    saved = {line.sub_area_id: line for line in report.lines.all()} if report else {}
    initial = []
    for sub_area in rows:
        line = saved.get(sub_area.pk if sub_area else None)
        initial.append({"amount": line.amount, "comment": line.comment} if line else {})
    return initial


class ReviewForm(FreeTextLimits, forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        label=_("Your review"),
        choices=[(ACCEPT, _("Accept the report")), (RETURN, _("Return it for completion"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the recipient"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the report: say what should be completed."),
    )

    def clean_comment(self) -> str:
        return _clean_text(self.cleaned_data["comment"])

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what the recipient should complete."))
        return data
