"""Lock-out after repeated failed log-ins (django-axes), with the e-mail log-in form.

Settings: AXES_FAILURE_LIMIT failures for one address from one IP address lock that pair for
AXES_COOLOFF_TIME; a successful log-in resets the count. An administrator lifts a lock by
deleting the access attempt in the admin (or `manage.py axes_reset_username <address>`).
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' guard, for log-ins made over HTTP.

    Every HTTP log-in (our log-in page, the admin's) passes its request to `authenticate`;
    calls without one (the test client's `login`, management commands) are not attempts by a
    client that could be locked out, so the guard abstains instead of raising.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def username_from_request(request: HttpRequest | None, credentials: dict | None = None):
    """The address as the log-in form cleans it, so " Anna@X.se" and "anna@x.se" count together."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "data", request.POST).get("username")
    return raw.strip().lower() if isinstance(raw, str) else raw


def lockout_response(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
