"""Exports, deadlines and the county's e-mail: one include per domain."""

from django.urls import include, path

from reporting.deadlines import urls as deadlines
from reporting.exports import urls as exports
from reporting.messaging import urls as messaging

app_name = "reporting"

urlpatterns = [
    path("", include(exports)),
    path("", include(deadlines)),
    path("", include(messaging)),
]
