"""Forms of the decision forum: the meeting, its agenda, the rulings and the reasons for
rejection.

A meeting page carries a form per line; their choices (organisations, reasons, members)
are loaded once by the page's selector and handed to each form (`ObjectChoiceField`), so
the page runs the same number of queries whatever the number of lines.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput, KronorField
from allocations.models import Agreement, County, Role
from allocations.money import format_kronor

from .models import Decision, Outcome, RejectionReason
from .selectors_review import member_name
from .services.rulings import Ruling

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


class _MembersChoiceField(forms.ModelMultipleChoiceField):
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
            memberships__county=county, memberships__role__in=[Role.FORUM, Role.COORDINATOR]
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class DecisionMeetingForm(forms.Form):
    """A meeting of the decision body. The agreement year is chosen when it is created."""

    agreement = _AgreementChoiceField(
        queryset=Agreement.objects.order_by("-year"), label=_("Agreement year"), empty_label=None
    )
    held_on = forms.DateField(label=_("Date of the meeting"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    first_paragraph = forms.IntegerField(
        label=_("First paragraph number (§)"),
        min_value=1,
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


class AgendaItemForm(forms.Form):
    heading = forms.CharField(label=_("Heading of the paragraph"), max_length=300)


class CorrectionForm(forms.Form):
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


class AgendaLineForm(forms.Form):
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


class LineOrganisationForm(forms.Form):
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


class NotParticipatingForm(forms.Form):
    """The coordinator records that a member present takes no part (jäv) in a line."""

    member = ObjectChoiceField(label=_("Member with a conflict of interest"))

    def __init__(self, *args, line: Decision, members, **kwargs) -> None:
        kwargs.setdefault("prefix", f"j{line.pk}")
        super().__init__(*args, **kwargs)
        excluded = {member.pk for member in line.not_participating.all()}
        self.fields["member"].set_objects([m for m in members if m.pk not in excluded], member_name)


def _ruling_fields(reasons: Iterable[RejectionReason]) -> dict[str, forms.Field]:
    reason = ObjectChoiceField(
        label=_("Predefined reason for rejection"), required=False, empty_label="–"
    )
    reason.set_objects(reasons)
    return {
        "amount": KronorField(
            label=_("Amount decided (kr)"),
            required=False,
            help_text=_("When approving in part: less than the proposed amount."),
        ),
        "motivation": forms.CharField(
            label=_("Motivation"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
        ),
        "rejection_reason": reason,
        "conditions": forms.CharField(
            label=_("Conditions"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
        ),
    }


RULING_OUTCOMES = [
    (Outcome.APPROVED, _("Approve as proposed")),
    (Outcome.APPROVED_IN_PART, _("Approve in part")),
    (Outcome.REJECTED, _("Reject")),
    (Outcome.PENDING, _("Not decided")),
]


class RulingForm(forms.Form):
    """The forum's decision on one line."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=RULING_OUTCOMES)

    def __init__(self, *args, line: Decision, reasons, **kwargs) -> None:
        kwargs.setdefault("prefix", f"d{line.pk}")
        kwargs.setdefault(
            "initial",
            {
                "outcome": Outcome.APPROVED if line.outcome == Outcome.PENDING else line.outcome,
                "amount": line.amount if line.outcome == Outcome.APPROVED_IN_PART else None,
                "motivation": line.motivation,
                "rejection_reason": line.rejection_reason_id,
                "conditions": line.conditions,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields.update(_ruling_fields(reasons))
        self.line = line

    def ruling(self) -> Ruling:
        data = self.cleaned_data
        return Ruling(
            outcome=Outcome(data["outcome"]),
            amount=data.get("amount"),
            motivation=data.get("motivation") or "",
            conditions=data.get("conditions") or "",
            rejection_reason=data.get("rejection_reason"),
        )

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        for name, messages in problems.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


AS_PROPOSED = ""


def same_text(typed: str | None, stored: str) -> bool:
    """Typed text equals the stored one, whatever the browser's line endings."""
    return (typed or "").replace("\r\n", "\n").strip() == stored.replace("\r\n", "\n").strip()


EXCEPTION_OUTCOMES = [
    (AS_PROPOSED, _("As proposed")),
    (Outcome.APPROVED_IN_PART, _("Approve in part")),
    (Outcome.REJECTED, _("Reject")),
    (Outcome.PENDING, _("Leave undecided")),
]


class AdoptRow:
    """One undecided line of the list in the adoption form: its exception fields, or why
    the viewer takes no part."""

    def __init__(self, form: "AdoptListForm", line: Decision, *, conflicted: bool) -> None:
        self.form, self.line, self.conflicted = form, line, conflicted

    def __getitem__(self, name: str) -> forms.BoundField:
        return self.form[f"line-{self.line.pk}-{name}"]

    @property
    def fields(self) -> dict[str, forms.BoundField]:
        names = ("outcome", "amount", "motivation", "rejection_reason", "conditions")
        return {} if self.conflicted else {name: self[name] for name in names}

    @property
    def errors(self) -> list[str]:
        return self.form.line_errors.get(self.line.pk, [])

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(field.errors for field in self.fields.values())

    @property
    def has_exception(self) -> bool:
        if not self.form.is_bound or self.conflicted:
            return False
        typed = any(self[name].value() for name in ("outcome", "amount", "motivation"))
        typed = typed or bool(self["rejection_reason"].value())
        changed = not same_text(self["conditions"].value(), self.line.conditions)
        return typed or changed or self.has_errors


class AdoptListForm(forms.Form):
    """Adopt a paragraph's proposal list as a whole, with an exception per line where the
    forum decides otherwise. Field names are "line-<id>-<field>", as the service reports
    its problems."""

    def __init__(self, *args, lines: Iterable[Decision], reasons, viewer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[AdoptRow] = []
        self.line_errors: dict[int, list[str]] = {}
        reasons = list(reasons)
        for line in lines:
            if line.outcome != Outcome.PENDING:
                continue
            conflicted = any(member.pk == viewer.pk for member in line.not_participating.all())
            self.rows.append(AdoptRow(self, line, conflicted=conflicted))
            if conflicted:
                continue
            prefix = f"line-{line.pk}-"
            self.fields[f"{prefix}outcome"] = forms.ChoiceField(
                label=_("Decision"), choices=EXCEPTION_OUTCOMES, required=False
            )
            for name, field in _ruling_fields(reasons).items():
                self.fields[prefix + name] = field
            self.fields[f"{prefix}conditions"].initial = line.conditions

    def exceptions(self) -> dict[int, Ruling]:
        """The lines decided otherwise than as proposed; a motivation or changed conditions
        on a line adopted as proposed go with it."""
        exceptions = {}
        for row in self.rows:
            if row.conflicted:
                continue
            prefix = f"line-{row.line.pk}-"
            data = {
                name[len(prefix) :]: value
                for name, value in self.cleaned_data.items()
                if name.startswith(prefix)
            }
            outcome = data["outcome"]
            motivation = data["motivation"] or ""
            conditions = data["conditions"] or ""
            if outcome == AS_PROPOSED:
                if not motivation.strip() and same_text(conditions, row.line.conditions):
                    continue
                outcome = Outcome.APPROVED
            exceptions[row.line.pk] = Ruling(
                outcome=Outcome(outcome),
                amount=data["amount"],
                motivation=motivation,
                conditions=conditions,
                rejection_reason=data["rejection_reason"],
            )
        return exceptions

    def add_problems(self, problems: dict[str, list[str]]) -> None:
        """Problems keyed "line-<id>-<field>" go next to the field, "line-<id>" to the line."""
        for key, messages in problems.items():
            for message in messages:
                if key in self.fields:
                    self.add_error(key, message)
                elif key.startswith("line-") and key[5:].isdigit():
                    self.line_errors.setdefault(int(key[5:]), []).append(message)
                else:
                    self.add_error(None, message)

    @property
    def has_lines_to_decide(self) -> bool:
        return any(not row.conflicted for row in self.rows)


class RejectionReasonForm(forms.Form):
    text = forms.CharField(label=_("Reason for rejection"), max_length=400)
