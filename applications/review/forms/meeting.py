"""Forms of the review meeting: the meeting itself and one proposed decision per row."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from allocations.fields import FreeTextLimits, IdMultipleChoiceField
from allocations.models import County
from applications.applying.forms import DateInput, KronorField
from applications.models import ReviewRound
from applications.review.selectors.overview import member_name

ASSESSMENTS_DUE = _("assessments due")


class _RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReviewRound) -> str:
        return f"{obj.call.title} – {ASSESSMENTS_DUE} {obj.due_date:%Y-%m-%d}"


class _MemberChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return member_name(obj)


class ReviewMeetingForm(FreeTextLimits, forms.Form):
    """Date, round and who attended; attendees are members of the chosen round."""

    round = _RoundChoiceField(queryset=ReviewRound.objects.none(), label=_("Review round"))
    held_on = forms.DateField(label=_("Date of the meeting"), widget=DateInput())
    attendees = _MemberChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Attendees"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the round who took part in the meeting."),
    )

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rounds = ReviewRound.objects.filter(call__county=county).select_related("call")
        self.fields["round"].queryset = rounds
        self.fields["attendees"].queryset = (
            get_user_model()
            .objects.filter(review_rounds__call__county=county)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        if rounds[:2].count() == 1:
            self.fields["round"].initial = rounds[0].pk

    def clean(self) -> dict:
        cleaned = super().clean()
        review_round, attendees = cleaned.get("round"), cleaned.get("attendees")
        if review_round is not None and attendees:
            members = set(review_round.members.values_list("pk", flat=True))
            outsiders = [member_name(a) for a in attendees if a.pk not in members]
            if outsiders:
                self.add_error(
                    "attendees",
                    _("Not a member of the chosen round: %(names)s.")
                    % {"names": ", ".join(outsiders)},
                )
        return cleaned


class ProposalForm(FreeTextLimits, forms.Form):
    """The group's proposed decision on one application (prefix: one per row)."""

    amount = KronorField(label=_("Proposed amount (kr)"))
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, case_number: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.case_number = case_number
        self.fields["amount"].widget.attrs["data-proposal-amount"] = ""


def proposal_prefix(application_pk: int) -> str:
    return f"p{application_pk}"
