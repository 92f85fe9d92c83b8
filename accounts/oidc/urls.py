"""Single sign-on (both pages are reached before log-in)."""

from django.urls import path

from accounts.oidc import views

urlpatterns = [
    path(
        "logga-in/e-legitimation/",
        views.identity_provider_start,
        name="identity_provider_start",
    ),
    path(
        "logga-in/e-legitimation/svar/",
        views.identity_provider_callback,
        name="identity_provider_callback",
    ),
]
