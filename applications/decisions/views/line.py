"""One line of a decision meeting on its own page: its figures and the forms the viewer
may use on it (decide it, its organisations, conflict of interest).

The agenda links here from each line instead of rendering these forms for every line. A
refused form posted from here comes back here, with what was typed kept (status 400).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from allocations.models import County
from applications.decisions.permissions import decision_county
from applications.decisions.selectors.agenda import line_page
from applications.decisions.selectors.meetings import decision_line_get, decision_meeting_get
from applications.models import Decision, DecisionMeeting


def line_page_response(
    request: HttpRequest,
    county: County,
    meeting: DecisionMeeting,
    line: Decision,
    *,
    bound: dict | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    panel = line_page(line=line, meeting=meeting, viewer=request.user, bound=bound, error=error)
    return render(
        request,
        "applications/decisions/line.html",
        {"county": county, "meeting": meeting, "line": line, "lp": panel},
        status=status,
    )


@login_required
@require_GET
def line_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug)
    line = decision_line_get(county=county, pk=pk)
    meeting = decision_meeting_get(county=county, pk=line.item.meeting_id)
    return line_page_response(request, county, meeting, line)
