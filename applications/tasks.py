"""The app's background tasks, one module per domain, imported here so that the worker's
autodiscovery (which imports `<app>.tasks`) registers them all."""

from applications.adoptions import tasks as adoptions  # noqa: F401
from applications.applying import tasks as applying  # noqa: F401
from applications.documents import tasks as documents  # noqa: F401
from applications.dossier import tasks as dossier  # noqa: F401
