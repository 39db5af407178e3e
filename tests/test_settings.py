"""The settings come from the environment and refuse insecure production defaults.

Settings are read once per process. ``settings_from`` runs bildungsregion/settings.py afresh in
this process with a given environment (what Django's start-up reads, with Django's defaults
for what the file leaves out); the start-up itself – ``django.setup()``, ``manage.py check
--deploy`` – runs in a fresh Python process (``run_python``), about a second each.
"""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import UserSettingsHolder, global_settings
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
GOOD_SECRET_KEY = "x7Qm2vL9pR4tW8yB1nC6dF3hJ5kM0sA-Zq_Ue9Ri2Oy7Tw4Gv1Hb8Nc5Xj3Lp6Kd"
INSECURE_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

# Variables the settings read; the parent's values must not leak into the child process.
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DB_CONN_MAX_AGE",
    "CACHE_URL",
    "PAGE_CACHE_SECONDS",
    "GUNICORN_WORKERS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_python(args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    environment["DJANGO_SETTINGS_MODULE"] = "bildungsregion.settings"
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_in(script, **env):
    """What `script` prints last (JSON), run in a fresh process with the environment `env`."""
    result = run_python(["-c", script], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def settings_from(monkeypatch, **env):
    """bildungsregion/settings.py run in this process with the environment ``env`` (and none of
    the parent's settings variables): the settings Django would see, its defaults included."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    module = runpy.run_path(str(BASE_DIR / "bildungsregion" / "settings.py"))
    values = UserSettingsHolder(global_settings)
    for name, value in module.items():
        if name.isupper():
            setattr(values, name, value)
    return values


REFUSED_KEYS = [
    pytest.param({"DEBUG": "0"}, id="no-secret-key"),
    pytest.param({"DEBUG": "0", "SECRET_KEY": ""}, id="empty-secret-key"),
    pytest.param({"DEBUG": "0", "SECRET_KEY": INSECURE_SECRET_KEY}, id="insecure-key"),
    pytest.param({"DEBUG": "0", "SECRET_KEY": "too-short-key"}, id="short-key"),
    pytest.param({"SECRET_KEY": INSECURE_SECRET_KEY}, id="debug-unset"),
    pytest.param({"DEBUG": "0", "SECRET_KEY": "a" * 64}, id="one-repeated-character"),
    pytest.param({"DEBUG": "0", "SECRET_KEY": "abcd" * 16}, id="four-characters"),
    pytest.param(
        {"DEBUG": "0", "SECRET_KEY": "django-insecure-" + GOOD_SECRET_KEY},
        id="long-django-insecure-key",
    ),
    pytest.param({"DEBUG": "0", "SECRET_KEY": GOOD_SECRET_KEY[:49]}, id="49-characters"),
]


@pytest.mark.parametrize("env", REFUSED_KEYS)
def test_settings_refuse_an_insecure_secret_key_when_debug_off(monkeypatch, env):
    with pytest.raises(ImproperlyConfigured) as refused:
        settings_from(monkeypatch, **env)

    assert str(refused.value).startswith(
        "SECRET_KEY must be set to a long random value when DEBUG is off"
    )


@pytest.mark.parametrize(
    "env", [param for param in REFUSED_KEYS if param.id in {"no-secret-key", "debug-unset"}]
)
def test_settings_refuse_to_start_without_secure_secret_key_when_debug_off(env):
    result = run_python(["-c", "import django; django.setup()"], **env)

    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set to a long random "
        "value when DEBUG is off"
    ) in result.stderr


def test_settings_start_with_secure_secret_key_when_debug_off(monkeypatch):
    values = settings_from(
        monkeypatch, DEBUG="0", SECRET_KEY=GOOD_SECRET_KEY, ALLOWED_HOSTS="portal.example"
    )

    assert values.DEBUG is False
    assert values.SECRET_KEY == GOOD_SECRET_KEY
    assert values.ALLOWED_HOSTS == ["portal.example"]


@pytest.mark.parametrize(
    "key", [GOOD_SECRET_KEY[:50], "abcde" * 10], ids=["50-characters", "five-characters"]
)
def test_settings_accept_the_shortest_and_plainest_secret_key_allowed(monkeypatch, key):
    """The limits themselves: 50 characters, 5 different ones."""
    values = settings_from(monkeypatch, DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="portal.example")

    assert values.DEBUG is False
    assert values.SECRET_KEY == key  # noqa: SIM300 (a settings attribute, not a constant)


def test_settings_start_in_debug_mode_without_secret_key(monkeypatch):
    values = settings_from(monkeypatch, DEBUG="1")

    assert values.DEBUG is True
    assert values.SECRET_KEY == INSECURE_SECRET_KEY
    assert values.ALLOWED_HOSTS == ["127.0.0.1", "localhost", ".localhost"]


def test_settings_database_defaults_to_sqlite_file_in_project_folder(monkeypatch):
    database = settings_from(monkeypatch, DEBUG="1").DATABASES["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert str(database["NAME"]) == str(BASE_DIR / "db.sqlite3")


def test_settings_database_url_selects_postgresql(monkeypatch):
    values = settings_from(
        monkeypatch, DEBUG="1", DATABASE_URL="postgres://portal@db.example:5432/portal"
    )

    assert values.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert values.DATABASES["default"]["NAME"] == "portal"


def test_settings_cache_defaults_to_local_memory(monkeypatch):
    values = settings_from(monkeypatch, DEBUG="1")

    assert values.CACHES == {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


def test_settings_cache_url_selects_redis(monkeypatch):
    cache = settings_from(monkeypatch, DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/1").CACHES

    assert cache["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["default"]["LOCATION"] == "redis://127.0.0.1:6379/1"


def test_settings_language_and_time_zone_are_german(monkeypatch):
    values = settings_from(monkeypatch, DEBUG="1")

    assert (values.LANGUAGE_CODE, values.TIME_ZONE, values.USE_TZ) == (
        "de",
        "Europe/Berlin",
        True,
    )


SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CSP",
]


def security_from(monkeypatch, **env):
    values = settings_from(monkeypatch, **env)
    return {name: getattr(values, name) for name in SECURITY_SETTINGS}


SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Everywhere, also in development.
ALWAYS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "CSRF_COOKIE_SAMESITE": "Lax",
    "X_FRAME_OPTIONS": "DENY",
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    "SECURE_CSP": SECURE_CSP,
}


def test_settings_security_in_production_environment(monkeypatch):
    values = security_from(
        monkeypatch, DEBUG="0", SECRET_KEY=GOOD_SECRET_KEY, ALLOWED_HOSTS="x.example"
    )

    assert values == {
        **ALWAYS,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_settings_security_of_a_plain_http_run_comes_from_the_environment(monkeypatch):
    """`make serve`: DEBUG off on plain HTTP, the HTTPS-only settings switched off one by one."""
    values = security_from(
        monkeypatch,
        DEBUG="0",
        SECRET_KEY=GOOD_SECRET_KEY,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
    )

    assert values == {
        **ALWAYS,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


def test_settings_security_in_development_keeps_plain_http_working(monkeypatch):
    values = security_from(monkeypatch, DEBUG="1")

    assert values == {
        **ALWAYS,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": GOOD_SECRET_KEY,
    "ALLOWED_HOSTS": "portal.example",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    # An empty database: these tests check the settings, not the content of whatever
    # db.sqlite3 lies in the project (its legal details would add regions.W001, which
    # tests/regions/test_legal_pages.py checks).
    "DATABASE_URL": "sqlite://:memory:",
}


def test_settings_pass_deploy_check_in_production_environment():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"CACHE_URL": ""}, id="cache-url-unset"),
        pytest.param({"CACHE_URL": "locmem://", "GUNICORN_WORKERS": "4"}, id="locmem-4-workers"),
    ],
)
def test_settings_deploy_check_refuses_a_page_cache_per_process(env):
    """Issue item 13: with a memory cache per gunicorn worker, archived content stays visible
    on the other workers for up to PAGE_CACHE_SECONDS."""
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **{**PRODUCTION, **env}
    )

    assert result.returncode == 1
    assert "?: (bildungsregion.W001) Der Seiten-Cache (PAGE_CACHE_SECONDS=300) liegt im " in (
        result.stderr
    )
    assert "HINT: CACHE_URL auf ein gemeinsames Redis setzen" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"CACHE_URL": "", "GUNICORN_WORKERS": "1"}, id="one-worker"),
        pytest.param({"CACHE_URL": "", "PAGE_CACHE_SECONDS": "0"}, id="page-cache-off"),
    ],
)
def test_settings_deploy_check_allows_a_memory_cache_for_one_process_or_no_page_cache(env):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **{**PRODUCTION, **env}
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_make_serve_uses_the_shared_redis_cache_unless_cache_url_is_set():
    """Issue item 13: the production-like run starts several workers (gunicorn.conf.py)."""
    makefile = (BASE_DIR / "Makefile").read_text()

    assert (
        'CACHE_URL="$${CACHE_URL:-redis://127.0.0.1:6379/1}"'
        in makefile.split("SERVE_ENV :=", 1)[1].split("\n\n", 1)[0]
    )
