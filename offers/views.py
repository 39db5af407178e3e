from typing import NamedTuple
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Actor, WorkingGroup
from bildungsregion import page_cache
from bildungsregion.filters import PAGE_PARAM
from bildungsregion.links import absolute_url
from bildungsregion.text import in_language
from bildungsregion.views import PAGE_SIZE, is_htmx

from . import search
from .filters import EventFilter, OfferFilter
from .freshness import is_possibly_outdated
from .ical import events_calendar
from .models import (
    Event,
    LearningSetting,
    LifeStage,
    Offer,
    OfferFormat,
    OfferIndex,
    Topic,
    Transition,
)
from .structured_data import event_jsonld, offer_jsonld

ICS_LIMIT = 1000


def offer_cards(queryset, limit):
    """The cards of the first `limit` offers of queryset, in a fixed number of queries whatever
    the number."""
    offers = queryset.select_related("provider", "municipality").prefetch_related(
        Prefetch("life_stages", queryset=LifeStage.objects.only("pk", "name", "name_en"))
    )[:limit]
    return [Card.from_offer(offer) for offer in offers]


def cached_suggestion(query):
    """ "Meinten Sie …?" for a search without results, kept per content generation."""
    return page_cache.derived(
        "offer-suggestion",
        lambda: search.suggest(query, queryset=Offer.objects.public()),
        parts=[query],
        in_process=False,
    )


def cached_relaxed_query(query):
    """For a query that finds nothing because of some of its words: (the query without them,
    those words), kept per content generation; None if dropping words does not help."""
    return page_cache.derived(
        "offer-relaxed-query",
        lambda: search.without_missing_words(query, Offer.objects.public()),
        parts=[query],
        in_process=False,
    )


class CountedRows:
    """Rows whose number is known already (the filter's grouped counts know it), for
    Paginator: it takes any sliceable object with a count() method, and so asks no COUNT."""

    def __init__(self, queryset, count):
        self.queryset = queryset
        self.known_count = count

    def count(self):
        return self.known_count

    def __getitem__(self, index):
        return self.queryset[index]


class OfferListing(NamedTuple):
    """One page of the offer list for some query parameters (offer_listing)."""

    filterset: OfferFilter  # the filter that found the offers (the relaxed one, if used)
    asked: OfferFilter  # the filter of the parameters as given
    page: object  # the Paginator page
    cards: list
    total: int
    query: str
    relaxed: tuple | None  # (the query without words found nowhere, those words)


def offer_listing(params, per_page=PAGE_SIZE):
    """The offers for the list's query parameters (`params`, a QueryDict): one query on
    OfferIndex (the page's rows with what their cards show; two with a radius), with the total
    from the filter's cached tally. The one rule of /angebote/ and of its embeddable form
    /einbetten/angebote/."""
    filterset = asked = OfferFilter(params, queryset=OfferIndex.objects.public())
    valid = filterset.form.is_valid()
    total = filterset.total()
    query = filterset.form.cleaned_data.get("q") if valid else ""
    relaxed = cached_relaxed_query(query) if query and not total else None
    if relaxed:
        # A word found nowhere: the offers of the other words, with a notice. The form keeps
        # what the visitor typed.
        retry_params = params.copy()
        retry_params["q"] = relaxed[0]
        retry = OfferFilter(retry_params, queryset=OfferIndex.objects.public())
        if retry.form.is_valid() and retry.total():
            filterset, total = retry, retry.total()
        else:
            relaxed = None
    has_origin = getattr(filterset.form, "origin", None) is not None
    if has_origin:
        # Radius: first the page's keys and distances (an index-only scan of the covering
        # coordinates index), then what their cards show.
        paginator = Paginator(
            CountedRows(filterset.sorted_qs().values_list("pk", "distance"), total), per_page
        )
        page = paginator.get_page(params.get(PAGE_PARAM))
        located = list(page.object_list)
        shown = {
            row[0]: row[1:]
            for row in OfferIndex.objects.filter(pk__in=[pk for pk, _d in located]).values_list(
                "pk", *CARD_COLUMNS
            )
        }
        cards = list_cards([(*shown[pk], distance) for pk, distance in located])
    else:
        paginator = Paginator(
            CountedRows(filterset.sorted_qs().values_list(*CARD_COLUMNS), total), per_page
        )
        page = paginator.get_page(params.get(PAGE_PARAM))
        cards = list_cards(page.object_list)
    return OfferListing(filterset, asked, page, cards, total, query, relaxed)


