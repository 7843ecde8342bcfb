"""Settings for the rule-of-law action-plan tracker, read from the environment.

SQLite by default; set DATABASE_URL for PostgreSQL. DEBUG is off unless
DJANGO_DEBUG=1, and with DEBUG off a DJANGO_SECRET_KEY is required.
"""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


# Management commands that never sign anything (no sessions, no tokens) may run
# without a secret key, e.g. makemigrations in a fresh checkout; serving may not.
OFFLINE_COMMANDS = {
    "makemigrations",
    "migrate",
    "showmigrations",
    "sqlmigrate",
    "collectstatic",
    "compilemessages",
    "makemessages",
    "help",
}
RUNNING_OFFLINE_COMMAND = (
    Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS
)

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-debug"
    elif RUNNING_OFFLINE_COMMAND:
        SECRET_KEY = secrets.token_urlsafe(50)  # thrown away when the command ends
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "tracker",
]

MIDDLEWARE = [
    # First: a request id and one JSON log line for every response, 500s included.
    "tracker.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF (which parsed the form): no NUL or control character reaches a view.
    "tracker.middleware.CleanInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tracker.logs.UserContextMiddleware",
    # After authentication: the request's scope in PostgreSQL's row-level security (opt-in,
    # TRACKER_ROW_SECURITY; not loaded otherwise). tracker/rowsecurity.py.
    "tracker.rowsecurity.RowSecurityMiddleware",
    "tracker.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "tracker.middleware.ContentSecurityPolicyMiddleware",
    "tracker.middleware.RequestSizeLimitMiddleware",
    # Last, as django-axes requires: refuses log-ins after repeated failures.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "tracker.auth.OneQueryModelBackend",
]
# Log-in rate limiting: after 5 failures for one account (from any address), or from
# one address (on any accounts), that account or address is locked out for 15 minutes
# (the cool-off runs from the last failure); an office or an administrator can lift
# it sooner (the 登录锁定 page, or the admin's django-axes pages).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe the failures: with per-address counting, a log-in to one's
# own account would otherwise reset the count of guesses at someone else's.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The client's address: REMOTE_ADDR, unless the connection comes from one of these
# proxies (nginx with proxy_set_header X-Real-IP $remote_addr); then X-Real-IP.
# DJANGO_BEHIND_PROXY=1 alone trusts a proxy on this machine (loopback) only.
TRACKER_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
TRACKER_TRUSTED_PROXIES = env_list(
    "DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1" if TRACKER_BEHIND_PROXY else ""
)
AXES_CLIENT_IP_CALLABLE = "tracker.security.client_ip"
# Password change and reset: at most this many posts per window (per user, per address
# and per e-mail address), in the cache (Redis when there are several app servers).
TRACKER_PASSWORD_RATE = env_int("TRACKER_PASSWORD_RATE", 5)
TRACKER_PASSWORD_RATE_WINDOW = env_int("TRACKER_PASSWORD_RATE_WINDOW", 15 * 60)
CSRF_FAILURE_VIEW = "tracker.views.errors.csrf_failure"

# Everything is served by the app itself; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tracker.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query whose estimated cost is high: the scores' and the
    # summaries' correlated subqueries cost ~0.9 s of compiling to run in ~0.1 s
    # (docs/BENCHMARKS.md, "A city of 16 districts"). The pages' queries are short: off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # The role the app acts as (SET ROLE on each new connection): row-level security binds
    # no superuser, so a deployment that connects as one names a plain role here.
    if env_str("DATABASE_ROLE"):
        DATABASES["default"]["OPTIONS"]["assume_role"] = env_str("DATABASE_ROLE")
