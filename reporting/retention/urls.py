from django.urls import path

from reporting.retention import views

urlpatterns = [
    path("lan/<slug:slug>/gallring/", views.retention, name="retention"),
    path(
        "lan/<slug:slug>/gallring/regel/<int:pk>/",
        views.retention_rule_edit,
        name="retention_rule_edit",
    ),
    path("lan/<slug:slug>/gallring/sparr/ny/", views.legal_hold_new, name="legal_hold_new"),
    path(
        "lan/<slug:slug>/gallring/sparr/<int:pk>/hav/",
        views.legal_hold_release_view,
        name="legal_hold_release",
    ),
    path(
        "lan/<slug:slug>/gallring/provkorning/", views.retention_preview, name="retention_preview"
    ),
    path("lan/<slug:slug>/gallring/gallra/", views.retention_run, name="retention_run"),
    path(
        "lan/<slug:slug>/gallring/protokoll/<int:pk>/",
        views.disposal_protocol,
        name="disposal_protocol",
    ),
    path(
        "lan/<slug:slug>/gallring/protokoll/<int:pk>/pdf/",
        views.disposal_protocol_pdf,
        name="disposal_protocol_pdf",
    ),
]
