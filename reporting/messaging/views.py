"""The county's e-mails that failed or are uncertain (coordinators of the county only:
users without a role in the county get 404, other roles 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from allocations.agreements.selectors import county_for_coordinator
from reporting.messaging.mail import MailNotResendable, mail_resend
from reporting.messaging.selectors import county_mail_problems
from reporting.models import MailState, OutgoingEmail


@login_required
@require_GET
def county_mail(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "reporting/mail/list.html",
        {
            "county": county,
            "emails": list(county_mail_problems(county=county)),
            "SENDING": MailState.SENDING,
        },
    )


@login_required
@require_POST
def county_mail_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    email = get_object_or_404(OutgoingEmail, county=county, pk=pk)
    try:
        mail_resend(email=email, by=request.user)
    except MailNotResendable:
        messages.info(request, _("The e-mail is already on its way or sent."))
    else:
        messages.success(request, _("The e-mail will be sent again."))
    return redirect("reporting:county_mail", slug=county.slug)
