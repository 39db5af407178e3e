"""A host name per region: on a region's own host (RegionHost) the portal is that region's.

``HostRegionMiddleware`` sets ``request.host_region``, resolved on first use and once per
request: the Region whose host the request came on, or None on the main portal (any host not
in the table); ``host_region(request)`` gives it. Django has
checked the Host header against ALLOWED_HOSTS before (CommonMiddleware), so only allowed
hosts get here; the header is otherwise untrusted and only ever looked up, never echoed.

The table of hosts is read once per content generation (bildungsregion.page_cache.derived):
RegionHost and Region are public content, so saving or deleting one starts a new generation
and every process reads the table afresh within a second.

Links to other regions: a region with a host of its own is linked on that host (its start page
is its portal); a region without one on the main portal's address. A page's canonical URL names
one host only: the host of the region it is about, else the main portal
(settings.PORTAL_BASE_URL, or the request's own address when that is not set).
"""

import copy
from typing import NamedTuple

from django.conf import settings
from django.http.request import split_domain_port
from django.utils.functional import SimpleLazyObject

from bildungsregion import page_cache

from .models import RegionHost

# The value of the lists' ``region`` parameter that means every region: on a region's host
# no parameter means that region, so "alle Regionen" needs a value of its own.
ALL_REGIONS = "alle"


class HostTable(NamedTuple):
    region_by_host: dict  # host -> region pk
    regions: dict  # pk -> Region (of the regions that have a host)
    host_by_region: dict  # pk -> the region's primary host


def _table():
    hosts = list(RegionHost.objects.select_related("region").order_by("-is_primary", "host"))
    table = HostTable({}, {}, {})
    for row in hosts:
        table.region_by_host[row.host] = row.region_id
        table.regions[row.region_id] = row.region
        table.host_by_region.setdefault(row.region_id, row.host)
    return table


def host_table():
    return page_cache.derived("region-hosts", _table)


def region_for_host(host):
    """The Region of a Host header value ("stade.localhost:8000"), or None. A copy: the
    cached row is shared by the requests of this process."""
    domain, _port = split_domain_port(host)
    table = host_table()
    pk = table.region_by_host.get(domain)
    return None if pk is None else copy.copy(table.regions[pk])


def host_region(request):
    """The Region of the request's host (HostRegionMiddleware), None on the main portal."""
    region = getattr(request, "host_region", None)
    if not region:  # also resolves the lazy value
        return None
    return getattr(region, "_wrapped", region)  # the Region, not its lazy wrapper


def _origin(request, host):
    """``scheme://host[:port]`` with the request's scheme and port (development serves every
    host on one port: http://stade.localhost:8000/)."""
    _domain, port = split_domain_port(request.get_host())
    default_port = "443" if request.is_secure() else "80"
    suffix = f":{port}" if port and port != default_port else ""
    return f"{request.scheme}://{host}{suffix}"


def main_origin(request):
    """The main portal's address: PORTAL_BASE_URL, else the request's own (on a region's host
    without PORTAL_BASE_URL the main portal's host is not known)."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def region_origin(request, region):
    """The address of the region's own portal, or None if it has no host."""
    host = host_table().host_by_region.get(region.pk) if region is not None else None
    return None if host is None else _origin(request, host)


def canonical_url(request, path, region=None):
    """The one absolute URL of ``path`` (with its query) for search engines: on the host of
    ``region`` (the region the page is about) if it has one, else on the main portal."""
    return (region_origin(request, region) or main_origin(request)) + path


def region_home_url(request, region):
    """Where a link to a region goes: its own portal's start page, else its region page (on
    the current host, like every other link of the page)."""
    origin = region_origin(request, region)
    if origin is None:
        return region.get_absolute_url()
    return origin + "/"


class HostRegionMiddleware:
    """Sets ``request.host_region``: the Region of the host, false (a lazy None) on the main
    portal. Lazy, like ``request.user``: resolved on first use, once per request, so that pages
    which do not depend on the host (the admin, robots.txt, feeds) never read the table. Code
    asks ``regions.hosts.host_region(request)`` for the Region itself or None. After
    CommonMiddleware, which refuses hosts outside ALLOWED_HOSTS (400) before anything here
    reads the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = request.get_host()
        request.host_region = SimpleLazyObject(lambda: region_for_host(host))
        return self.get_response(request)
