"""Binding the application form to what the user typed, and keeping it across log-ins.

A POST that arrives after the session expired is kept in the new session and applied as a
draft once the user has logged in again, so nothing typed is lost.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict

from .forms import ApplicationForm, BudgetLineFormSet
from .models import Application
from .services import application_draft_save
from .services.drafts import CONTENT_FIELDS

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


def pop_stash(request: HttpRequest) -> QueryDict | None:
    raw = request.session.pop(STASH_PREFIX + request.path, None)
    return raw_to_querydict(raw) if raw else None


def bound_forms(
    application: Application, data: QueryDict | None
) -> tuple[ApplicationForm, BudgetLineFormSet]:
    """The form and budget lines bound to `data`, to the kept draft input, or to the record."""
    if data is None and application.draft_data:
        data = raw_to_querydict(application.draft_data)
    if data is not None:
        return (
            ApplicationForm(data, instance=application, call=application.call),
            BudgetLineFormSet(data, prefix="budget"),
        )
    initial = [
        {"cost_kind": line.cost_kind, "amount": line.amount, "comment": line.comment}
        for line in application.budget_lines.all()
    ]
    return (
        ApplicationForm(instance=application, call=application.call),
        BudgetLineFormSet(initial=initial, prefix="budget"),
    )


def save_draft(
    *, application: Application, user, form: ApplicationForm, formset: BudgetLineFormSet
) -> tuple[Application, bool]:
    """Store every part of the input that is valid; keep the raw input when some is not.
    Returns the application and whether everything could be stored."""
    form_ok, formset_ok = form.is_valid(), formset.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    fields = {name: cleaned[name] for name in CONTENT_FIELDS if name in cleaned}
    everything = form_ok and formset_ok
    application = application_draft_save(
        application=application,
        user=user,
        fields=fields,
        cooperating=list(cleaned["cooperating_organisations"])
        if "cooperating_organisations" in cleaned
        else None,
        budget_lines=formset.lines() if formset_ok else None,
        raw={} if everything else querydict_to_raw(form.data),
    )
    return application, everything
