from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Documents, reports and feedback about the service itself."""

    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        # outbox: connects the task retry/failure handlers; tasks: registers every task by the
        # name the outboxes store; signals: deadlines follow what they are about.
        from reporting import tasks  # noqa: F401
        from reporting.deadlines import signals
        from reporting.messaging import outbox  # noqa: F401
        from reporting.retention import triggers as retention_triggers

        signals.connect()
        retention_triggers.register()
