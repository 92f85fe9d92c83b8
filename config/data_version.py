"""Data versions: a token per county that changes whenever anything of that county is written,
so that rendered parts of heavy pages can be cached under the version they were built from.

Every write statement to the project's tables passes through a database execute wrapper. A
write is *attributed* to the counties it concerns by the model signals sent just before it
(`pre_save`, `pre_delete`, `m2m_changed`), which say which table is about to be written and
for which county (found through the instance's foreign keys). A write that arrives without
such a signal — `QuerySet.update()`, `bulk_create`, raw SQL — cannot be attributed and moves
the version of *every* county instead. So a cached part can be too fresh, never stale: the
worst a missed attribution costs is a recomputation.

The version moves at once (the writing transaction's own later reads see the change) and
again when the transaction commits (readers that filled the cache from the old, still
committed data in between do not keep it). Versions live in the default cache: Redis in
production, shared by every worker; a file cache in the embedded set-up, shared by the server
and management commands run beside it.

Finer grains. Besides its county, a write is attributed to the application it belongs to
(the application itself, or a row found from it through foreign keys: budget lines,
assessments and their criteria, decisions, grants and their reports…). Such a write moves
the county's version and the application's, and leaves the county's *rest* alone: the
version of everything of the county that belongs to no application (organisations, calls,
meetings, allocations, user names), which only writes without an application move. A part
of a page that shows one application's data, and otherwise only the county's rest, is keyed
by `row_versions` (everything-key, county rest, that application): a write to another
application of the county leaves it valid. A part that shows many applications stays keyed
by the whole county (`county_version`) and is built from such per-application parts, so a
write rebuilds the frame and the one row it touched. A row part is stored only when the
county did not change while its data was read (`Snapshot`): read, then checked, as the
frame reads the county's version before its data.
"""

import re
import threading
import uuid
from collections.abc import Iterable
from functools import cache as memoize
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import cache
from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models import Model
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.http import QueryDict

ALL = "all"  # the key every page key includes: moved by writes that cannot be attributed
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
        _local.pending = {}  # table → version names announced by a signal, awaiting its statement
        _local.fresh = set()  # keys this thread moved and has not read since
    return _local


# --- reading ---------------------------------------------------------------------------


def _key(name: str | int) -> str:
    return f"data-version:{default_connection.settings_dict['NAME']}:{name}"


def _rest(county_id: int) -> str:
    return f"{county_id}:rest"


def _application(application_id: int) -> str:
    return f"application:{application_id}"


def _read(keys: list[str]) -> dict[str, str]:
    """The versions under these keys, a fresh one added for each the cache lacks. A version
    the cache cannot give (it is unreachable) reads as one nothing stored can match."""
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    for key in missing:
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        found = cache.get_many(keys)
    _state().fresh.difference_update(keys)
    return {k: found.get(k) or uuid.uuid4().hex for k in keys}


def county_version(county_id: int | None) -> str:
    """The version of everything a page of the county shows: changes with every write to it."""
    keys = [_key(ALL), _key(county_id if county_id is not None else ALL)]
    found = _read(keys)
    return "-".join(found[k] for k in keys)


class Snapshot:
    """The county's version as read before the data of a page's rows: a row part may be
    stored only when the version is the same after the row's own version was read (no
    write of the county came in between, so the row's data is that of its version)."""

    def __init__(self, county_id: int | None) -> None:
        self.county_id = county_id
        self.version = county_version(county_id)


def row_versions(
    snapshot: Snapshot, applications: Iterable[Iterable[int | None]]
) -> tuple[list[str], bool]:
    """Per row, the version of what it shows: the applications given for it and the
    county's rest (its calls, organisations, meetings, users…), with the everything-key; and
    whether the county is still at `snapshot` (the rows may be stored). One read of the
    cache for all the rows (and one more the first time a version is missing)."""
    county_id = snapshot.county_id
    if county_id is None:
        return [uuid.uuid4().hex for _ in applications], False  # nothing to match
    rows = [sorted({a for a in row if a is not None}) for row in applications]
    head = [_key(ALL), _key(county_id), _key(_rest(county_id))]
    grains = sorted({a for row in rows for a in row})
    found = _read([*head, *(_key(_application(a)) for a in grains)])
    unchanged = f"{found[head[0]]}-{found[head[1]]}" == snapshot.version
    common = f"{found[head[0]]}-{found[head[2]]}"
    versions = [
        "-".join([common, *(f"{a}.{found[_key(_application(a))]}" for a in row)]) for row in rows
    ]
    return versions, unchanged


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


def counties_changed(county_ids: Iterable[int | None]) -> None:
    """Move the versions of these counties, all their grains (None: of every county)."""
    _changed({_key(name) for c in county_ids for name in _county_names(c)})


def everything_changed() -> None:
    """Move every county's version: after data was loaded past the ORM (COPY, fixtures)."""
    _changed({_key(ALL)})


def _county_names(county_id: int | None) -> tuple[str | int, ...]:
    if county_id is None:
        return (ALL,)
    return (county_id, _rest(county_id))


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


