"""Shared fixtures of the test suite.

The browser fixtures drive the system chromium (Debian's package, installed by
scripts/install-chromium) through Playwright's sync API against pytest-django's
``live_server``.

Playwright's sync API and Django's async-safety check
-----------------------------------------------------
While a sync Playwright instance is alive, Playwright marks its event loop as the *running* loop
of the test thread between calls (``asyncio._set_running_loop`` in
``playwright/_impl/_greenlets.py``), so that nobody nests a second loop in it. Django's
``async_unsafe`` guard sees that loop and raises ``SynchronousOnlyOperation`` for every ORM call
in the test thread – also in tests that never touch the browser, once a session-wide browser has
started. No coroutine runs while the test code runs (the loop is parked in another greenlet), so
the guard's alarm is false here.

We therefore set ``DJANGO_ALLOW_ASYNC_UNSAFE`` for exactly as long as Playwright lives, and keep
that span to the browser tests:

* browser tests run last (``pytest_collection_modifyitems``), so one Playwright instance and one
  chromium serve all of them – under pytest-xdist (``make test``: ``-n 2``) one per worker, each
  worker running its share of the browser tests at its end. (Keeping them all on one worker,
  ``--dist loadgroup``, leaves that worker alone with a quarter of the suite's time at the end;
  putting them first breaks the ``serialized_rollback`` tests, which must run before any other
  transactional test of their worker.);
* before any test that is not a browser test, Playwright is stopped and the variable is restored
  (``pytest_runtest_setup``); this matters only when tests are interleaved, e.g. by
  pytest-xdist, and costs one browser start per block of browser tests.

The rest of the suite keeps Django's real guard. The alternative – running Playwright in a thread
of its own – does not work with the sync API, whose objects belong to the thread and greenlet
that created them, and asking every ORM call in a browser test to hop threads would obscure
the tests.
"""

import copy
import importlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client, TestCase
from django.utils import translation

from bildungsregion import page_cache
from regions import gazetteer
from regions.models import LegalDetails, PostcodePlace
from regions.services import postcode_places_replace

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


class Chromium:
    """One Playwright instance with one chromium, started on first use."""

    def __init__(self):
        self._playwright = None
        self._browser = None
        self._saved_async_unsafe = None

    @property
    def running(self):
        return self._browser is not None

    def browser(self):
        if self._browser is None:
            # Imported here so that a run without browser tests never loads Playwright.
            from playwright.sync_api import sync_playwright

            self._saved_async_unsafe = os.environ.get(ASYNC_UNSAFE)
            os.environ[ASYNC_UNSAFE] = "true"
            try:
                self._playwright = sync_playwright().start()
                self._browser = self._playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
            except BaseException:
                self.stop()
                raise
        return self._browser

    def stop(self):
        try:
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()
        finally:
            self._browser = None
            self._playwright = None
            if self._saved_async_unsafe is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = self._saved_async_unsafe
            self._saved_async_unsafe = None


_chromium = Chromium()


def _is_browser_test(item):
    return item.get_closest_marker("browser") is not None


