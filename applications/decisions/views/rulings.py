# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""Deciding: a paragraph's list adopted as a whole with exceptions, or one line at a time.

A refusal (a field problem, the allocation guard) is shown next to the line or in the
focus area it concerns, with everything typed kept; nothing is decided.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allocations.money import format_kronor
from applications.decisions.forms.rulings import AdoptListForm, RulingForm
from applications.decisions.permissions import decision_county
from applications.decisions.selectors.meetings import (
    active_reasons,
    adoption_overshoot,
    agenda_item_get,
    decision_line_get,
    decision_meeting_get,
    item_lines,
)
from applications.decisions.services.rulings import decision_rule, item_adopt_as_whole
from applications.decisions.views.line import line_page_response
from applications.decisions.views.meetings import (
    meeting_page_response,
    meeting_url,
    refused_when_closed,
)
from applications.errors import ApplicationError, ApplicationIncomplete


@login_required
@require_POST
def item_adopt_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Adopt paragraph `pk`'s list as a whole, with the exceptions filled in."""
    county = decision_county(request, slug)
    item = agenda_item_get(county=county, pk=pk)
    meeting = decision_meeting_get(county=county, pk=item.meeting_id)
    if refused := refused_when_closed(request, meeting):
        return refused
    form = AdoptListForm(
        request.POST,
        lines=item_lines(item=item),
        reasons=active_reasons(county=county),
        viewer=request.user,
    )
    errors: dict[tuple, str] = {}
    if form.is_valid():
        exceptions = form.exceptions()
        try:
            item_adopt_as_whole(item=item, user=request.user, exceptions=exceptions)
        except ApplicationIncomplete as exc:
            form.add_problems(exc.problems)
        except ApplicationError as exc:
            errors[("adopt", item.pk)] = exc.message
            over = adoption_overshoot(item=item, exceptions=exceptions, viewer=request.user)
            for area_id, overshoot in over.items():
                errors[("area", item.pk, area_id)] = _(
                    "With the amounts entered this focus area would exceed its allocation by %(overshoot)s."
                ) % {"overshoot": format_kronor(overshoot)}
        else:
            messages.success(
                request,
                _("§%(number)s: the list has been decided.") % {"number": item.number},
            )
            return redirect(meeting_url(meeting, f"paragraf-{item.number}"))
    if form.errors or form.line_errors:
        errors.setdefault(
            ("adopt", item.pk), _("Nothing has been decided. Correct the marked lines.")
        )
    return meeting_page_response(
        request, county, meeting, bound={("adopt", item.pk): form}, errors=errors, status=400
    )


@login_required
@require_POST
def line_decide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Decide (or re-decide, while the meeting is open) line `pk` on its own."""
    county = decision_county(request, slug)
    line = decision_line_get(county=county, pk=pk)
    meeting = decision_meeting_get(county=county, pk=line.item.meeting_id)
    if refused := refused_when_closed(request, meeting):
        return refused
    form = RulingForm(request.POST, line=line, reasons=active_reasons(county=county))
    error = ""
    if form.is_valid():
        try:
            decision_rule(decision=line, user=request.user, ruling=form.ruling())
        except ApplicationIncomplete as exc:
            form.add_problems(exc.problems)
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, _("The decision on the line has been recorded."))
            return redirect(meeting_url(meeting, f"rad-{line.pk}"))
    return line_page_response(
        request, county, meeting, line, bound={"rule": form}, error=error, status=400
    )