def counties_of(instance: Model) -> set[int | None]:
    """The counties whose pages show the instance; {None} when that cannot be told."""
    return {county for county, _application_id in _owners(instance)}


def _app() -> type[Model]:
    return apps.get_model("applications", "Application")


@memoize
def _path_to_application(model: type[Model]) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from the model to an application, e.g.
    ("assessment", "application") for a criterion's score; () for an application; None."""
    if model._meta.label == "applications.Application":
        return ()
    queue: list[tuple[type[Model], tuple[str, ...]]] = [(model, ())]
    seen = {model}
    while queue:
        current, path = queue.pop(0)
        for field in current._meta.concrete_fields:
            target = field.related_model if field.many_to_one else None
            if target is None or target in seen or len(path) >= 3:
                continue
            if target._meta.label == "applications.Application":
                return (*path, field.name)
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


def _owners(instance: Model) -> set[tuple[int | None, int | None]]:
    """(county, application) pairs the instance belongs to: application None when it belongs
    to none (or it cannot be told), county None when the county cannot be told. At most one
    query, as many as finding the county alone takes."""
    model = type(instance)
    label = model._meta.label
    if label == "auth.User":
        membership = apps.get_model("allocations", "Membership")
        counties = set(
            membership.objects.filter(user_id=instance.pk).values_list("county_id", flat=True)
        )
        return {(c, None) for c in counties} or {(None, None)}
    if label == "applications.Application" or getattr(model, "instance_type", None) is _app():
        # an application (or its history row); a new one is no row of any page yet: its
        # county's rest moves
        return {
            (
                instance.county_id,
                instance.pk if label == "applications.Application" else instance.id,
            )
        }
    to_application = _path_to_application(model)
    has_county = "county" in {f.name for f in model._meta.concrete_fields}
    if to_application and not (has_county and len(to_application) > 1):  # no query more
        first = model._meta.get_field(to_application[0])
        parent_id = getattr(instance, first.attname)
        if parent_id is not None:
            if len(to_application) == 1:
                if has_county:
                    return {(instance.county_id, parent_id)}
                if (parent := _cached_parent(instance, first)) is not None:
                    return {(parent.county_id, parent_id)}
                county_id = (
                    first.related_model._default_manager.filter(pk=parent_id)
                    .values_list("county_id", flat=True)
                    .first()
                )
                if county_id is not None:
                    return {(county_id, parent_id)}
                return {(None, None)}
            rest = "__".join(to_application[1:])
            found = (
                first.related_model._default_manager.filter(pk=parent_id)
                .values_list(f"{rest}__county_id", f"{rest}_id")
                .first()
            )
            if found is not None and found[1] is not None:
                return {(found[0], found[1])}
    return {(county, None) for county in _counties_without_application(instance)}


def _counties_without_application(instance: Model) -> set[int | None]:
    model = type(instance)
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
        return {parent.county_id}
    lookup = "__".join((*path[1:], "county_id")) if path[1:] else "county_id"
    county_id = (
        first.related_model._default_manager.filter(pk=parent_id)
        .values_list(lookup, flat=True)
        .first()
    )
    return {county_id}


def names_of(instance: Model) -> set[str | int]:
    """The versions a write of the instance moves: of its county, and of its application
    or else of the county's rest; the everything-key when its county cannot be told."""
    names: set[str | int] = set()
    for county_id, application_id in _owners(instance):
        if county_id is None:
            names.add(ALL)
        elif application_id is None:
            names.update(_county_names(county_id))
        else:
            names.update((county_id, _application(application_id)))
    return names


def _announce(table: str, names: set[str | int]) -> None:
    if table in _watched_tables():
        _state().pending.setdefault(table, set()).update(names)


def _on_save(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    table = sender._meta.db_table
    if table not in _watched_tables():
        return
    user = sender._meta.label == "auth.User"
    if user and update_fields is not None and set(update_fields) <= USER_FIELDS_NOT_SHOWN:
        _announce(table, set())
        return
    _announce(table, names_of(instance))


def _on_delete(sender, instance, **kwargs) -> None:
    if sender._meta.db_table in _watched_tables():
        _announce(sender._meta.db_table, names_of(instance))


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action.startswith("pre_") and sender._meta.db_table in _watched_tables():
        _announce(sender._meta.db_table, names_of(instance))


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
        names = _state().pending.pop(table, None)
        _changed({_key(name) for name in ({ALL} if names is None else names)})


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


def fragment_key(county_id: int | None, *parts: object) -> str:
    """The vary-on value of a cached part of a county's page: the county's data version,
    the language, and whatever else the part depends on (the viewer, the filters)."""
    from django.utils.translation import get_language

    return ":".join([county_version(county_id), get_language() or "", *map(str, parts)])


def query_key(query: QueryDict) -> str:
    """A query string (the page's filters and sorting) in a stable order, for a key part."""
    return urlencode(sorted((k, v) for k, values in query.lists() for v in values))
