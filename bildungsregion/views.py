"""View helpers shared by the public lists."""

from django.core.paginator import Paginator

PAGE_SIZE = 20


def is_htmx(request):
    """True for an htmx request that swaps part of a page (not a history restore)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page (`seite`); out-of-range or odd values give the first or last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("seite"))
