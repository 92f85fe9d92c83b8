from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Documents, reports and feedback about the service itself."""

    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from . import outbox  # noqa: F401  (connects the task retry/failure handlers)
