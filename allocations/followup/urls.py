"""Grant follow-up and the status report. `bidrag/` under the budget prefix is the
budget's export; grant pages live under `bidrag/<pk>/` at the top of the app."""

from django.urls import path

from allocations.followup.views import grants as views_grants
from allocations.followup.views import status_report as views_status_report
from allocations.followup.views import statuses as views_grant_statuses

REPORT = "lan/<slug:slug>/statusrapport/<int:year>/"

urlpatterns: list = [
    path("lan/<slug:slug>/uppfoljning/<int:year>/", views_grants.county_grants, name="grants"),
    path("bidrag/<int:pk>/", views_grants.grant_detail, name="grant_detail"),
    path("bidrag/<int:pk>/uppfoljning/", views_grants.grant_followup, name="grant_followup"),
    path(
        "bidrag/<int:pk>/fakturerat/",
        views_grants.grant_usage_add_view,
        name="grant_usage_add",
    ),
    path("mina-bidrag/", views_grants.my_grants, name="my_grants"),
    path("lan/<slug:slug>/statusar/", views_grant_statuses.grant_statuses, name="grant_statuses"),
    path(REPORT, views_status_report.status_report, name="status_report"),
    path(REPORT + "pdf/", views_status_report.status_report_pdf_view, name="status_report_pdf"),
    path(REPORT + "xlsx/", views_status_report.status_report_xlsx_view, name="status_report_xlsx"),
]
