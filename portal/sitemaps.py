from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actors.models import Actor, WorkingGroup
from offers.models import Event, LifeStage, Offer, Transition
from regions.models import Region


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "regions:home",
            "regions:region-list",
            "offers:offer-list",
            "offers:event-list",
            "actors:actor-list",
            "regions:impressum",
            "regions:datenschutz",
            "regions:barrierefreiheit",
        ]

    def location(self, item):
        return reverse(item)


class ModelSitemap(Sitemap):
    limit = 10000

    def lastmod(self, obj):
        return getattr(obj, "updated_at", None)


class RegionSitemap(ModelSitemap):
    def items(self):
        return Region.objects.order_by("pk")


class LifeStageSitemap(Sitemap):
    def items(self):
        return LifeStage.objects.order_by("position")


class TransitionSitemap(Sitemap):
    def items(self):
        return Transition.objects.order_by("pk")


class OfferSitemap(ModelSitemap):
    def items(self):
        return Offer.objects.public().only("slug", "updated_at").order_by("pk")


class EventSitemap(ModelSitemap):
    def items(self):
        return Event.objects.public().only("slug", "updated_at").order_by("pk")


class ActorSitemap(ModelSitemap):
    def items(self):
        return Actor.objects.public().only("slug", "updated_at").order_by("pk")


class WorkingGroupSitemap(ModelSitemap):
    def items(self):
        return WorkingGroup.objects.public().select_related("region").order_by("pk")


SITEMAPS = {
    "seiten": StaticSitemap,
    "regionen": RegionSitemap,
    "lebensphasen": LifeStageSitemap,
    "uebergaenge": TransitionSitemap,
    "angebote": OfferSitemap,
    "veranstaltungen": EventSitemap,
    "akteure": ActorSitemap,
    "arbeitsgruppen": WorkingGroupSitemap,
}
