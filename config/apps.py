from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Registers the project's own system checks and log-in signal handlers at start-up."""

    name = "config"
    label = "lansmedel_config"
    verbose_name = "Länsmedel configuration"

    def ready(self) -> None:
        from . import checks, middleware  # noqa: F401  (registers checks and signal handlers)
