"""The notification choices: one radio group per kind."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.models import Delivery, NotificationKind
from reporting.notifications.selectors import MANDATORY_KINDS, deliveries_allowed

HELP = {
    NotificationKind.SUBMITTED: _(
        "When your organisation submits an application, or an application is submitted in "
        "a county where you are coordinator."
    ),
    NotificationKind.COMPLETION_ASKED: _(
        "The application is not handled until it is completed, so this cannot be switched off."
    ),
    NotificationKind.DECIDED: _(
        "A decision starts the time for appeal, so this cannot be switched off."
    ),
    NotificationKind.ADOPTION_PENDING: _("When your organisation is to adopt a recommendation."),
    NotificationKind.REPORT_DUE: _(
        "Reminders before a report back is due. The last reminder, the day before, is always "
        "e-mailed at once."
    ),
    NotificationKind.REPAYMENT_COMPUTED: _(
        "When a repayment of unused funds has been computed or recorded."
    ),
}


class NotificationChoicesForm(forms.Form):
    """A field per kind, named by the kind; the mandatory kinds offer no 'none'."""

    def __init__(self, *args, current: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            allowed = deliveries_allowed(kind)
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=[(d.value, d.label) for d in Delivery if d.value in allowed],
                initial=current.get(kind.value, Delivery.NOW),
                help_text=HELP[kind],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how you want to be notified."),
                    "invalid_choice": _("Choose one of the ways shown."),
                },
            )
            self.fields[kind.value].mandatory = kind in MANDATORY_KINDS
