"""Länsmedel settings: one module, every value from the environment.

Without any environment the project runs as the embedded demo of `make run`:
SQLite file, Celery tasks eager in-process, e-mail to the console, DEBUG on.
Production sets DJANGO_DEBUG=0 and real DATABASE_URL, REDIS_URL, SECRET_KEY, hosts.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.integrations import (  # noqa: F401 - the API and single sign-on  # noqa: F401 - e-mail through the outbox
    ACCESSIBILITY_CONTACT_EMAIL,
    DEFAULT_FROM_EMAIL,
    MAIL_RETRY_SCHEDULE,
    MAIL_SENDING_TIMEOUT,
    MAIL_TRANSPORT,
    MAILERS,
    OIDC,
    REST_FRAMEWORK,
    SPECTACULAR_SETTINGS,
    env_bool,
    env_list,
)
from config.object_storage import private_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = "insecure-embedded-demo-key-never-used-in-production"  # noqa: S105
# Rotating the key: the old one goes here for a while, so sessions and reset links survive.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The embedded demo of `make run` may list its demo log-ins on the log-in page, and its
# demo users (e-mail ending in .demo) log in without two-factor authentication.
DEMO_MODE = env_bool("LANSMEDEL_DEMO", DEBUG)
if DEMO_MODE and not DEBUG:
    # Production never exempts anyone from two-factor log-in (also a `check --deploy` error).
    raise ImproperlyConfigured("LANSMEDEL_DEMO must not be on when DJANGO_DEBUG=0.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "simple_history",
    "pgtrigger",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "config.apps.SecurityConfig",
    "accounts",
    "allocations",
    "applications",
    "reporting",
]
# Decided records and the audit trail are guarded by PostgreSQL triggers (allocations/triggers.py,
# applications/triggers.py), registered in code and installed by every `migrate`, so that they
# never wait on a migration of their own.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True

MIDDLEWARE = [
    # First: the request id (X-Request-ID) is in every log line of the request (config/logs.py)
    "config.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A single sign-on whose ID token asserted a second factor counts as verified (accounts/oidc/)
    "accounts.oidc.middleware.ProviderVerifiedMiddleware",
    # Keeps the request for the audit trail: who, from which address (allocations/models/audit.py)
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.IdleSessionTimeoutMiddleware",
    "accounts.two_factor.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A download whose file store fails gets a Swedish 503 (or 404) page, not a 500.
    "config.middleware.StorageFailureMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "allocations.context_processors.navigation",
                "accounts.oidc.context_processors.single_sign_on",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: DATABASE_URL (PostgreSQL) or the embedded SQLite file
# ---------------------------------------------------------------------------
DATA_DIR = Path(os.environ.get("LANSMEDEL_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'lansmedel.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out log-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "config.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sessions begun by single sign-on (accounts/oidc/); it never checks a password itself.
    "accounts.oidc.backend.IdentityProviderBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env_list(
    "DJANGO_PASSWORD_HASHERS",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
)

# ---------------------------------------------------------------------------
# Language, time, formats: Swedish first, English available
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Dates as 2025-12-01 in both languages.
FORMAT_MODULE_PATH = ["config.formats"]

# ---------------------------------------------------------------------------
# Static files (Bootstrap is served from static/, never a CDN)
# ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploads, generated documents, exports, dossiers: the local disk, or an S3 bucket when
    # LANSMEDEL_S3_BUCKET is set (config/object_storage.py, docs/operations.md).
    "private": private_storage_from_env(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads live outside the web root and are only served through authorised views.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", DATA_DIR / "media"))

# The certificate and key that sign approved minutes (PAdES, applications/documents/signing.py).
# `make seed` creates a self-signed demo pair here; production names its own files. Empty,
# or files that do not exist: the minutes are made unsigned, and say so where listed.
SIGNING_CERTIFICATE = os.environ.get(
    "LANSMEDEL_SIGNING_CERTIFICATE", str(DATA_DIR / "signing" / "certificate.pem")
)
SIGNING_KEY = os.environ.get("LANSMEDEL_SIGNING_KEY", str(DATA_DIR / "signing" / "key.pem"))
SIGNING_KEY_PASSPHRASE = os.environ.get("LANSMEDEL_SIGNING_KEY_PASSPHRASE", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# ---------------------------------------------------------------------------
# Cache: the data versions and the parts of heavy pages built from them
# (config/data_version.py). Redis with REDIS_URL, shared by every worker; otherwise a
# file cache, shared by the embedded server and the management commands run beside it.
# ---------------------------------------------------------------------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Fails soft: with Redis unreachable pages are built uncached (config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "lansmedel",
            "OPTIONS": {
                "socket_timeout": float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5")),
                "socket_connect_timeout": float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5")),
                "retry_after": float(os.environ.get("CACHE_RETRY_AFTER", "2")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# ---------------------------------------------------------------------------
# Celery: a real broker with REDIS_URL, otherwise tasks run eagerly in-process
# ---------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Publishing to a broker that is down fails fast; the outbox sweeper publishes later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A task whose worker dies is handed out again: at once when only the worker's child process
# died (reject_on_worker_lost), else when the broker's visibility timeout has passed. The
# timeout fits the longest task (its hard time limit below); every task is idempotent (it
# checks its job's state first), so a second delivery does no harm.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900"))
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = int(CELERY_VISIBILITY_TIMEOUT * 2 / 3)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for tasks whose worker was lost (a cheap scan of one sorted set).
    "unacked_restore_interval": max(1, CELERY_VISIBILITY_TIMEOUT // 60),
    "unacked_restore_throttle": 1,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# A document or export with no sign of life for this long shows as stalled, with a button to
# start it again (config/jobs.py).
JOB_STALLED_AFTER = int(os.environ.get("JOB_STALLED_AFTER", "300"))
CELERY_BEAT_SCHEDULE: dict = {
    "outbox-sweep": {"task": "reporting.tasks.outbox_sweep_run", "schedule": 60.0},
    # E-mails whose next try is due (reporting/messaging/mail.py).
    "mail-sweep": {"task": "reporting.tasks_mail.mail_sweep_run", "schedule": 60.0},
    # Deadline reminders and overdue notices, once a day in the early morning.
    "reminders-scan": {
        "task": "reporting.tasks_reminders.reminders_scan_daily",
        "schedule": crontab(hour=6, minute=0),
    },
    # Members whose adoption of a recommendation is pending (applications/adoptions).
    "adoption-reminders": {
        "task": "applications.tasks_adoptions.adoption_reminders_daily",
        "schedule": crontab(hour=6, minute=30),
    },
    # Each person's daily digest of notifications (reporting/notifications/services.py).
    "notifications-digest": {
        "task": "reporting.tasks_notifications.digest_send_daily",
        "schedule": crontab(hour=7, minute=0),
    },
}
# The address of the service, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# ---------------------------------------------------------------------------
# Security: production (DEBUG off) gets the full `check --deploy` set
# ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Logged out after this long without a request (config.middleware.IdleSessionTimeoutMiddleware
# refreshes the session at most once a minute, so the stored session expires with it).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy: nothing inline. Our templates never ask for a nonce, so their
# header reads script-src 'self'; the Django admin's few inline blocks carry Django's
# per-request nonce, which appears in the header only on the pages that use one.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# ---------------------------------------------------------------------------
# Log-in: two-factor (django-otp) and lock-out after failed attempts (django-axes)
# ---------------------------------------------------------------------------
OTP_TOTP_ISSUER = "Länsmedel"
# Five failed log-ins for one address from one IP address lock it for 30 minutes;
# an administrator can lift the lock (admin: Axes › Access attempts, or `manage.py axes_reset`).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "config.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True

AXES_VERBOSE = False
# Behind N reverse proxies, the client's address is the N-th from the right in X-Forwarded-For.
_trusted_proxies = int(os.environ.get("LANSMEDEL_TRUSTED_PROXIES", "0"))
if _trusted_proxies:
    AXES_IPWARE_PROXY_COUNT = _trusted_proxies
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Every line carries the request id (config/logs.py); LOG_FORMAT=json writes one JSON object a
# line for a log collector, otherwise plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Every `migrate` reinstalls the triggers, one line each: only problems are worth a line.
    "loggers": {"pgtrigger": {"level": "WARNING"}},
}
