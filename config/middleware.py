import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from config import logs

logger = logging.getLogger(__name__)


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the user chose another language with the language switch.

    The browser's Accept-Language is ignored on purpose: many Swedish users run English
    browsers, and the service's language is Swedish first.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# ---------------------------------------------------------------------------
# Log-out after inactivity
# ---------------------------------------------------------------------------
LAST_ACTIVITY_KEY = "last_activity"
# The session is refreshed at most this often, so an ordinary page view writes nothing.
ACTIVITY_GRANULARITY_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="lansmedel-session-activity-at-login")
def _activity_at_login(sender, request: HttpRequest, user, **kwargs) -> None:
    request.session[LAST_ACTIVITY_KEY] = int(time.time())


class IdleSessionTimeoutMiddleware:
    """Logs the user out after SESSION_IDLE_SECONDS without a request.

    The stored session expires SESSION_COOKIE_AGE (= SESSION_IDLE_SECONDS) after it was last
    saved; this middleware saves it at most once a minute while the user is active, and logs
    out a session whose last activity is older than the limit even if the store kept it.
    The request then goes on anonymously, so a form posted after the time-out is kept by the
    view (applications.applying.drafting) and the user is sent to the log-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("You were logged out after a time without activity."))
            elif last is None or now - last >= ACTIVITY_GRANULARITY_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


# ---------------------------------------------------------------------------
# Request id: from the proxy or made here, on the response and in every log line
# ---------------------------------------------------------------------------
class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID (or makes one), answers with it in the same header and
    keeps it in `config.logs.request_id` until the response is closed, so every log record
    of the request (Django's own line for a 4xx/5xx response, written after the middleware,
    too), and every task it queues, carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        current = logs.request_id_from(request.headers.get(logs.REQUEST_ID_HEADER))
        request.request_id = current
        logs.request_id.set(current)
        response = self.get_response(request)
        response[logs.REQUEST_ID_HEADER] = current
        return response


@receiver(request_finished, dispatch_uid="lansmedel-request-id-finished")
def _request_id_finished(sender, **kwargs) -> None:
    logs.request_id.set(logs.NO_REQUEST)


# ---------------------------------------------------------------------------
# A download whose file store fails
# ---------------------------------------------------------------------------
class StorageFailureMiddleware:
    """A download that meets a failing file store gets a page that says so, not a 500.

    An unreachable bucket or failing disk answers 503 with Retry-After (the file is kept; it
    can be fetched again later); a record whose file the store does not hold answers 404.
    Uploads handle the same errors in their forms, where the user's input is kept.
    """

    RETRY_AFTER_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        from django.shortcuts import render
        from django.utils.http import url_has_allowed_host_and_scheme

        from config.object_storage import StorageUnavailable, StoredFileMissing

        if not isinstance(exception, StorageUnavailable | StoredFileMissing):
            return None
        referer = request.headers.get("referer", "")
        safe = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
        context = {"back": referer if safe else "/"}
        if isinstance(exception, StoredFileMissing):
            logger.error("Stored file missing at %s: %s", request.path, exception)
            return render(request, "stored_file_missing.html", context, status=404)
        logger.warning("File store unavailable at %s: %s", request.path, exception)
        response = render(request, "storage_unavailable.html", context, status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
