from django.urls import path

from reporting.exports import views

urlpatterns = [
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("exporter/<int:pk>/", views.export_job, name="export_job"),
    path("exporter/<int:pk>/status/", views.export_job_status, name="export_status"),
    path("exporter/<int:pk>/fil/", views.export_download, name="export_download"),
    path("exporter/<int:pk>/starta-igen/", views.export_restart, name="export_restart"),
]
