from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from . import accounts, page_cache
from .sitemaps import SITEMAPS


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
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


handler500 = "bildungsregion.views.server_error"

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    # The sitemaps are cached like the other public pages (page_cache, per content
    # generation), so that they follow a change or a restore at once.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        # `p`: the page of a section longer than a sitemap holds.
        page_cache.query_params("p")(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # Switching the language changes nothing but a cookie, so it needs no CSRF token: that
    # keeps every public page free of cookies, and so cacheable for anonymous visitors.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Accounts of the public site (school staff; Bildungsbüro staff may log in here, too).
    path("anmelden/", accounts.PortalLoginView.as_view(), name="login"),
    path("abmelden/", accounts.PortalLogoutView.as_view(), name="logout"),
    path("passwort-vergessen/", accounts.PortalPasswordResetView.as_view(), name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        accounts.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "einladung/<uidb64>/<token>/",
        accounts.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("", include("regions.urls")),
    path("", include("actors.urls")),
    path("", include("offers.urls")),
]
# No route serves MEDIA_ROOT: documents go through regions.views.document_file, which checks
# who may see them.
