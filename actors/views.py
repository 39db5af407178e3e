from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from bildungsregion import page_cache
from bildungsregion.views import is_htmx, paginate
from offers.models import Event, Offer
from offers.structured_data import actor_jsonld
from offers.views import offer_cards

from .filters import ActorFilter
from .models import Actor, WorkingGroupMembership


@page_cache.query_params(*ActorFilter.url_params())
def actor_list(request):
    filterset = ActorFilter(request.GET, queryset=Actor.objects.public())
    page = paginate(request, filterset.sorted_qs().select_related("region", "municipality"))
    htmx = is_htmx(request)
    template = "actors/actor_list.html#results" if htmx else "actors/actor_list.html"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "actors": page.object_list,
            "facets": filterset.facets(),
            "active_filters": filterset.active_filters(),
            "is_htmx": htmx,
            "has_origin": getattr(filterset.form, "origin", None) is not None,
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
        },
    )