def _commits(item):
    """A test that commits (transactional): its flush afterwards empties every table."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


def pytest_collection_modifyitems(config, items):
    # Stable partition, as Django's runner orders TransactionTestCase after TestCase: the tests
    # that commit run after those that roll back (after a commit's flush the rows of the data
    # migrations are gone), and the browser tests after all others.
    items[:] = (
        [item for item in items if not _is_browser_test(item) and not _commits(item)]
        + [item for item in items if not _is_browser_test(item) and _commits(item)]
        + [item for item in items if _is_browser_test(item)]
    )


def pytest_runtest_setup(item):
    if not _is_browser_test(item) and _chromium.running:
        _chromium.stop()


def pytest_sessionfinish(session, exitstatus):
    _chromium.stop()


@pytest.fixture(scope="session")
def chromium():
    """The session's Playwright and chromium, started on the first browser test.

    Missing chromium fails the test when the environment variable CI is set – the browser
    tests must never be skipped silently in CI – and skips it elsewhere.
    """
    if not CHROMIUM.is_file():
        reason = f"{CHROMIUM} is missing: run scripts/install-chromium (make chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {reason}", pytrace=False)
        pytest.skip(reason)
    return _chromium


@pytest.fixture
def browser(chromium):
    """The session's chromium (a Playwright ``Browser``), shared by all browser tests.

    It is the same browser for every browser test of a run unless a non-browser test ran in
    between and stopped it (see the module docstring).
    """
    return chromium.browser()


# Chromium reports CSP violations on the console, too; this listener makes sure every
# violation (also of report-only policies) is recorded with the blocked resource. Init scripts
# are injected by the DevTools protocol, so the page's CSP does not apply to them.
# htmx writes these to the console whenever hx-sync="this:replace" aborts an older request for
# a newer one: the intended outcome, not a fault of the page (a fast typist or a slow machine
# supersedes one request more or less).
ABORT_REPORTS = {"htmx:afterRequest, [object HTMLElement]", "htmx:sendAbort, [object HTMLElement]"}

REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


@pytest.fixture
def page(browser, live_server):
    """A fresh page in a German browser context, ``base_url`` pointing at the live server.

    Console errors, uncaught page errors and CSP violations are collected in
    ``page.problems`` (a list of strings); the browser tests assert it stays empty.
    """
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    new_page = context.new_page()
    problems = []

    def on_console(message):
        if message.type == "error" and message.text not in ABORT_REPORTS:
            problems.append(f"console.error: {message.text} ({message.location.get('url')})")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    new_page.problems = problems
    yield new_page
    context.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: rate-limit counters (bildungsregion.throttle) and
    cached pages of one test must not reach the next."""
    forget_cached_content()


def forget_cached_content():
    """Empty the shared cache and this process's copies (the generation it remembers for a
    second, its pages and derived values): after a test that changed rows built once for a
    module (rows_built_once), the counts it cached under its generation describe rows that
    its rollback took away."""
    cache.clear()
    page_cache._local.generation = None
    page_cache._local_pages.pages.clear()
    page_cache._local_values.pages.clear()


