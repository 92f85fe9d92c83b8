"""Exports, deadlines and the county's e-mail: one include per domain."""

from django.urls import include, path

from reporting.bulk import urls as bulk
from reporting.deadlines import urls as deadlines
from reporting.exports import urls as exports
from reporting.messaging import urls as messaging
from reporting.notifications import urls as notifications
from reporting.retention import urls as retention

app_name = "reporting"

# In the order they are matched.
urlpatterns = [
    path("", include(domain))
    for domain in (exports, deadlines, messaging, notifications, bulk, retention)
]
