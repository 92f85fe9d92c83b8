"""The member's adoption pages and the coordinator's overview of a meeting's adoptions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.adoptions.forms import AdoptionDueForm, AdoptionMemoForm, AdoptionRecordForm
from applications.adoptions.permissions import may_set_due_date
from applications.adoptions.selectors import (
    adoption_for_user,
    adoptions_of_user,
    meeting_adoptions,
)
from applications.adoptions.services import (
    AdoptionError,
    adoption_prepare,
    adoption_record,
    adoptions_due_set,
)
from applications.decisions.permissions import decision_county
from applications.decisions.selectors.meetings import decision_meeting_get
from applications.models import Adoption


def _memo_initial(adoption: Adoption) -> dict:
    return {
        "recipient": adoption.recipient,
        "preparing_officers": adoption.preparing_officers,
        "send_to": adoption.send_to,
    }


def _refusal_on(form, error: AdoptionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _refused_on_page(request: HttpRequest, adoption: Adoption, error: AdoptionError):
    """A refusal of the whole step (a second recording, a role that may not): said at the
    top of the case's page, which shows the case as it is now."""
    messages.error(request, error.message)
    return redirect("applications:adoption_detail", pk=adoption.pk)


def _detail(request: HttpRequest, adoption: Adoption, *, memo_form=None, record_form=None):
    bound = memo_form is not None or record_form is not None
    context = {
        "adoption": adoption,
        "meeting": adoption.meeting,
        "county": adoption.meeting.county,
        "memo_form": memo_form or AdoptionMemoForm(initial=_memo_initial(adoption)),
        "record_form": record_form or AdoptionRecordForm(),
        "may_set_due_date": may_set_due_date(request.user, adoption.meeting.county_id),
    }
    return render(
        request, "applications/adoptions/detail.html", context, status=400 if bound else 200
    )


@login_required
@require_GET
def my_adoptions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "applications/adoptions/my_adoptions.html",
        {"adoptions": adoptions_of_user(user=request.user)},
    )


@login_required
@require_GET
def adoption_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, adoption_for_user(user=request.user, pk=pk))


def _step(request: HttpRequest, pk: int, form_class, service, done: str, form_name: str):
    """A member's step on its case: the form checked, the service run, a refusal shown
    next to its field with what was typed kept (or, for the whole step, at the top)."""
    adoption = adoption_for_user(user=request.user, pk=pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            service(adoption=adoption, by=request.user, **form.cleaned_data)
        except AdoptionError as error:
            if error.field is None:
                return _refused_on_page(request, adoption, error)
            _refusal_on(form, error)
        else:
            messages.success(request, done)
            return redirect("applications:adoption_detail", pk=adoption.pk)
    return _detail(request, adoption, **{form_name: form})


@login_required
@require_POST
def adoption_prepare_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        AdoptionMemoForm,
        adoption_prepare,
        _("The cover memo's details have been saved."),
        "memo_form",
    )


@login_required
@require_POST
def adoption_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        AdoptionRecordForm,
        adoption_record,
        _("The board's decision has been recorded."),
        "record_form",
    )


@login_required
@require_GET
def adoption_extract_download(request: HttpRequest, pk: int) -> FileResponse:
    adoption = adoption_for_user(user=request.user, pk=pk)
    if not adoption.minutes_extract:
        raise Http404
    name = adoption.minutes_extract.name.rsplit("/", 1)[-1]
    response = FileResponse(adoption.minutes_extract.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _overview(request: HttpRequest, slug: str, pk: int, *, due_form=None) -> HttpResponse:
    county = decision_county(request, slug)
    meeting = decision_meeting_get(county=county, pk=pk)
    may_set = may_set_due_date(request.user, county.pk)
    overview = meeting_adoptions(meeting=meeting)
    if due_form is None:
        first_pending = next((a for a in overview.rows if a.is_pending), None)
        due_form = AdoptionDueForm(initial={"due_on": first_pending and first_pending.due_on})
    context = {
        "county": county,
        "meeting": meeting,
        "overview": overview,
        "due_form": due_form if may_set else None,
    }
    status = 400 if due_form.is_bound else 200
    return render(request, "applications/adoptions/meeting_overview.html", context, status=status)


@login_required
@require_GET
def meeting_adoptions_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _overview(request, slug, pk)


@login_required
@require_http_methods(["POST"])
def adoptions_due_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug, coordinator=True)
    meeting = decision_meeting_get(county=county, pk=pk)
    form = AdoptionDueForm(request.POST)
    if form.is_valid():
        try:
            changed = adoptions_due_set(
                meeting=meeting, due_on=form.cleaned_data["due_on"], by=request.user
            )
        except AdoptionError as error:
            if error.field is None:
                raise PermissionDenied from error
            _refusal_on(form, error)
        else:
            messages.success(
                request,
                _("%(count)s pending members now adopt by %(date)s.")
                % {"count": changed, "date": form.cleaned_data["due_on"].isoformat()},
            )
            return redirect("applications:meeting_adoptions", slug=county.slug, pk=meeting.pk)
    return _overview(request, slug, pk, due_form=form)


urlpatterns = [
    path("antaganden/", my_adoptions, name="my_adoptions"),
    path("antaganden/<int:pk>/", adoption_detail, name="adoption_detail"),
    path(
        "antaganden/<int:pk>/tjansteskrivelse/",
        adoption_prepare_view,
        name="adoption_prepare",
    ),
    path("antaganden/<int:pk>/registrera/", adoption_record_view, name="adoption_record"),
    path("antaganden/<int:pk>/utdrag/", adoption_extract_download, name="adoption_extract"),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/antaganden/",
        meeting_adoptions_view,
        name="meeting_adoptions",
    ),
    path(
        "lan/<slug:slug>/beslut/sammantraden/<int:pk>/antaganden/sista-dag/",
        adoptions_due_view,
        name="adoptions_due",
    ),
]