def offer_count_label(total):
    return ngettext("%(counter)s Angebot gefunden", "%(counter)s Angebote gefunden", total) % {
        "counter": total
    }


@page_cache.query_params(*OfferFilter.url_params())
def offer_list(request):
    """/angebote/ (offer_listing), with the counts beside the filters' options. htmx requests
    get the partial that replaces the listing."""
    listing = offer_listing(request.GET)
    filterset, page, query, total = listing.filterset, listing.page, listing.query, listing.total
    context = {
        "filter": filterset,
        "form": listing.asked.form,  # what the visitor typed, also when relaxed
        "page_obj": page,
        "cards": listing.cards,
        "count_label": offer_count_label(total),
        "facets": filterset.facets(),
        "sort_options": filterset.sort_options(),
        "active_filters": filterset.active_filters(),
        "canonical_url": absolute_url(
            request.path + listing.asked.canonical_query(page.number), request
        ),
        "query": query,
        "corrected": search.autocorrection(query) if query and total else None,
        "suggestion": cached_suggestion(query) if query and not total else None,
        "missing_words": listing.relaxed[1] if listing.relaxed else [],
        "is_htmx": is_htmx(request),
    }
    template = "offers/offer_list.html#results" if context["is_htmx"] else "offers/offer_list.html"
    return render(request, template, context)


# What a card of the offer list shows, read with the page's rows from OfferIndex.
CARD_COLUMNS = (
    "slug",
    "title",
    "summary",
    "provider_name",
    "municipality_name",
    "city",
    "learning_setting",
    "format",
    "is_free",
    "is_accessible",
    "life_stage_mask",
)


class Card(NamedTuple):
    """What an offer card shows (offers/includes/offer_card.html), on the offer list and on
    the pages that list some offers."""

    url: str
    title: str
    summary: str
    provider: str
    municipality: str
    city: str
    distance: float | None
    learning_setting: str
    format: str
    is_free: bool
    is_accessible: bool
    life_stages: list

    @classmethod
    def from_offer(cls, offer):
        """The card of an Offer with its provider, municipality and life stages at hand."""
        return cls(
            url=offer.get_absolute_url(),
            title=offer.title,
            summary=offer.summary,
            provider=offer.provider.name,
            municipality=offer.municipality.name if offer.municipality else "",
            city=offer.city,
            distance=None,
            learning_setting=offer.get_learning_setting_display(),
            format=offer.get_format_display(),
            is_free=offer.is_free,
            is_accessible=offer.is_accessible,
            life_stages=[stage.display_name for stage in offer.life_stages.all()],
        )


def list_cards(rows):
    """The offer list's cards from rows of CARD_COLUMNS (+ distance): no further query."""
    stages = page_cache.derived(
        "life-stage-names-de-en",
        lambda: list(LifeStage.objects.values_list("bit", "name", "name_en")),
    )
    stages = [(bit, in_language(name, name_en)) for bit, name, name_en in stages]
    setting_labels = {value: str(label) for value, label in LearningSetting.choices}
    format_labels = {value: str(label) for value, label in OfferFormat.choices}
    # Every offer's address has the same shape: build it once, not with reverse() per card.
    url_prefix = reverse("offers:offer-list")
    cards = []
    for row in rows:
        slug, title, summary, provider, municipality, city, setting, fmt, free, access, mask = row[
            :11
        ]
        cards.append(
            Card(
                url=f"{url_prefix}{slug}/",
                title=title,
                summary=summary,
                provider=provider,
                municipality=municipality,
                city=city,
                distance=row[11] if len(row) > 11 else None,
                learning_setting=setting_labels.get(setting, setting),
                format=format_labels.get(fmt, fmt),
                is_free=free,
                is_accessible=access,
                life_stages=[name for bit, name in stages if mask >> bit & 1],
            )
        )
    return cards


