from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from regions.models import Region

from .models import Offer

FEED_SIZE = 30


class TextSummaryAtomFeed(Atom1Feed):
    """Atom with plain-text summaries: Django writes ``<summary type="html">``, so a reader would
    run markup typed into an offer's summary (``<img onerror=…>``). The summary comes as the
    item's ``text_summary`` instead and is written as ``type="text"`` (the XML writer escapes it).
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("text_summary"):
            handler.addQuickElement("summary", item["text_summary"], {"type": "text"})


class RegionOffersFeed(Feed):
    """Atom feed of the newest published offers of a region."""

    feed_type = TextSummaryAtomFeed

    def get_object(self, request, slug):
        return get_object_or_404(Region, slug=slug)

    def title(self, region):
        return _("Neue Bildungsangebote – %(region)s") % {"region": region.name}

    def subtitle(self, region):
        return _("Die neuesten Angebote der Bildungsregion %(region)s") % {"region": region.name}

    def link(self, region):
        return region.get_absolute_url()

    def items(self, region):
        return (
            Offer.objects.public()
            .for_region(region)
            .select_related("provider")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, offer):
        return offer.title

    def item_description(self, offer):
        return None  # no HTML summary; see TextSummaryAtomFeed

    def item_extra_kwargs(self, offer):
        return {"text_summary": offer.summary}

    def item_pubdate(self, offer):
        return offer.published_at

    def item_updateddate(self, offer):
        return offer.updated_at

    def item_author_name(self, offer):
        return offer.provider.name
