from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("exporter/<int:pk>/", views.export_job, name="export_job"),
    path("exporter/<int:pk>/status/", views.export_job_status, name="export_status"),
    path("exporter/<int:pk>/fil/", views.export_download, name="export_download"),
    path("exporter/<int:pk>/starta-igen/", views.export_restart, name="export_restart"),
]

from reporting import urls_deadlines  # noqa: E402

urlpatterns += urls_deadlines.urlpatterns

from reporting import urls_mail  # noqa: E402

urlpatterns += urls_mail.urlpatterns
