"""The coordinator's reallocation form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.fields import FreeTextLimits, KronorField
from allocations.models import Agreement, County, FocusArea
from allocations.money import format_kronor
from applications.models import AgendaItem


class ReallocationForm(FreeTextLimits, forms.Form):
    from_focus_area = forms.ModelChoiceField(
        label=_("From focus area"), queryset=FocusArea.objects.none()
    )
    to_focus_area = forms.ModelChoiceField(
        label=_("To focus area"), queryset=FocusArea.objects.none()
    )
    amount = KronorField(label=_("Amount (kr)"), min_value=1)
    decided_in = forms.ModelChoiceField(
        label=_("Decided in paragraph"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("(not in a meeting recorded here)"),
    )
    reference = forms.CharField(
        label=_("Or: where it was decided"),
        max_length=200,
        required=False,
        help_text=_("For example “§12 SVOM 2025-05-02”, when the paragraph is not listed."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args,
        county: County,
        agreement: Agreement,
        remaining: dict[int, int],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        areas = agreement.focus_areas.filter(allocations__county=county).order_by("number")
        for name in ("from_focus_area", "to_focus_area"):
            field = self.fields[name]
            field.queryset = areas
            field.empty_label = _("Choose a focus area")
        self.fields["from_focus_area"].label_from_instance = lambda area: (
            _("%(number)s. %(name)s (%(remaining)s undecided)")
            % {
                "number": area.number,
                "name": area.row_name,
                "remaining": format_kronor(remaining.get(area.pk, 0)),
            }
        )
        self.fields["to_focus_area"].label_from_instance = lambda area: (
            f"{area.number}. {area.row_name}"
        )
        items = (
            AgendaItem.objects.filter(meeting__county=county, meeting__agreement=agreement)
            .select_related("meeting")
            .order_by("-meeting__held_on", "number")
        )
        self.fields["decided_in"].queryset = items
        self.fields["decided_in"].label_from_instance = lambda item: (
            f"§{item.number} {item.meeting.held_on.isoformat()} – {item.heading}"
        )
