"""Forms of the deadline pages: a deadline, the notification choices, the calendar feed."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from allocations.fields import DateInput
from allocations.models import County, Membership, Organisation, Role, active_role_q
from reporting.deadlines.notifications import NOTIFICATIONS
from reporting.deadlines.reminders import MAX_OFFSET
from reporting.models import Deadline, DeadlineKind


class OffsetsField(forms.CharField):
    """Days before the deadline, written `30, 14, 7, 1`; stored as a list, largest first."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def to_python(self, value) -> list[int]:
        text = super().to_python(value)
        parts = [p for p in re.split(r"[\s,;]+", text or "") if p]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(
                _("Write whole days separated by commas, e.g. 30, 14, 7, 1."), code="invalid"
            )
        days = sorted({int(p) for p in parts}, reverse=True)
        if any(d > MAX_OFFSET for d in days):
            raise forms.ValidationError(
                _("A reminder can come at most %(max)s days before the deadline."),
                code="max_value",
                params={"max": MAX_OFFSET},
            )
        return days


# The dates a deadline may have: a typo such as 9999 would otherwise reach the calendar.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class DeadlineForm(forms.ModelForm):
    reminder_offsets = OffsetsField(
        label=_("Reminders (days before)"),
        required=False,
        help_text=_("E.g. 30, 14, 7, 1. Empty: no reminders before the deadline."),
    )

    class Meta:
        model = Deadline
        fields = [
            "kind",
            "title",
            "due_on",
            "responsible_role",
            "responsible_user",
            "responsible_organisation",
            "reminder_offsets",
        ]
        widgets = {"due_on": DateInput(attrs={"class": "form-control"})}
        error_messages = {"due_on": {"invalid": _("Enter a date as 2025-12-01.")}}

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.county = county
        members = Membership.objects.filter(county=county).values("user_id")
        self.fields["responsible_user"].queryset = (
            get_user_model().objects.filter(pk__in=members, is_active=True).order_by("email")
        )
        self.fields["responsible_organisation"].queryset = (
            Organisation.objects.filter(
                Q(county=county) | (Q(memberships__county=county) & active_role_q("memberships__"))
            )
            .distinct()
            .order_by("name")
        )
        self.fields["kind"].choices = DeadlineKind.choices
        if self.instance.pk:
            del self.fields["kind"]

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on is not None and not (FIRST_YEAR <= due_on.year <= LAST_YEAR):
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": f"{FIRST_YEAR}-01-01", "last": f"{LAST_YEAR}-12-31"},
            )
        return due_on

    def clean(self):
        data = super().clean()
        role = data.get("responsible_role")
        if not role and not data.get("responsible_user"):
            self.add_error(
                "responsible_role", _("Choose a responsible role or a responsible person.")
            )
        if data.get("responsible_organisation") and role != Role.APPLICANT:
            self.add_error(
                "responsible_organisation",
                _("An organisation answers for a deadline only with the role applicant."),
            )
        return data


class NotificationsForm(forms.Form):
    """One check box per notification; the mandatory ones are shown checked and disabled."""

    def __init__(self, *args, current: dict[str, bool], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for notification in NOTIFICATIONS:
            self.fields[notification.kind] = forms.BooleanField(
                label=notification.label,
                required=False,
                initial=current.get(notification.kind, True),
                disabled=notification.mandatory,
                help_text=notification.explanation,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )


class CalendarFeedForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", _("Create a new address")), ("revoke", _("Revoke the address"))]
    )
