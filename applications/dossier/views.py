"""A closed grant's dossier: the coordinator asks for it (the button on the grant's page),
then follows its building on the export job page, which serves the ZIP when it is done. The
archive package of a county's year is asked for the same way, on the year's page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from allocations.agreements.selectors import agreement_get, county_for_user
from applications.dossier.selectors import may_request_dossier, may_request_year_package
from applications.dossier.tasks import (
    DossierRefused,
    dossier_request,
    sip_request,
    sip_year_request,
)
from applications.grants.permissions import grant_for_user


def _back(request: HttpRequest, default: str) -> str:
    """The page the request came from, if it is ours; else `default`."""
    target = request.POST.get("tillbaka", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _to_job(request: HttpRequest, queue, back: str, **subject) -> HttpResponse:
    try:
        job = queue(user=request.user, **subject)
    except DossierRefused as refused:
        messages.error(request, str(refused))
        return redirect(back)
    query = urlencode({"tillbaka": back})
    return redirect(f"{reverse('reporting:export_job', args=[job.pk])}?{query}")


def _queued(request: HttpRequest, pk: int, queue) -> HttpResponse:
    grant = grant_for_user(request.user, pk)  # 404 for who may not see it
    if not may_request_dossier(request.user, grant):
        raise PermissionDenied
    history = reverse("applications:grant_history", args=[grant.county.slug, grant.pk])
    return _to_job(request, queue, _back(request, history), grant=grant)


@login_required
@require_POST
def dossier_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _queued(request, pk, dossier_request)


@login_required
@require_POST
def sip_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The decided case as an E-ARK SIP (a ZIP), built like the dossier on the job page."""
    return _queued(request, pk, sip_request)


@login_required
@require_POST
def sip_year_request_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Every decided case of the county's year as one E-ARK SIP, for its coordinator."""
    county = county_for_user(user=request.user, slug=slug)  # 404 for another county
    agreement = agreement_get(year=year)
    if not may_request_year_package(request.user, county.pk):
        raise PermissionDenied
    page = reverse("allocations:county_year", args=[county.slug, agreement.year])
    return _to_job(request, sip_year_request, _back(request, page), county=county, year=year)
