"""The decision forum's generated documents: request a version, retry a failed one, follow
their state (the panel, refreshed by document-status.js) and download a finished one.

The buttons work without JavaScript (post, then back to the page they were on); with it,
document-status.js posts them in the background and swaps the panel it gets back.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from allocations.agreements.selectors import county_for_user
from applications.documents.selectors import document_signature, may_download
from applications.documents.services import document_request, document_retry, may_manage_documents
from applications.errors import ApplicationError
from applications.models import (
    AgendaItem,
    Decision,
    DecisionMeeting,
    DocumentKind,
    GeneratedDocument,
    JobState,
)

PANEL = "applications/decisions/documents/_panel.html"
PAGE = "applications/decisions/documents/page.html"


def _meeting(request: HttpRequest, slug: str, pk: int) -> DecisionMeeting:
    """The meeting in a county the user holds a role in; 404 elsewhere."""
    county = county_for_user(user=request.user, slug=slug)
    return get_object_or_404(
        DecisionMeeting.objects.select_related("county", "agreement"), pk=pk, county=county
    )


def _managed_meeting(request: HttpRequest, slug: str, pk: int) -> DecisionMeeting:
    """The meeting for its county's coordinators and forum members; 403 for other roles."""
    meeting = _meeting(request, slug, pk)
    if not may_manage_documents(request.user, meeting.county_id):
        raise PermissionDenied
    return meeting


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _return_to(request: HttpRequest, meeting: DecisionMeeting) -> str:
    """The page the panel is shown on (`next`), if it is on this site; else the documents
    page of the meeting."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: a bare word would be taken for a URL name by redirect().
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("applications:decision_documents_status", args=[meeting.county.slug, meeting.pk])


def _panel(request: HttpRequest, meeting: DecisionMeeting, *, error: str = "", status=200):
    return_to = _return_to(request, meeting)
    own_page = reverse(
        "applications:decision_documents_status", args=[meeting.county.slug, meeting.pk]
    )
    context = {
        "meeting": meeting,
        "return_to": return_to,
        "back_to": "" if return_to.split("?")[0] == own_page else return_to,
        "panel_error": error,
    }
    return render(request, PANEL if _is_fetch(request) else PAGE, context, status=status)


def _after_post(request, meeting, *, done: str = "", error: str = "") -> HttpResponse:
    if _is_fetch(request):
        return _panel(request, meeting, error=error, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_return_to(request, meeting))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_GET
def documents_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The panel alone for document-status.js; a page with the panel otherwise."""
    return _panel(request, _managed_meeting(request, slug, pk))


@login_required
@require_POST
def document_request_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, slug, pk)
    kind = request.POST.get("kind", "")
    if kind not in DocumentKind.values:
        return _after_post(request, meeting, error=_("Choose a document to generate."))
    decision = item = None
    if kind == DocumentKind.DECISION_LETTER:
        decision = get_object_or_404(
            Decision.objects.select_related("item"),
            pk=_int(request.POST.get("decision")),
            item__meeting=meeting,
        )
    elif kind == DocumentKind.MINUTES_EXTRACT:
        item = get_object_or_404(AgendaItem, pk=_int(request.POST.get("item")), meeting=meeting)
    try:
        document = document_request(
            meeting=meeting, kind=kind, user=request.user, decision=decision, item=item
        )
    except ApplicationError as exc:
        return _after_post(request, meeting, error=exc.message)
    return _after_post(
        request,
        meeting,
        done=_("%(kind)s, version %(version)s, is queued for generation.")
        % {"kind": document.get_kind_display(), "version": document.version},
    )


def _document(request: HttpRequest, slug: str, pk: int) -> GeneratedDocument:
    """A version of a meeting in a county the user holds a role in; 404 elsewhere."""
    county = county_for_user(user=request.user, slug=slug)
    return get_object_or_404(
        GeneratedDocument.objects.select_related(
            "meeting__county", "meeting__agreement", "application", "item"
        ),
        pk=pk,
        meeting__county=county,
    )


@login_required
@require_POST
def document_retry_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    document = _document(request, slug, pk)
    meeting = document.meeting
    if not may_manage_documents(request.user, meeting.county_id):
        raise PermissionDenied
    try:
        document = document_retry(document=document, user=request.user)
    except ApplicationError as exc:
        return _after_post(request, meeting, error=exc.message)
    return _after_post(
        request,
        meeting,
        done=_("%(kind)s, version %(version)s, is queued for generation again.")
        % {"kind": document.get_kind_display(), "version": document.version},
    )


@login_required
@require_GET
def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A finished version from private storage, as an attachment; 404 for anyone who may
    not have it (see `documents.selectors.may_download`)."""
    document = _document(request, slug, pk)
    if document.state != JobState.DONE or not may_download(user=request.user, document=document):
        raise Http404
    signature = document_signature(document=document)
    if signature is not None and not signature.valid:
        # Still served (it is the record), but the next page says what is wrong with it.
        messages.warning(
            request,
            _("Warning: the signature of %(name)s is not valid. %(problem)s")
            % {"name": document.download_name, "problem": signature.problem},
        )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if signature is not None:
        response["X-Signature-Status"] = "valid" if signature.valid else "invalid"
    return response
