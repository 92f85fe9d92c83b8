"""Data versions: a token per county that changes whenever anything of that county is written,
so that rendered parts of heavy pages can be cached under the version they were built from.

Every write statement to the project's tables passes through a database execute wrapper. A
write is *attributed* to the counties it concerns by the model signals sent just before it
(`pre_save`, `pre_delete`, `m2m_changed`), which say which table is about to be written and
for which county (found through the instance's foreign keys). A write that arrives without
such a signal — `QuerySet.update()`, `bulk_create`, raw SQL — cannot be attributed and moves
the version of *every* county instead. So a cached part can be too fresh, never stale: the
worst a missed attribution costs is a recomputation.

A draft is seen by its organisation's applicants alone (staff see an application from its
submission on), so the writes of a draft — the application while it is one, its lines, parties,
attachments and their history — move the *drafts version of its organisation* instead of its
county's: on the day a call closes, a hundred applicants saving their drafts leave the review
group's and the coordinator's cached pages in place. The pages that show drafts (my
applications, a draft's own page) put that version in their key (`fragment_key(...,
drafts_of=...)`). The submission writes the application as submitted: its county moves.

The version moves at once (the writing transaction's own later reads see the change) and
again when the transaction commits (readers that filled the cache from the old, still
committed data in between do not keep it). Versions live in the default cache: Redis in
production, shared by every worker; a file cache in the embedded set-up, shared by the server
and management commands run beside it.
"""

import re
import threading
import uuid
from collections.abc import Iterable
from functools import cache as memoize
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.http import QueryDict

