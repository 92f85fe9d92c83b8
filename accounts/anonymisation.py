"""Removing a person's name and e-mail address from every text the record holds.

A person who is anonymised is named, besides on their user row, in the history of that row,
as the contact of applications (and in the frozen versions of them), in e-mails the system
sent them, in problem reports and in the administrators' log. Rather than a list of such
places that falls behind the models, every text and JSON column of the project's tables (and
the admin log) is searched for the person's full name, user name and e-mail address and the
text is rewritten in place, past the append-only guards (the one sanctioned path through
them). Occurrences in stored files (generated PDFs) are not reached: those are rewritten by
generating the document again.
"""

import json
import re
from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from allocations.triggers import record_rewrite

SCRUBBED_APPS = ("admin", "allocations", "applications", "reporting")
TEXT_FIELDS = (models.CharField, models.TextField)


def _scrubbed_models() -> Iterable[type[models.Model]]:
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in SCRUBBED_APPS and meta.managed and not meta.proxy:
            yield model


def _replace(value, pattern: re.Pattern, replacements: dict[str, str]):
    """The value with every match replaced, through lists and dicts of a JSON value."""
    if isinstance(value, str):
        return pattern.sub(lambda m: replacements[m.group(0).casefold()], value)
    if isinstance(value, list):
        return [_replace(v, pattern, replacements) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, pattern, replacements) for k, v in value.items()}
    return value


def _matching(model, fields, needles: list[str]):
    """The rows of the model where any of the fields holds any needle, with those fields.
    A JSON column is searched as its text; a non-ASCII needle may be stored escaped there."""
    annotations, condition = {}, Q()
    for field in fields:
        lookup = field.name
        if isinstance(field, models.JSONField):
            lookup = f"_scrub_{field.name}"
            annotations[lookup] = Cast(field.name, models.TextField())
            variants = {n for needle in needles for n in (needle, json.dumps(needle)[1:-1])}
        else:
            variants = set(needles)
        for needle in variants:
            condition |= Q(**{f"{lookup}__icontains": needle})
    return (
        model._base_manager.annotate(**annotations)
        .filter(condition)
        .values("pk", *(f.name for f in fields))
    )


def personal_text_replace(*, replacements: dict[str, str]) -> int:
    """Rewrites every stored text holding one of the keys (case-insensitive) with its value.
    Returns how many rows changed. Runs inside the caller's transaction."""
    replacements = {old.casefold(): new for old, new in replacements.items() if old}
    if not replacements:
        return 0
    needles = sorted(replacements, key=len, reverse=True)  # the longest match first
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    changed = 0
    with record_rewrite():
        for model in _scrubbed_models():
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, (*TEXT_FIELDS, models.JSONField)) and not f.primary_key
            ]
            if not fields:
                continue
            for row in _matching(model, fields, needles):
                values = {f.name: _replace(row[f.name], pattern, replacements) for f in fields}
                values = {
                    name: _fitted(model, name, value)
                    for name, value in values.items()
                    if value != row[name]
                }
                if values:
                    model._base_manager.filter(pk=row["pk"]).update(**values)
                    changed += 1
    return changed


def _fitted(model, name: str, value):
    """The value cut to its column's length, should the replacement be the longer."""
    max_length = model._meta.get_field(name).max_length
    if isinstance(value, str) and max_length:
        return value[:max_length]
    return value


def history_of_user_replace(*, user, values: dict[str, str]) -> int:
    """Gives every history row of the user row the anonymised values (the history keeps
    when the row changed, no longer who it was)."""
    history = type(user).audit_log.model
    with record_rewrite(history):
        return history.objects.filter(id=user.pk).update(**values)
