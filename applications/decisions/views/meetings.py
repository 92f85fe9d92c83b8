"""The decision forum's meetings: the list, creating and editing one, its page (the
agenda), closing it and approving its minutes.

The agenda's actions are in `decision_agenda` and the rulings in `decision_rulings`; they
all render the meeting page through `meeting_page_response`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import agreement_latest
from allocations.models import County
from applications.decisions.forms.meetings import DecisionMeetingForm
from applications.decisions.permissions import (
    approvals_due,
    decision_county,
    is_coordinator,
    may_decide,
)
from applications.decisions.selectors.agenda import meeting_page
from applications.decisions.selectors.meetings import (
    decision_meeting_get,
    decision_meetings_of_county,
    meeting_line_counts,
    next_paragraph_number,
)
from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.meetings import meeting_create, meeting_update
from applications.errors import ApplicationError, ApplicationIncomplete
from applications.models import DecisionMeeting
from applications.register.selectors.audit import meeting_audit
from config.data_version import fragment_key, query_key
from config.page_cache import content_key, rows_html


def meeting_url(meeting: DecisionMeeting, anchor: str = "") -> str:
    url = redirect("applications:decision_meeting", slug=meeting.county.slug, pk=meeting.pk).url
    return f"{url}#{anchor}" if anchor else url


# Where a form of the meeting page takes the request's csrf token. The cached parts of the
# page hold this mark, never a token; it is replaced in every response. Data on the page is
# escaped, so the mark (a tag) can only come from the templates.
CSRF_SLOT = mark_safe("<csrf-token-slot>")


def meeting_page_response(
    request: HttpRequest,
    county: County,
    meeting: DecisionMeeting,
    *,
    bound: dict | None = None,
    errors: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting page. Its agenda, facts and history are cached until the county's data
    changes, per what the viewer may do; a page with a posted form or a refusal on it
    (`bound`, `errors`) is rendered afresh and not cached."""
    viewer = request.user
    coordinator = is_coordinator(viewer, county.pk)
    deciding = may_decide(viewer, meeting)
    due = approvals_due(viewer, meeting)
    part_key = None
    if not bound and not errors:
        part_key = fragment_key(
            county.pk,
            meeting.pk,
            meeting.state,
            coordinator,
            deciding,
            # conflicts of interest on the lines and in the adoption forms are the viewer's own
            viewer.pk if deciding else "",
            "+".join(due),
            query_key(request.GET),
        )

    def build():
        built = meeting_page(meeting=meeting, viewer=viewer, bound=bound, errors=errors)
        if part_key:  # a cached page: its lines come from parts of their own
            _line_parts(built, county)
        return built

    # Built only when a cached page part is missing or older than the county's data.
    page = SimpleLazyObject(build)
    context = {
        "county": county,
        "meeting": meeting,
        "page": page,
        "audit_entries": SimpleLazyObject(lambda: meeting_audit(meeting=meeting)),
        "audit_show_ip": coordinator,
        "part_key": part_key,
        "csrf_slot": CSRF_SLOT,
    }
    html = render_to_string("applications/decisions/meeting.html", context, request)
    return HttpResponse(html.replace(CSRF_SLOT, csrf_input(request)), status=status)


def _line_key(panel, county: County) -> str:
    """Everything a line's row on the agenda shows (`_line_entry.html`)."""
    line = panel.line
    corrects = line.corrects
    corrected_by = getattr(line, "corrected_by", None)
    return content_key(
        county.slug,
        line,
        line.application,
        line.sub_area,
        line.responsible_organisation,
        line.handling_organisation,
        line.rejection_reason,
        [corrects, corrects.item, corrects.item.meeting] if corrects else None,
        [corrected_by, corrected_by.item, corrected_by.item.meeting] if corrected_by else None,
        list(line.not_participating.all()),
        (panel.error, panel.takes_no_part, panel.may_rule, panel.may_organise),
        panel.may_record_conflict,
    )


def _line_parts(page, county: County) -> None:
    """Each line's row from the cache where it was rendered with the same data before."""
    panels = [lp for item in page.items for group in item.groups for lp in group.lines]
    html = rows_html(
        "agenda-line",
        panels,
        key=lambda lp: _line_key(lp, county),
        render=lambda lp: render_to_string(
            "applications/decisions/_line_entry.html",
            {"lp": lp, "line": lp.line, "county": county},
        ),
    )
    for panel, text in zip(panels, html, strict=True):
        panel.html = text
    rows = [row for item in page.items for group in item.groups for row in group.adopt_rows]
    html = rows_html(
        "agenda-adopt-row",
        rows,
        key=_adopt_key,
        render=lambda row: render_to_string(
            "applications/decisions/_adopt_row.html", {"row": row, "county": county}
        ),
    )
    for row, text in zip(rows, html, strict=True):
        row.html = text


