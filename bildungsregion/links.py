"""Absolute links to the portal, for e-mails (password reset, invitations, moderation).

One rule: settings.PORTAL_BASE_URL when it is set, else the scheme and host of the request.
A request's Host may be any allowed host with any port (``bildung.example.org:8443``), so in
production PORTAL_BASE_URL decides what a recipient is sent to – except on a region's own host
(``request.host_region``, set by regions.hosts.HostRegionMiddleware from the table of region
hosts, never from the header alone): there the links stay on the region's portal.
"""

from django.conf import settings


def absolute_url(path, request=None, *, base_url=None):
    """``path`` on the portal. Without PORTAL_BASE_URL: on the address of ``request`` or, for
    services that were only given it, ``base_url`` (``request.build_absolute_uri("/")``).
    Outside a request and without PORTAL_BASE_URL the path stays relative."""
    base = settings.PORTAL_BASE_URL
    if getattr(request, "host_region", None):  # a Region (lazy: false on the main portal)
        base = request.build_absolute_uri("/")
    if not base and request is not None:
        base = request.build_absolute_uri("/")
    if not base:
        base = base_url or ""
    return base.rstrip("/") + path
