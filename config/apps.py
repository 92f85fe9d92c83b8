from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Registers the project's own system checks, log-in signal handlers and the data-version
    watch (config/data_version.py) at start-up."""

    name = "config"
    label = "lansmedel_config"
    verbose_name = "Länsmedel configuration"

    def ready(self) -> None:
        from config import checks, data_version, middleware  # noqa: F401  (registers checks, handlers)

        data_version.install()
