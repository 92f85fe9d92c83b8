from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People: log-in, two-factor, the account page, the people of a county and anonymising
    someone who has left. No tables of its own: users are Django's, roles are the county's
    (`allocations.Membership`)."""

    name = "accounts"
    verbose_name = _("Accounts")
