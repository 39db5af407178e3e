"""Settings of the Bildungsregion portal.

Configuration comes only from environment variables (see the table in README.md).
With DEBUG off the project refuses to start on an insecure secret key.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

INSECURE_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"


def checked_secret_key(value, debug):
    """The secret key to use: with DEBUG off only a long random value, never Django's
    "django-insecure-…" kind, a short one or one of few distinct characters."""
    key = value or INSECURE_SECRET_KEY
    if not debug and (
        key == INSECURE_SECRET_KEY
        or key.startswith("django-insecure")
        or len(key) < 50
        or len(set(key)) < 5
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random value when DEBUG is off "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    return key


SECRET_KEY = checked_secret_key(os.environ.get("SECRET_KEY", ""), DEBUG)

# In development every region's demo host (stade.localhost, regions.RegionHost) is allowed:
# browsers resolve *.localhost to the loopback address. In production the region hosts must be
# named here (system check regions.W002).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "bildungsregion",
    "regions",
    # Search statistics and "War diese Seite hilfreich?" (no personal data).
    "usage",
    "actors",
    "offers",
    "funding",
    # Internship and apprenticeship places, occupations, the Berufswahl-Check.
    "careers",
    # The pages that compose the apps above: start page, region pages, sitemaps, the admin site.
    "portal",
    # The open data API, /api/v1/ (Django REST framework, drf-spectacular).
    "api",
    # The Django admin, with the Bildungsbüro site of portal/admin_site.py.
    "portal.admin_apps.BildungsregionAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "import_export",
    "axes",
    # The queue of background jobs (mails): Django's tasks framework on the database.
    "bildungsregion.tasks_app.TasksConfig",
]

MIDDLEWARE = [
    # Outermost: counts the searches a list answered (usage.middleware), also those the page
    # cache below answers.
    "usage.middleware.SearchStatisticsMiddleware",
    # Next: answers anonymous repeats of public pages from the cache (see its docstring).
    "bildungsregion.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (which serves precompressed static files): compresses the pages.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which refuses a Host outside ALLOWED_HOSTS: the region of the host.
    "regions.hosts.HostRegionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bildungsregion.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bildungsregion.urls"
WSGI_APPLICATION = "bildungsregion.wsgi.application"
AUTH_USER_MODEL = "bildungsregion.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
    {
        # Plain-text e-mails (bildungsregion.mail): nothing is HTML-escaped, so a title with
        # quotes or "&" arrives as it was typed.
        "NAME": "mail",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Cache ----------------------------------------------------------------------------------
def cache_from_url(url):
    """Turn CACHE_URL (redis://…, locmem://, dummy://) into a CACHES entry."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    parts = urlsplit(url)
    if parts.scheme in {"redis", "rediss"}:
        options = {k: v[0] for k, v in parse_qs(parts.query).items()}
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url.split("?", 1)[0],
            "KEY_PREFIX": options.get("prefix", "bildungsregion"),
            "TIMEOUT": int(options.get("timeout", 300)),
        }
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL: unsupported scheme {parts.scheme!r}")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}
# Whole public pages for anonymous visitors (bildungsregion.page_cache); 0 switches it off.
# Off in development, so that template edits show at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))

