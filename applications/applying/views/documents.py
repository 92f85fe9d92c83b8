"""An application on paper: the printable page and the same page as PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_GET

from applications.applying.pdf import application_pdf_render
from applications.applying.selectors import application_for_user
from applications.models import Status


@login_required
@require_GET
def application_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable page for anyone who may see the application (a draft is marked as such)."""
    application = application_for_user(user=request.user, pk=pk)
    return render(
        request,
        "applications/print.html",
        {"application": application, "pdf": False, "printed_at": timezone.now()},
    )


@login_required
@require_GET
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The submitted application as `<case number>.pdf`; drafts have no PDF (404)."""
    application = application_for_user(user=request.user, pk=pk)
    if application.status == Status.DRAFT or not application.case_number:
        raise Http404
    response = HttpResponse(
        application_pdf_render(application=application), content_type="application/pdf"
    )
    filename = get_valid_filename(f"{application.case_number}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
