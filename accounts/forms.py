from django import forms
from django.utils.translation import gettext_lazy as _


class TwoFactorCodeForm(forms.Form):
    """The second step of the log-in: a code from the authenticator app or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class AuthenticatorConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The 6-digit code the app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm that this person has left and that their name and e-mail address "
            "are to be removed."
        ),
        required=True,
    )
