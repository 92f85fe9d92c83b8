"""Review meetings: record one, adopt proposed decisions on its agenda, export them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.money import format_kronor
from applications.errors import ApplicationError, ApplicationIncomplete
from applications.exports import xlsx_response
from applications.models import Application
from applications.review.exports import PROPOSAL_COLUMNS
from applications.review.forms.meeting import ProposalForm, ReviewMeetingForm, proposal_prefix
from applications.review.pdf import proposals_pdf_render
from applications.review.selectors.meetings import (
    meeting_agenda,
    meeting_proposals,
    review_meeting_get,
)
from applications.review.services import proposal_adopt, review_meeting_create
from applications.review.views.overview import review_county


@login_required
@require_http_methods(["GET", "POST"])
def review_meeting_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    county = review_county(request, slug)
    form = ReviewMeetingForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = review_meeting_create(
                review_round=form.cleaned_data["round"],
                user=request.user,
                held_on=form.cleaned_data["held_on"],
                attendees=list(form.cleaned_data["attendees"]),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The review meeting has been recorded."))
            return redirect("applications:review_meeting", slug=county.slug, pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "applications/review/meeting_form.html",
        {"county": county, "form": form},
        status=status,
    )


def _meeting_page(request, county, meeting, *, bound=None, errors=None, status=200):
    areas = meeting_agenda(meeting=meeting, viewer=request.user, bound=bound, errors=errors)
    return render(
        request,
        "applications/review/meeting.html",
        {"county": county, "meeting": meeting, "areas": areas},
        status=status,
    )


@login_required
@require_GET
def review_meeting_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = review_county(request, slug)
    meeting = review_meeting_get(county=county, pk=pk)
    return _meeting_page(request, county, meeting)


@login_required
@require_POST
def proposal_adopt_view(
    request: HttpRequest, slug: str, pk: int, application_pk: int
) -> HttpResponse:
    """Adopt the proposed decision on one row. A refusal (the allocation guard, a
    conflict) is shown next to the row with the typed values kept; nothing is saved."""
    county = review_county(request, slug)
    meeting = review_meeting_get(county=county, pk=pk)
    application = get_object_or_404(
        Application.objects.select_related("focus_area"),
        pk=application_pk,
        county=county,
        call_id=meeting.round.call_id,
    )
    form = ProposalForm(
        request.POST,
        prefix=proposal_prefix(application.pk),
        case_number=application.case_number or "",
    )
    error = ""
    if form.is_valid():
        try:
            proposal = proposal_adopt(
                meeting=meeting, application=application, user=request.user, **form.cleaned_data
            )
        except ApplicationIncomplete as exc:
            for name, problems in exc.problems.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Proposed decision adopted for %(case)s: %(amount)s.")
                % {"case": application.case_number, "amount": format_kronor(proposal.amount)},
            )
            url = redirect("applications:review_meeting", slug=county.slug, pk=meeting.pk).url
            return redirect(f"{url}#arende-{application.pk}")
    return _meeting_page(
        request,
        county,
        meeting,
        bound={application.pk: form},
        errors={application.pk: error} if error else None,
        status=400,
    )


@login_required
@require_GET
def proposals_xlsx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = review_county(request, slug)
    meeting = review_meeting_get(county=county, pk=pk)
    return xlsx_response(
        columns=PROPOSAL_COLUMNS,
        rows=meeting_proposals(meeting=meeting),
        filename=f"forslag-till-beslut-{county.slug}-{meeting.held_on:%Y-%m-%d}",
        sheet_title=_("Proposed decisions"),
    )


@login_required
@require_GET
def proposals_pdf(request: HttpRequest, slug: str, pk: int, area: int) -> HttpResponse:
    """The "förslag till beslut" of one focus area as PDF."""
    county = review_county(request, slug)
    meeting = review_meeting_get(county=county, pk=pk)
    focus_area = next((a for a in meeting.round.call.focus_areas.all() if a.number == area), None)
    if focus_area is None:
        raise Http404
    response = HttpResponse(
        proposals_pdf_render(meeting=meeting, focus_area=focus_area),
        content_type="application/pdf",
    )
    filename = get_valid_filename(
        f"forslag-till-beslut-{county.slug}-{meeting.held_on:%Y-%m-%d}-omrade-{area}.pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
