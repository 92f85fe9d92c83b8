"""The app's background tasks, one module per domain, imported here so that the worker's
autodiscovery (which imports `<app>.tasks`) registers them all."""

from reporting.bulk import tasks as bulk  # noqa: F401
from reporting.deadlines import tasks as deadlines  # noqa: F401
from reporting.exports import tasks as exports  # noqa: F401
from reporting.messaging import tasks as messaging  # noqa: F401
from reporting.notifications import tasks as notifications  # noqa: F401
