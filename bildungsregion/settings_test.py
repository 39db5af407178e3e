"""Settings of the test suite (pytest: DJANGO_SETTINGS_MODULE in pyproject.toml).

The production settings, read with DEBUG off whatever the environment says, and then the few
values the tests need, each named below. Security headers, cookie flags, HSTS and the CSP stay
as in production; tests that need another value (the page cache, the second factor, an HTTPS
redirect) set it themselves. What an environment does at start-up is tested in fresh processes
with bildungsregion.settings itself (tests/test_settings.py, tests/test_security.py).
"""

import os

# bildungsregion.settings reads its environment on import and refuses DEBUG off without a good
# secret key: import it with DEBUG off and the test key, then give the process its own values
# back, so that nothing of this reaches the processes the tests start.
TEST_SECRET_KEY = "test-only-Lq3vX8nR2wP7tY5bK9mD4hF6jS1cG0aZ-uE8iO3yT7rW2qN5xV9pB4kM"
_OVERRIDDEN = {"DEBUG": "0", "SECRET_KEY": TEST_SECRET_KEY}
_saved = {name: os.environ.get(name) for name in _OVERRIDDEN}
os.environ.update(_OVERRIDDEN)
try:
    from bildungsregion.settings import *  # noqa: F403
finally:
    for _name, _value in _saved.items():
        if _value is None:
            os.environ.pop(_name, None)
        else:
            os.environ[_name] = _value

DEBUG = False

# The test client asks for plain http://testserver/; pytest-django adds "testserver" itself,
# and the live server of the browser tests its own host.
# The region hosts of tests/regions/test_region_hosts.py are subdomains of localhost, as in
# development.
ALLOWED_HOSTS = ["testserver", ".localhost"]
# Plain HTTP in tests: a redirect to https:// would answer every request with a 301. The cookie
# flags (Secure, HttpOnly, SameSite) and HSTS stay as in production.
SECURE_SSL_REDIRECT = False

# One process's memory, empty at the start of every test (tests/conftest.py), whatever
# CACHE_URL says; no page cache unless a test switches it on (tests/test_page_cache.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0
# Every counted search is written at once (usage.middleware), so a test sees it in its rows.
SEARCH_STATISTICS_FLUSH_SECONDS = 0

# Staff log in with force_login or a password only; tests/admin/test_two_factor.py switches
# the second factor on.
STAFF_OTP_REQUIRED = False

# Hashing a password the production way takes about 0.3 s; MD5 makes it instant.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Background jobs run at once, inside enqueue (which bildungsregion.mail calls on commit: tests
# that read the outbox run the commit callbacks, tests.factories.committed()).
# "database" is the production backend, for the tests of the queue itself (tests/test_tasks_mail.py).
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

# Mails stay in django.core.mail.outbox.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}}

# Static files from the app folders, without collectstatic (the manifest storage of production
# needs its manifest), looked up per request: WhiteNoise would otherwise scan every static file
# for each test client.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The serialized_rollback tests (browser, backup) restore the rows the migrations made, one
# save() at a time: the 15,050 places of the postcode gazetteer (regions/0008) cost 3.5 s per
# test. A test that needs the gazetteer asks for the fixture `postcode_places`
# (tests/conftest.py), which reloads it after such a test emptied the tables; one that needs the
# other rows `regions` has from migrations, the legal pages' texts (regions/0010), asks for
# `legal_details`.
TEST_NON_SERIALIZED_APPS = ["regions"]

# The link check's tests ask an HTTP server of their own on 127.0.0.1 (tests/test_linkcheck.py),
# with short timeouts and pauses; the internet is never asked.
LINK_CHECK_ALLOW_PRIVATE = True
LINK_CHECK_TIMEOUT = 0.5
LINK_CHECK_HOST_INTERVAL = 0.05
