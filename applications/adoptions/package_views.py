"""Downloads of a member's cover memo (PDF, its newest finished version; .docx, made now),
the documents the memo names as its basis, and the package for the board (ZIP, made now).
For the member's adopters and the county's coordinators (`permissions.may_prepare`); 404 for
everyone else, so the case's existence is not revealed. A document not made yet is said on
the case's page instead of being served."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from applications.adoptions.memo import (
    PackageIncomplete,
    adoption_package,
    basis_document,
    memo_ready,
    memo_state,
    package_name,
)
from applications.adoptions.selectors import adoption_for_user
from applications.documents.adoption_memo_docx import (
    DOCX_MEDIA_TYPE,
    adoption_memo_docx,
    adoption_memo_docx_name,
)
from applications.models import Adoption


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _back_with(request: HttpRequest, adoption: Adoption, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("applications:adoption_detail", pk=adoption.pk)


def _attachment(content: bytes, *, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


@login_required
@require_GET
def adoption_memo_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = adoption_for_user(user=request.user, pk=pk)
    memo = memo_ready(adoption=adoption)
    if memo is None:
        if memo_state(adoption=adoption).failed:
            message = _(
                "The cover memo could not be generated. Save the memo's details again to "
                "make a new version."
            )
        else:
            message = _("The cover memo is still being generated. Try again in a moment.")
        return _back_with(request, adoption, message)
    response = FileResponse(
        memo.file.open("rb"),
        as_attachment=True,
        filename=memo.download_name,
        content_type="application/pdf",
    )
    return _private(response)


@login_required
@require_GET
def adoption_memo_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = adoption_for_user(user=request.user, pk=pk)
    # The record is Swedish, whoever asks for it (as the PDF).
    with translation.override(settings.LANGUAGE_CODE):
        content = adoption_memo_docx(adoption=adoption)
    return _attachment(
        content, name=adoption_memo_docx_name(adoption), content_type=DOCX_MEDIA_TYPE
    )


@login_required
@require_GET
def adoption_basis_view(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """A document the memo names as its basis, its newest finished version."""
    adoption = adoption_for_user(user=request.user, pk=pk)
    basis = basis_document(adoption=adoption, key=key)
    if basis is None:
        raise Http404
    if not basis.is_ready:
        return _back_with(
            request,
            adoption,
            _("%(document)s has not been generated yet. Ask the county's coordinator.")
            % {"document": basis.label},
        )
    response = FileResponse(
        basis.document.file.open("rb"),
        as_attachment=True,
        filename=basis.document.download_name,
        content_type="application/pdf",
    )
    return _private(response)


@login_required
@require_GET
def adoption_package_view(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = adoption_for_user(user=request.user, pk=pk)
    try:
        content = adoption_package(adoption=adoption)
    except PackageIncomplete as incomplete:
        return _back_with(request, adoption, incomplete.message)
    return _attachment(content, name=package_name(adoption), content_type="application/zip")
