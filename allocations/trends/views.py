"""Every figure of a county year over year, and its interventions over several years.

The county's coordinators and decision-forum members see the page (as the budget page);
other members of the county get 403, everyone else 404. Both tables download with
`?format=csv` or `?format=xlsx` (`table=interventions` for the second).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from allocations.agreements.selectors import county_for_user, user_has_role
from allocations.models import Role
from allocations.trends import exports as tables
from allocations.trends.charts import FIGURE_LABELS, trends_chart
from allocations.trends.selectors import FIGURES, county_trends
from applications.exports import FORMATS, table_response
from applications.grants.interventions import county_interventions

TRENDS_ROLES = {Role.COORDINATOR, Role.FORUM}


@login_required
@require_GET
def county_trends_view(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_user(user=request.user, slug=slug)
    if not user_has_role(user=request.user, county=county, roles=TRENDS_ROLES):
        raise PermissionDenied
    trends = county_trends(county=county)
    interventions = county_interventions(county=county)
    format = request.GET.get("format")
    if format is not None:
        if format not in FORMATS:
            raise Http404
        if request.GET.get("table", "years") == "interventions":
            years = tables.intervention_years(interventions)
            return table_response(
                format=format,
                columns=tables.intervention_columns(years),
                rows=interventions,
                filename=f"insatser-over-aren-{county.slug}",
            )
        return table_response(
            format=format,
            columns=tables.YEAR_COLUMNS,
            rows=tables.year_rows(trends),
            filename=f"ar-for-ar-{county.slug}",
        )
    years = tables.intervention_years(interventions)
    context = {
        "county": county,
        "trends": trends,
        "figures": [(figure, FIGURE_LABELS[figure]) for figure in FIGURES],
        "chart": trends_chart(trends),
        "interventions": interventions,
        "intervention_years": years,
        "intervention_rows": [(i, [i.in_year(year) for year in years]) for i in interventions],
    }
    return render(request, "allocations/trends/county_trends.html", context)
