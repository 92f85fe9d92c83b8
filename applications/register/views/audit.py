"""The audit trail's pages: the county's log as CSV for its coordinator, a grant's history."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from allocations.agreements.selectors import county_for_coordinator, county_for_user, user_has_role
from allocations.models import Role
from applications.models import Grant
from applications.register.selectors.audit import county_log, grant_audit


class _Echo:
    def write(self, value: str) -> str:
        return value


def _rows(county):
    # Streamed after the view has returned: the language is set here, not by the request.
    with translation.override("sv"):
        yield "\ufeff"
        writer = csv.writer(_Echo(), delimiter=";")
        yield writer.writerow(
            [
                _("Time"),
                _("User"),
                _("IP address"),
                _("Kind"),
                _("Object"),
                _("Change"),
                _("Changed fields"),
            ]
        )
        for entry in county_log(county=county):
            yield writer.writerow(
                [
                    timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                    entry.user,
                    entry.ip_address or "",
                    entry.model_label,
                    entry.object_label,
                    entry.change_type,
                    "; ".join(f"{c.label}: {c.before} → {c.after}" for c in entry.changes),
                ]
            )


@login_required
@require_GET
def county_log_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    response = StreamingHttpResponse(_rows(county), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="logg-{county.slug}.csv"'
    return response


@login_required
@require_GET
def grant_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A grant's history with its follow-up, for those who see the county's budget."""
    county = county_for_user(user=request.user, slug=slug)
    if not user_has_role(user=request.user, county=county, roles={Role.COORDINATOR, Role.FORUM}):
        raise PermissionDenied
    grant = get_object_or_404(
        Grant.objects.select_related("focus_area", "decision__item__meeting__agreement"),
        pk=pk,
        county=county,
    )
    return render(
        request,
        "applications/grant_history.html",
        {
            "county": county,
            "grant": grant,
            "audit_entries": grant_audit(grant=grant),
            "audit_show_ip": user_has_role(
                user=request.user, county=county, roles={Role.COORDINATOR}
            ),
        },
    )