def offer_detail(request, slug):
    offer = get_object_or_404(
        Offer.objects.select_related("provider", "region", "municipality").prefetch_related(
            "life_stages", "topics", "transitions"
        ),
        slug=slug,
    )
    if not offer.is_public and not _may_preview(request.user, offer):
        raise Http404
    topic_ids = [topic.pk for topic in offer.topics.all()]
    related = offer_cards(
        Offer.objects.public()
        .for_region(offer.region)
        .filter(topics__in=topic_ids)
        .exclude(pk=offer.pk)
        .distinct()
        .order_by("-published_at", "pk"),
        4,
    )
    events = list(Event.objects.public().upcoming().filter(offer=offer).order_by("starts_at")[:5])
    return render(
        request,
        "offers/offer_detail.html",
        {
            "offer": offer,
            "related_offers": related,
            "events": events,
            "jsonld": offer_jsonld(offer, request, next_event=events[0] if events else None),
            "is_preview": not offer.is_public,
            "possibly_outdated": is_possibly_outdated(offer),
        },
    )


def _may_preview(user, obj):
    """Staff of the entry's region (and superusers) may look at unpublished entries."""
    if not user.is_authenticated or not user.is_staff:
        return False
    if user.is_superuser:
        return True
    return user.staff_memberships.filter(region_id=obj.region_id).exists()


def lifestage_detail(request, slug):
    stage = get_object_or_404(LifeStage, slug=slug)
    offers = Offer.objects.public().for_life_stage(stage)
    return render(
        request,
        "offers/lifestage_detail.html",
        {
            "stage": stage,
            "offers": offer_cards(offers.order_by("-published_at", "pk"), 12),
            "offer_count": offers.count(),
            "transitions_in": stage.transitions_in.select_related("from_stage"),
            "transitions_out": stage.transitions_out.select_related("to_stage"),
            "topics": Topic.objects.filter(offers__in=offers.values("pk"))
            .annotate(n=Count("offers"))
            .order_by("-n", "name")[:8],
            "life_stages": LifeStage.objects.order_by("position"),
        },
    )


def transition_detail(request, slug):
    transition = get_object_or_404(
        Transition.objects.select_related("from_stage", "to_stage"), slug=slug
    )
    offers = Offer.objects.public().filter(transitions=transition)
    return render(
        request,
        "offers/transition_detail.html",
        {
            "transition": transition,
            "offers": offer_cards(offers.order_by("-published_at", "pk"), 12),
            "offer_count": offers.count(),
            "events": list(
                Event.objects.public()
                .upcoming()
                .filter(offer__transitions=transition)
                .select_related("organiser", "region")
                .order_by("starts_at")[:6]
            ),
        },
    )


def public_events():
    return Event.objects.public().select_related("organiser", "region", "municipality")


def event_listing(params, per_page=PAGE_SIZE):
    """The filter and the requested page of the event list for its query parameters: the one
    rule of /veranstaltungen/ and of /einbetten/veranstaltungen/."""
    filterset = EventFilter(params, queryset=public_events())
    page = Paginator(filterset.sorted_qs(), per_page).get_page(params.get(PAGE_PARAM))
    return filterset, page


