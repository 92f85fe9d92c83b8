"""The audit trail is append-only in PostgreSQL itself, not only in the ORM.

Every history table (django-simple-history's `Historical*` models, in every app) refuses an
`UPDATE` or `DELETE` with a database error, whoever sends it: the application, a raw SQL
session, an administrator's psql. The one sanctioned way past it is `record_rewrite()`, used
by the services that must change what the record holds (anonymising a person).

The triggers are installed by `manage.py migrate` (PGTRIGGER_INSTALL_ON_MIGRATE) on
PostgreSQL; SQLite, the embedded demo, has none.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pgtrigger
from django.apps import apps
from django.db.models import Model

APPEND_ONLY = "append_only"
AUDITED_APPS = ("allocations", "applications", "reporting")


def append_only_trigger() -> pgtrigger.Protect:
    return pgtrigger.Protect(name=APPEND_ONLY, operation=pgtrigger.Update | pgtrigger.Delete)


def history_models() -> list[type[Model]]:
    """The history tables of the audit trail."""
    return [
        model
        for label in AUDITED_APPS
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models()
        if hasattr(model, "instance_type")  # simple-history's mark on a historical model
    ]


def register_history_triggers() -> None:
    for model in history_models():
        pgtrigger.register(append_only_trigger())(model)


@contextmanager
def record_rewrite(*models: type[Model]) -> Iterator[None]:
    """Lets the statements inside change rows that the guards keep as they are: of these
    models, or of every guarded table (history and decided records) when none are named.
    Only services that rewrite the record on purpose use it (anonymising a person)."""
    registered = pgtrigger.registered()
    uris = [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in registered
        if not models or model in models
    ]
    with pgtrigger.ignore(*uris):
        yield
