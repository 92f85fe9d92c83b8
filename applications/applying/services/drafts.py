from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, transaction
from django.db.models import Count, F, Model, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.http import Http404
from django.utils.translation import gettext as _

from allocations.models import Organisation, SubArea
from applications.applying.permissions import may_apply_for, may_edit, may_view
from applications.errors import ApplicationError
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    BudgetLine,
    Call,
)


class DraftConflict(ApplicationError):
    """A save refused because the draft was saved elsewhere (another tab, window or person)
    since the page was shown. `current` is the draft as it is stored now, nothing written."""

    def __init__(self, current: Application) -> None:
        super().__init__(
            _(
                "The draft has been changed in another tab or window since you opened it. "
                "Nothing you typed here has been saved yet: compare and choose what to keep."
            )
        )
        self.current = current
        # The fields in which the refused input differs from `current`, once compared.
        self.differences: list | None = None


CONTENT_FIELDS = [
    "contact_name",
    "contact_email",
    "contact_phone",
    "focus_area",
    "sub_area",
    "title",
    "description",
    "purpose",
    "target_group",
    "kind",
    "continues",
    "period_start",
    "period_end",
    "finances_posts",
    "post_share_percent",
    "amount_requested",
]


def application_start(
    *, call: Call, organisation: Organisation, user: AbstractBaseUser
) -> Application:
    """Open a new draft in an open call, for an organisation the user applies for."""
    if not may_apply_for(user, organisation) or organisation.county_id != call.county_id:
        raise ApplicationError(_("You do not apply for this organisation in this county."))
    if call.is_draft or not call.is_open():
        raise ApplicationError(_("The call is not open."))
    return Application.objects.create(
        county=call.county,
        call=call,
        organisation=organisation,
        created_by=user,
        contact_name=user.get_full_name(),
        contact_email=user.email,
    )


# --- the application's row for a write ------------------------------------------------------

_LINE_FIELDS = ["id", "application_id", "position", "cost_kind", "amount", "comment"]
_PARTY_FIELDS = ["id", "name", "county_id"]


def _json_rows(queryset: QuerySet, fields: list[str]) -> ArraySubquery:
    return ArraySubquery(queryset.values(row=JSONObject(**{name: F(name) for name in fields})))


