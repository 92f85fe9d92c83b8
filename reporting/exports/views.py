from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.exports import XLSX_CONTENT_TYPE
from reporting.exports.forms import ProblemReportForm
from reporting.exports.services import problem_report_create
from reporting.messaging.jobs import JobNotRestartable, export_job_restart
from reporting.models import ExportJob, ExportState


@require_http_methods(["GET", "POST"])
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tillgänglighetsredogörelse) and a way to report a problem."""
    form = ProblemReportForm(
        request.POST or None, initial={"page_url": request.GET.get("sida", "")}
    )
    if request.method == "POST" and form.is_valid():
        problem_report_create(reporter=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. Your report has been sent."))
        return redirect("reporting:accessibility")
    return render(request, "reporting/accessibility.html", {"form": form})


# Kinds whose job is also checked against what it is about (its requester may have lost the
# role since): kind → dotted path of `may(user, job) -> bool`.
JOB_ACCESS = {
    "dossier": "applications.dossier.selectors.may_read_dossier_job",
    "sip": "applications.dossier.selectors.may_read_dossier_job",
    "sip_year": "applications.dossier.selectors.may_read_year_job",
}
CONTENT_TYPES = {
    "xlsx": XLSX_CONTENT_TYPE,
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    """The job, if the user asked for it; 404 for anyone else, so it is not revealed."""
    if not request.user.is_authenticated:
        raise Http404
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    if job.kind in JOB_ACCESS and not import_string(JOB_ACCESS[job.kind])(request.user, job):
        raise Http404
    return job


@login_required
@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The export's progress; the page updates itself (static/js/export-progress.js), and
    without JavaScript a link reloads it."""
    job = _own_job(request, pk)
    back = url_has_allowed_host_and_scheme(
        request.GET.get("tillbaka", ""), allowed_hosts={request.get_host()}
    )
    context = {"job": job, "back": request.GET.get("tillbaka") if back else ""}
    return render(request, "reporting/export_job.html", context)


@login_required
@require_GET
def export_job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _own_job(request, pk)
    data = {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "progress": job.progress,
        "finished": job.is_finished,
        "stalled": job.is_stalled,
        "download_url": reverse("reporting:export_download", args=[job.pk])
        if job.state == ExportState.DONE
        else "",
    }
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def export_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Starta igen": a stalled or failed export is queued again."""
    job = _own_job(request, pk)
    try:
        export_job_restart(job=job, user=request.user)
        messages.success(request, _("The export has been started again."))
    except JobNotRestartable as exc:
        messages.error(request, exc.message)
    return redirect("reporting:export_job", pk)


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    if job.state != ExportState.DONE or not job.file:
        raise Http404
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES.get(job.format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
