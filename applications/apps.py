from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Calls, applications, review and decisions: the path of an application."""

    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from applications import tasks, triggers  # noqa: F401 - tasks: registered by name

        triggers.register()

        from applications.adoptions import receivers

        receivers.connect()
