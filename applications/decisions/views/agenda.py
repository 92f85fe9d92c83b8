"""The agenda of a decision meeting: the coordinator puts the adopted proposals, new
paragraphs, lines without application and corrections on it; the forum settles who is
responsible and who handles the money, and who takes no part (jäv) in a line.

A refused form comes back where it was posted from (the meeting page for a paragraph, the
line's own page for a line, the correction page for a correction), with what was typed kept
(status 400); nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.decisions.forms.meetings import (
    AgendaItemForm,
    AgendaLineForm,
    CorrectionForm,
    LineOrganisationForm,
    NotParticipatingForm,
)
from applications.decisions.permissions import decision_county, is_coordinator
from applications.decisions.selectors.corrections import correction_form_unbound, correction_posted
from applications.decisions.selectors.meetings import (
    agenda_item_get,
    county_organisations,
    decision_line_get,
    decision_meeting_get,
    line_form_choices,
)
from applications.decisions.services.meetings import (
    agenda_add_item,
    agenda_add_line,
    agenda_add_proposals,
    correction_add,
    line_update,
)
from applications.decisions.services.rulings import member_not_participating
from applications.decisions.views.line import line_page_response
from applications.decisions.views.meetings import (
    add_problems,
    meeting_page_response,
    meeting_url,
    refused_when_closed,
)
from applications.errors import ApplicationError, ApplicationIncomplete


@login_required
@require_POST
def proposals_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug, coordinator=True)
    meeting = decision_meeting_get(county=county, pk=pk)
    if refused := refused_when_closed(request, meeting):
        return refused
    try:
        item = agenda_add_proposals(meeting=meeting, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(meeting_url(meeting))
    if item is None:
        messages.info(request, _("There are no adopted proposals waiting for a decision."))
        return redirect(meeting_url(meeting))
    messages.success(
        request,
        _("The adopted proposals are on the agenda as §%(number)s.") % {"number": item.number},
    )
    return redirect(meeting_url(meeting, f"paragraf-{item.number}"))


@login_required
@require_POST
def item_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug, coordinator=True)
    meeting = decision_meeting_get(county=county, pk=pk)
    if refused := refused_when_closed(request, meeting):
        return refused
    form = AgendaItemForm(request.POST, prefix="item")
    if form.is_valid():
        try:
            item = agenda_add_item(
                meeting=meeting, user=request.user, heading=form.cleaned_data["heading"]
            )
        except ApplicationIncomplete as exc:
            add_problems(form, exc.problems)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("§%(number)s has been added.") % {"number": item.number})
            return redirect(meeting_url(meeting, f"paragraf-{item.number}"))
    return meeting_page_response(request, county, meeting, bound={("item",): form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def correction_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Search the county's final decisions (`q`) and put a correction of one on the agenda."""
    county = decision_county(request, slug, coordinator=True)
    meeting = decision_meeting_get(county=county, pk=pk)
    if refused := refused_when_closed(request, meeting):
        return refused
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()[:100]
    if request.method == "GET":
        form = correction_form_unbound(county=county, query=query) if query else None
        return _correction_page(request, county, meeting, form, query)
    posted = correction_posted(county=county, value=request.POST.get("correction-corrected", ""))
    form = CorrectionForm(request.POST, prefix="correction", candidates=posted)
    if form.is_valid():
        try:
            line = correction_add(
                meeting=meeting,
                user=request.user,
                corrected=form.cleaned_data["corrected"],
                heading=form.cleaned_data["heading"],
            )
        except ApplicationError as exc:
            form.add_error("corrected", exc.message)
        else:
            messages.success(
                request,
                _("The correction is on the agenda as §%(number)s; decide it there.")
                % {"number": line.item.number},
            )
            return redirect(meeting_url(meeting, f"paragraf-{line.item.number}"))
    return _correction_page(request, county, meeting, form, query, status=400)


def _correction_page(request, county, meeting, form, query, *, status=200) -> HttpResponse:
    return render(
        request,
        "applications/decisions/correction.html",
        {"county": county, "meeting": meeting, "form": form, "q": query},
        status=status,
    )


@login_required
@require_POST
def line_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A line without application on paragraph `pk`."""
    county = decision_county(request, slug, coordinator=True)
    item = agenda_item_get(county=county, pk=pk)
    meeting = decision_meeting_get(county=county, pk=item.meeting_id)
    if refused := refused_when_closed(request, meeting):
        return refused
    form = AgendaLineForm(
        request.POST,
        prefix=f"n{item.pk}",
        **line_form_choices(county=county, agreement=meeting.agreement),
    )
    if form.is_valid():
        try:
            line = agenda_add_line(item=item, user=request.user, **form.cleaned_data)
        except ApplicationIncomplete as exc:
            add_problems(form, exc.problems)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The line has been added to §%(number)s.") % {"number": item.number}
            )
            return redirect(meeting_url(meeting, f"rad-{line.pk}"))
    return meeting_page_response(
        request, county, meeting, bound={("line", item.pk): form}, status=400
    )


@login_required
@require_POST
def line_organisation_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Who is responsible for line `pk` and who handles its money."""
    county = decision_county(request, slug)
    line = decision_line_get(county=county, pk=pk)
    meeting = decision_meeting_get(county=county, pk=line.item.meeting_id)
    if refused := refused_when_closed(request, meeting):
        return refused
    form = LineOrganisationForm(
        request.POST, line=line, organisations=county_organisations(county=county)
    )
    error = ""
    if form.is_valid():
        try:
            line_update(decision=line, user=request.user, **form.cleaned_data)
        except ApplicationIncomplete as exc:
            add_problems(form, exc.problems)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("The organisations of the line have been saved."))
            return redirect(meeting_url(meeting, f"rad-{line.pk}"))
    return line_page_response(
        request, county, meeting, line, bound={"organisation": form}, error=error, status=400
    )


@login_required
@require_POST
def not_participating_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member records that they take no part in line `pk` (jäv); the coordinator may
    record it for any member present (the form's `member`)."""
    county = decision_county(request, slug)
    line = decision_line_get(county=county, pk=pk)
    meeting = decision_meeting_get(county=county, pk=line.item.meeting_id)
    if refused := refused_when_closed(request, meeting):
        return refused
    member = request.user
    form = None
    if f"j{line.pk}-member" in request.POST:
        if not is_coordinator(request.user, county.pk):
            raise PermissionDenied
        form = NotParticipatingForm(
            request.POST, line=line, members=list(meeting.members_present.all())
        )
        if not form.is_valid():
            return line_page_response(
                request, county, meeting, line, bound={"member": form}, status=400
            )
        member = form.cleaned_data["member"]
    try:
        member_not_participating(decision=line, user=request.user, member=member)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Recorded: %(member)s takes no part in this line (conflict of interest).")
            % {"member": member.get_full_name() or member.get_username()},
        )
    return redirect(meeting_url(meeting, f"rad-{line.pk}"))
