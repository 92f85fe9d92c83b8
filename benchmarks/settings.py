"""Settings of the benchmarks and the load test: the project's settings as production runs
them (DEBUG off: no query log, cached templates), with four bench-only differences:

* the embedded demo's log-ins (e-mail ending in .demo) skip two-factor authentication, so the
  scripted users can log in (DEMO_MODE stays on although DEBUG is off: never do this in
  production, where settings refuse it);
* passwords use a fast hasher, so logging in 100 scripted users does not measure PBKDF2;
* the URL configuration adds the floor view (`benchmarks/urls.py`), which the app lacks;
* the cache is Redis (BENCH_CACHE_URL, default redis://127.0.0.1:6379/1) even without
  REDIS_URL, as in production.

DATABASE_URL defaults to the PostgreSQL database `lansmedel_bench` on 127.0.0.1.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lansmedel_bench")
os.environ.setdefault(
    "DJANGO_PASSWORD_HASHERS",
    "django.contrib.auth.hashers.MD5PasswordHasher,django.contrib.auth.hashers.PBKDF2PasswordHasher",
)

from config.settings import *  # noqa: E402, F403
from config.settings import DATABASES, TEMPLATES  # noqa: E402

DEBUG = False
DEMO_MODE = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "benchmarks.urls"
# As with DEBUG off in production: compiled templates are kept in memory.
TEMPLATES[0]["OPTIONS"]["loaders"] = [
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
TEMPLATES[0]["APP_DIRS"] = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The cache as production has it: Redis, shared by the load test's gunicorn workers (Celery
# keeps running tasks in-process unless REDIS_URL is set).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get(
            "REDIS_URL", os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/1")
        ),
        # Per database: the full and the small data set share the Redis database.
        "KEY_PREFIX": f"lansmedel-bench-{DATABASES['default']['NAME']}",
    }
}
# Receipts and reminders are stored in the mail outbox as in production; its transport keeps
# them in memory instead of sending them.
MAILERS = {**MAILERS, "transport": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}  # noqa: F405
# A request hands its tasks to the broker and goes on, as in production, where the Celery
# worker does them: here they are published to memory and not done at all, so that neither a
# submission's timing nor the load test's counts the worker's e-mail delivery.
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = "memory://"
# For comparing connection handling (docs/performance.md, "Server settings"): BENCH_DB_POOL=1
# takes connections from psycopg's pool (psycopg-pool) instead of keeping one per worker.
if os.environ.get("BENCH_DB_POOL") == "1":
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # a pool and persistent connections exclude each other
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 4}
