"""Attachments: upload and delete while the application is editable, download when visible."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications.applying.permissions import may_edit
from applications.applying.selectors import application_for_user
from applications.applying.services.attachments import (
    attachment_add,
    attachment_delete,
    attachment_download_name,
)
from applications.applying.views.applicant import edit_page_as_stored
from applications.errors import ApplicationError
from applications.models import Application, Attachment


def _editable(request: HttpRequest, pk: int) -> Application:
    """404 when the user may not see the application, 403 when they may not change it."""
    application = application_for_user(user=request.user, pk=pk)
    if not may_edit(request.user, application):
        raise PermissionDenied
    return application


@login_required
@require_POST
def attachment_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _editable(request, pk)
    uploaded_file = request.FILES.get("file")
    if uploaded_file is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect("applications:application_edit", pk=pk)
    try:
        attachment = attachment_add(
            application=application, user=request.user, uploaded_file=uploaded_file
        )
    except ApplicationError as exc:
        # The message goes next to the file field, on the form with the draft as stored.
        return edit_page_as_stored(request, application, attachment_error=exc.message)
    messages.success(
        request, _("“%(name)s” has been attached.") % {"name": attachment.original_name}
    )
    return redirect("applications:application_edit", pk=pk)


@login_required
@require_POST
def attachment_delete_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    application = _editable(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    try:
        attachment_delete(attachment=attachment, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("“%(name)s” has been removed.") % {"name": attachment.original_name}
        )
    return redirect("applications:application_edit", pk=pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    application = application_for_user(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment_download_name(attachment=attachment),
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
