from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.i18n import set_language


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /mein-bereich/",
        "Disallow: /anmelden/",
        "Disallow: /passwort-vergessen/",
        "Disallow: /passwort-neu/",
        "Disallow: /einladung/",
        "Disallow: /suche/",
        "Disallow: /rueckmeldung/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


handler500 = "bildungsregion.views.server_error"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    # Switching the language changes nothing but a cookie, so it needs no CSRF token: that
    # keeps every public page free of cookies, and so cacheable for anonymous visitors.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # The apps come in through their URL modules only (by name), so this package imports none of
    # them. portal.urls: the accounts, the sitemaps and the namespaces "regions" and "actors".
    path("", include("portal.urls")),
    path("", include("offers.urls")),
    path("", include("funding.urls")),
    path("", include("careers.urls")),
    path("", include("api.urls")),
]
# No route serves MEDIA_ROOT: documents go through regions.views.document_file, which checks
# who may see them.
