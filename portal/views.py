"""The pages that show regions, actors and offers together: the start page, a region's page,
a working group's page and an actor's page; the open data catalogue (portal.catalogue)."""

from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, Meeting, WorkingGroup, WorkingGroupMembership
from bildungsregion import page_cache
from funding.models import Application
from offers.models import Event, LifeStage, Offer, Transition
from offers.structured_data import actor_jsonld
from offers.views import offer_cards
from regions.hosts import canonical_url, host_region, region_home_url
from regions.models import Region
from regions.views import region_from_query

from . import catalogue, monitoring


def _upcoming_events(limit, region=None):
    events = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .upcoming()
        .select_related("organiser", "region")
    )
    if region is not None:
        events = events.for_region(region)
    return list(events.order_by("starts_at")[:limit])


# The region's newest offers on the start page of its own host.
REGION_HOME_OFFERS = 6


def home(request):
    """The start page: the portal's, or on a region's own host the region's (region_home)."""
    region = host_region(request)
    if region is not None:
        return region_home(request, region)
    search_url = reverse("offers:search")
    return render(
        request,
        "regions/home.html",
        {
            "regions": Region.objects.order_by("name"),
            "life_stages": LifeStage.objects.order_by("position"),
            "transitions": Transition.objects.select_related("from_stage", "to_stage"),
            "upcoming_events": _upcoming_events(4),
            "life_stage_links": True,
            "search_url": search_url,
        },
    )


def region_home(request, region):
    """The start page on a region's own host (regions.hosts): the region's name, its newest
    offers and next events first, its Bildungsbüro, then the ways to the other regions, which
    stay reachable (linked on their own hosts where they have one)."""
    others = page_cache.derived("nav-regions", lambda: list(Region.objects.nav_list()))
    return render(
        request,
        "regions/region_home.html",
        {
            "region": region,
            "offers": offer_cards(
                Offer.objects.public().for_region(region).order_by("-published_at", "pk"),
                REGION_HOME_OFFERS,
            ),
            "upcoming_events": _upcoming_events(4, region=region),
            "life_stages": LifeStage.objects.order_by("position"),
            "other_regions": [
                (other, region_home_url(request, other))
                for other in others
                if other.pk != region.pk
            ],
            "search_url": reverse("offers:search"),
            "canonical_url": canonical_url(request, "/", region),
        },
    )


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "focus_areas": region.focus_areas.public(),
            "working_groups": WorkingGroup.objects.public()
            .for_region(region)
            .annotate(member_count=Count("memberships"))
            .select_related("region")
            .order_by("name"),
            "partners": Actor.objects.public().for_region(region).partners().order_by("name"),
            "documents": region.documents.public(),
            "funding_programmes": region.funding_programmes.public(),
            "funded": Application.objects.funded_public()
            .filter(call__programme__region=region)
            .select_related("institution", "call")
            .order_by("-decided_at", "pk"),
            "municipalities": region.municipalities.order_by("name"),
            "upcoming_events": _upcoming_events(6, region=region),
            # On the region's own host if it has one: one address for search engines.
            "canonical_url": canonical_url(request, request.path, region),
        },
    )


def workinggroup_detail(request, region_slug, slug):
    group = get_object_or_404(
        WorkingGroup.objects.public().select_related("region"),
        region__slug=region_slug,
        slug=slug,
    )
    now = timezone.now()
    meetings = Meeting.objects.filter(working_group=group)
    return render(
        request,
        "regions/workinggroup_detail.html",
        {
            "region": group.region,
            "group": group,
            "memberships": WorkingGroupMembership.objects.filter(
                working_group=group, actor__is_public=True
            )
            .select_related("actor")
            .order_by("role", "actor__name"),
            "upcoming_meetings": meetings.upcoming(now)[:5],
            "past_meetings_with_minutes": meetings.past(now).filter(
                Q(minutes_public=True) & ~Q(minutes="")
            )[:10],
            "actor_links": True,
            # On the host of its region if that has one (regions.hosts): one address only.
            "canonical_url": canonical_url(request, request.path, group.region),
        },
    )


def actor_detail(request, slug):
    actor = get_object_or_404(
        Actor.objects.public().select_related("region", "municipality"), slug=slug
    )
    offers = Offer.objects.public().filter(provider=actor)
    events = (
        Event.objects.public()
        .upcoming()
        .filter(Q(organiser=actor) | Q(co_organisers=actor))
        .distinct()
        .select_related("organiser", "region")
    )
    return render(
        request,
        "actors/actor_detail.html",
        {
            "actor": actor,
            "offers": offer_cards(offers.order_by("title", "pk"), 20),
            "offer_count": offers.count(),
            "events": list(events.order_by("starts_at")[:10]),
            "memberships": WorkingGroupMembership.objects.filter(
                actor=actor, working_group__is_public=True
            ).select_related("working_group__region"),
            "jsonld": actor_jsonld(actor, request),
            # On the host of its region if that has one (regions.hosts): one address only.
            "canonical_url": canonical_url(request, request.path, actor.region),
        },
    )


# --- Open data (portal.catalogue) ----------------------------------------------------------------


def _catalogue_link(request, region):
    """The Link header naming the other serialisation of the same catalogue."""
    query = f"?region={region.slug}" if region else ""
    turtle = reverse("open-data-catalogue-turtle") + query
    jsonld = reverse("open-data-catalogue") + query
    return (
        f'<{jsonld}>; rel="alternate"; type="application/ld+json", '
        f'<{turtle}>; rel="alternate"; type="text/turtle"'
    )


def open_data_catalogue(request):
    """/katalog/: the DCAT-AP.de catalogue as JSON-LD; ?region=<slug> for one region's."""
    region = region_from_query(request)
    nodes = catalogue.catalogue_graph(request, region)
    response = JsonResponse(
        catalogue.as_jsonld(nodes),
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Link"] = _catalogue_link(request, region)
    return response


def open_data_catalogue_turtle(request):
    """/katalog/katalog.ttl: the same catalogue in Turtle."""
    region = region_from_query(request)
    nodes = catalogue.catalogue_graph(request, region)
    response = HttpResponse(catalogue.as_turtle(nodes), content_type="text/turtle; charset=utf-8")
    response["Link"] = _catalogue_link(request, region)
    return response


def open_data_coverage(request):
    """/katalog/angebotsabdeckung.csv: the monitoring's coverage table (public offers per
    town and life stage) of all regions or of ?region=<slug>, as the admin downloads it."""
    region = region_from_query(request)
    regions = [region] if region else list(Region.objects.order_by("name"))
    table = monitoring.coverage([r.pk for r in regions])
    response = HttpResponse(monitoring.coverage_csv(table), content_type="text/csv; charset=utf-8")
    name = f"angebotsabdeckung-{region.slug}.csv" if region else "angebotsabdeckung.csv"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