# A second line of defence on PostgreSQL: each request's jurisdictions in row-level
# security (tracker/rowsecurity.py, docs/PRODUCTION.md). Off by default.
TRACKER_ROW_SECURITY = env_bool("TRACKER_ROW_SECURITY", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tracker:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Bootstrap is vendored under static/vendor/bootstrap/ (see its README.md).
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence lives outside the static tree and is served only through a view
# that applies the item's access rules (no MEDIA_URL route is mounted).
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


# Evidence on S3-compatible object storage (MinIO, OSS, COS …) when asked:
# pip install ".[prod]" and set DJANGO_MEDIA_STORAGE=s3 plus the AWS_* variables.
def s3_storage() -> dict:
    """The default storage on S3 (also read by tests/test_s3_storage.py)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": env_str("AWS_LOCATION", "media"),
        },
    }


if env_str("DJANGO_MEDIA_STORAGE") == "s3":
    STORAGES["default"] = s3_storage()

# A shared cache (and cached sessions) for several app servers: REDIS_URL=redis://host:6379/1
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "TIMEOUT": 300,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work (config/celery.py). With a broker (CELERY_BROKER_URL=redis://host:6379/0)
# a Celery worker runs the tasks; without one (`make run`, the tests) they run in the
# process that asks, at once (the embedded mode).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # a job's state lives in its row (tracker.ExportJob)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long exports: one at a time per worker process
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Run by celery beat: exactly ONE beat process in the whole deployment (docs/PRODUCTION.md).
# The tasks are safe to repeat (a reminder once per item, kind and week; a message mailed
# once), so a second beat would waste work but not send anything twice.
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "tracker.tasks.send_reminders",
        "schedule": crontab(hour=env_int("TRACKER_REMINDER_HOUR", 8), minute=0),
    },
    "send-messages": {
        "task": "tracker.tasks.send_messages",
        "schedule": env_int("TRACKER_MESSAGES_EVERY_SECONDS", 300),
    },
    "send-digests": {
        "task": "tracker.tasks.send_messages",
        "schedule": crontab(hour=env_int("TRACKER_DIGEST_HOUR", 17), minute=30),
        "kwargs": {"digest": True},
    },
    "purge-exports": {
        "task": "tracker.tasks.purge_exports",
        "schedule": crontab(hour=3, minute=15),
    },
}
# Finished exports (and their files) are deleted after this many days.
TRACKER_EXPORT_KEEP_DAYS = env_int("TRACKER_EXPORT_KEEP_DAYS", 7)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "tracker@localhost")

# Tracker rules: the warning-light days are read by the light rules in
# tracker/models/item.py (README.md, Configuration).
# Backups serialise with times to the microsecond and texts exactly (tracker/serializers.py).
SERIALIZATION_MODULES = {"exact_json": "tracker.serializers"}

TRACKER_DUE_SOON_DAYS = env_int("TRACKER_DUE_SOON_DAYS", 14)
TRACKER_STALE_DAYS = env_int("TRACKER_STALE_DAYS", 30)
# A unit that has not acknowledged (签收) an assignment or urge for this many days: yellow.
TRACKER_ACK_DAYS = env_int("TRACKER_ACK_DAYS", 3)
# The address people open the tracker at, for the links in e-mails.
TRACKER_SITE_URL = env_str("TRACKER_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
TRACKER_PAGE_SIZE = env_int("TRACKER_PAGE_SIZE", 50)
TRACKER_EVIDENCE_MAX_BYTES = env_int("TRACKER_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
TRACKER_EVIDENCE_MAX_FILES = env_int("TRACKER_EVIDENCE_MAX_FILES", 10)
# Hard cap on any request body (413 before anything is read); keep nginx's
# client_max_body_size at or above it.
TRACKER_MAX_REQUEST_BYTES = env_int("TRACKER_MAX_REQUEST_BYTES", 110 * 1024 * 1024)
TRACKER_IMPORT_MAX_BYTES = env_int("TRACKER_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Uploads above this size go to a temporary file instead of memory; any file
# past TRACKER_EVIDENCE_MAX_BYTES is cut off while it streams in.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Temporary upload files in a directory of their own, so that `check_files --clean`
# can remove what a killed worker left behind (Django deletes them otherwise).
# (Created when the app starts: tracker/apps.py.)
FILE_UPLOAD_TEMP_DIR = env_str("DJANGO_UPLOAD_TEMP_DIR", str(MEDIA_ROOT.parent / "upload-tmp"))
FILE_UPLOAD_HANDLERS = [
    "tracker.uploads.EvidenceSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_bool("DJANGO_HTTPS", True):
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: one JSON line per event on standard error (tracker/logs.py; docs/PRODUCTION.md,
# "Logs"). Errors also go by e-mail to DJANGO_ADMINS ("Name <a@example.gov.cn>, …")
# when it is set.
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip(">").strip())
    for address in env_list("DJANGO_ADMINS")
]
SERVER_EMAIL = env_str("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
LOG_LEVEL = env_str("TRACKER_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "tracker.logs.RequestContextFilter"},
    },
    "formatters": {"json": {"()": "tracker.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context"],
        },
        # Sends nothing while ADMINS is empty.
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "loggers": {
        "tracker": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Django's request errors (every 500 with its traceback) and security events
        # (bad host, CSRF failure, suspicious file names) are logged whatever DEBUG is.
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.security": {
            "handlers": ["console", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
