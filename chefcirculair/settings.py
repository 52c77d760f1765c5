"""Settings for Chef Circulair, read from environment variables.

One settings module for every environment. Values come from the environment
through the small typed helpers below; a malformed value or a missing
production secret fails loudly at start-up.
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Translate a postgres:// DATABASE_URL into a Django DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"DATABASE_URL must start with postgres:// or postgresql://, not {parts.scheme!r}.")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database, e.g. postgres://user@host/db.")
    options = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # Persistent connections: one connection per worker thread, re-used.
        "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 600),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
        "TEST": {"NAME": envstr("DATABASE_TEST_NAME") or f"test_{name}"},
    }


def storage_from_url(url: str, folder: str) -> dict:
    """A STORAGES entry for an S3-compatible object store (django-storages), from STORAGE_URL.

    ``s3://bucket/prefix?endpoint_url=https://s3.example.nl&region_name=eu-west-1&addressing_style=path``;
    each storage alias gets its own ``folder`` under the prefix. Keys come from STORAGE_ACCESS_KEY_ID and
    STORAGE_SECRET_ACCESS_KEY, or boto3's own chain (AWS_* variables, instance roles) when those are empty.
    Files are private: every URL to one is signed and short-lived, and the app serves evidence itself.
    """
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(f"STORAGE_URL must look like s3://bucket/prefix, not {url!r}.")
    allowed = {"endpoint_url", "region_name", "addressing_style", "signature_version", "custom_domain"}
    query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
    unknown = set(query) - allowed
    if unknown:
        raise ImproperlyConfigured(f"STORAGE_URL: unknown option(s) {sorted(unknown)}; allowed: {sorted(allowed)}.")
    prefix = unquote(parts.path.strip("/"))
    options = {
        "bucket_name": parts.hostname,
        "location": f"{prefix}/{folder}" if prefix else folder,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        **{key: unquote(value) for key, value in query.items()},
    }
    if envstr("STORAGE_ACCESS_KEY_ID"):
        options["access_key"] = envstr("STORAGE_ACCESS_KEY_ID")
        options["secret_key"] = envstr("STORAGE_SECRET_ACCESS_KEY")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


DEBUG = envbool("DEBUG", False)
# Under pytest the test settings apply even when TESTING is not exported.
TESTING = envbool("TESTING", "pytest" in sys.modules)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105  # nosec B105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string), or set DEBUG=true for local development."
        )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin, with a site that requires a verified second factor for staff (accounts.twofactor).
    "accounts.admin_apps.TwoFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "crispy_forms",
    "simple_history",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "organisations",
    "accounts",
    "rladder",
    "procurement",
    "kpis",
    "criteria",
    "suppliers",
    "learning",
    "notifications",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The person's language (their choice, else the language cookie, else Dutch): accounts/language.py.
    "accounts.language.LanguageMiddleware",
    # Guidance shown in Dutch for want of its English is noted per request (lib/translated.py).
    "lib.translated.FallbackMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # --- Production hardening ---
    "accounts.security.RequestSizeLimitMiddleware",
    "accounts.security.SessionAbsoluteTimeoutMiddleware",
    "accounts.security.SessionIdleTimeoutMiddleware",
    "organisations.scoping.AdminScopeMiddleware",
    # Two-factor authentication: sessions of users with a device must be verified;
    # members of an organisation that requires it (and staff in the admin) set it up first.
    "accounts.twofactor.TwoFactorMiddleware",
    # django-axes must be last: it turns a lockout raised during login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chefcirculair.urls"

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
                "django.template.context_processors.csp",
                "organisations.context_processors.organisation",
                "suppliers.context_processors.supplier",
            ],
        },
    },
]

WSGI_APPLICATION = "chefcirculair.wsgi.application"
ASGI_APPLICATION = "chefcirculair.asgi.application"

DATA_DIR = Path(envstr("DATA_DIR") or BASE_DIR / "data")
DATABASE_URL = envstr("DATABASE_URL").strip()
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
    if TESTING:
        # A test database is thrown away: its commits need not wait for the disk.
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c synchronous_commit=off")
else:
    # SQLite cannot create its directory; system checks (axes' JSONField) connect early.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

    if TESTING:
        # Tests use a database file in memory-backed /dev/shm rather than ":memory:": the browser
        # tests' live server then has a connection of its own instead of sharing the test's
        # (Django shares an in-memory one between threads, and a query from each at once breaks
        # its savepoints). One name per test run (pytest-xdist's workers share the run's id and
        # add their own suffix), so runs side by side never meet; each run deletes its own.
        _shm = Path("/dev/shm")  # noqa: S108  # nosec B108 - a test database, named per run
        _test_dir = _shm if _shm.is_dir() else Path(tempfile.gettempdir())
        _run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:12] or str(os.getpid())
        DATABASES["default"]["TEST"] = {"NAME": str(_test_dir / f"chefcirculair-test-{_run}.sqlite3")}

# A cache per process (docs/production.md): the phase page's guidance and the dashboard's figures, each
# under a key made of a version read from the database, so no server ever shows a stale entry.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "chefcirculair",
        "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 5000)},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ADMIN_URL = envstr("ADMIN_URL", "beheer/")

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "procurement:my_trajectories"
LOGOUT_REDIRECT_URL = "procurement:start"

# Dutch first, English beside it. The UI strings are Dutch msgids; the English
# catalogue is locale/en/LC_MESSAGES/django.po (compiled to .mo by `make run`/`make test`
# and bin/serve). A person's language is their stored choice, else the language cookie
# (the switch sets both), else Dutch: accounts.language.LanguageMiddleware, not Django's
# LocaleMiddleware, because the browser's Accept-Language is not asked.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded media (organisations' logos): served only through the app's own views, never from MEDIA_URL.
MEDIA_ROOT = Path(
    envstr("MEDIA_ROOT")
    or (Path(tempfile.gettempdir()) / f"chefcirculair-media-{os.getpid()}" if TESTING else BASE_DIR / "data" / "media")
)
# Suppliers' evidence files: outside the web root, served only through an access-checked view.
EVIDENCE_ROOT = Path(
    envstr("EVIDENCE_ROOT")
    or (
        Path(tempfile.gettempdir()) / f"chefcirculair-evidence-{os.getpid()}"
        if TESTING
        else BASE_DIR / "data" / "evidence"
    )
)
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": EVIDENCE_ROOT},
}
# Files on an S3-compatible object store instead of the local disk, for every file storage alias
# (uploaded media and evidence; static files stay with WhiteNoise), so several app servers share them.
STORAGE_URL = envstr("STORAGE_URL")
if STORAGE_URL:
    STORAGES["default"] = storage_from_url(STORAGE_URL, "media")
    STORAGES["evidence"] = storage_from_url(STORAGE_URL, "evidence")
# The largest evidence file accepted, and the most files per submission.
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 5 * 1024 * 1024)
EVIDENCE_MAX_FILES = envint("EVIDENCE_MAX_FILES", 5)
# A year's figure is due from 1 January of the next year, overdue after this many days.
SUPPLIER_REPORT_DAYS = envint("SUPPLIER_REPORT_DAYS", 90)

# Stored PDFs (dossiers per content version, annual reports) go through the "documents"
# storage alias. Every app server must see the same storage (a shared directory or an
# object store). Tests write to a throwaway folder of their own.
if TESTING and not envstr("DOCUMENTS_ROOT"):
    import tempfile

    DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="cc-test-documents-"))
else:
    DOCUMENTS_ROOT = Path(envstr("DOCUMENTS_ROOT") or DATA_DIR / "documents")
STORAGES["documents"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": DOCUMENTS_ROOT},
}
# Stored dossier PDFs kept per trajectory (the newest N versions; older files are deleted).
DOCUMENT_VERSIONS_KEPT = max(1, envint("DOCUMENT_VERSIONS_KEPT", 3))
# A dossier PDF queued or being made for longer than this (seconds) is taken to be lost
# (a worker that died or is down): the next download queues it again.
DOCUMENT_RENDER_TIMEOUT = max(30, envint("DOCUMENT_RENDER_TIMEOUT", 600))

# The project's own crispy template pack (templates/utrecht/): NL Design System form fields.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("utrecht",)
CRISPY_TEMPLATE_PACK = "utrecht"
CRISPY_FAIL_SILENTLY = not DEBUG

# E-mail: the console by default; SMTP when EMAIL_HOST is set.
if envstr("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": envstr("EMAIL_HOST"),
                "port": envint("EMAIL_PORT", 587),
                "username": envstr("EMAIL_HOST_USER"),
                "password": envstr("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Chef Circulair <noreply@chefcirculair.nl>")

TASKS = {
    "default": {
        "BACKEND": envstr("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Whether a task worker runs (bin/serve starts one): then dossier PDFs are made there
# and the page polls for them. Off by default with DEBUG (`make run`, which also runs
# tasks such as the annual report in the request with the ImmediateBackend), under
# tests and with the ImmediateBackend: a changed dossier's PDF is then made during the request.
# `make run` ticks the scheduler (notifications.scheduler) in a thread of the development server.
SCHEDULER_THREAD = envbool("SCHEDULER_THREAD", False)
TASK_WORKER = envbool("TASK_WORKER", not (DEBUG or TESTING or TASKS["default"]["BACKEND"].endswith("ImmediateBackend")))

# Strict Content-Security-Policy: scripts and styles from our own origin or with
# the per-request nonce; nothing inline, nothing eval'd.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    if envbool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# KPI measurement import: the largest file accepted.
KPI_IMPORT_MAX_BYTES = envint("KPI_IMPORT_MAX_BYTES", 2 * 1024 * 1024)

# OCDS (procurement/ocds): every exported release's ocid is this prefix, a hyphen and the
# trajectory's number. Register your own prefix with the Open Contracting Partnership
# ("ocds-" and six characters) before publishing; the default is for trying it out.
OCDS_OCID_PREFIX = envstr("OCDS_OCID_PREFIX", "ocds-chefci")
# The largest OCDS release, record or package a team may upload to link a tender.
OCDS_IMPORT_MAX_BYTES = envint("OCDS_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# The most releases one uploaded OCDS file may hold (counted before it is validated and merged, so a
# file at the size limit is answered within a second or two; one tender has a few dozen at most).
OCDS_IMPORT_MAX_RELEASES = envint("OCDS_IMPORT_MAX_RELEASES", 250)


# --- Production hardening ----------------------------------------------------
# Login throttling (django-axes): a username is locked out from one client IP
# after AXES_FAILURE_LIMIT failed attempts, for AXES_COOLOFF_MINUTES. Attempts
# live in the database, so every app server sees the same counts.
# LoginThrottleHandler adds, over the same records and window: one IP across
# all usernames (password spraying; high, since an office shares an address)
# and one account across all IPs (not from addresses the account logged in
# from in the last LOGIN_KNOWN_ADDRESS_DAYS). Every lockout ends after the cool-off.
AUTHENTICATION_BACKENDS = [
    "accounts.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_LOCK_OUT_AT_FAILURE = True  # django-axes' default, named here for the login limits of accounts/security.py
AXES_VERBOSE = envbool("AXES_VERBOSE", False)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_CALLABLE = "accounts.security.login_username"
AXES_HANDLER = "accounts.security.LoginThrottleHandler"
# Failures during a lockout do not extend it: it ends AXES_COOLOFF_MINUTES after the last counted one.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_IP_FAILURE_LIMIT = envint("LOGIN_IP_FAILURE_LIMIT", 50)
LOGIN_ACCOUNT_FAILURE_LIMIT = envint("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
LOGIN_KNOWN_ADDRESS_DAYS = envint("LOGIN_KNOWN_ADDRESS_DAYS", 30)
# The client IP: REMOTE_ADDR, unless the app runs behind reverse proxies. Then
# TRUSTED_PROXY_COUNT (the number of proxies in front of gunicorn, usually 1)
# selects the address that the outermost trusted proxy appended to
# X-Forwarded-For (or to the header named in CLIENT_IP_HEADER); what the client
# itself put in that header is ignored. Never set it without a proxy that
# overwrites or appends the header: clients could pick their own address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
CLIENT_IP_HEADER = envstr("CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"

# Sessions live in the database (Django's default engine), so app servers stay
# stateless. They end after SESSION_IDLE_MINUTES without a request (refreshed
# at most once a minute by SessionIdleTimeoutMiddleware, not on every request).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 120) * 60
SESSION_REFRESH_SECONDS = 60
# However active, a session ends this long after its login (SessionAbsoluteTimeoutMiddleware).
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 12) * 3600

# Rate limits counted in the database (accounts.security.rate_limit_hit):
# the password-reset form per client IP (over the limit: a 429 page) and per
# e-mail address (over the limit: the same "sent" page, but no e-mail), and
# synchronous PDFs (the dossier) per user per minute.
PASSWORD_RESET_IP_LIMIT = envint("PASSWORD_RESET_IP_LIMIT", 20)
PASSWORD_RESET_EMAIL_LIMIT = envint("PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_WINDOW_SECONDS = 3600
PDF_RATE_LIMIT_PER_MINUTE = envint("PDF_RATE_LIMIT_PER_MINUTE", 6)
# The JSON API (api app): requests per token per minute, wrong tokens per client address per minute,
# and the largest request body it reads.
API_RATE_LIMIT_PER_MINUTE = envint("API_RATE_LIMIT_PER_MINUTE", 120)
API_BAD_TOKEN_LIMIT_PER_MINUTE = envint("API_BAD_TOKEN_LIMIT_PER_MINUTE", 30)
API_MAX_BODY_BYTES = envint("API_MAX_BODY_BYTES", 64 * 1024)
# Days the log of API requests (shown per token to the chef circulair) is kept: `manage.py prune_api_requests`.
API_REQUEST_LOG_DAYS = max(1, envint("API_REQUEST_LOG_DAYS", 90))

# Request size limits: larger bodies are refused with a Dutch explanation
# (413, see accounts.security). Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE
# go to a temporary file rather than memory.
# At least room for a supplier's full set of evidence files (EVIDENCE_MAX_FILES at EVIDENCE_MAX_BYTES)
# and the form around them: otherwise a valid upload would meet a 413 instead of the form's own
# Dutch message (suppliers.checks refuses a configuration where it does not fit).
EVIDENCE_REQUEST_ROOM = EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES + 1024 * 1024
MAX_REQUEST_BODY_SIZE = envint("MAX_REQUEST_BODY_SIZE", max(10 * 1024 * 1024, EVIDENCE_REQUEST_ROOM))
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", 2000)

# Organisation scoping is fail-closed in tests: evaluating a queryset of
# organisation-owned data without a scope raises (see organisations/scoping.py).
ORGANISATION_SCOPING_STRICT = envbool("ORGANISATION_SCOPING_STRICT", TESTING)

# HSTS preloading is a decision for the owner of the whole domain (it binds
# every subdomain, for months): opt in with SECURE_HSTS_PRELOAD=true. Until then
# `check --deploy` must not warn about it.
SILENCED_SYSTEM_CHECKS = [] if envbool("SECURE_HSTS_PRELOAD", False) else ["security.W021"]

# --- Two-factor authentication (accounts/twofactor.py) -----------------------
# TOTP (an authenticator app) with single-use recovery codes, through django-otp.
# Staff need it for the admin unless TWO_FACTOR_STAFF_REQUIRED is off (only
# `make run` turns it off, for the demo; `check --deploy` warns about it).
# Organisations switch it on for all their members ("verplicht voor alle leden").
TWO_FACTOR_STAFF_REQUIRED = envbool("TWO_FACTOR_STAFF_REQUIRED", True)
# Wrong codes allowed for one password login before it starts over (each also
# counts as a failed login for django-axes), and how long the code step waits.
TWO_FACTOR_MAX_CODE_ATTEMPTS = envint("TWO_FACTOR_MAX_CODE_ATTEMPTS", 5)
TWO_FACTOR_PENDING_SECONDS = envint("TWO_FACTOR_PENDING_SECONDS", 300)
# How often a session re-reads whether its user has a device or must have one.
TWO_FACTOR_RECHECK_SECONDS = 60
OTP_TOTP_ISSUER = "Chef Circulair"
# django-otp's own throttle per device (it lives on the device row, so it holds across sessions and
# servers): after n wrong codes in a row the next code is checked only FACTOR × 2^(n−1) seconds after
# the last wrong one. django-otp's default of 1 s refused a right code typed a second after a typo;
# with 0,25 s nobody typing notices the first three (0,25, 0,5 and 1 s), and from there it doubles:
# 2 min after 10 wrong codes, over an hour after 15. The login throttle (axes, per username and IP and
# per account) and TWO_FACTOR_MAX_CODE_ATTEMPTS per password login bound guessing long before that.
OTP_TOTP_THROTTLE_FACTOR = 0.25
OTP_STATIC_THROTTLE_FACTOR = 0.25
# Codes and passwords typed in the two-factor forms never reach axes' logs.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "confirmation"]

# --- Single sign-on per organisation (accounts/sso.py) --------------------------
# OpenID Connect through Authlib. Providers live in the database (one per organisation).
# Client secrets are encrypted with Fernet under a key derived from SSO_ENCRYPTION_KEY, or from
# SECRET_KEY (and SECRET_KEY_FALLBACKS, so a rotated SECRET_KEY still reads them) when it is unset.
SSO_ENCRYPTION_KEY = envstr("SSO_ENCRYPTION_KEY", "")
# Leeway for the ID token's exp/iat/nbf against clocks that differ a little.
SSO_CLOCK_SKEW_SECONDS = envint("SSO_CLOCK_SKEW_SECONDS", 60)
# How long a request to a provider (discovery, keys, token) may take before the login says it is down.
SSO_HTTP_TIMEOUT_SECONDS = envint("SSO_HTTP_TIMEOUT_SECONDS", 10)
# Providers must be https://, except in development and the tests (the provider of dev/oidc-provider).
SSO_ALLOW_HTTP_ISSUER = envbool("SSO_ALLOW_HTTP_ISSUER", DEBUG or TESTING)

# Benchmarks only (bench/bench_pages.py): the real URLs plus a bare view.
if envbool("BENCH_URLS", False):
    ROOT_URLCONF = "bench.urls"
