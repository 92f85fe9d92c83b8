"""Deadline pages: the county's deadlines (coordinators), the user's notification choices
and calendar feed, and the feed itself (by its secret token, no log-in).

County pages: users without a role in the county get 404, other roles of the county 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import county_for_coordinator
from allocations.models import County
from reporting.deadlines import ical
from reporting.deadlines.forms import CalendarFeedForm, DeadlineForm, NotificationsForm
from reporting.deadlines.notifications import preferences_for, preferences_save
from reporting.deadlines.selectors import county_deadlines, county_failed_reminders
from reporting.deadlines.services import (
    deadline_create,
    deadline_mark_done,
    deadline_reopen,
    deadline_update,
)
from reporting.deadlines.services import reminder_resend as reminder_resend_service
from reporting.models import Deadline, Reminder


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _page(request, county, form, status=200, editing=None) -> HttpResponse:
    deadlines = list(county_deadlines(county=county))
    return render(
        request,
        "reporting/deadlines/list.html",
        {
            "county": county,
            "deadlines": deadlines,
            "failed": list(county_failed_reminders(county=county)),
            "form": form,
            "editing": editing,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def deadlines(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    form = DeadlineForm(_data(request), county=county)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, county, form, status=400)
        data = form.cleaned_data
        deadline_create(
            county=county,
            kind=data["kind"],
            title=data["title"],
            due_on=data["due_on"],
            responsible_role=data["responsible_role"],
            responsible_user=data["responsible_user"],
            responsible_organisation=data["responsible_organisation"],
            reminder_offsets=data["reminder_offsets"],
        )
        messages.success(request, _("The deadline was added."))
        return redirect("reporting:deadlines", slug=county.slug)
    return _page(request, county, form)


def _deadline(county: County, pk: int) -> Deadline:
    return get_object_or_404(Deadline, county=county, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def deadline_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    deadline = _deadline(county, pk)
    form = DeadlineForm(_data(request), instance=deadline, county=county)
    if request.method == "POST":
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            deadline_update(deadline=Deadline.objects.get(pk=deadline.pk), **changes)
            messages.success(request, _("The deadline was saved."))
            return redirect("reporting:deadlines", slug=county.slug)
        return render(
            request,
            "reporting/deadlines/edit.html",
            {"county": county, "deadline": deadline, "form": form},
            status=400,
        )
    return render(
        request,
        "reporting/deadlines/edit.html",
        {"county": county, "deadline": deadline, "form": form},
    )


@login_required
@require_POST
def deadline_done(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    deadline = _deadline(county, pk)
    if request.POST.get("action") == "reopen":
        deadline_reopen(deadline=deadline)
        messages.success(request, _("The deadline is open again."))
    else:
        deadline_mark_done(deadline=deadline, by=request.user)
        messages.success(request, _("The deadline was marked done."))
    return redirect("reporting:deadlines", slug=county.slug)


@login_required
@require_POST
def reminder_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    reminder = get_object_or_404(Reminder, deadline__county=county, pk=pk)
    reminder_resend_service(reminder=reminder)
    messages.success(request, _("The reminder will be sent again."))
    return redirect("reporting:deadlines", slug=county.slug)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    current = preferences_for(user=request.user)
    form = NotificationsForm(_data(request), current=current)
    if request.method == "POST" and form.is_valid():
        preferences_save(user=request.user, enabled=form.cleaned_data)
        messages.success(request, _("Your choices were saved."))
        return redirect("reporting:notifications")
    return render(request, "reporting/deadlines/notifications.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    form = CalendarFeedForm(_data(request))
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["action"] == "create":
            ical.feed_create(user=request.user)
            messages.success(request, _("Your calendar address was created."))
        else:
            ical.feed_revoke(user=request.user)
            messages.success(request, _("Your calendar address was revoked."))
        return redirect("reporting:calendar_feed")
    feed = ical.feed_current(user=request.user)
    url = None
    if feed is not None:
        url = request.build_absolute_uri(
            reverse("reporting:calendar_ics", kwargs={"token": feed.token})
        )
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reporting/deadlines/calendar.html", {"feed": feed, "url": url}, status=status
    )


@require_GET
@never_cache
def calendar_ics(request: HttpRequest, token: str) -> HttpResponse:
    feed = ical.feed_by_token(token=token)
    if feed is None:
        raise Http404
    body = ical.calendar_ics(user=feed.user, url=request.build_absolute_uri(reverse("start")))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lansmedel.ics"'
    return response
