"""The county's rule for a class (follow the service-wide rule, a number of years, or for
ever) and a legal hold (one application or one class, with the reason)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from allocations.models import County
from reporting.models.retention import MAX_KEEP_YEARS
from reporting.retention.selectors import county_applications_to_hold, covered_classes

FOLLOW, YEARS, FOREVER = "follow", "years", "forever"


class RetentionRuleForm(forms.Form):
    rule = forms.ChoiceField(
        label=_("Rule"),
        widget=forms.RadioSelect,
        choices=[
            (FOLLOW, _("Follow the service-wide rule")),
            (YEARS, _("Dispose of after a number of years")),
            (FOREVER, _("Keep for ever")),
        ],
        error_messages={
            "required": _("Choose a rule."),
            "invalid_choice": _("Choose one of the rules shown."),
        },
    )
    keep_years = forms.IntegerField(
        label=_("Kept for (years)"),
        required=False,
        min_value=0,
        max_value=MAX_KEEP_YEARS,
        help_text=_("Counted from the date of the record; 0 disposes of it at the next run."),
        error_messages={
            "invalid": _("Write the number of years as a whole number, for example 2."),
            "min_value": _("The number of years cannot be negative."),
            "max_value": _("The number of years can be at most %(limit_value)s."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        missing = cleaned.get("rule") == YEARS and cleaned.get("keep_years") is None
        if missing and "keep_years" not in self.errors:
            self.add_error("keep_years", _("Write how many years the records are kept."))
        return cleaned


class LegalHoldForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("Application"),
        queryset=None,
        required=False,
        empty_label=_("No single application"),
        error_messages={"invalid_choice": _("Choose one of the county's applications.")},
    )
    record_class = forms.ModelChoiceField(
        label=_("Or a whole record class"),
        queryset=None,
        required=False,
        empty_label=_("No record class"),
        error_messages={"invalid_choice": _("Choose one of the record classes shown.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a pending appeal, a request for the records or an audit."),
        error_messages={
            "required": _("Write why the records are to be kept."),
            "max_length": _("The reason can be at most %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, county: County, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = county_applications_to_hold(county=county)
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.case_number or f'#{a.pk}'} – {a.title or a.get_status_display()}"
        )
        self.fields["record_class"].queryset = covered_classes(county=county).exclude(
            code="decided"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        application, record_class = cleaned.get("application"), cleaned.get("record_class")
        if application is None and record_class is None and not self.has_error("application"):
            self.add_error("application", _("Choose an application or a record class."))
        elif application is not None and record_class is not None:
            self.add_error("record_class", _("Choose either an application or a record class."))
        return cleaned
