"""The read API, version 1, under /api/v1/ (its schema and docs page included), and the
coordinator's page of the county's keys."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from reporting.api import views

app_name = "api"

LIST, DETAIL = {"get": "list"}, {"get": "retrieve"}
ENDPOINTS = [
    ("calls", "call", views.CallViewSet),
    ("applications", "application", views.ApplicationViewSet),
    ("decisions", "decision", views.DecisionViewSet),
    ("grants", "grant", views.GrantViewSet),
    ("requisitions", "requisition", views.RequisitionViewSet),
    ("grant-usages", "grant_usage", views.GrantUsageViewSet),
    ("repayments", "repayment", views.RepaymentViewSet),
    ("deadlines", "deadline", views.DeadlineViewSet),
]

version_1 = [
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path("docs/", views.ApiDocsView.as_view(url_name="api:v1:schema"), name="docs"),
    *(
        route
        for prefix, name, viewset in ENDPOINTS
        for route in (
            path(f"{prefix}/", viewset.as_view(LIST), name=f"{name}_list"),
            path(f"{prefix}/<int:pk>/", viewset.as_view(DETAIL), name=f"{name}_detail"),
        )
    ),
]

urlpatterns = [
    path("api/v1/", include((version_1, "v1"))),
    path("lan/<slug:slug>/api-nycklar/", views.tokens, name="tokens"),
    path(
        "lan/<slug:slug>/api-nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"
    ),
]
