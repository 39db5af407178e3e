"""The security part of the settings, called in this process for both modes.

tests/test_settings.py starts fresh processes to see what an environment does at start-up;
these tests call the functions behind it, so every value is pinned exactly.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from bildungsregion.settings import (
    INSECURE_SECRET_KEY,
    cache_from_url,
    checked_secret_key,
    env_bool,
    env_list,
    security_settings,
)

GOOD_KEY = "x7Qm2vL9pR4tW8yB1nC6dF3hJ5kM0sA-Zq_Ue9Ri2Oy7Tw4Gv1Hb8Nc5Xj3Lp6Kd"

EXPECTED_CSP = {
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
}
ALWAYS = {
    "SECURE_CSP": EXPECTED_CSP,
    "X_FRAME_OPTIONS": "DENY",
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    "SESSION_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
}
HTTPS_VARIABLES = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


@pytest.fixture
def clean_environment(monkeypatch):
    for name in HTTPS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_development_has_the_headers_and_cookie_flags_but_no_https_settings(clean_environment):
    assert security_settings(debug=True) == ALWAYS


def test_production_adds_https_only_hsts_for_a_year_and_secure_cookies(clean_environment):
    assert security_settings(debug=False) == ALWAYS | {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_production_https_settings_follow_the_environment(clean_environment):
    clean_environment.setenv("SECURE_SSL_REDIRECT", "0")
    clean_environment.setenv("SECURE_HSTS_SECONDS", "0")
    clean_environment.setenv("SESSION_COOKIE_SECURE", "off")
    clean_environment.setenv("CSRF_COOKIE_SECURE", "no")
    values = security_settings(debug=False)
    assert (
        values["SECURE_SSL_REDIRECT"],
        values["SECURE_HSTS_SECONDS"],
        values["SESSION_COOKIE_SECURE"],
        values["CSRF_COOKIE_SECURE"],
    ) == (False, 0, False, False)


def test_a_good_secret_key_is_taken_as_it_is():
    assert checked_secret_key(GOOD_KEY, debug=False) == GOOD_KEY


def test_development_falls_back_to_the_insecure_key():
    assert checked_secret_key("", debug=True) == INSECURE_SECRET_KEY
    assert checked_secret_key("short", debug=True) == "short"


@pytest.mark.parametrize(
    "key",
    [
        "",
        INSECURE_SECRET_KEY,
        "django-insecure-" + GOOD_KEY,
        GOOD_KEY[:49],
        "a" * 80,
        "abcd" * 20,
    ],
    ids=["empty", "development-key", "django-insecure-prefix", "49-chars", "one-char", "4-chars"],
)
def test_production_refuses_an_insecure_secret_key(key):
    with pytest.raises(ImproperlyConfigured) as refused:
        checked_secret_key(key, debug=False)
    assert str(refused.value) == (
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )


def test_a_key_of_exactly_50_characters_and_5_distinct_ones_is_accepted():
    key = "abcde" * 10
    assert checked_secret_key(key, debug=False) == key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "default"),
        ("", "default"),
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("nein", False),
    ],
)
def test_env_bool(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("PORTAL_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("PORTAL_TEST_FLAG", value)
    assert env_bool("PORTAL_TEST_FLAG", "default") == expected


def test_env_list_splits_at_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("PORTAL_TEST_LIST", " a.example, ,b.example,")
    assert env_list("PORTAL_TEST_LIST") == ["a.example", "b.example"]
    monkeypatch.delenv("PORTAL_TEST_LIST")
    assert env_list("PORTAL_TEST_LIST", "x,y") == ["x", "y"]
    assert env_list("PORTAL_TEST_LIST") == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}),
        ("locmem://", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}),
        ("dummy://", {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}),
        (
            "redis://127.0.0.1:6379/1",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/1",
                "KEY_PREFIX": "bildungsregion",
                "TIMEOUT": 300,
            },
        ),
        (
            "rediss://cache.example:6380/2?prefix=stade&timeout=60",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "rediss://cache.example:6380/2",
                "KEY_PREFIX": "stade",
                "TIMEOUT": 60,
            },
        ),
        (
            # A query may hold "?" itself (RFC 3986): the location ends at the first one.
            "redis://127.0.0.1:6379/1?prefix=a?b",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/1",
                "KEY_PREFIX": "a?b",
                "TIMEOUT": 300,
            },
        ),
    ],
)
def test_cache_from_url(url, expected):
    assert cache_from_url(url) == expected


def test_cache_from_url_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL: unsupported scheme 'memcached'"):
        cache_from_url("memcached://127.0.0.1:11211")
