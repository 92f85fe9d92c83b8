from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationsConfig(AppConfig):
    """The year's frame: agreements, focus areas, counties, organisations, roles, allocations."""

    name = "allocations"
    verbose_name = _("Agreements and allocations")

    def ready(self) -> None:
        from allocations.triggers import register_history_triggers

        register_history_triggers()
