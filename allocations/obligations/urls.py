"""The county's obligations: requisition, report back, repayment, closing."""

from django.urls import path

from allocations.obligations.views import payments as views
from allocations.obligations.views import reports as views_reports

urlpatterns = [
    path("lan/<slug:slug>/rekvisition/<int:year>/", views.requisition, name="requisition"),
    path("lan/<slug:slug>/aterbetalning/<int:year>/", views.repayment, name="repayment"),
    path("lan/<slug:slug>/aterredovisning/<int:year>/", views.county_report, name="county_report"),
    path(
        "lan/<slug:slug>/aterredovisning/<int:year>/pdf/",
        views.county_report_pdf,
        name="county_report_pdf",
    ),
    path(
        "lan/<slug:slug>/aterredovisning/<int:year>/xlsx/",
        views.county_report_xlsx,
        name="county_report_xlsx",
    ),
    path("bidrag/<int:pk>/aterredovisning/", views_reports.grant_report, name="grant_report"),
    path(
        "bidrag/<int:pk>/aterredovisning/granskning/",
        views_reports.grant_report_review,
        name="grant_report_review",
    ),
    path(
        "bidrag/aterredovisning/bilaga/<int:pk>/",
        views_reports.grant_report_attachment,
        name="grant_report_attachment",
    ),
    path(
        "bidrag/aterredovisning/bilaga/<int:pk>/ta-bort/",
        views_reports.grant_report_attachment_delete,
        name="grant_report_attachment_delete",
    ),
    path("bidrag/<int:pk>/stang/", views_reports.grant_close_view, name="grant_close"),
]
