from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Documents, reports and feedback about the service itself."""

    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        # outbox: connects the task retry/failure handlers; tasks_reminders: registers the
        # reminder tasks with the worker; signals: deadlines follow what they are about.
        from reporting import outbox, signals, tasks_reminders  # noqa: F401

        signals.connect()
