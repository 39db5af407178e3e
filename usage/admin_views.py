"""/admin/suchanfragen/: what visitors searched for and what they did not find.

Land-level staff (superusers) see every search – also those over all regions, which no
Bildungsbüro sees; the staff of a Bildungsbüro see the searches narrowed to their region(s)
(regions.scoping.region_roles, as the monitoring). Chosen by ``region`` (a slug; for
superusers also ``ohne``: the searches without a region) and ``zeitraum`` (7, 30 or 365 days).
The page is registered on the admin site by portal.admin_site.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Region
from regions.scoping import region_roles

from .models import SearchCount, SearchList

PERIODS = {
    7: gettext_lazy("letzte 7 Tage"),
    30: gettext_lazy("letzte 30 Tage"),
    365: gettext_lazy("letzte 365 Tage"),
}
DEFAULT_PERIOD = 30
WITHOUT_REGION = "ohne"
LIST_LIMIT = 25
MONITORING_LIMIT = 10

# The URL name of each list, to open a search as the visitor saw it.
LIST_URLS = {
    SearchList.OFFERS: "offers:offer-list",
    SearchList.ACTORS: "actors:actor-list",
    SearchList.EVENTS: "offers:event-list",
    SearchList.PLACES: "careers:place-list",
    SearchList.SITE: "offers:search",
}


@dataclass
class SearchRow:
    terms: str
    filters: str
    listing: str  # the list's label
    total: int
    empty: int
    url: str  # the search on the public list (without the position of a radius search)


def _url(listing, terms, filters):
    try:
        path = reverse(LIST_URLS[listing])
    except (KeyError, NoReverseMatch):
        return ""
    query = "&".join(part for part in [urlencode({"q": terms}) if terms else "", filters] if part)
    return f"{path}?{query}" if query else path


def _rows(groups):
    labels = dict(SearchList.choices)
    return [
        SearchRow(
            terms=group["terms"],
            filters=group["filters"],
            listing=str(labels.get(group["listing"], group["listing"])),
            total=group["total"],
            empty=group.get("empty", group["total"]),
            url=_url(group["listing"], group["terms"], group["filters"]),
        )
        for group in groups
    ]


def statistics_regions(user):
    """The regions whose searches ``user`` may see: all for superusers, else their own."""
    regions = Region.objects.order_by("name")
    if user.is_superuser:
        return list(regions)
    return list(regions.filter(pk__in=region_roles(user)))


def zero_result_searches(region_ids, *, days=30, limit=MONITORING_LIMIT):
    """ "Gesucht, nicht gefunden": the most frequent searches of the regions without results."""
    return _rows(SearchCount.objects.since(days).for_regions(region_ids).without_results(limit))


def search_statistics_view(request):
    user = request.user
    allowed = statistics_regions(user)
    if not user.is_superuser and not allowed:
        raise PermissionDenied
    try:
        days = int(request.GET.get("zeitraum", DEFAULT_PERIOD))
    except ValueError:
        days = DEFAULT_PERIOD
    if days not in PERIODS:
        days = DEFAULT_PERIOD
    asked = request.GET.get("region", "")
    rows = SearchCount.objects.since(days)
    chosen = [region for region in allowed if region.slug == asked]
    if chosen:
        rows, scope = rows.for_regions([chosen[0].pk]), chosen[0].name
    elif user.is_superuser and asked == WITHOUT_REGION:
        rows, scope = rows.filter(region__isnull=True), _("Suchen ohne Region")
    elif user.is_superuser:
        asked, scope = "", _("alle Suchen")
    else:
        asked = ""
        rows = rows.for_regions([region.pk for region in allowed])
        scope = ", ".join(region.name for region in allowed)
    context = {
        **admin.site.each_context(request),
        "title": _("Suchanfragen"),
        "regions": allowed,
        "may_choose_without_region": user.is_superuser,
        "without_region": WITHOUT_REGION,
        "chosen_region": asked,
        "scope": scope,
        "periods": list(PERIODS.items()),
        "days": days,
        "totals": rows.totals(),
        "most_frequent": _rows(rows.most_frequent(LIST_LIMIT)),
        "without_results": _rows(rows.without_results(LIST_LIMIT)),
    }
    return TemplateResponse(request, "admin/usage/search_statistics.html", context)