ALL = "all"  # the key every page key includes: moved by writes that cannot be attributed
# An application's status while it is a draft (applications.models.Status.DRAFT; the plumbing
# names no app's code, and a test holds the two equal).
DRAFT = "draft"
WATCHED_APPS = ("allocations", "applications", "reporting")
# Tables no cached page shows: their writes move no version.
NOT_SHOWN = {
    "reporting.ExportJob",
    "reporting.OutboxMessage",
    "reporting.CalendarFeed",
    "reporting.NotificationPreference",
    "reporting.ProblemReport",
    "reporting.Reminder",
    "reporting.OutgoingEmail",
    "reporting.MailAttempt",
    "allocations.HistoricalUser",
}
# A user's log-in time is on no page; their name is (assessments, meetings).
USER_FIELDS_NOT_SHOWN = {"last_login", "password"}

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_CTE_WRITE = re.compile(r"\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE | re.DOTALL)
_local = threading.local()


def _state():
    if not hasattr(_local, "pending"):
        _local.pending = {}  # table → counties announced by a signal, awaiting its statement
        _local.fresh = set()  # keys this thread moved and has not read since
    return _local


# --- reading ---------------------------------------------------------------------------


def _key(name: str | int) -> str:
    return f"data-version:{default_connection.settings_dict['NAME']}:{name}"


def drafts_scope(organisation_id: int) -> str:
    """The name of the version of an organisation's drafts."""
    return f"drafts-{organisation_id}"


def county_version(county_id: int | None, *, drafts_of: Iterable[int] = ()) -> str:
    """The version of everything a page of the county shows: changes with every write to it
    (and, with `drafts_of`, with every write of those organisations' drafts)."""
    names = [county_id if county_id is not None else ALL]
    names += [drafts_scope(org) for org in sorted(set(drafts_of))]
    keys = [_key(ALL), *map(_key, names)]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    for key in missing:
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        found = cache.get_many(keys)
    _state().fresh.difference_update(keys)
    # A version the cache cannot give (it is unreachable) is one nothing stored can match.
    return "-".join(found.get(k) or uuid.uuid4().hex for k in keys)


# --- moving ----------------------------------------------------------------------------


class _MoveOnCommit:
    """One per transaction: moves the keys written in it once more after the commit."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def __call__(self) -> None:
        _move(self.keys)


def _move(keys: Iterable[str]) -> None:
    token = uuid.uuid4().hex
    cache.set_many(dict.fromkeys(keys, token), timeout=None)


def _changed(keys: set[str]) -> None:
    state = _state()
    now = keys - state.fresh
    if now:
        _move(now)
        state.fresh |= now
    if not default_connection.in_atomic_block:
        return
    level = set(default_connection.savepoint_ids)
    for sids, func, _robust in default_connection.run_on_commit:
        if sids == level and isinstance(func, _MoveOnCommit):  # one per savepoint level
            func.keys |= keys
            return
    on_commit = _MoveOnCommit()
    on_commit.keys |= keys
    transaction.on_commit(on_commit)


def counties_changed(county_ids: Iterable[int | str | None]) -> None:
    """Move the versions of these counties or drafts scopes (None: of every county)."""
    _changed({_key(ALL if c is None else c) for c in county_ids})


def everything_changed() -> None:
    """Move every county's version: after data was loaded past the ORM (COPY, fixtures)."""
    _changed({_key(ALL)})


# --- attribution -----------------------------------------------------------------------


@memoize
def _watched_tables() -> frozenset[str]:
    tables = {apps.get_model("auth", "User")._meta.db_table}
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label not in NOT_SHOWN:
                tables.add(model._meta.db_table)
    return frozenset(tables)


@memoize
def _path_to_county(model: type[Model]) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from the model to a county, e.g. ("application",)
    for an assessment; () for a model with a county of its own; None when there is none."""
    if model._meta.label == "allocations.County":
        return ("pk",)
    queue: list[tuple[type[Model], tuple[str, ...]]] = [(model, ())]
    seen = {model}
    while queue:
        current, path = queue.pop(0)
        names = {f.name for f in current._meta.concrete_fields}
        if "county" in names:
            return path
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one else None
            if target is not None and target not in seen and len(path) < 4:
                seen.add(target)
                queue.append((target, (*path, field.name)))
    return None


def _cached_parent(instance: Model, field) -> Model | None:
    """The related object the instance already holds for the foreign key, if any."""
    if field.is_cached(instance):
        parent = field.get_cached_value(instance)
        if parent is not None and parent.pk == getattr(instance, field.attname):
            return parent
    return None


def _application_model(model: type[Model]) -> bool:
    """The application itself, or its history row (which has its fields)."""
    source = getattr(model, "instance_type", model)  # a history model names its source
    return source._meta.label == "applications.Application"


def _application_field(model: type[Model]):
    """The model's foreign key to its application, if it is a part of one."""
    try:
        field = model._meta.get_field("application")
    except FieldDoesNotExist:
        return None
    return field if field.many_to_one and _application_model(field.related_model) else None


def scopes_of(instance: Model) -> set[int | str | None]:
    """The versions a write of the instance moves: its organisation's drafts for a draft's
    (the application while it is one, or a part of it), otherwise the counties whose pages
    show it. A part's application is the one it holds, else read with the one query that
    finds its county anyway."""
    model = type(instance)
    if _application_model(model):
        if instance.status == DRAFT:
            return {drafts_scope(instance.organisation_id)}
        return counties_of(instance)
    field = _application_field(model)
    if field is None or _path_to_county(model) != (field.name,):
        return counties_of(instance)
    parent = _cached_parent(instance, field)
    if parent is not None:
        row = (parent.status, parent.organisation_id, parent.county_id)
    else:
        row = (
            field.related_model._default_manager.filter(pk=getattr(instance, field.attname))
            .values_list("status", "organisation_id", "county_id")
            .first()
        )
    if row is None:  # its application is gone (or was never named): cannot be told
        return {None}
    status, organisation_id, county_id = row
    return {drafts_scope(organisation_id)} if status == DRAFT else {county_id}


def counties_of(instance: Model) -> set[int | None]:
    """The counties whose pages show the instance; {None} when that cannot be told."""
    model = type(instance)
    if model._meta.label == "auth.User":
        membership = apps.get_model("allocations", "Membership")
        return set(
            membership.objects.filter(user_id=instance.pk).values_list("county_id", flat=True)
        ) or {None}
    path = _path_to_county(model)
    if path is None:
        return {None}
    if path == ("pk",):
        return {instance.pk}
    if not path:
        return {instance.county_id}
    first = model._meta.get_field(path[0])
    parent_id = getattr(instance, first.attname)
    if parent_id is None:
        return {None}
    if len(path) == 1 and (parent := _cached_parent(instance, first)) is not None:
        return {parent.county_id}  # the write already holds its parent: no query
    lookup = "__".join((*path[1:], "county_id")) if path[1:] else "county_id"
    county_id = (
        first.related_model._default_manager.filter(pk=parent_id)
        .values_list(lookup, flat=True)
        .first()
    )
    return {county_id}


def _announce(table: str, counties: set[int | str | None]) -> None:
    if table in _watched_tables():
        _state().pending.setdefault(table, set()).update(counties)


def _on_save(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    table = sender._meta.db_table
    if table not in _watched_tables():
        return
    user = sender._meta.label == "auth.User"
    if user and update_fields is not None and set(update_fields) <= USER_FIELDS_NOT_SHOWN:
        _announce(table, set())
        return
    _announce(table, scopes_of(instance))


def _on_delete(sender, instance, **kwargs) -> None:
    if sender._meta.db_table in _watched_tables():
        _announce(sender._meta.db_table, scopes_of(instance))


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action.startswith("pre_") and sender._meta.db_table in _watched_tables():
        _announce(sender._meta.db_table, scopes_of(instance))


def _written_table(sql: str) -> str | None:
    """The watched table a statement writes; ALL for a write past the usual forms."""
    if match := _WRITE.match(sql):
        return match.group(1) if match.group(1) in _watched_tables() else None
    if _CTE_WRITE.match(sql):
        return ALL
    return None


def _observe(execute, sql, params, many, context):
    table = _written_table(sql)
    if table is None:
        return execute(sql, params, many, context)
    try:
        return execute(sql, params, many, context)
    finally:  # also when it failed: moving a version too many is harmless
        counties = _state().pending.pop(table, None)
        counties_changed({None} if counties is None else counties)


def _wrap(connection, **kwargs) -> None:
    if _observe not in connection.execute_wrappers:
        connection.execute_wrappers.append(_observe)


def _forget_pending(**kwargs) -> None:
    """Announcements whose statement never came (a failed save) must not attribute another."""
    _state().pending.clear()


def install() -> None:
    connection_created.connect(_wrap, dispatch_uid="data_version_wrap")
    _wrap(default_connection)
    pre_save.connect(_on_save, dispatch_uid="data_version_save")
    pre_delete.connect(_on_delete, dispatch_uid="data_version_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="data_version_m2m")
    from django.core.signals import request_started

    request_started.connect(_forget_pending, dispatch_uid="data_version_request")


def fragment_key(county_id: int | None, *parts: object, drafts_of: Iterable[int] = ()) -> str:
    """The vary-on value of a cached part of a county's page: the county's data version (with
    the drafts versions of the organisations whose drafts the part shows), the language, and
    whatever else the part depends on (the viewer, the filters)."""
    from django.utils.translation import get_language

    version = county_version(county_id, drafts_of=drafts_of)
    return ":".join([version, get_language() or "", *map(str, parts)])


def query_key(query: QueryDict) -> str:
    """A query string (the page's filters and sorting) in a stable order, for a key part."""
    return urlencode(sorted((k, v) for k, values in query.lists() for v in values))
