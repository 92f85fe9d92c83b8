"""The shape every record class of the schedule has (`RecordKind`) and the removal they share:
a row goes with its history rows, its files are named for the caller to delete after commit,
and a row another kept record points at (a PROTECT reference) stays."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import QuerySet
from django.db.models.deletion import Collector
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from allocations.models import County
from allocations.triggers import record_rewrite
from applications.models import Attachment
from reporting.models import (
    LegalHold,
)


@dataclass(frozen=True)
class Item:
    """One row that the schedule lets go: what the lists and the protocol show of it."""

    key: str  # "<class>:<model>:<pk>", what a confirmed run names
    identifier: str  # the case number or the row's number, never personal data
    title: str
    date: datetime
    model: type[models.Model] = field(compare=False, repr=False)
    pk: int = 0


def item_key(code: str, model: type[models.Model], pk: int) -> str:
    return f"{code}:{model._meta.label_lower}:{pk}"


def held_application_ids(county: County | None) -> QuerySet:
    holds = LegalHold.objects.filter(released_at__isnull=True, application__isnull=False)
    if county is not None:
        holds = holds.filter(county=county)
    return holds.values("application_id")


def application_identifier(case_number: str | None, pk: int) -> str:
    return case_number or f"#{pk}"


class RecordKind:
    """One class of the schedule. `rows` are every row of the class in the run's scope (the
    count before), `due` those older than the cut-off that nothing keeps."""

    code = ""
    # A service-wide run (county None) covers the class too: rows that belong to no county.
    service_wide = False
    county_wide = True

    def rows(self, county: County | None) -> QuerySet:
        raise NotImplementedError

    def due(self, county: County | None, cutoff: datetime) -> QuerySet:
        raise NotImplementedError

    def items(self, rows: QuerySet) -> list[Item]:
        raise NotImplementedError

    def held(self, county: County | None, cutoff: datetime) -> int:
        """How many rows are old enough but kept by a hold on them."""
        return 0

    def removable(self, items: list[Item]) -> tuple[list[Item], int]:
        """The items that nothing else keeps, and how many another record keeps."""
        return items, 0

    def remove(self, items: list[Item]) -> list[tuple[object, str]]:
        """Delete the rows (inside the caller's transaction); returns (storage, name) of
        the files to delete once the transaction has committed."""
        for model, pks in by_model(items).items():
            model._base_manager.filter(pk__in=pks).delete()
        return []


def by_model(items: Iterable[Item]) -> dict[type[models.Model], list[int]]:
    found: dict[type[models.Model], list[int]] = {}
    for item in items:
        found.setdefault(item.model, []).append(item.pk)
    return found


def keeping_relations(model: type[models.Model]) -> list:
    """The references to `model` that keep a row while they point at it: PROTECT and
    RESTRICT references, and a record that names it among others (a request for public
    records names its cases)."""
    keeping = (models.PROTECT, models.RESTRICT)
    return [
        relation
        for relation in model._meta.related_objects
        if relation.many_to_many or getattr(relation, "on_delete", None) in keeping
    ]


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def delete_with_history(objects: list[models.Model]) -> list[tuple[object, str]]:
    """Deletes the objects and everything that goes with them, with their history rows,
    past the append-only guards of only the tables concerned. Returns their files."""
    if not objects:
        return []
    collector = Collector(using="default")
    collector.collect(objects)
    collected: dict[type[models.Model], list[int]] = {
        model: [obj.pk for obj in instances] for model, instances in collector.data.items()
    }
    for queryset in collector.fast_deletes:
        collected.setdefault(queryset.model, []).extend(queryset.values_list("pk", flat=True))
    files = [
        (attachment.file.storage, attachment.file.name)
        for attachment in Attachment.objects.filter(pk__in=collected.get(Attachment, []))
        if attachment.file
    ]
    histories = {
        model: history for model in collected if (history := _history_model(model)) is not None
    }
    with record_rewrite(*collected, *histories.values()):
        collector.delete()
        # The audit trail's copies go too, with the row the deletion itself just wrote.
        for model, history in histories.items():
            history._base_manager.filter(id__in=collected[model]).delete()
    return files


def count_rows(rows) -> int:
    if isinstance(rows, list):
        return sum(queryset.count() for _model, queryset in rows)
    return rows.count()
