"""The county's retention schedule (gallringsplan): its rules, its legal holds, the dry run, the
disposal run and the protocols. The county's coordinators only: users without a role in the
county get 404, other roles 403, and a hold or protocol of another county 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import county_for_coordinator
from reporting.retention.documents import disposal_protocol_render
from reporting.retention.forms import FOLLOW, FOREVER, YEARS, LegalHoldForm, RetentionRuleForm
from reporting.retention.selectors import (
    active_holds,
    county_protocols,
    county_schedule,
    disposal_preview,
    hold_for_county,
    protocol_for_county,
    released_holds,
    schedule_for_class,
)
from reporting.retention.services import (
    DisposalRefused,
    disposal_run,
    legal_hold_place,
    legal_hold_release,
    retention_rule_set,
)


@login_required
@require_GET
def retention(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    context = {
        "county": county,
        "schedule": county_schedule(county=county),
        "holds": list(active_holds(county=county)),
        "released": list(released_holds(county=county)[:20]),
        "protocols": list(county_protocols(county=county)),
    }
    return render(request, "reporting/retention/overview.html", context)


def _initial_rule(schedule) -> dict:
    if schedule.county_rule is None:
        return {"rule": FOLLOW}
    if schedule.county_rule.keep_years is None:
        return {"rule": FOREVER}
    return {"rule": YEARS, "keep_years": schedule.county_rule.keep_years}


@login_required
@require_http_methods(["GET", "POST"])
def retention_rule_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    schedule = schedule_for_class(county=county, pk=pk)
    template = "reporting/retention/rule_edit.html"
    if request.method != "POST":
        form = RetentionRuleForm(initial=_initial_rule(schedule))
        return render(request, template, {"county": county, "schedule": schedule, "form": form})
    form = RetentionRuleForm(request.POST)
    if form.is_valid():
        rule = form.cleaned_data["rule"]
        try:
            retention_rule_set(
                county=county,
                record_class=schedule.record_class,
                keep_years=form.cleaned_data["keep_years"] if rule == YEARS else None,
                follow_service=rule == FOLLOW,
                by=request.user,
            )
        except DisposalRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("The rule has been saved."))
            return redirect("reporting:retention", slug=county.slug)
    context = {"county": county, "schedule": schedule, "form": form}
    return render(request, template, context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def legal_hold_new(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    form = LegalHoldForm(request.POST if request.method == "POST" else None, county=county)
    template = "reporting/retention/hold_new.html"
    if request.method != "POST":
        return render(request, template, {"county": county, "form": form})
    if form.is_valid():
        try:
            legal_hold_place(county=county, by=request.user, **form.cleaned_data)
        except DisposalRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, _("The hold has been placed."))
            return redirect("reporting:retention", slug=county.slug)
    return render(request, template, {"county": county, "form": form}, status=400)


@login_required
@require_POST
def legal_hold_release_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    hold = hold_for_county(county=county, pk=pk)
    try:
        legal_hold_release(hold=hold, by=request.user)
    except DisposalRefused as refused:
        messages.info(request, refused.message)
    else:
        messages.success(request, _("The hold has been released."))
    return redirect("reporting:retention", slug=county.slug)


@login_required
@require_GET
def retention_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The dry run: what a run today would remove, class by class. Removes nothing."""
    county = county_for_coordinator(user=request.user, slug=slug)
    previews = disposal_preview(county=county)
    context = {
        "county": county,
        "previews": previews,
        "on": timezone.localdate(),
        "removed_total": sum(p.removed for p in previews),
    }
    return render(request, "reporting/retention/preview.html", context)


@login_required
@require_POST
def retention_run(request: HttpRequest, slug: str) -> HttpResponse:
    """Disposes of what the dry run the coordinator saw listed (the keys it posts)."""
    county = county_for_coordinator(user=request.user, slug=slug)
    confirmed = [key for key in request.POST.getlist("item") if len(key) <= 200][:100_000]
    try:
        protocol = disposal_run(county=county, by=request.user, confirmed=confirmed)
    except DisposalRefused as refused:
        messages.error(request, refused.message)
        return redirect("reporting:retention_preview", slug=county.slug)
    messages.success(request, _("The records have been disposed of; the protocol is below."))
    return redirect("reporting:disposal_protocol", slug=county.slug, pk=protocol.pk)


@login_required
@require_GET
def disposal_protocol(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    protocol = protocol_for_county(county=county, pk=pk)
    context = {"county": county, "protocol": protocol, "lines": list(protocol.lines.all())}
    return render(request, "reporting/retention/protocol.html", context)


@login_required
@require_GET
def disposal_protocol_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    protocol = protocol_for_county(county=county, pk=pk)
    response = HttpResponse(
        disposal_protocol_render(protocol=protocol), content_type="application/pdf"
    )
    filename = get_valid_filename(f"gallringsprotokoll-{county.slug}-{protocol.pk}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