def _adopt_key(row) -> str:
    """Everything a line's exception fields in the (unposted) adoption form show."""
    fields = [
        (
            bound.html_name,
            bound.auto_id,
            str(bound.label),
            str(bound.help_text),
            bound.field.required,
            bound.field.initial,
            type(bound.field.widget).__name__,
            bound.field.widget.attrs,
            [(key, str(label)) for key, label in getattr(bound.field, "choices", ())],
        )
        for bound in row.fields.values()
    ]
    return content_key(row.line, row.line.application, row.conflicted, fields)


def refused_when_closed(request: HttpRequest, meeting: DecisionMeeting) -> HttpResponse | None:
    """A closed meeting changes no more: say so on its page instead of acting."""
    if meeting.is_open:
        return None
    messages.error(request, _("The meeting is closed: its decisions can no longer change."))
    return redirect(meeting_url(meeting))


def add_problems(form, problems: dict[str, list[str]]) -> None:
    for name, messages_ in problems.items():
        for message in messages_:
            form.add_error(name if name in form.fields else None, message)


@login_required
@require_GET
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    county = decision_county(request, slug)
    return render(
        request,
        "applications/decisions/meeting_list.html",
        {
            "county": county,
            "meetings": decision_meetings_of_county(county=county),
            "is_coordinator": is_coordinator(request.user, county.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    county = decision_county(request, slug, coordinator=True)
    agreement = agreement_latest()
    form = DecisionMeetingForm(
        request.POST or None,
        county=county,
        initial={
            "agreement": agreement.pk if agreement else None,
            "first_paragraph": next_paragraph_number(county=county, agreement=agreement),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_create(
                county=county,
                agreement=data["agreement"],
                user=request.user,
                held_on=data["held_on"],
                place=data["place"],
                first_paragraph=data["first_paragraph"],
                members_present=list(data["members_present"]),
                chair=data["chair"],
                minutes_approver=data["minutes_approver"],
            )
        except ApplicationIncomplete as exc:
            add_problems(form, exc.problems)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The meeting has been created."))
            return redirect(meeting_url(meeting))
    return render(
        request,
        "applications/decisions/meeting_form.html",
        {"county": county, "form": form, "meeting": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug, coordinator=True)
    meeting = decision_meeting_get(county=county, pk=pk)
    if refused := refused_when_closed(request, meeting):
        return refused
    form = DecisionMeetingForm(
        request.POST or None,
        county=county,
        editing=True,
        initial={
            "held_on": meeting.held_on,
            "place": meeting.place,
            "first_paragraph": meeting.first_paragraph,
            "members_present": [m.pk for m in meeting.members_present.all()],
            "chair": meeting.chair_id,
            "minutes_approver": meeting.minutes_approver_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = list(data.pop("members_present"))
        try:
            meeting_update(meeting=meeting, user=request.user, members_present=members, **data)
        except ApplicationIncomplete as exc:
            add_problems(form, exc.problems)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The meeting has been updated."))
            return redirect(meeting_url(meeting))
    return render(
        request,
        "applications/decisions/meeting_form.html",
        {"county": county, "form": form, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def meeting_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug)
    meeting = decision_meeting_get(county=county, pk=pk)
    return meeting_page_response(request, county, meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_close_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Closing makes the decisions final: a page asks for confirmation first."""
    county = decision_county(request, slug, coordinator=True)
    meeting = decision_meeting_get(county=county, pk=pk)
    if refused := refused_when_closed(request, meeting):
        return refused
    if request.method == "POST":
        try:
            meeting_close(meeting=meeting, user=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The meeting is closed. Its decisions are final and the grants made.")
            )
        return redirect(meeting_url(meeting))
    line_count, pending_count = meeting_line_counts(meeting=meeting)
    return render(
        request,
        "applications/decisions/meeting_close.html",
        {
            "county": county,
            "meeting": meeting,
            "line_count": line_count,
            "pending_count": pending_count,
        },
    )


@login_required
@require_POST
def minutes_approve_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug)
    meeting = decision_meeting_get(county=county, pk=pk)
    try:
        meeting = minutes_approve(meeting=meeting, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if meeting.is_released:
            messages.success(
                request,
                _("The minutes are approved. The decisions are released to the applicants."),
            )
        else:
            messages.success(request, _("You have approved the minutes."))
    return redirect(meeting_url(meeting))
