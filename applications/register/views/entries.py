"""The county's register (diarium), for its coordinator: filter, page through, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from allocations.agreements.selectors import county_for_coordinator
from applications.exports import FORMATS, table_response
from applications.models import RegisterEntry
from applications.register.selectors.entries import REGISTER_COLUMNS, officer_name, register_filter
from applications.register.services import register_officer_assign, register_officers

PAGE_SIZE = 100


@login_required
@require_GET
def register(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    filterset = register_filter(county=county, data=request.GET)
    entries = filterset.qs
    export = request.GET.get("format")
    if export in FORMATS:
        return table_response(
            format=export,
            columns=REGISTER_COLUMNS,
            rows=entries.iterator(chunk_size=2000),
            filename=f"diarium-{county.slug}-{timezone.localdate():%Y-%m-%d}",
            sheet_title=_("Register"),
        )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, officer_name(entry)) for entry in page]
    return render(
        request,
        "applications/register/register.html",
        {
            "county": county,
            "filter": filterset,
            "page": page,
            "rows": rows,
            "officers": register_officers(county_id=county.pk),
        },
    )


@login_required
@require_POST
def register_officer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Assign the officer handling an entry's case (every entry of the case without one)."""
    county = county_for_coordinator(user=request.user, slug=slug)
    entry = get_object_or_404(RegisterEntry, pk=pk, county=county)
    officers = {user.pk: user for user in register_officers(county_id=county.pk)}
    try:
        officer = officers.get(int(request.POST.get("officer", "")))
    except (TypeError, ValueError, OverflowError):
        officer = None
    if officer is None:
        messages.error(request, _("Choose an officer from the list."))
    else:
        try:
            register_officer_assign(entry=entry, officer=officer, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s now handles %(case)s.")
                % {
                    "name": officer.get_full_name() or officer.get_username(),
                    "case": entry.case_number or entry.get_kind_display(),
                },
            )
    # Back to the page and filter the form was on.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    url = reverse("applications:register", args=[county.slug])
    return redirect(f"{url}?{query}" if query else url)
