"""Forms of the decision forum: the meeting, its agenda, and the reasons for rejection
(the rulings are in `forms_rulings`).

A meeting page carries a form per line; their choices (organisations, reasons, members)
are loaded once by the page's selector and handed to each form (`ObjectChoiceField`), so
the page runs the same number of queries whatever the number of lines.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput, FreeTextLimits, IdMultipleChoiceField, KronorField
from allocations.models import Agreement, County, Role, active_role_q
from allocations.money import format_kronor
from applications.models import Decision
from applications.review.selectors.overview import member_name

CHOOSE = _("– Choose –")
TEXTAREA = {"rows": 2, "class": "form-control"}


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects loaded beforehand; cleans to the object (or None)."""

    def __init__(self, *, empty_label=CHOOSE, **kwargs) -> None:
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.objects: dict[str, object] = {}

    def set_objects(self, objects: Iterable, label: Callable[[object], str] = str) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [("", self.empty_label)] + [
            (key, label(obj)) for key, obj in self.objects.items()
        ]

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(str(value)) if value not in self.empty_values else None


class _MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return member_name(obj)


class _MembersChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return member_name(obj)


class _AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agreement) -> str:
        return str(obj.year)


def deciders(county: County):
    """The county's forum members and coordinators: who may sit, chair and approve."""
    return (
        get_user_model()
        .objects.filter(
            active_role_q("memberships__"),
            memberships__county=county,
            memberships__role__in=[Role.FORUM, Role.COORDINATOR],
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class DecisionMeetingForm(FreeTextLimits, forms.Form):
    """A meeting of the decision body. The agreement year is chosen when it is created."""

    agreement = _AgreementChoiceField(
        queryset=Agreement.objects.order_by("-year"), label=_("Agreement year"), empty_label=None
    )
    held_on = forms.DateField(label=_("Date of the meeting"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    first_paragraph = forms.IntegerField(
        label=_("First paragraph number (§)"),
        min_value=1,
        max_value=100_000,
        help_text=_("The minutes' paragraphs are numbered from here, in agenda order."),
    )
    members_present = _MembersChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Members present"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the decision forum and coordinators of the county."),
    )
    chair = _MemberChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Chair"),
        required=False,
        empty_label=CHOOSE,
    )
    minutes_approver = _MemberChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Approver of the minutes"),
        required=False,
        empty_label=CHOOSE,
        help_text=_("Approves (justerar) the minutes together with the chair."),
    )

    def __init__(self, *args, county: County, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        people = deciders(county)
        for name in ("members_present", "chair", "minutes_approver"):
            self.fields[name].queryset = people
        if editing:
            del self.fields["agreement"]  # a meeting stays in its agreement year

    def clean(self) -> dict:
        cleaned = super().clean()
        present = {member.pk for member in cleaned.get("members_present") or []}
        if present:
            for name in ("chair", "minutes_approver"):
                person = cleaned.get(name)
                if person is not None and person.pk not in present:
                    self.add_error(name, _("Choose one of the members present."))
        return cleaned


class AgendaItemForm(FreeTextLimits, forms.Form):
    heading = forms.CharField(label=_("Heading of the paragraph"), max_length=300)


class CorrectionForm(FreeTextLimits, forms.Form):
    """Choose a final decision of the county to correct in this meeting."""

    corrected = ObjectChoiceField(label=_("Decision to correct"))
    heading = forms.CharField(
        label=_("Heading of the paragraph"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for “Correction of the decision in §N of date”."),
    )

    def __init__(self, *args, candidates: Iterable[Decision], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corrected"].set_objects(candidates, correction_label)


def correction_label(decision: Decision) -> str:
    meeting = decision.item.meeting
    case = decision.application.case_number if decision.application_id else ""
    amount = format_kronor(decision.amount) if decision.grants_money else ""
    parts = [f"§{decision.item.number} {meeting.held_on:%Y-%m-%d}", case, decision.title[:80]]
    parts.append(f"{decision.get_outcome_display()} {amount}".strip())
    return " · ".join(part for part in parts if part)


class AgendaLineForm(FreeTextLimits, forms.Form):
    """A line decided without an application (e.g. a coordinator post)."""

    focus_area = ObjectChoiceField(label=_("Focus area"))
    sub_area = ObjectChoiceField(label=_("Sub-area"), required=False, empty_label="–")
    title = forms.CharField(label=_("Intervention"), max_length=1000)
    amount = KronorField(label=_("Proposed amount (kr)"))
    responsible_organisation = ObjectChoiceField(label=_("Responsible organisation"))
    handling_organisation = ObjectChoiceField(
        label=_("Organisation that handles the funds"),
    )
    handling_note = forms.CharField(
        label=_("How the funds are handled"),
        max_length=300,
        required=False,
        help_text=_("E.g. “for further distribution together with the municipal federation”."),
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, focus_areas, sub_areas, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].set_objects(focus_areas, lambda a: f"{a.number}. {a.name}")
        self.fields["sub_area"].set_objects(sub_areas, lambda s: f"{s.focus_area.number}. {s.name}")
        for name in ("responsible_organisation", "handling_organisation"):
            self.fields[name].set_objects(organisations)


class LineOrganisationForm(FreeTextLimits, forms.Form):
    """Who is responsible for the intervention and who handles the money."""

    responsible_organisation = ObjectChoiceField(label=_("Responsible organisation"))
    handling_organisation = ObjectChoiceField(label=_("Organisation that handles the funds"))
    handling_note = forms.CharField(
        label=_("How the funds are handled"), max_length=300, required=False
    )

    def __init__(self, *args, line: Decision, organisations, **kwargs) -> None:
        kwargs.setdefault("prefix", f"o{line.pk}")
        kwargs.setdefault(
            "initial",
            {
                "responsible_organisation": line.responsible_organisation_id,
                "handling_organisation": line.handling_organisation_id,
                "handling_note": line.handling_note,
            },
        )
        super().__init__(*args, **kwargs)
        for name in ("responsible_organisation", "handling_organisation"):
            self.fields[name].set_objects(organisations)


class NotParticipatingForm(FreeTextLimits, forms.Form):
    """The coordinator records that a member present takes no part (jäv) in a line."""

    member = ObjectChoiceField(label=_("Member with a conflict of interest"))

    def __init__(self, *args, line: Decision, members, **kwargs) -> None:
        kwargs.setdefault("prefix", f"j{line.pk}")
        super().__init__(*args, **kwargs)
        excluded = {member.pk for member in line.not_participating.all()}
        self.fields["member"].set_objects([m for m in members if m.pk not in excluded], member_name)


class RejectionReasonForm(FreeTextLimits, forms.Form):
    text = forms.CharField(label=_("Reason for rejection"), max_length=400)
