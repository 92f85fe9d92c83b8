"""Forms for deciding lines: one line (`RulingForm`) or a paragraph's list as a whole with
exceptions (`AdoptListForm`). Field names follow the problems the ruling services report."""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.fields import FreeTextLimits, KronorField
from applications.decisions.forms.meetings import TEXTAREA, ObjectChoiceField
from applications.decisions.services.rulings import Ruling
from applications.models import Decision, Outcome, RejectionReason


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


class RulingForm(FreeTextLimits, forms.Form):
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


class AdoptListForm(FreeTextLimits, forms.Form):
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
