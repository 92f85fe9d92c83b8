from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the e-mail address, whatever its case."""

    username = forms.CharField(
        label=_("E-mail address"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong e-mail address or password."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
