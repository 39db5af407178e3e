from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from bildungsregion import page_cache
from regions.hosts import canonical_url
from regions.models import Region

# The header's main navigation: (label, URL name). Entries whose URL does not
# exist (yet) are left out, so the navigation never links to a missing page.
MAIN_NAV = [
    (_("Angebote"), "offers:offer-list"),
    (_("Veranstaltungen"), "offers:event-list"),
    (_("Akteure"), "actors:actor-list"),
    (_("Ausbildung"), "careers:place-list"),
    (_("Regionen"), "regions:region-list"),
]


def site(request):
    """The portal's name and the header navigation, marked where the visitor is."""
    nav = []
    for label, name in MAIN_NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        nav.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {
        "portal_name": settings.PORTAL_NAME,
        # The page's own address on the main portal without its query string; lists name the
        # canonical form of their filters instead (RegionFilterSetMixin.canonical_url), pages
        # of a region the host of the region (regions.hosts.canonical_url).
        "canonical_url": SimpleLazyObject(lambda: canonical_url(request, request.path)),
        "main_nav": nav,
        # The region of the request's own host (regions.hosts; lazy, false on the main portal).
        "host_region": getattr(request, "host_region", None),
        # Five rows that change once a year: read once per content generation, and only by
        # pages that show them (not the admin).
        "nav_regions": SimpleLazyObject(
            lambda: page_cache.derived("nav-regions", lambda: list(Region.objects.nav_list()))
        ),
    }
