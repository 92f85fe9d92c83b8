"""Forms of the review (beredning): formal check, rounds, assignment, jäv, assessment.

They shape input only; the rules (who may, in which state, what a submission needs) are the
review services' and come back as ApplicationError/ApplicationIncomplete.
"""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from allocations.fields import FreeTextLimits, IdMultipleChoiceField
from allocations.models import County, PriorityCriterion, Role, active_role_q
from allocations.money import format_kronor
from applications.applying.forms import DateInput, KronorField
from applications.models import (
    Application,
    Assessment,
    Call,
    FormalCheckOutcome,
    Met,
    Recommendation,
    ReviewRound,
    Status,
)
from applications.review.scoring import Score, category_derive, score

User = get_user_model()


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class MemberChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email or obj.get_username()


def county_reviewers(county: County):
    return (
        User.objects.filter(
            active_role_q("memberships__"),
            memberships__county=county,
            memberships__role=Role.REVIEWER,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


class FormalCheckForm(FreeTextLimits, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the formal check"),
        choices=FormalCheckOutcome.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when asking for completion or rejecting as ineligible."),
    )
    due_date = forms.DateField(
        label=_("Complete by"),
        required=False,
        widget=DateInput(),
        help_text=_("Only when asking for completion."),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "check")
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self) -> dict:
        data = super().clean()
        outcome = data.get("outcome")
        if outcome and outcome != FormalCheckOutcome.PASSED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason the applicant will see."))
        completion = outcome == FormalCheckOutcome.COMPLETION
        if completion and not data.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", _("Give a date for the completion."))
        return data


class ReviewRoundForm(FreeTextLimits, forms.Form):
    call = forms.ModelChoiceField(label=_("Call"), queryset=Call.objects.none())
    members = MemberChoiceField(
        label=_("Members of the review group"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(label=_("Assessments due"), widget=DateInput())
    assess_all = forms.BooleanField(
        label=_("Every member assesses every application"),
        required=False,
        initial=True,
        help_text=_("Otherwise you assign applications to members once the round is open."),
    )

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = Call.objects.filter(county=county).order_by("-closes_at")
        self.fields["call"].empty_label = _("– Choose –")
        self.fields["members"].queryset = county_reviewers(county)
        self.helper = _helper()


class AssignmentForm(FreeTextLimits, forms.Form):
    """Every chosen member assesses every chosen application."""

    members = MemberChoiceField(
        label=_("Members"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    applications = IdMultipleChoiceField(
        label=_("Applications"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, review_round: ReviewRound, **kwargs) -> None:
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = review_round.members.order_by(
            "last_name", "first_name", "email"
        )
        self.fields["applications"].queryset = Application.objects.filter(
            call_id=review_round.call_id, status=Status.IN_REVIEW
        ).order_by("case_number")
        self.fields["applications"].label_from_instance = lambda a: f"{a.case_number} {a.title}"
        self.helper = _helper()


class ConflictDeclarationForm(FreeTextLimits, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Conflict of interest (jäv)"),
        choices=[
            ("no", _("I have no conflict of interest in this application")),
            ("yes", _("I have a conflict of interest in this application")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("What is the conflict?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a close relative or your own employer among the parties."),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "jav")
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("has_conflict") and not data.get("reason", "").strip():
            self.add_error("reason", _("Describe the conflict of interest."))
        return data


@dataclass
class CriterionFields:
    criterion: PriorityCriterion
    met: forms.BoundField
    score: forms.BoundField
    comment: forms.BoundField


@dataclass(frozen=True)
class Summary:
    category: int | None
    category_title: str
    score: Score


SCORE_CHOICES = [("", _("– No score –")), *[(str(n), str(n)) for n in range(1, 6)]]


class AssessmentForm(FreeTextLimits, forms.Form):
    """A member's assessment: one fieldset per criterion of the county's set, then the
    recommendation. Every field is optional here; submitting is checked by the service."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    recommended_amount = KronorField(label=_("Recommended amount (kr)"), required=False)
    motivation = forms.CharField(
        label=_("Motivation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    applicant_comment = forms.CharField(
        label=_("Comment to share with the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("May be passed on to the applicant with the decision."),
    )
    internal_comment = forms.CharField(
        label=_("Comment within the review group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the review group and the coordinator see it."),
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Conditions you propose to attach to a grant."),
    )

    MAIN_FIELDS = [
        "recommendation",
        "recommended_amount",
        "motivation",
        "applicant_comment",
        "internal_comment",
        "conditions",
    ]

    def __init__(
        self,
        *args,
        application: Application,
        criteria: list[PriorityCriterion],
        assessment: Assessment | None = None,
        **kwargs,
    ) -> None:
        initial = kwargs.pop("initial", None) or {}
        if assessment is not None:
            initial |= {name: getattr(assessment, name) for name in self.MAIN_FIELDS}
            for row in assessment.criteria.all():
                initial |= {
                    f"criterion-{row.criterion_id}-met": row.met,
                    f"criterion-{row.criterion_id}-score": str(row.score or ""),
                    f"criterion-{row.criterion_id}-comment": row.comment,
                }
        super().__init__(*args, initial=initial, **kwargs)
        self.application = application
        self.criteria = sorted(criteria, key=lambda c: c.rank)
        if application.amount_requested is not None:
            self.fields["recommended_amount"].help_text = _(
                "At most the amount applied for, %(amount)s."
            ) % {"amount": format_kronor(application.amount_requested)}
        for criterion in self.criteria:
            prefix = f"criterion-{criterion.pk}"
            self.fields[f"{prefix}-met"] = forms.ChoiceField(
                label=_("Does the application meet the criterion?"),
                choices=Met.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{prefix}-score"] = forms.TypedChoiceField(
                label=_("Quality (1–5)"),
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select criterion-score"}),
                help_text=_("Weight %(weight)s") % {"weight": criterion.weight},
            )
            self.fields[f"{prefix}-comment"] = forms.CharField(
                label=_("Comment on the criterion"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper = _helper()

    @property
    def criterion_rows(self) -> list[CriterionFields]:
        return [
            CriterionFields(
                criterion=c,
                met=self[f"criterion-{c.pk}-met"],
                score=self[f"criterion-{c.pk}-score"],
                comment=self[f"criterion-{c.pk}-comment"],
            )
            for c in self.criteria
        ]

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.MAIN_FIELDS}

    def criteria_values(self) -> dict[int, dict]:
        return {
            c.pk: {
                "met": self.cleaned_data.get(f"criterion-{c.pk}-met") or "",
                "score": self.cleaned_data.get(f"criterion-{c.pk}-score"),
                "comment": self.cleaned_data.get(f"criterion-{c.pk}-comment") or "",
            }
            for c in self.criteria
        }

    def summary(self) -> Summary:
        """The derived category and scores of what the form holds now (typed or saved)."""
        rows = []
        for c in self.criteria:
            raw = self[f"criterion-{c.pk}-score"].value()
            value = int(raw) if str(raw or "").isdigit() and 1 <= int(raw) <= 5 else None
            rows.append((c, self[f"criterion-{c.pk}-met"].value() or "", value))
        category = category_derive((c.rank, met) for c, met, _s in rows)
        titles = {c.rank: c.title for c in self.criteria}
        return Summary(
            category=category,
            category_title=titles.get(category, ""),
            score=score((s, c.weight) for c, _m, s in rows),
        )

    def add_problems(self, problems: dict[str, list[str]]) -> list[str]:
        """Put the service's problems next to their fields; returns those that have none."""
        general: list[str] = []
        for field, messages in problems.items():
            for message in messages:
                if field in self.fields:
                    self.add_error(field, message)
                else:
                    general.append(message)
        return general
