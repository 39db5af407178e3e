"""The URLs of the pages that compose several apps.

Django reverses a namespace through one include only, so the namespaces "regions" and "actors"
are put together here: the app's own URLs (``regions.urls``, ``actors.urls``) and the pages of
this app that are named in them (``regions:home``, ``regions:region-detail``,
``regions:workinggroup-detail``, ``actors:actor-detail``).
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from actors import urls as actors_urls
from bildungsregion import page_cache
from regions import urls as regions_urls

from . import accounts, occupations, sitemaps, views

regions_pages = [
    path("", views.home, name="home"),
    path("regionen/<slug:slug>/", views.region_detail, name="region-detail"),
    path(
        "regionen/<slug:region_slug>/arbeitsgruppen/<slug:slug>/",
        views.workinggroup_detail,
        name="workinggroup-detail",
    ),
]
actors_pages = [
    path("akteure/<slug:slug>/", views.actor_detail, name="actor-detail"),
]

urlpatterns = [
    # The sitemaps are cached like the other public pages (page_cache, per content
    # generation), so that they follow a change or a restore at once.
    # Per host (portal.sitemaps.sitemaps_for): the page cache keys by host.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        # `p`: the page of a section longer than a sitemap holds.
        page_cache.query_params("p")(sitemaps.sitemap_section),
        name="sitemap-section",
    ),
    # Accounts of the public site (institutions of every kind; Bildungsbüro staff, too).
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
    # Before careers' URLs (bildungsregion/urls.py): the occupation page with the events and
    # offers for it; careers:occupation-detail reverses to this address.
    path("berufe/<slug:slug>/", occupations.occupation_detail, name="occupation-detail"),
    # Open data: the DCAT-AP.de catalogue (portal.catalogue) and the coverage table it lists.
    path("katalog/", views.open_data_catalogue, name="open-data-catalogue"),
    path(
        "katalog/katalog.ttl", views.open_data_catalogue_turtle, name="open-data-catalogue-turtle"
    ),
    path("katalog/angebotsabdeckung.csv", views.open_data_coverage, name="open-data-coverage"),
    path("", include((regions_urls.urlpatterns + regions_pages, regions_urls.app_name))),
    path("", include((actors_urls.urlpatterns + actors_pages, actors_urls.app_name))),
]