def with_write_parts(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The application with, in its own row, what a save or a submission reads of it besides:
    its budget lines, cooperating parties, attachments' names, versions and the call's areas.
    Subqueries, not joins, so the row lock stays on the application's own row. PostgreSQL's
    arrays carry them; on another database (the embedded SQLite) the lines and parties are
    prefetched and the rest is read where it is needed, as without this."""
    if connection.vendor != "postgresql":
        return queryset.prefetch_related(
            Prefetch("budget_lines", BudgetLine.objects.order_by("position", "pk")),
            Prefetch("cooperating_organisations", Organisation.objects.order_by("name", "pk")),
        )
    parties = Application.cooperating_organisations.through.objects.filter(
        application_id=OuterRef("pk")
    ).order_by("organisation__name", "organisation_id")
    return queryset.annotate(
        lines_json=_json_rows(
            BudgetLine.objects.filter(application_id=OuterRef("pk")).order_by("position", "pk"),
            _LINE_FIELDS,
        ),
        parties_json=ArraySubquery(
            parties.values(
                row=JSONObject(
                    id=F("organisation_id"),
                    name=F("organisation__name"),
                    county_id=F("organisation__county_id"),
                )
            )
        ),
        attachment_names=ArraySubquery(
            Attachment.objects.filter(application_id=OuterRef("pk"))
            .order_by("uploaded_at", "pk")
            .values("original_name")
        ),
        version_count=Coalesce(
            Subquery(
                ApplicationVersion.objects.filter(application_id=OuterRef("pk"))
                .order_by()
                .values("application_id")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
        call_focus_area_ids=ArraySubquery(
            Call.focus_areas.through.objects.filter(call_id=OuterRef("call_id")).values(
                "focusarea_id"
            )
        ),
        call_sub_areas_json=ArraySubquery(
            SubArea.objects.filter(calls__pk=OuterRef("call_id")).values(
                row=JSONObject(id=F("pk"), focus_area_id=F("focus_area_id"))
            )
        ),
    )


def _prime(instance: Model, name: str, objects: list[Model]) -> None:
    """Make `instance.<name>.all()` answer `objects` without a query, as a prefetch does."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def _from_json(model: type[Model], fields: list[str], rows: list[dict]) -> list[Model]:
    return [model.from_db("default", fields, [row[name] for name in fields]) for row in rows]


def prime_write_parts(application: Application) -> Application:
    if not hasattr(application, "lines_json"):  # prefetched instead (not PostgreSQL)
        return application
    lines = _from_json(BudgetLine, _LINE_FIELDS, application.lines_json)
    for line in lines:
        line.application = application
    _prime(application, "budget_lines", lines)
    _prime(
        application,
        "cooperating_organisations",
        _from_json(Organisation, _PARTY_FIELDS, application.parties_json),
    )
    return application


def application_locked_for_user(*, user: AbstractBaseUser, pk: int, allow=may_view) -> Application:
    """The application, its row locked until the transaction ends, with its budget lines and
    cooperating parties loaded (and what a submission checks), in one query; 404 when the
    user may not see it. Only inside a transaction: the lock is the write's, and also makes
    a save, an attachment and a submission of the same application wait for each other."""
    application = (
        with_write_parts(
            Application.objects.select_for_update(of=("self",)).select_related(
                "county",
                "call__agreement",
                "organisation__county",
                "focus_area",
                "sub_area",
                "created_by",
            )
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not allow(user, application):
        raise Http404
    return prime_write_parts(application)


# --- saving a draft ---------------------------------------------------------------------------


def _line_values(line) -> tuple:
    if isinstance(line, dict):
        return (line["cost_kind"], line["amount"], line.get("comment", "") or "")
    return (line.cost_kind, line.amount, line.comment or "")


def _lines_store(
    application: Application, user: AbstractBaseUser, budget_lines: list[dict]
) -> None:
    """Store the lines in order, writing only the positions that changed: an unchanged line
    is left alone, a changed one is updated in place, the ones past the end are deleted.
    Each write is a model save or delete, so its history row and its county are recorded."""
    stored = list(application.budget_lines.all())
    kept: list[BudgetLine] = []
    for position, values in enumerate(budget_lines):
        line = stored[position] if position < len(stored) else None
        if line is None:
            line = BudgetLine(application=application, position=position, **values)
            line._history_user = user
            line.save()
        elif _line_values(line) != _line_values(values) or line.position != position:
            line.cost_kind, line.amount = values["cost_kind"], values["amount"]
            line.comment, line.position = values.get("comment", "") or "", position
            line._history_user = user
            line.save(update_fields=["cost_kind", "amount", "comment", "position"])
        kept.append(line)
    for line in stored[len(budget_lines) :]:
        line._history_user = user
        line.delete()
    _prime(application, "budget_lines", kept)


def draft_write(
    *,
    application: Application,
    user: AbstractBaseUser,
    fields: dict,
    cooperating: list[Organisation] | None = None,
    budget_lines: list[dict] | None = None,
    raw: dict | None = None,
) -> Application:
    """Store whatever is filled in on an application locked by `application_locked_for_user`
    (its editability and revision already checked). Cooperating parties and budget lines
    are written only where they changed."""
    application.revision += 1
    for name in CONTENT_FIELDS:
        if name in fields:
            setattr(application, name, fields[name])
    application.draft_data = raw or {}
    application.save(update_fields=[*CONTENT_FIELDS, "revision", "draft_data", "updated_at"])
    if cooperating is not None:
        wanted = {o.pk: o for o in cooperating if o.county_id == application.county_id}
        stored = {o.pk for o in application.cooperating_organisations.all()}
        if set(wanted) != stored:
            application.cooperating_organisations.set(list(wanted.values()))
            _prime(
                application,
                "cooperating_organisations",
                sorted(wanted.values(), key=lambda o: (o.name, o.pk)),
            )
    if budget_lines is not None:
        lines = list(application.budget_lines.all())
        if [_line_values(line) for line in lines] != [_line_values(v) for v in budget_lines]:
            _lines_store(application, user, budget_lines)
    return application


@transaction.atomic
def application_draft_save(
    *,
    application: Application,
    user: AbstractBaseUser,
    fields: dict,
    cooperating: list[Organisation] | None = None,
    budget_lines: list[dict] | None = None,
    raw: dict | None = None,
    revision: int | None = None,
) -> Application:
    """Store whatever is filled in. `raw` keeps input that could not be stored yet, so the
    form shows exactly what was typed; `budget_lines=None` leaves the lines as they are.

    `revision` is the draft's revision the input was typed on: when the draft has been saved
    since, nothing is written and `DraftConflict` is raised (`None`: not checked). Every
    save moves the revision on by one; the returned application carries the new one."""
    application = application_locked_for_user(
        user=user, pk=application.pk, allow=lambda _user, _application: True
    )
    if not may_edit(user, application):
        raise ApplicationError(_("The application can no longer be changed."))
    if revision is not None and revision != application.revision:
        raise DraftConflict(application)
    return draft_write(
        application=application,
        user=user,
        fields=fields,
        cooperating=cooperating,
        budget_lines=budget_lines,
        raw=raw,
    )
