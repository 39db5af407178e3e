from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from actors.models import Actor, WorkingGroup
from bildungsregion import page_cache, throttle
from bildungsregion.filters import PAGE_PARAM
from bildungsregion.text import in_language
from bildungsregion.views import PAGE_SIZE, is_htmx, is_same_origin
from regions.hosts import canonical_url
from regions.views import region_from_query
from usage.forms import PageFeedbackForm
from usage.models import PageFeedback, SearchList
from usage.notes import note_search
from usage.services import page_feedback_create

from . import openqcat, search
from .filters import EventFilter, OfferFilter, SiteSearchFilter
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


def offer_listing(params, per_page=PAGE_SIZE, *, request=None):
    """The offers for the list's query parameters (`params`, a QueryDict): one query on
    OfferIndex (the page's rows with what their cards show; two with a radius), with the total
    from the filter's cached tally. The one rule of /angebote/ and of its embeddable form
    /einbetten/angebote/. ``request``: the filter's default region on a region's host
    (regions.hosts)."""
    filterset = asked = OfferFilter(params, queryset=OfferIndex.objects.public(), request=request)
    valid = filterset.form.is_valid()
    total = filterset.total()
    query = filterset.form.cleaned_data.get("q") if valid else ""
    relaxed = cached_relaxed_query(query) if query and not total else None
    if relaxed:
        # A word found nowhere: the offers of the other words, with a notice. The form keeps
        # what the visitor typed.
        retry_params = params.copy()
        retry_params["q"] = relaxed[0]
        retry = OfferFilter(retry_params, queryset=OfferIndex.objects.public(), request=request)
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
    listing = offer_listing(request.GET, request=request)
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
        "canonical_url": listing.asked.canonical_url(request.path, page.number),
        "query": query,
        "corrected": search.autocorrection(query) if query and total else None,
        "suggestion": cached_suggestion(query) if query and not total else None,
        "missing_words": listing.relaxed[1] if listing.relaxed else [],
        "is_htmx": is_htmx(request),
    }
    template = "offers/offer_list.html#results" if context["is_htmx"] else "offers/offer_list.html"
    # The search as asked: a relaxed one (shown with a notice) found nothing as typed.
    return note_search(
        render(request, template, context),
        listing=SearchList.OFFERS,
        results=0 if listing.relaxed else total,
        filterset=listing.asked,
        page=page.number,
    )


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
            # On the host of its region if that has one (regions.hosts): one address only.
            "canonical_url": canonical_url(request, request.path, offer.region),
            "feedback_form": PageFeedbackForm(),
            "feedback_url": reverse("offers:offer-feedback", args=[offer.slug]),
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


def event_listing(params, per_page=PAGE_SIZE, *, request=None):
    """The filter and the requested page of the event list for its query parameters: the one
    rule of /veranstaltungen/ and of /einbetten/veranstaltungen/. ``request``: the filter's
    default region on a region's host (regions.hosts)."""
    filterset = EventFilter(params, queryset=public_events(), request=request)
    page = Paginator(filterset.sorted_qs(), per_page).get_page(params.get(PAGE_PARAM))
    return filterset, page


@page_cache.query_params(*EventFilter.url_params())
def event_list(request):
    filterset, page = event_listing(request.GET, request=request)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page_obj": page,
        "events": page.object_list,
        "facets": filterset.facets(),
        "active_filters": filterset.active_filters(),
        "canonical_url": filterset.canonical_url(request.path, page.number),
        "ics_query": request.GET.urlencode(),
    }
    context["is_htmx"] = is_htmx(request)
    template = "offers/event_list.html#results" if context["is_htmx"] else "offers/event_list.html"
    return note_search(
        render(request, template, context),
        listing=SearchList.EVENTS,
        results=page.paginator.count,
        filterset=filterset,
        page=page.number,
    )


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
            # On the host of its region if that has one (regions.hosts): one address only.
            "canonical_url": canonical_url(request, request.path, event.region),
            "feedback_form": PageFeedbackForm(),
            "feedback_url": reverse("offers:event-feedback", args=[event.slug]),
        },
    )


# --- "War diese Seite hilfreich?" ----------------------------------------------------------


