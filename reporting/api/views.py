"""The read API's endpoints (one read-only view set per kind of row, each reading only the
key's county) and the coordinator's page of the county's keys.

The page shows a new key's secret once, in the response to the POST that made it; it is
not stored and cannot be shown again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets

from allocations.agreements.selectors import county_for_coordinator
from reporting.api import selectors, serializers
from reporting.api.forms import ApiTokenForm
from reporting.api.services import api_token_create, api_token_revoke
from reporting.models import ApiScope, ApiToken

# --- the endpoints ----------------------------------------------------------------------------


class CountyReadViewSet(viewsets.ReadOnlyModelViewSet):
    """Rows of the key's county: `select` names the selector, `scope` what the key must
    carry. A row of another county is not found."""

    scope: str
    select = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is made without a key
            return self.get_serializer_class().Meta.model.objects.none()
        return type(self).select(county=self.request.auth.county)


def _documented(tag: str, scope: str):
    described = _scope_description(scope)
    return extend_schema_view(
        list=extend_schema(tags=[tag], description=described),
        retrieve=extend_schema(tags=[tag], description=described),
    )


def _scope_description(scope: str) -> str:
    return f"Needs a key with the scope `{scope}`."


@_documented("calls", ApiScope.CALLS)
class CallViewSet(CountyReadViewSet):
    scope = ApiScope.CALLS
    select = selectors.api_calls
    serializer_class = serializers.CallSerializer


@_documented("applications", ApiScope.APPLICATIONS)
class ApplicationViewSet(CountyReadViewSet):
    scope = ApiScope.APPLICATIONS
    select = selectors.api_applications
    serializer_class = serializers.ApplicationSerializer


@_documented("decisions", ApiScope.DECISIONS)
class DecisionViewSet(CountyReadViewSet):
    scope = ApiScope.DECISIONS
    select = selectors.api_decisions
    serializer_class = serializers.DecisionSerializer


@_documented("decisions", ApiScope.DECISIONS)
class GrantViewSet(CountyReadViewSet):
    scope = ApiScope.DECISIONS
    select = selectors.api_grants
    serializer_class = serializers.GrantSerializer


@_documented("payments", ApiScope.PAYMENTS)
class RequisitionViewSet(CountyReadViewSet):
    scope = ApiScope.PAYMENTS
    select = selectors.api_requisitions
    serializer_class = serializers.RequisitionSerializer


@_documented("payments", ApiScope.PAYMENTS)
class GrantUsageViewSet(CountyReadViewSet):
    scope = ApiScope.PAYMENTS
    select = selectors.api_grant_usages
    serializer_class = serializers.GrantUsageSerializer


@_documented("payments", ApiScope.PAYMENTS)
class RepaymentViewSet(CountyReadViewSet):
    scope = ApiScope.PAYMENTS
    select = selectors.api_repayments
    serializer_class = serializers.RepaymentSerializer


@_documented("deadlines", ApiScope.DEADLINES)
class DeadlineViewSet(CountyReadViewSet):
    scope = ApiScope.DEADLINES
    select = selectors.api_deadlines
    serializer_class = serializers.DeadlineSerializer


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored files (drf-spectacular-sidecar), its start script
    served from this same address: nothing inline, nothing from another host."""

    template_name = "reporting/api/swagger_ui.html"


# --- the coordinator's page of the county's keys ----------------------------------------------


def _tokens_page(request, county, form, *, secret=None, created=None, status=200):
    return render(
        request,
        "reporting/api/tokens.html",
        {
            "county": county,
            "form": form,
            "tokens": selectors.county_api_tokens(county=county),
            "secret": secret,
            "created": created,
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    if request.method != "POST":
        return _tokens_page(request, county, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, county, form, status=400)
    token, secret = api_token_create(
        county=county,
        name=form.cleaned_data["name"],
        scopes=form.cleaned_data["scopes"],
        by=request.user,
    )
    return _tokens_page(request, county, ApiTokenForm(), secret=secret, created=token)


@login_required
@require_POST
def token_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    token = get_object_or_404(ApiToken, county=county, pk=pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The key “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens", slug=county.slug)
