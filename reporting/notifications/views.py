"""The person's own notification choices; only ever their own (no id in the address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reporting.notifications.forms import NotificationChoicesForm
from reporting.notifications.selectors import choices_for
from reporting.notifications.services import choices_save


@login_required
@require_http_methods(["GET", "POST"])
def notification_choices(request: HttpRequest) -> HttpResponse:
    form = NotificationChoicesForm(
        request.POST if request.method == "POST" else None,
        current=choices_for(user=request.user),
    )
    if request.method == "POST":
        if form.is_valid():
            choices_save(user=request.user, deliveries=form.cleaned_data)
            messages.success(request, _("Your notification choices were saved."))
            return redirect("reporting:notification_choices")
        status = 400
    else:
        status = 200
    return render(request, "reporting/notifications/choices.html", {"form": form}, status=status)
