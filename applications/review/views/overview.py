"""The review group's overview of a focus area: the table, the allocation, the export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from allocations.agreements.selectors import agreement_latest, county_for_user, user_has_role
from allocations.models import Agreement, County, Role
from applications.exports import xlsx_response
from applications.review.exports import overview_columns
from applications.review.filters import ORDERINGS
from applications.review.selectors.focus_area import default_focus_area, review_focus_areas
from applications.review.selectors.meetings import review_meetings_of_county
from applications.review.selectors.overview import Overview, OverviewRow, review_overview
from config.data_version import fragment_key, query_key
from config.page_cache import content_key, rows_html

REVIEW_STAFF = {Role.COORDINATOR, Role.REVIEWER}


def review_county(request: HttpRequest, slug: str) -> County:
    """The county for its coordinator and review group: 404 elsewhere, 403 for other roles."""
    county = county_for_user(user=request.user, slug=slug)
    if not user_has_role(user=request.user, county=county, roles=REVIEW_STAFF):
        raise PermissionDenied
    return county


def _agreement(request: HttpRequest) -> Agreement:
    year = request.GET.get("ar", "")
    agreement = (
        Agreement.objects.filter(year=int(year)).first()
        if year.isdigit() and len(year) == 4
        else agreement_latest()
    )
    if agreement is None:
        raise Http404
    return agreement


def sort_links(ordering: str) -> dict[str, dict]:
    """Per sortable column: the ?o= value its link sets (toggling the direction), and the
    current direction as aria-sort reads it."""
    links = {}
    for key in (k for k in ORDERINGS if not k.startswith("-")):
        if ordering == key:
            links[key] = {"next": f"-{key}", "aria": "ascending"}
        elif ordering == f"-{key}":
            links[key] = {"next": key, "aria": "descending"}
        else:
            links[key] = {"next": key, "aria": ""}
    return links


def _row_key(row: OverviewRow) -> str:
    """Everything an application's row shows (`overview_row.html`) as the viewer sees it."""
    application = row.application
    return content_key(
        application,
        application.organisation,
        application.sub_area,
        row.proposal,
        [(entry.member.pk, entry.state, entry.assessment, entry.score) for entry in row.entries],
        (row.rank, row.hidden, row.consensus, row.recommended_amount, row.total_score),
        row.mean_score,
    )


def _row_parts(overview: Overview) -> None:
    """Each row from the cache where it was rendered with the same data before."""
    html = rows_html(
        "review-overview-row",
        overview.rows,
        key=_row_key,
        render=lambda row: render_to_string("applications/review/overview_row.html", {"row": row}),
    )
    for row, text in zip(overview.rows, html, strict=True):
        row.html = text


@login_required
@require_GET
def review_overview_view(request: HttpRequest, slug: str) -> HttpResponse:
    county = review_county(request, slug)
    agreement = _agreement(request)
    areas = review_focus_areas(county=county, agreement=agreement)
    number = request.GET.get("omrade", "")
    if number:
        focus_area = next((a for a in areas if str(a.number) == number), None)
    else:
        focus_area = default_focus_area(county=county, agreement=agreement, areas=areas)
    if focus_area is None:
        raise Http404

    def build() -> Overview:
        return review_overview(
            county=county,
            agreement=agreement,
            focus_area=focus_area,
            viewer=request.user,
            data=request.GET,
        )

    if request.GET.get("format") == "xlsx":
        overview = build()
        return xlsx_response(
            columns=overview_columns(overview.members),
            rows=overview.rows,
            filename=(
                f"beredning-{county.slug}-{agreement.year}-omrade-{focus_area.number}-"
                f"{timezone.localdate():%Y-%m-%d}"
            ),
            sheet_title=_("Focus area %(number)s") % {"number": focus_area.number},
        )
    is_coordinator = user_has_role(user=request.user, county=county, roles={Role.COORDINATOR})

    def build_with_row_parts() -> Overview:
        built = build()
        _row_parts(built)
        return built

    # Built only when the cached page part is missing or older than the county's data. The
    # rows are per viewer (conflicts of interest, own assessments submitted or not).
    overview = SimpleLazyObject(build_with_row_parts)
    return render(
        request,
        "applications/review/overview.html",
        {
            "county": county,
            "agreement": agreement,
            "areas": areas,
            "focus_area": focus_area,
            "overview": overview,
            "figures": SimpleLazyObject(lambda: overview.figures),
            "sort": SimpleLazyObject(lambda: sort_links(overview.ordering)),
            "meetings": review_meetings_of_county(county=county).filter(
                round__call__agreement=agreement
            ),
            "is_coordinator": is_coordinator,
            "part_key": fragment_key(
                county.pk,
                agreement.year,
                focus_area.pk,
                request.user.pk,
                is_coordinator,
                request.user.is_superuser,
                query_key(request.GET),
            ),
        },
    )
