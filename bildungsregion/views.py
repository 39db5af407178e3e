"""View helpers shared by the public lists."""

from urllib.parse import urlsplit

from django.core.paginator import Paginator

PAGE_SIZE = 20


def is_htmx(request):
    """True for an htmx request that swaps part of a page (not a history restore)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def is_same_origin(request):
    """True for a request the browser sent from a page of this site itself: by its Fetch
    Metadata (Sec-Fetch-Site: same-origin), else its Origin header, else its Referer – what a
    CSRF token proves, for the forms on cached, cookie-free pages that carry none (a token is
    bound to a cookie). A request with none of the headers is refused."""
    site = request.headers.get("Sec-Fetch-Site")
    if site:
        return site == "same-origin"
    own = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin:
        return origin == own
    referer = urlsplit(request.headers.get("Referer", ""))
    return bool(referer.netloc) and f"{referer.scheme}://{referer.netloc}" == own


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page (`seite`); out-of-range or odd values give the first or last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("seite"))


def server_error(request):
    """500, or 503 with Retry-After when the database is unreachable (a restart, a failover):
    then the visitor and any load balancer know that trying again soon will work. Renders
    without a database and without context processors."""
    import sys

    from django import db
    from django.http import HttpResponse
    from django.template import loader

    error = sys.exc_info()[1]
    if isinstance(error, db.OperationalError | db.InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
