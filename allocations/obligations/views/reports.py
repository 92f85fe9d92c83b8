"""The report back of a grant (the recipient writes, the coordinator reviews), its
attachments and closing the grant. Who may reach a grant is `grant_for_user`'s answer;
the services check the role for each move again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.models import GrantReportAttachment, ReportState
from allocations.obligations.forms.reports import ReportForm, ReviewForm, line_formset, line_initial
from allocations.obligations.selectors.reports import line_rows, may_review, report_of
from allocations.obligations.services.reports import (
    EDITABLE,
    ReportRefused,
    grant_close,
    report_accept,
    report_attachment_add,
    report_attachment_remove,
    report_return,
    report_save_draft,
    report_submit,
)
from applications.applying.services.attachments import EXTENSIONS
from applications.grants.permissions import grant_for_user, is_coordinator_of, is_recipient_of
from applications.models import Grant


def _show_problems(problems: dict, form, formset, request) -> None:
    for name, texts in problems.items():
        for text in texts:
            if name in form.fields:
                form.add_error(name, text)
            elif name == "lines" and formset is not None:
                formset._non_form_errors = formset.error_class([*formset.non_form_errors(), text])
            else:
                messages.error(request, text)


def _report_context(request: HttpRequest, grant: Grant, **extra) -> dict:
    report = extra.pop("report", None) or report_of(grant=grant)
    recipient = is_recipient_of(request.user, grant)
    coordinator = is_coordinator_of(request.user, grant)
    editable = (
        recipient
        and not grant.replaced_by_id
        and grant.closed_at is None
        and (report is None or report.state in EDITABLE)
    )
    rows = line_rows(grant=grant)
    context = {
        "grant": grant,
        "report": report,
        "editable": editable,
        "is_recipient": recipient,
        "is_coordinator": coordinator,
        "may_review": coordinator and not recipient and may_review(report),
        "may_close": coordinator
        and grant.closed_at is None
        and report is not None
        and report.state == ReportState.ACCEPTED,
        "form": ReportForm(initial=_texts_of(report)),
        "formset": line_formset(rows, initial=line_initial(report, rows)),
        "review_form": ReviewForm(),
        "used_total": sum(line.amount for line in report.lines.all()) if report else 0,
    }
    context.update(extra)
    return context


def _texts_of(report) -> dict:
    if report is None:
        return {}
    return {k: getattr(report, k) for k in ("implementation", "results", "actors", "note")}


@login_required
@require_http_methods(["GET", "POST"])
def grant_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report back: a form for the recipient while it is a draft or returned, read-only
    otherwise, with the review form for the coordinator once submitted."""
    grant = grant_for_user(request.user, pk, follow_up=True)
    if request.method == "GET":
        return render(request, "allocations/reports/report.html", _report_context(request, grant))
    if not is_recipient_of(request.user, grant):
        raise PermissionDenied
    form = ReportForm(request.POST, request.FILES)
    formset = line_formset(line_rows(grant=grant), data=request.POST)
    submit = "submit" in request.POST
    if form.is_valid() and formset.is_valid():
        try:
            # The file first: a report that is then submitted no longer takes files.
            upload = form.cleaned_data.get("attachment")
            if upload is not None:
                report_attachment_add(grant=grant, by=request.user, uploaded_file=upload)
            service = report_submit if submit else report_save_draft
            service(grant=grant, by=request.user, texts=form.texts, lines=formset.lines())
        except ReportRefused as refused:
            _show_problems(refused.problems, form, formset, request)
        else:
            messages.success(
                request,
                _("The report back has been submitted.")
                if submit
                else _("The report back has been saved as a draft."),
            )
            return redirect("allocations:grant_report", pk=grant.pk)
    context = _report_context(request, grant, form=form, formset=formset)
    return render(request, "allocations/reports/report.html", context)


@login_required
@require_POST
def grant_report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator accepts the submitted report or returns it with a comment."""
    grant = grant_for_user(request.user, pk, follow_up=True)
    if not is_coordinator_of(request.user, grant):
        raise PermissionDenied
    report = report_of(grant=grant)
    review_form = ReviewForm(request.POST)
    if review_form.is_valid() and report is not None:
        data = review_form.cleaned_data
        try:
            if data["decision"] == ReviewForm.ACCEPT:
                report_accept(report=report, by=request.user, comment=data["comment"])
                messages.success(request, _("The report back has been accepted."))
            else:
                report_return(report=report, by=request.user, comment=data["comment"])
                messages.success(request, _("The report back has been returned for completion."))
        except ReportRefused as refused:
            _show_problems(refused.problems, review_form, None, request)
        else:
            return redirect("allocations:grant_report", pk=grant.pk)
    elif report is None:
        messages.error(request, _("There is no report back to review yet."))
    context = _report_context(request, grant, report=report, review_form=review_form)
    return render(request, "allocations/reports/report.html", context, status=400)


@login_required
@require_GET
def grant_report_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(GrantReportAttachment.objects.select_related("report"), pk=pk)
    grant = grant_for_user(request.user, attachment.report.grant_id)
    # A draft is the recipient's own until submitted: nobody else sees its files.
    if attachment.report.state == ReportState.DRAFT and not is_recipient_of(request.user, grant):
        raise Http404
    stem = attachment.original_name.rsplit(".", 1)[0] or "bilaga"
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{stem}{EXTENSIONS.get(attachment.content_type, '')}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def grant_report_attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(GrantReportAttachment.objects.select_related("report"), pk=pk)
    grant = grant_for_user(request.user, attachment.report.grant_id, follow_up=True)
    try:
        report_attachment_remove(attachment=attachment, by=request.user)
    except ReportRefused as refused:
        for texts in refused.problems.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.success(
            request, _("“%(name)s” has been removed.") % {"name": attachment.original_name}
        )
    return redirect("allocations:grant_report", pk=grant.pk)


@login_required
@require_POST
def grant_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_user(request.user, pk, follow_up=True)
    if not is_coordinator_of(request.user, grant):
        raise PermissionDenied
    try:
        grant_close(grant=grant, by=request.user)
    except ReportRefused as refused:
        for texts in refused.problems.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.success(request, _("The grant has been closed."))
    return redirect("allocations:grant_report", pk=grant.pk)