# --- Authentication -------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The public login (/anmelden/) serves the people of institutions and Bildungsbüro staff alike;
# the former land in their area, staff in the admin (portal.accounts.PortalLoginView).
# Second factor (TOTP) for the admin: coordinators must use one in production.
STAFF_OTP_REQUIRED = env_bool("STAFF_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "Bildungsportal Niedersachsen"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "offers:provider-area"
LOGOUT_REDIRECT_URL = "login"
# The school area: at most this many new event submissions per user and window (seconds).
SCHOOL_EVENT_SUBMISSION_LIMIT = int(os.environ.get("SCHOOL_EVENT_SUBMISSION_LIMIT", "10"))
SCHOOL_EVENT_SUBMISSION_WINDOW = int(os.environ.get("SCHOOL_EVENT_SUBMISSION_WINDOW", "3600"))
# Rate limits (bildungsregion.throttle), counted in the shared cache per window (seconds);
# 0 switches a limit off. "Address" is an e-mail address, "client" the visitor's IP address.
THROTTLE_WINDOW_SECONDS = int(os.environ.get("THROTTLE_WINDOW_SECONDS", "3600"))
# Opening/confirming a "Stand" reminder link (offers.freshness_views), per client and window.
REVIEW_CONFIRM_LIMIT_PER_CLIENT = int(os.environ.get("REVIEW_CONFIRM_LIMIT_PER_CLIENT", "30"))
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "5"))
PASSWORD_RESET_LIMIT_PER_CLIENT = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_CLIENT", "20"))
INVITATION_LIMIT_PER_ADDRESS = int(os.environ.get("INVITATION_LIMIT_PER_ADDRESS", "3"))
INVITATION_LIMIT_PER_SENDER = int(os.environ.get("INVITATION_LIMIT_PER_SENDER", "50"))
FEEDBACK_LIMIT_PER_CLIENT = int(os.environ.get("FEEDBACK_LIMIT_PER_CLIENT", "5"))
FEEDBACK_LIMIT_PER_ADDRESS = int(os.environ.get("FEEDBACK_LIMIT_PER_ADDRESS", "5"))
# Search statistics (usage.middleware): each process writes its counted searches at most this
# often (seconds); 0 writes every search at once.
SEARCH_STATISTICS_FLUSH_SECONDS = float(os.environ.get("SEARCH_STATISTICS_FLUSH_SECONDS", "10"))
# "War diese Seite hilfreich?" on offer and event pages (usage), per client and window.
PAGE_FEEDBACK_LIMIT_PER_CLIENT = int(os.environ.get("PAGE_FEEDBACK_LIMIT_PER_CLIENT", "10"))
# Messages to employers from a place's page (careers), per client and window.
CAREERS_CONTACT_LIMIT_PER_CLIENT = int(os.environ.get("CAREERS_CONTACT_LIMIT_PER_CLIENT", "5"))
# The open data API (api.conditional): requests per client and window (THROTTLE_WINDOW_SECONDS).
API_LIMIT_PER_CLIENT = int(os.environ.get("API_LIMIT_PER_CLIENT", "3000"))
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Bildungsbüro staff: permissions of their role, per region (StaffMembership).
    "regions.auth.RegionRoleBackend",
]
# Brute-force protection of the login: 5 failures of one username from one address lock that
# combination for an hour; a successful login resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Behind a load balancer every request comes from its address, so one client's failures would
# lock a username for everybody: with TRUSTED_PROXY_COUNT proxies in front (each appends to
# X-Forwarded-For) the client's address is taken from that header (portal.accounts).
# 0: REMOTE_ADDR only, the header is ignored (it can be forged without a proxy).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "bildungsregion.throttle.client_ip"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in templates use the formats of the active language ("SHORT_DATE_FORMAT"); English
# has its own here (bildungsregion/formats/en/formats.py), German Django's ("d.m.Y").
FORMAT_MODULE_PATH = ["bildungsregion.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
# Uploaded documents: at most this size (regions.validators.DocumentFileValidator), refused
# while the upload arrives (bildungsregion.uploads). DATA_UPLOAD_MAX_MEMORY_SIZE keeps Django's
# default for the other fields.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 20 * 1000 * 1000))
FILE_UPLOAD_HANDLERS = [
    "bildungsregion.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640
# The largest request body without its files (Django's default is 2.5 MB): no form of the
# portal needs more than a few hundred kilobytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 1000 * 1000))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Documents are served by regions.views.document_file after an access check, never straight
# from MEDIA_ROOT. Empty: Django streams the file. "X-Accel-Redirect": nginx sends it from the
# internal location DOCUMENT_SENDFILE_PREFIX (an alias of MEDIA_ROOT); "X-Sendfile": Apache's
# mod_xsendfile sends the file's path.
DOCUMENT_SENDFILE_HEADER = os.environ.get("DOCUMENT_SENDFILE_HEADER", "")
DOCUMENT_SENDFILE_PREFIX = os.environ.get("DOCUMENT_SENDFILE_PREFIX", "/geschuetzt/")
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# In development (and in tests, where pytest-django switches DEBUG off at run time) serve
# static files straight from the app folders, without collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# --- Import and export ----------------------------------------------------------------------
# django-import-export (regions.resources). An import runs in one transaction: the
# admin's confirm rolls it back if any row fails (SQLite and PostgreSQL alike).
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Between preview and confirm the uploaded file waits in the default cache for an hour, never in
# the server's temp folder. The cache must be shared by all processes (CACHE_URL=redis://…):
# with the process's own memory a confirm that reaches another worker finds no preview and asks
# for the file again.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "regions.resources.ImportPreviewStorage"
# Off: in 4.4.3 it strips only a leading "=" and turns every XLSX cell into text. Exported
# formulae are neutralised by RegionScopedResource.export_field instead (= + - @ tab CR).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# --- E-mail ---------------------------------------------------------------------------------
# Django 6.1's MAILERS; the environment variables keep the familiar EMAIL_* names.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_email_options = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
# Background jobs (bildungsregion.mail): queued in the database, worked off by
# `manage.py db_worker` (make run starts it; README: production). Nothing more to run.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A failed mail is tried again after these many seconds (1, 5 and 30 minutes), then given up
# and logged as an error.
MAIL_RETRY_DELAYS = [60, 300, 1800]
# A demo or staging installation: mail only to example domains (also set by `demo_data`).
DEMO_MODE = env_bool("DEMO_MODE", False)

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "bildungsportal@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)


# --- Security -------------------------------------------------------------------------------
# Computed by a function (not written as module constants) so that its tests can call it for
# either mode in one process, and mutation testing (make mutants) reaches every value.
def security_settings(debug):
    """The security headers, cookie flags and, with DEBUG off, HTTPS-only settings."""
    values = {
        "SECURE_CSP": {
            "default-src": [CSP.SELF],
            "script-src": [CSP.SELF],
            "style-src": [CSP.SELF],
            "img-src": [CSP.SELF, "data:"],
            "font-src": [CSP.SELF],
            "connect-src": [CSP.SELF],
            "form-action": [CSP.SELF],
            "frame-ancestors": [CSP.NONE],
            "base-uri": [CSP.SELF],
            "object-src": [CSP.NONE],
        },
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
    }
    if not debug:
        values |= {
            "SECURE_SSL_REDIRECT": env_bool("SECURE_SSL_REDIRECT", True),
            "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
            "SECURE_HSTS_SECONDS": int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")),
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
            "SECURE_HSTS_PRELOAD": True,
            "SESSION_COOKIE_SECURE": env_bool("SESSION_COOKIE_SECURE", True),
            "CSRF_COOKIE_SECURE": env_bool("CSRF_COOKIE_SECURE", True),
        }
    return values


# SECURE_CSP, X_FRAME_OPTIONS, SESSION_COOKIE_SAMESITE, SECURE_HSTS_SECONDS … (see above).
globals().update(security_settings(DEBUG))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- The portal -----------------------------------------------------------------------------
PORTAL_NAME = os.environ.get("PORTAL_NAME", "Bildungsregionen Niedersachsen")
# The portal's public address, for links in e-mails sent outside a request (commands).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "").rstrip("/")

# --- Open data (portal.catalogue: the DCAT-AP.de catalogue /katalog/) ---------------------------
# The licence of the published data, a URI of the DCAT-AP.de licence vocabulary
# (http://dcat-ap.de/def/licenses/). The default, the Datenlizenz Deutschland – Namensnennung
# 2.0, is GovData's recommendation, not a decision: the operator (the Landkreise) must confirm
# it, or set the one they grant.
OPEN_DATA_LICENSE = os.environ.get(
    "OPEN_DATA_LICENSE", "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
)
# The GovData data provider ID (dcatde:contributorID, http://dcat-ap.de/def/contributors/…),
# which GovData's office assigns on request; empty: the catalogue names none.
OPEN_DATA_CONTRIBUTOR_ID = os.environ.get("OPEN_DATA_CONTRIBUTOR_ID", "")

# --- The open data API (api/) ----------------------------------------------------------------
# JSON only, anonymous, read-only; each view sets its rate limit, filters and paging.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Bildungsregionen Niedersachsen – offene Daten",
    "DESCRIPTION": (
        "Die öffentlichen Angebote, Veranstaltungen, Akteure, Bildungsregionen und Praktikums- "
        "und Ausbildungsplätze des Portals, nur lesend, mit den Filtern und der Suche der Listen."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The filters' labels describe them; their options are listed as an enum.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # The data's licence, the one the catalogue names (OPEN_DATA_LICENSE).
    "LICENSE": {"name": OPEN_DATA_LICENSE, "url": OPEN_DATA_LICENSE},
}

# --- The link check (bildungsregion.linkcheck, manage.py check_links) -------------------------
# A link is checked again after this many hours: 20, so that a daily run (whose start drifts by
# seconds or minutes) checks every link once a day and a second run the same day checks none.
LINK_CHECK_INTERVAL_HOURS = float(os.environ.get("LINK_CHECK_INTERVAL_HOURS", "20"))
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "10"))  # seconds per request
LINK_CHECK_HOST_INTERVAL = float(os.environ.get("LINK_CHECK_HOST_INTERVAL", "1"))  # s per host
LINK_CHECK_MAX_REDIRECTS = 5
LINK_CHECK_WORKERS = int(os.environ.get("LINK_CHECK_WORKERS", "4"))  # hosts checked at once
# Requests to private, loopback and link-local addresses are refused (SSRF); True only in the
# tests, whose HTTP server listens on 127.0.0.1.
LINK_CHECK_ALLOW_PRIVATE = False
LINK_CHECK_USER_AGENT = (
    f"Bildungsportal-Linkpruefung/1.0 (+{PORTAL_BASE_URL or 'Bildungsportal ' + PORTAL_NAME})"
)