def _page_feedback(request, entry, kind, url_name):
    """The answer to "War diese Seite hilfreich?" about ``entry`` (a public offer or event).
    csrf_exempt because the form sits on cached, cookie-free pages (no token): instead only a
    post from the portal's own pages counts (is_same_origin), at most
    settings.PAGE_FEEDBACK_LIMIT_PER_CLIENT per client and window. A stored answer redirects
    back to the page with a message; errors and refusals show the form again, as typed."""
    status = 200
    if request.method == "POST":
        form = PageFeedbackForm(request.POST)
        if not is_same_origin(request):
            form.add_error(
                None,
                _(
                    "Ihre Rückmeldung kam nicht von einer Seite des Bildungsportals und wurde "
                    "nicht gespeichert. Bitte senden Sie sie über das Formular auf dieser Seite."
                ),
            )
            status = 403
        elif form.is_valid():
            client = throttle.client_address(request)
            if throttle.hit(
                "page-feedback:client", client, settings.PAGE_FEEDBACK_LIMIT_PER_CLIENT
            ):
                if not form.is_spam():
                    page_feedback_create(
                        region=entry.region,
                        kind=kind,
                        page_path=entry.get_absolute_url(),
                        page_title=entry.title,
                        helpful=form.is_helpful(),
                        comment=form.cleaned_data["kommentar"],
                    )
                messages.success(request, _("Vielen Dank für Ihre Rückmeldung!"))
                return redirect(entry.get_absolute_url())
            form.add_error(None, throttle.refusal_message())
            status = 429
    else:
        form = PageFeedbackForm()
    response = render(
        request,
        "usage/page_feedback.html",
        {
            "entry": entry,
            "feedback_form": form,
            "feedback_url": reverse(url_name, args=[entry.slug]),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(throttle.retry_after())
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def offer_feedback(request, slug):
    offer = get_object_or_404(Offer.objects.public().select_related("region"), slug=slug)
    return _page_feedback(request, offer, PageFeedback.Kind.OFFER, "offers:offer-feedback")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def event_feedback(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    return _page_feedback(request, event, PageFeedback.Kind.EVENT, "offers:event-feedback")


def _ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@page_cache.query_params(*EventFilter.base_filters)
def event_calendar(request):
    filterset = EventFilter(request.GET, queryset=public_events(), request=request)
    events = filterset.qs.order_by("starts_at", "pk")[:ICS_LIMIT]
    region = filterset.form.cleaned_data.get("region")  # on a region's host its default
    if region is not None:
        name = _("Veranstaltungen der Bildungsregion %(region)s") % {"region": region.name}
    else:
        name = _("Veranstaltungen der Bildungsregionen")
    return _ics_response(events_calendar(events, name=name, request=request), "kalender.ics")


def openqcat_export(request):
    """/export/openqcat.xml: the job-related offers as openQ-cat 1.1 (offers.openqcat), of all
    regions or of the one ``?region=<slug>`` names; streamed, so that its size does not
    matter."""
    region = region_from_query(request)
    response = StreamingHttpResponse(
        openqcat.catalogue_chunks(request, region), content_type="application/xml; charset=utf-8"
    )
    name = f"openqcat-{region.slug}.xml" if region else "openqcat.xml"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def event_ics(request, slug):
    event = get_object_or_404(public_events(), slug=slug)
    return _ics_response(
        events_calendar([event], name=event.title, request=request), f"{event.slug}.ics"
    )


SEARCH_PREVIEW = 5


@page_cache.query_params(*SiteSearchFilter.base_filters)
def site_search(request):
    """One search over offers, actors, events and working groups, grouped by kind; in one
    region (on a region's host by default) or in all."""
    query = request.GET.get("q", "").strip()[:200]
    params = SiteSearchFilter(request.GET, queryset=Offer.objects.none(), request=request)
    region = params.chosen_region()
    groups = _site_search_groups(query, region) if query else []
    total = sum(group["count"] for group in groups)
    relaxed = cached_relaxed_query(query) if query and not total else None
    if relaxed:
        groups = _site_search_groups(relaxed[0], region)
        total = sum(group["count"] for group in groups)
    region_value = params.data.get("region", "")
    response = render(
        request,
        "offers/search.html",
        {
            "query": query,
            "filter": params,
            "form": params.form,
            # The region of the links to the lists, as this page has it.
            "region_query": urlencode({"region": region_value}) if region_value else "",
            "canonical_url": params.canonical_url(request.path),
            "groups": groups,
            "total": total,
            "missing_words": relaxed[1] if relaxed else [],
            "corrected": search.autocorrection(query) if query and total else None,
            "suggestion": cached_suggestion(query) if query and not total else None,
        },
    )
    # The search as asked: a relaxed one (shown with a notice) found nothing as typed.
    return note_search(
        response, listing=SearchList.SITE, results=0 if relaxed else total, terms=query
    )


def _site_search_groups(query, region=None):
    """The four groups of /suche/ for ``query``: offers, actors, events, working groups (of
    ``region`` only, if given)."""
    offers, actors = Offer.objects.public(), Actor.objects.public()
    events, groups_qs = Event.objects.public().upcoming(), WorkingGroup.objects.public()
    if region is not None:
        offers, actors = offers.for_region(region), actors.for_region(region)
        events, groups_qs = events.for_region(region), groups_qs.for_region(region)
    offers = search.search_offers(offers, query, rank_limit=search.RANK_LIMIT)
    actors = search.search_actors(actors, query)
    events = search.search_events(events, query)
    groups_qs = search.search_working_groups(groups_qs, query)
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
