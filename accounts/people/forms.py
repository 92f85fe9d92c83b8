"""Forms of the people pages: an invitation, accepting one with a new account, a role
ended with a date, an organisation asking to be registered and the decision on it."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.people.services import APPROVE, REJECT
from allocations.models import County, ForumFunction, Invitation, OrganisationKind, Role
from allocations.models.membership import ORGANISATION_ROLES
from allocations.validators import normalise_organisation_number


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class InvitationForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label=_("(only for an applicant or a member)"),
        help_text=_("The organisation an applicant, or a member's adopter, acts for."),
        error_messages={"invalid_choice": _("Choose one of the county's organisations.")},
    )
    forum_function = forms.ChoiceField(
        label=_("Function in the forum"),
        choices=ForumFunction.choices,
        required=False,
        help_text=_("Only for a decision forum member."),
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.helper = _helper()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        data = super().clean()
        role = data.get("role")
        missing = role in ORGANISATION_ROLES and not data.get("organisation")
        if missing and "organisation" not in self.errors:
            self.add_error("organisation", _("Choose the organisation the person acts for."))
        if role and role not in ORGANISATION_ROLES:
            data["organisation"] = None
        if role and role != Role.FORUM:
            data["forum_function"] = ""
        return data


class NationalInvitationForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class AcceptWithNewAccountForm(forms.Form):
    """The name and password of the account an invitation creates (Django's password
    rules, checked against the name and address too)."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.helper = _helper()

    def clean(self) -> dict:
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = get_user_model()(
                username=self.invitation.email,
                email=self.invitation.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RoleEndForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Ends on"),
        help_text=_("The first day the role is no longer held."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"ends_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class OrganisationRegistrationForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=County.objects.order_by("name"),
        empty_label=_("Choose the county"),
        error_messages={"invalid_choice": _("Choose one of the counties in the list.")},
    )
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("NNNNNN-NNNN"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        max_length=254,
        label=_("Contact person's e-mail address"),
        help_text=_("The invitation to apply for the organisation is sent here."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Contact person's telephone"),
        max_length=40,
        required=False,
        widget=forms.TextInput({"autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=_("Message to the coordinator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_organisation_number(self) -> str:
        return normalise_organisation_number(self.cleaned_data["organisation_number"])


class RegistrationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (APPROVE, _("Approve and invite the contact person")),
            (REJECT, _("Reject the request")),
        ],
        error_messages={"required": _("Approve or reject the request.")},
    )
