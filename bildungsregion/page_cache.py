"""A cache of whole public pages for anonymous visitors, emptied whenever content changes.

Anonymous visitors see the same page for the same address, so the rendered response (already
compressed) is kept in the cache (Redis in production) and served again without touching the
database. Each key carries a *generation* number; any change to the public content
(PUBLIC_CONTENT: region, actor, offer, event, working group …) bumps the generation (signals
connected in apps.py, offers.search after bulk writes, a restore of a backup), so publishing
shows at once. Nothing else bumps it: not history rows, staff memberships or a visitor's
accessibility feedback.

A key names the origin (scheme and host) and whether the request is an htmx swap by the same
rule the views use (bildungsregion.views.is_htmx), so that absolute links (og:url, JSON-LD,
feeds, robots.txt) and fragments are served only to requests that would render them alike.
The middleware answers first, but never before Django's own checks could refuse the request:
a Host outside ALLOWED_HOSTS and plain HTTP under SECURE_SSL_REDIRECT go down the normal stack
(400, redirect). Requests with a session cookie (staff, school staff, messages), non-GET
requests, htmx history restores, query parameters the page does not declare (query_params) and
responses that set cookies are never cached.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from .views import is_htmx

GENERATION_KEY = "page-cache:generation"

# The labels of the variants a key keeps apart (a compressed or plain body, an htmx fragment or
# the whole page); only their being distinct matters.
GZIP, PLAIN = "gzip", "plain"
FRAGMENT, WHOLE_PAGE = "htmx", "page"

# Public pages without forms (a form carries a CSRF token bound to a cookie).
CACHED_PREFIXES = (
    "/angebote/",
    "/veranstaltungen/",
    "/akteure/",
    "/regionen/",
    "/lebensphasen/",
    "/foerderung/",
    "/berufe/",
    "/uebergaenge/",
    "/suche/",
    # The lists other websites embed: their region's frame-ancestors (Region.embed_origins)
    # are public content, so a cached page never outlives a change of them.
    "/einbetten/",
    "/impressum/",
    "/datenschutz/",
    "/sitemap",
    "/robots.txt",
)

# The models whose rows public pages show: a change to one of them (or to their many-to-many
# links) starts a new generation (connected in apps.py). Not here on purpose: history rows,
# users, staff and institution memberships, accessibility feedback, the derived OfferIndex
# (written together with its offer, or by offers.search, which bumps itself).
PUBLIC_CONTENT = (
    "regions.Region",
    "regions.RegionHost",
    "regions.Municipality",
    "regions.PostalCode",
    "regions.FocusArea",
    "regions.Document",
    "regions.FundingProgramme",
    "regions.LegalDetails",
    "actors.Actor",
    "actors.WorkingGroup",
    "actors.WorkingGroupMembership",
    "actors.Meeting",
    "offers.LifeStage",
    "offers.Transition",
    "offers.Topic",
    "offers.Offer",
    "offers.Event",
    "funding.Call",
    "careers.OccupationField",
    "careers.Occupation",
    "careers.Place",
    "funding.Criterion",
    "funding.Question",
    "bildungsregion.ThesaurusEntry",
)


# The generation is read from the shared cache at most once per GENERATION_TTL seconds per
# process: a change shows on every instance within that time, and a cache hit costs one
# round trip to Redis instead of two.
GENERATION_TTL = 1.0
_local = threading.local()


def _fresh_generation():
    """A generation number never used before, also after the shared cache lost its keys (a
    restart of Redis): processes keep pages and values of old generations in memory."""
    return time.time_ns()


def generation():
    now = time.monotonic()
    memo = getattr(_local, "generation", None)
    if memo is not None and now - memo[1] < GENERATION_TTL:
        return memo[0]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        value = cache.get(GENERATION_KEY) or _fresh_generation()
    _local.generation = (value, now)
    return value


def _next_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)
    _local.generation = None  # this process sees the change at once


def bump(*args, **kwargs):
    """Content changed: every cached page is stale from now on – and once more when the
    transaction commits. Between the write and the commit another request still reads the old
    rows and may store its page under the new generation; the second bump makes that page
    stale too. In autocommit mode both happen at once."""
    _next_generation()
    transaction.on_commit(_next_generation)


def query_params(*names):
    """Declare the query parameters a cached view reads (e.g. its FilterSet's). A request with
    any other parameter is not cached, so made-up parameters cannot fill the cache; a view
    without the declaration is cached only for requests without a query."""
    allowed = frozenset(names)

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapper.page_cache_query_params = allowed
        return wrapper

    return decorate


def _known_query(request):
    if not request.GET:
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    allowed = getattr(match.func, "page_cache_query_params", frozenset())
    return allowed.issuperset(request.GET.keys())


def bump_on_m2m_change(action, **kwargs):
    """m2m_changed: links of public content were added, removed or cleared."""
    if action.startswith("post_"):
        bump()


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if request.headers.get("HX-History-Restore-Request"):
        return False
    path = request.path
    if not (path == "/" or path.startswith(CACHED_PREFIXES)):
        return False
    try:
        request.get_host()  # outside ALLOWED_HOSTS: CommonMiddleware answers 400
    except DisallowedHost:
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False  # SecurityMiddleware redirects to HTTPS
    return _known_query(request)


def _day():
    """Today's local date: part of every key, because offers end by their ``valid_until`` date
    (and entries become "möglicherweise veraltet" by date) without any write that would bump
    the generation – so no page or value outlives the day it was made on."""
    return timezone.localdate().isoformat()


def _key(request):
    parts = [
        str(generation()),
        _day(),
        request.scheme,
        request.get_host(),
        get_language_from_request(request),
        GZIP if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else PLAIN,
        FRAGMENT if is_htmx(request) else WHOLE_PAGE,
        request.get_full_path(),
    ]
    return "page-cache:v3:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class _LocalPages:
    """A small in-process copy of the most requested pages (or values) in front of the shared
    cache. Safe because a key names one generation: its value never changes, it only goes out
    of use."""

    def __init__(self, size=256):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
            return stored

    def put(self, key, stored):
        with self.lock:
            self.pages[key] = stored
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_local_pages = _LocalPages()
_local_values = _LocalPages(size=1024)


def derived(name, compute, parts=(), timeout=600, in_process=True):
    """A value derived from the content (counts, lists of names), computed once per content
    generation: from this process's memory, else from the shared cache, else ``compute()``.
    ``parts`` (strings) name the variant, e.g. the active filters. Large values are kept in the
    shared cache only (``in_process=False``)."""
    key = (
        f"derived:{name}:"
        + hashlib.sha256("\n".join([str(generation()), _day(), *parts]).encode()).hexdigest()
    )
    value = _local_values.get(key) if in_process else None
    if value is not None:
        return value[0]
    value = cache.get(key)
    if value is None:
        value = (compute(),)
        cache.set(key, value, timeout)
    if in_process:
        _local_values.put(key, value)
    return value[0]


class AnonymousPageCacheMiddleware:
    """The first middleware: it stores the finished response (compressed, with every security
    header the middleware below added) and answers a repeat without running any of them. What
    those would refuse or redirect (a foreign Host, plain HTTP) it leaves to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = _local_pages.get(key)
        if stored is None:
            stored = cache.get(key)
            if isinstance(stored, tuple) and len(stored) == 2:
                _local_pages.put(key, stored)
        if isinstance(stored, tuple) and len(stored) == 2:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and "Set-Cookie" not in response.headers
            and not response.streaming
        ):
            patch_vary_headers(response, ("Accept-Language", "Accept-Encoding", "HX-Request"))
            stored = (response.content, dict(response.headers))
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            _local_pages.put(key, stored)
            response["X-Page-Cache"] = "miss"
        return response