@pytest.fixture(autouse=True)
def _german():
    """Every test starts in German, the portal's language. LocaleMiddleware activates the
    language of each request in the test's thread and leaves it active afterwards: after a
    request with "Accept-Language: en", messages built outside a request (throttle refusals,
    management commands) would come out in English in whatever test runs next."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def postcode_places(db):
    """The gazetteer of German postcodes, as the data migration loaded it. A transactional test
    empties every table, and the gazetteer is not restored after it (TEST_NON_SERIALIZED_APPS
    in bildungsregion/settings_test.py): then it is loaded again, inside this test's
    transaction."""
    if not PostcodePlace.objects.exists():
        postcode_places_replace(places=gazetteer.read_csv())


def legal_details_restore():
    """The row of the legal pages (regions.LegalDetails) as the data migration wrote it, again
    after a transactional test emptied the tables (regions is not serialized either)."""
    fill = importlib.import_module("regions.migrations.0010_legal_details_texts").fill
    if not LegalDetails.objects.exists():
        fill(django_apps, None)


def offers_reference_restore():
    """The life stages, topics and transitions of the data migration offers/0002, again if a
    transactional test left them missing. Seen in the browser journey of the provider area
    (tests/browser/test_provider_journey.py), which found them gone when another browser test
    had run before it in the same process, although offers is serialized; the cause is not
    found yet."""
    from offers.models import LifeStage

    if not LifeStage.objects.exists():
        importlib.import_module("offers.migrations.0002_reference_data").load(django_apps, None)


@pytest.fixture
def legal_details(db):
    """The legal details as the migration left them (see ``legal_details_restore``)."""
    legal_details_restore()
    return LegalDetails.objects.get()


# --- Rows built once for several tests ---------------------------------------------------------
def rows_built_once(django_db_blocker, build):
    """For a module- or class-scoped fixture: ``build()`` runs once, in a transaction that is
    rolled back after the last test of the scope. Yields what ``build`` returns.

    Each test still runs in its own transaction inside this one (the ``db`` fixture: a
    savepoint), so what a test writes is gone before the next test starts; tests keep their
    independence and see the built rows as they were built. Hand each test its own copy of the
    returned objects (``copy.deepcopy``, as Django's ``setUpTestData`` does) where a test could
    change them in memory. Not for modules with ``transactional_db`` or ``live_server`` tests,
    which empty the tables.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def own_copy(built):
    """A test's own copy of model instances built once for several tests."""
    return copy.deepcopy(built)


def fixture_built_once(name, build):
    """A fixture ``name`` whose rows ``build()`` makes once per module (rows_built_once); each
    test gets its own copy of what ``build`` returns, and what it changes is rolled back after
    it. In the module: ``_rows, catalogue = fixture_built_once("catalogue", build)``; one per
    module. Every test of the module after the first that uses it sees those rows, so the
    module's other tests must not build rows that clash with them."""

    # A fixed name, so that the test's fixture can name it as a parameter: pytest then builds
    # it before the test's transaction (``db``) starts, not inside it.
    @pytest.fixture(scope="module", name="_rows_of_the_module")
    def built(django_db_setup, django_db_blocker):
        yield from rows_built_once(django_db_blocker, build)

    @pytest.fixture(name=name)
    def copy_for_the_test(_rows_of_the_module, db):
        return own_copy(_rows_of_the_module)

    copy_for_the_test.__doc__ = build.__doc__
    return built, copy_for_the_test


# --- Property tests ----------------------------------------------------------------------------


def examples(count):
    """``max_examples`` of a property test: ``count``, or a tenth of it (at least 10) in a mutation
    run (scripts/mutants.py sets MUTANTS=1). There each test runs once per mutant, and the
    property test of the search alone took a quarter of the search group's test time (4.6 of
    18.5 s); the mutants it is there for (a crash on odd input) fail on the first examples."""
    return max(10, count // 10) if os.environ.get("MUTANTS") else count


# --- A prebuilt test database (make mutants) ------------------------------------------------
# Mutation testing runs a few tests per mutant, each run a pytest session of its own; migrating a
# fresh test database takes about 7 s of that. With TEST_DATABASE_TEMPLATE naming a migrated
# database (scripts/mutants.py builds it), every session works on a private copy instead: on
# SQLite a copy of the file, on PostgreSQL a database created with the template as its TEMPLATE
# (PostgreSQL copies it file by file, in well under a second). The copy is named after the
# process, so that mutmut's parallel children never share one. pytest-django documents
# overriding django_db_setup for an existing database.
TEST_DATABASE_TEMPLATE = os.environ.get("TEST_DATABASE_TEMPLATE")


def _postgresql_admin_connection(settings_dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    )


if TEST_DATABASE_TEMPLATE:

    @pytest.fixture(scope="session")
    def django_db_setup(django_test_environment, django_db_blocker):
        from django.db import connections

        connection = connections["default"]
        settings_dict = connection.settings_dict
        with django_db_blocker.unblock():
            connection.close()
        if connection.vendor == "sqlite":
            folder = tempfile.mkdtemp(prefix="test-db-")
            shutil.copyfile(TEST_DATABASE_TEMPLATE, Path(folder) / "test.sqlite3")
            settings_dict["NAME"] = str(Path(folder) / "test.sqlite3")
            yield
            with django_db_blocker.unblock():
                connection.close()
            shutil.rmtree(folder, ignore_errors=True)
            return

        assert connection.vendor == "postgresql", "TEST_DATABASE_TEMPLATE: SQLite or PostgreSQL"
        name = f"{TEST_DATABASE_TEMPLATE}_{os.getpid()}"
        with _postgresql_admin_connection(settings_dict) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEST_DATABASE_TEMPLATE}"')
        settings_dict["NAME"] = name
        yield
        with django_db_blocker.unblock():
            connection.close()
        with _postgresql_admin_connection(settings_dict) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class CommittingClient(Client):
    """A test client whose requests commit, as every request does in production (autocommit):
    what a request registers for its commit – the queued mails – runs before its response
    returns, although the test's own transaction never commits."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def committing_client():
    return CommittingClient()
