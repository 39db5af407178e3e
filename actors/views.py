from django.shortcuts import render

from bildungsregion import page_cache
from bildungsregion.views import is_htmx, paginate
from usage.models import SearchList
from usage.notes import note_search

from .filters import ActorFilter
from .models import Actor


@page_cache.query_params(*ActorFilter.url_params())
def actor_list(request):
    filterset = ActorFilter(request.GET, queryset=Actor.objects.public(), request=request)
    page = paginate(request, filterset.sorted_qs().select_related("region", "municipality"))
    htmx = is_htmx(request)
    template = "actors/actor_list.html#results" if htmx else "actors/actor_list.html"
    response = render(
        request,
        template,
        {
            "filter": filterset,
            "form": filterset.form,
            "page_obj": page,
            "actors": page.object_list,
            "facets": filterset.facets(),
            "active_filters": filterset.active_filters(),
            "canonical_url": filterset.canonical_url(request.path, page.number),
            "is_htmx": htmx,
            "has_origin": getattr(filterset.form, "origin", None) is not None,
        },
    )
    return note_search(
        response,
        listing=SearchList.ACTORS,
        results=page.paginator.count,
        filterset=filterset,
        page=page.number,
    )
