"""The project's own system checks."""

from django.conf import settings
from django.core.checks import Error, Tags, register

DEMO_IN_PRODUCTION = Error(
    "LANSMEDEL_DEMO is on: demo users would log in without two-factor authentication.",
    hint="Unset LANSMEDEL_DEMO (it is off by default when DJANGO_DEBUG=0).",
    id="lansmedel.E001",
)


@register(Tags.security, deploy=True)
def check_demo_mode_off_in_production(app_configs, **kwargs) -> list[Error]:
    """`check --deploy` is run for production, where no one is exempt from two-factor log-in."""
    return [DEMO_IN_PRODUCTION] if settings.DEMO_MODE else []
