"""The sitemaps: on the main portal every public page, on a region's own host (regions.hosts)
the pages whose canonical URL is on that host – its start page and lists, its region page and
its offers, events, actors, working groups and internship and apprenticeship places. The main
portal's sitemap leaves out what belongs to a region with a host of its own: each URL is listed
on one host only. Occupations and funding calls are pages of the whole portal."""

import functools

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse

from actors.models import Actor, WorkingGroup
from careers.models import Occupation, Place
from funding.models import Call
from offers.models import Event, LifeStage, Offer, Transition
from regions.hosts import host_region, host_table
from regions.models import Region

# The pages of the whole portal; on a region's host only LISTS (which show the region there).
LISTS = [
    "regions:home",
    "offers:offer-list",
    "offers:event-list",
    "actors:actor-list",
    "careers:place-list",
]
PORTAL_PAGES = [
    "regions:region-list",
    "careers:occupation-list",
    "careers:check",
    "funding:call-list",
    "regions:impressum",
    "regions:datenschutz",
    "regions:barrierefreiheit",
]


class HostSitemap(Sitemap):
    """A sitemap of one host: ``region`` (on its own host) or the main portal, which leaves
    out the regions in ``hosted`` (those with a host of their own)."""

    def __init__(self, region=None, hosted=()):
        self.region = region
        self.hosted = hosted

    def scoped(self, queryset, field="region"):
        if self.region is not None:
            return queryset.filter(**{field: self.region.pk})
        if self.hosted:
            return queryset.exclude(**{f"{field}__in": self.hosted})
        return queryset


class StaticSitemap(HostSitemap):
    changefreq = "weekly"

    def items(self):
        if self.region is not None:
            return LISTS
        return [LISTS[0], PORTAL_PAGES[0], *LISTS[1:], *PORTAL_PAGES[1:]]

    def location(self, item):
        return reverse(item)


class ModelSitemap(HostSitemap):
    limit = 10000

    def lastmod(self, obj):
        return getattr(obj, "updated_at", None)


class RegionSitemap(ModelSitemap):
    def items(self):
        return self.scoped(Region.objects.order_by("pk"), field="pk")


class LifeStageSitemap(Sitemap):
    def items(self):
        return LifeStage.objects.order_by("position")


class TransitionSitemap(Sitemap):
    def items(self):
        return Transition.objects.order_by("pk")


class OfferSitemap(ModelSitemap):
    def items(self):
        return self.scoped(Offer.objects.public().only("slug", "updated_at").order_by("pk"))


class EventSitemap(ModelSitemap):
    def items(self):
        return self.scoped(Event.objects.public().only("slug", "updated_at").order_by("pk"))


class ActorSitemap(ModelSitemap):
    def items(self):
        return self.scoped(Actor.objects.public().only("slug", "updated_at").order_by("pk"))


class WorkingGroupSitemap(ModelSitemap):
    def items(self):
        return self.scoped(WorkingGroup.objects.public().select_related("region").order_by("pk"))


class PlaceSitemap(ModelSitemap):
    def items(self):
        return self.scoped(Place.objects.public().only("slug", "updated_at").order_by("pk"))


class OccupationSitemap(Sitemap):
    def items(self):
        return Occupation.objects.only("slug").order_by("pk")


class CallSitemap(Sitemap):
    def items(self):
        return Call.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {
    "seiten": StaticSitemap,
    "regionen": RegionSitemap,
    "lebensphasen": LifeStageSitemap,
    "uebergaenge": TransitionSitemap,
    "angebote": OfferSitemap,
    "veranstaltungen": EventSitemap,
    "akteure": ActorSitemap,
    "arbeitsgruppen": WorkingGroupSitemap,
    "plaetze": PlaceSitemap,
    "berufe": OccupationSitemap,
    "foerderung": CallSitemap,
}
# The sections about no region: their pages' canonical URLs are on the main portal.
PORTAL_SECTIONS = ("lebensphasen", "uebergaenge", "berufe", "foerderung")


def sitemaps_for(request):
    """The sections of the request's host, each a callable that Django's views instantiate."""
    region = host_region(request)
    hosted = () if region is not None else tuple(sorted(host_table().host_by_region))
    sections = {}
    for name, sitemap in SITEMAPS.items():
        if issubclass(sitemap, HostSitemap):
            sections[name] = functools.partial(sitemap, region=region, hosted=hosted)
        elif region is None:
            sections[name] = sitemap
    return sections


def sitemap_index(request):
    return sitemap_views.index(request, sitemaps_for(request), sitemap_url_name="sitemap-section")


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, sitemaps_for(request), section=section)
