"""Binding the application form to what the user typed, and keeping it across log-ins.

A POST that arrives after the session expired is kept in the new session and applied as a
draft once the user has logged in again, so nothing typed is lost.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

from allocations.fields import KronorField
from allocations.money import format_kronor
from applications.applying.forms import APPLICATION_FIELDS, ApplicationForm, BudgetLineFormSet
from applications.applying.permissions import may_edit
from applications.applying.services import DraftConflict
from applications.applying.services.drafts import (
    CONTENT_FIELDS,
    application_locked_for_user,
    draft_write,
)
from applications.applying.services.transitions import submit_locked
from applications.errors import ApplicationError
from applications.models import Application

STASH_PREFIX = "stashed-post:"


def querydict_to_raw(data: QueryDict) -> dict[str, list[str]]:
    """The input as typed, to show again. NUL characters are dropped: PostgreSQL cannot
    store them in text or JSON (the form already refuses them with an error)."""
    return {
        key.replace("\x00", ""): [value.replace("\x00", "") for value in data.getlist(key)]
        for key in data
        if key != "csrfmiddlewaretoken"
    }


def raw_to_querydict(raw: dict[str, list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in raw.items():
        data.setlist(key, values)
    return data


def login_required_keeping_post(view: Callable) -> Callable:
    """Like login_required, but an anonymous POST is stashed for after the log-in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            request.session[STASH_PREFIX + request.path] = querydict_to_raw(request.POST)
        return redirect_to_login(request.path)

    return wrapper


def has_stash(request: HttpRequest) -> bool:
    """Whether input typed before a log-out waits for this page."""
    return STASH_PREFIX + request.path in request.session


def pop_stash(request: HttpRequest) -> QueryDict | None:
    raw = request.session.pop(STASH_PREFIX + request.path, None)
    return raw_to_querydict(raw) if raw else None


def bound_forms(
    application: Application, data: QueryDict | None
) -> tuple[ApplicationForm, BudgetLineFormSet]:
    """The form and budget lines bound to `data`, to the kept draft input, or to the record."""
    if data is None and application.draft_data:
        data = raw_to_querydict(application.draft_data)
    if data is None:
        return (
            ApplicationForm(instance=application, call=application.call),
            _stored_lines(application),
        )
    form = ApplicationForm(data, instance=application, call=application.call)
    if not any(key.startswith("budget-") for key in data):
        # Input without budget lines (kept input of a form whose lines were stored) leaves
        # the stored lines as they are.
        return form, _stored_lines(application)
    formset = BudgetLineFormSet(data, prefix="budget")
    if not formset.management_form.is_valid():
        # The lines' hidden counters were missing or altered: the lines cannot be read, so
        # the stored ones are shown again (and kept) with a message instead of a technical one.
        formset = _stored_lines(application)
        formset.unreadable = True
    return form, formset


def _stored_lines(application: Application) -> BudgetLineFormSet:
    initial = [
        {"cost_kind": line.cost_kind, "amount": line.amount, "comment": line.comment}
        for line in application.budget_lines.all()
    ]
    formset = BudgetLineFormSet(initial=initial, prefix="budget")
    formset.unreadable = False
    return formset


def budget_unreadable_message() -> str:
    return _(
        "The budget lines could not be read from the form (some of its hidden fields were "
        "missing or changed). The saved budget lines are shown again; check them and save."
    )


