from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.models import ProblemReport


class ProblemReportForm(forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["page_url", "description", "email"]
        labels = {
            "page_url": _("Which page is it about? (optional)"),
            "description": _("Describe the problem"),
            "email": _("Your e-mail address, if you want a reply (optional)"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "problem-report"
        self.helper.add_input(Submit("submit", _("Send report")))

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Please describe the problem in a few words."))
        return text
