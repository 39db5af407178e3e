"""What the API adds to every answer: an ETag with 304 answers, CORS for any origin, the rate
limit per client.

ETag: a digest of the content generation (bildungsregion.page_cache: every change to public
content starts a new one), the day (offers and places end by date, without a write), the
representation's revision and the request (scheme, host, path and query). It is known before
any query runs, so a repeat with ``If-None-Match`` is answered 304 for the price of reading the
generation. Lists whose content changes with the time of day (upcoming events) add the
current slot of EVENT_SLOT_SECONDS, as the page cache keeps their pages no longer than that.

CORS: ``Access-Control-Allow-Origin: *`` on the API's answers and nowhere else, in a few
lines rather than django-cors-headers: one fixed rule (any origin, reading only, no cookies or
credentials) needs no configurable middleware for the whole site.

Rate limit: bildungsregion.throttle, the one rule for "who is this client" and the window the
forms use, in the shared cache; settings.API_LIMIT_PER_CLIENT requests per window. A refused
request gets 429 with the German message and ``Retry-After``.
"""

import hashlib
import time

from django.conf import settings
from django.utils import timezone
from django.utils.cache import get_conditional_response
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle

from bildungsregion import page_cache, throttle

# Raised whenever the JSON of an entry changes shape or content without a change of the data
# (a new field, another rounding): clients then fetch again.
REPRESENTATION = "1"
EVENT_SLOT_SECONDS = 300

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
}


def content_etag(request, *, time_slot=None):
    """The ETag of the answer to ``request`` (a quoted strong validator)."""
    parts = [
        REPRESENTATION,
        str(page_cache.generation()),
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    ]
    if time_slot:
        parts.append(str(int(time.time() // time_slot)))
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40] + '"'


class ClientThrottle(BaseThrottle):
    """At most settings.API_LIMIT_PER_CLIENT requests per client and window."""

    def allow_request(self, request, view):
        return throttle.hit(
            "api:client", throttle.client_address(request), settings.API_LIMIT_PER_CLIENT
        )

    def wait(self):
        return throttle.retry_after()


class Refused(exceptions.Throttled):
    """429 with the portal's German refusal and ``Retry-After`` (DRF's handler sets it from
    ``wait``), without DRF's own sentence about the waiting time."""

    def __init__(self, wait):
        super().__init__(detail=throttle.refusal_message())
        self.wait = wait


class NotModified(Exception):
    """Carries the 304 answer for an unchanged entry out of the view's checks."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def not_modified(request, etag):
    """Raise NotModified (answered with 304) if ``request`` names ``etag`` in If-None-Match."""
    response = get_conditional_response(request, etag=etag)
    if response is not None:
        raise NotModified(response)


def allow_any_origin(response):
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response
