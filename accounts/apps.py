from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: log-in, two-factor, the account page, the people of a county and anonymising
    someone who has left. No tables of its own: users are Django's, roles are the county's
    (`allocations.Membership`)."""

    name = "accounts"
    verbose_name = "Länsmedel accounts"