def posted_revision(data: QueryDict | None) -> int | None:
    """The draft revision the page was shown with, or None when the input carries none."""
    text = ((data or {}).get("revision") or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _draft_input(form: ApplicationForm, formset: BudgetLineFormSet) -> tuple[dict, bool]:
    """What of the input can be stored (`draft_write`'s arguments), and whether all of it."""
    form_ok = form.is_valid()
    formset_ok = formset.is_valid() if formset.is_bound else not formset.unreadable
    cleaned = getattr(form, "cleaned_data", {})
    everything = form_ok and formset_ok
    raw = {} if everything else querydict_to_raw(form.data)
    if not formset.is_bound:
        raw = {key: values for key, values in raw.items() if not key.startswith("budget-")}
    raw.pop("revision", None)
    return {
        "fields": {name: cleaned[name] for name in CONTENT_FIELDS if name in cleaned},
        "cooperating": list(cleaned["cooperating_organisations"])
        if "cooperating_organisations" in cleaned
        else None,
        "budget_lines": formset.lines() if formset.is_bound and formset_ok else None,
        "raw": raw,
    }, everything


@dataclass
class Posted:
    """What became of the application form's input: the application as stored after it,
    the bound forms, whether everything could be stored, and, when it was to be submitted,
    whether it was (`refusal`: why not)."""

    application: Application
    form: ApplicationForm
    formset: BudgetLineFormSet
    everything: bool
    submitted: bool = False
    refusal: ApplicationError | None = None
    conflict: DraftConflict | None = None


class NotEditable(ApplicationError):
    """The input came for an application the user may see but no longer change."""

    def __init__(self, application: Application) -> None:
        super().__init__(_("The application can no longer be changed."))
        self.application = application


def draft_post(*, user, pk: int, data: QueryDict, submit: bool = False) -> Posted:
    """Store the application form's input `data` for application `pk` (404 when the user may
    not see it; NotEditable when they may not change it), and with `submit` then submit it.
    One transaction with the application's row locked and read once, with its lines and
    parties: the form is validated against it and only what changed is written.

    Input typed on an older revision than the stored one is a `conflict` (nothing written;
    its `current` is the draft as stored, its `differences` field by field); input equal
    to the stored draft is no conflict and is saved on the stored revision. A refused
    submission keeps the saved draft."""
    with transaction.atomic():
        application = application_locked_for_user(user=user, pk=pk)
        if not may_edit(user, application):
            raise NotEditable(application)
        revision = posted_revision(data)
        form, formset = bound_forms(application, data)
        if revision is not None and revision != application.revision:
            # Compared before the form is validated: validating writes the input into the
            # application object, which is still the stored draft here.
            differences = draft_differences(form=form, formset=formset, current=application)
            if differences:
                conflict = DraftConflict(copy.copy(application))
                conflict.differences = differences
                return Posted(conflict.current, form, formset, False, conflict=conflict)
        changes, everything = _draft_input(form, formset)
        application = draft_write(application=application, user=user, **changes)
        posted = Posted(application, form, formset, everything)
        if submit and everything:
            try:
                posted.application = submit_locked(
                    application=application, user=user, revision=application.revision
                )
                posted.submitted = True
            except ApplicationError as exc:  # raised before the submission wrote anything
                posted.refusal = exc
    return posted


@dataclass(frozen=True)
class FieldDifference:
    """One field as this page has it and as the draft is stored (saved elsewhere)."""

    name: str
    label: str
    yours: str
    theirs: str


def _shown_value(field: forms.Field, value) -> str:
    """A field's value as a person reads it: labels for choices, amounts in kronor."""
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, KronorField):
        try:
            amount = field.to_python(value)
        except forms.ValidationError:
            amount = None
        return format_kronor(amount) if amount is not None else str(value or "").strip()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        labels = {str(key): str(label) for key, label in field.choices if str(key)}
        values = value if isinstance(value, list | tuple) else [value]
        shown = [labels.get(str(v), str(v)) for v in values if v not in (None, "")]
        return ", ".join(sorted(shown))
    return str(value if value is not None else "").replace("\r\n", "\n").strip()


def _budget_shown(formset: BudgetLineFormSet) -> str:
    kinds = dict(BudgetLineFormSet.form.base_fields["cost_kind"].choices)
    lines = []
    for line in formset.forms:
        kind, amount = line["cost_kind"].value(), line["amount"].value()
        comment = str(line["comment"].value() or "").strip()
        if line["DELETE"].value() or not (kind or amount or comment):
            continue
        text = f"{kinds.get(kind, kind or '–')}: {_shown_value(line.fields['amount'], amount)}"
        lines.append(f"{text} ({comment})" if comment else text)
    return "\n".join(lines)


def draft_differences(
    *, form: ApplicationForm, formset: BudgetLineFormSet, current: Application
) -> list[FieldDifference]:
    """The fields in which this page's input differs from the draft as it is stored now."""
    stored_form, stored_lines = bound_forms(current, None)
    differences = []
    for name in APPLICATION_FIELDS:
        field = form.fields[name]
        yours = _shown_value(field, form[name].value())
        theirs = _shown_value(field, stored_form[name].value())
        if yours != theirs:
            differences.append(FieldDifference(name, str(field.label), yours, theirs))
    if formset.is_bound:
        yours, theirs = _budget_shown(formset), _budget_shown(stored_lines)
        if yours != theirs:
            differences.append(FieldDifference("budget", _("Budget"), yours, theirs))
    return differences
