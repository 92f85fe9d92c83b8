"""The health of an installation for a load balancer or monitoring: the database, Redis
(cache and broker, when REDIS_URL is set), the file stores (a small file written, read back
and deleted through the storage API) and the Celery worker (a control ping; "in-process"
when tasks run eagerly in the web process).

JSON; 200 when every check passes, 503 naming the failing ones. It is public, so it says
only which check failed and the kind of error, never an address, a name or a setting; the
details go to the log.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK, FAILING = "ok", "failing"
IN_PROCESS = "in-process"
NOT_CONFIGURED = "not configured"
TIMEOUT_SECONDS = 1.0
PROBE_CONTENT = b"lansmedel health probe\n"


class CheckFailed(Exception):
    """A check that did not pass, with a reason safe to show to anyone."""


def database_check() -> str:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone()[0] != 1:
                raise CheckFailed("unexpected answer")
    return OK


def _redis_urls() -> list[str]:
    """Every Redis the installation talks to: REDIS_URL, the broker and a Redis cache."""
    urls = [settings.REDIS_URL, settings.CELERY_BROKER_URL]
    for cache in settings.CACHES.values():
        if "redis" in cache.get("BACKEND", "").lower():
            location = cache.get("LOCATION", "")
            urls += location if isinstance(location, list | tuple) else [location]
    redis_urls = [u for u in urls if isinstance(u, str) and u.startswith(("redis://", "rediss://"))]
    return list(dict.fromkeys(redis_urls))


def redis_check() -> str:
    urls = _redis_urls()
    if not urls:
        return NOT_CONFIGURED
    import redis

    for url in urls:
        client = redis.Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    return OK


def storage_check() -> str:
    """Each configured store but the static files takes, returns and deletes a file."""
    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        storage = storages[alias]
        name = storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(PROBE_CONTENT))
        try:
            with storage.open(name, "rb") as stored:
                if stored.read() != PROBE_CONTENT:
                    raise CheckFailed(f"{alias}: read back differs")
        finally:
            storage.delete(name)
    return OK


def worker_check() -> str:
    from config.celery import app

    if app.conf.task_always_eager:
        return IN_PROCESS
    replies = app.control.ping(timeout=TIMEOUT_SECONDS)
    if not replies:
        raise CheckFailed("no worker answered")
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": database_check,
    "redis": redis_check,
    "storage": storage_check,
    "worker": worker_check,
}


def health_report() -> tuple[bool, dict]:
    """(all passed, the report). The worker is only asked when Redis, its broker, answered."""
    checks: dict[str, dict] = {}
    for name, check in CHECKS.items():
        if name == "worker" and checks.get("redis", {}).get("status") == FAILING:
            checks[name] = {"status": FAILING, "error": "broker unreachable"}
            continue
        started = time.monotonic()
        try:
            result = {"status": check()}
        except CheckFailed as failure:
            logger.warning("Health check %s failed: %s", name, failure)
            result = {"status": FAILING, "error": str(failure)}
        except Exception as exc:  # noqa: BLE001 - any error is a failed check, not a 500
            logger.warning("Health check %s failed", name, exc_info=True)
            result = {"status": FAILING, "error": type(exc).__name__}
        result["seconds"] = round(time.monotonic() - started, 3)
        checks[name] = result
    failing = [name for name, result in checks.items() if result["status"] == FAILING]
    return not failing, {
        "status": FAILING if failing else OK,
        "failing": failing,
        "checks": checks,
    }


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)
