"""Rate limits for the forms that send mail or store what anonymous visitors type: the
forgotten password, invitations and the accessibility feedback.

A fixed-window counter in Django's default cache (Redis in production, so every instance
counts together): ``hit(scope, identifier, limit)`` counts one attempt and says whether it is
still within ``limit`` for the current window of settings.THROTTLE_WINDOW_SECONDS. Windows are
aligned to the clock (the key carries the window's number), so the time until the next window
is known exactly: ``refusal_message()`` tells it in German and ``retry_after()`` gives it for the
``Retry-After`` header of a 429 answer. The key holds the scope and a SHA-256 of the
identifier, never an e-mail address or an IP address in the clear. A limit of 0 switches a
limit off. With the dummy cache nothing is counted (and nothing refused).

The client is ``client_ip(request)``, the one rule for "who is this client" that the login's
brute-force protection (django-axes, settings.AXES_CLIENT_IP_CALLABLE) uses too: REMOTE_ADDR,
or behind settings.TRUSTED_PROXY_COUNT proxies the address the outermost one saw. Never the
whole X-Forwarded-For, which any client can write. IPv6 clients count per /64 network, the
smallest block a home or office line gets.

Why not django-ratelimit: it is made for limits per view, as a decorator that keys by client,
user or a field and then answers the view or raises ``Ratelimited``. Here the limits sit in
the middle of a step – the forgotten password counts per address only once the form is valid
and then answers exactly as if a mail had been sent, invitations count per invited address in
the service that the admin calls – and the project adds no dependency for ~60 lines on
``cache.add`` and ``cache.incr``.
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import ngettext


def _window():
    return settings.THROTTLE_WINDOW_SECONDS


def _seconds_left(now):
    window = _window()
    return window - (now % window)


def hit(scope, identifier, limit, *, now=None):
    """Count one attempt of ``identifier`` (an e-mail address, a client address …; compared
    case-insensitively) in ``scope``; True while the window holds at most ``limit`` attempts."""
    if limit <= 0:
        return True
    now = time.time() if now is None else now
    digest = hashlib.sha256(str(identifier).strip().lower().encode()).hexdigest()
    key = f"throttle:{scope}:{int(now // _window())}:{digest}"
    timeout = math.ceil(_seconds_left(now)) + 1
    if cache.add(key, 1, timeout=timeout):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr: this is the window's first
        cache.add(key, 1, timeout=timeout)
        count = 1
    return count <= limit


def client_ip(request):
    """The client's address (settings.AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or behind
    settings.TRUSTED_PROXY_COUNT proxies the address the outermost one saw – the entry that
    many places from the right of X-Forwarded-For (entries further left come from the client
    and can be anything). Without such an entry, REMOTE_ADDR."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    forwarded = [entry.strip() for entry in forwarded if entry.strip()]
    if len(forwarded) < count:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote_addr


def client_address(request):
    """The client of ``request`` as the limits count it: client_ip() (IPv6: its /64 network)."""
    address = client_ip(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def retry_after(*, now=None):
    """Whole seconds until the current window ends (for the ``Retry-After`` header)."""
    now = time.time() if now is None else now
    return math.ceil(_seconds_left(now))


def refusal_message(*, now=None):
    """The German answer to a refused attempt, with the minutes until it may be tried again."""
    minutes = max(1, math.ceil(retry_after(now=now) / 60))
    return ngettext(
        "Zu viele Anfragen. Bitte versuchen Sie es in %(minutes)d Minute erneut.",
        "Zu viele Anfragen. Bitte versuchen Sie es in %(minutes)d Minuten erneut.",
        minutes,
    ) % {"minutes": minutes}


def refused(response):
    """``response`` (the form again, with refusal_message() among its errors) as a 429."""
    response.status_code = 429
    response["Retry-After"] = str(retry_after())
    return response
