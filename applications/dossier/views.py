"""A closed grant's dossier: the coordinator asks for it (the button on the grant's page),
then follows its building on the export job page, which serves the ZIP when it is done."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from applications.dossier.selectors import may_request_dossier
from applications.dossier.tasks import DossierRefused, dossier_request, sip_request
from applications.grants.permissions import grant_for_user


def _back(request: HttpRequest, grant) -> str:
    """The page the request came from, if it is ours; else the grant's history."""
    target = request.POST.get("tillbaka", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("applications:grant_history", args=[grant.county.slug, grant.pk])


def _queued(request: HttpRequest, pk: int, queue) -> HttpResponse:
    grant = grant_for_user(request.user, pk)  # 404 for who may not see it
    if not may_request_dossier(request.user, grant):
        raise PermissionDenied
    back = _back(request, grant)
    try:
        job = queue(grant=grant, user=request.user)
    except DossierRefused as refused:
        messages.error(request, str(refused))
        return redirect(back)
    query = urlencode({"tillbaka": back})
    return redirect(f"{reverse('reporting:export_job', args=[job.pk])}?{query}")


@login_required
@require_POST
def dossier_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _queued(request, pk, dossier_request)


@login_required
@require_POST
def sip_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The decided case as an E-ARK SIP (a ZIP), built like the dossier on the job page."""
    return _queued(request, pk, sip_request)
