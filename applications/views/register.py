"""The county's register (diarium), for its coordinator: filter, page through, export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from allocations.models import Role
from allocations.selectors import county_for_user, user_has_role

from ..exports import FORMATS, table_response
from ..selectors_register import REGISTER_COLUMNS, officer_name, register_filter

PAGE_SIZE = 100


@login_required
@require_GET
def register(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_user(user=request.user, slug=slug)
    if not user_has_role(user=request.user, county=county, roles={Role.COORDINATOR}):
        raise PermissionDenied
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
        {"county": county, "filter": filterset, "page": page, "rows": rows},
    )