@page_cache.query_params(*EventFilter.url_params())
def event_list(request):
    filterset, page = event_listing(request.GET)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page_obj": page,
        "events": page.object_list,
        "facets": filterset.facets(),
        "active_filters": filterset.active_filters(),
        "canonical_url": absolute_url(
            request.path + filterset.canonical_query(page.number), request
        ),
        "ics_query": request.GET.urlencode(),
    }
    context["is_htmx"] = is_htmx(request)
    template = "offers/event_list.html#results" if context["is_htmx"] else "offers/event_list.html"
    return render(request, template, context)


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.select_related(
            "organiser", "region", "municipality", "offer"
        ).prefetch_related("co_organisers"),
        slug=slug,
    )
    if not event.is_public and not _may_preview(request.user, event):
        raise Http404
    return render(
        request,
        "offers/event_detail.html",
        {
            "event": event,
            "jsonld": event_jsonld(event, request),
            "is_preview": not event.is_public,
            "possibly_outdated": is_possibly_outdated(event),
        },
    )


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@page_cache.query_params(*EventFilter.base_filters)
def event_calendar(request):
    filterset = EventFilter(request.GET, queryset=public_events())
    events = filterset.qs.order_by("starts_at", "pk")[:ICS_LIMIT]
    name = _("Veranstaltungen der Bildungsregionen")
    return _ics_response(events_calendar(events, name=name, request=request), "kalender.ics")


def event_ics(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    return _ics_response(
        events_calendar([event], name=event.title, request=request), f"{event.slug}.ics"
    )


SEARCH_PREVIEW = 5


@page_cache.query_params("q")
def site_search(request):
    """One search over offers, actors, events and working groups, grouped by kind."""
    query = request.GET.get("q", "").strip()[:200]
    groups = _site_search_groups(query) if query else []
    total = sum(group["count"] for group in groups)
    relaxed = cached_relaxed_query(query) if query and not total else None
    if relaxed:
        groups = _site_search_groups(relaxed[0])
        total = sum(group["count"] for group in groups)
    return render(
        request,
        "offers/search.html",
        {
            "query": query,
            "canonical_url": absolute_url(
                request.path + ("?" + urlencode({"q": " ".join(query.split())}) if query else ""),
                request,
            ),
            "groups": groups,
            "total": total,
            "missing_words": relaxed[1] if relaxed else [],
            "corrected": search.autocorrection(query) if query and total else None,
            "suggestion": cached_suggestion(query) if query and not total else None,
        },
    )


def _site_search_groups(query):
    """The four groups of /suche/ for ``query``: offers, actors, events, working groups."""
    offers = search.search_offers(Offer.objects.public(), query, rank_limit=search.RANK_LIMIT)
    actors = search.search_actors(Actor.objects.public(), query)
    events = search.search_events(Event.objects.public().upcoming(), query)
    groups_qs = search.search_working_groups(WorkingGroup.objects.public(), query)
    groups = [
        {
            "key": "angebote",
            "title": _("Angebote"),
            "count": offers.count(),
            "items": list(offers.select_related("provider", "region")[:SEARCH_PREVIEW]),
            "more_url": "offers:offer-list",
        },
        {
            "key": "akteure",
            "title": _("Akteure"),
            "count": actors.count(),
            "items": list(
                search.order_by_rank(actors).select_related("region", "municipality")[
                    :SEARCH_PREVIEW
                ]
            ),
            "more_url": "actors:actor-list",
        },
        {
            "key": "veranstaltungen",
            "title": _("Veranstaltungen"),
            "count": events.count(),
            "items": list(
                events.select_related("organiser", "region").order_by("starts_at", "pk")[
                    :SEARCH_PREVIEW
                ]
            ),
            "more_url": None,
        },
        {
            "key": "arbeitsgruppen",
            "title": _("Arbeitsgruppen"),
            "count": groups_qs.count(),
            "items": list(groups_qs.select_related("region").order_by("name")[:SEARCH_PREVIEW]),
            "more_url": None,
        },
    ]
    return groups
