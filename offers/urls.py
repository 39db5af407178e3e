from django.urls import include, path

from . import embed, feeds, provider_views, views

app_name = "offers"

urlpatterns = [
    path("", include("offers.freshness_urls")),
    path("suche/", views.site_search, name="search"),
    path("angebote/", views.offer_list, name="offer-list"),
    path("angebote/<slug:slug>/", views.offer_detail, name="offer-detail"),
    path("lebensphasen/<slug:slug>/", views.lifestage_detail, name="lifestage-detail"),
    path("uebergaenge/<slug:slug>/", views.transition_detail, name="transition-detail"),
    path("veranstaltungen/", views.event_list, name="event-list"),
    # Not under /angebote/ and /veranstaltungen/: never answered by the page cache.
    path("rueckmeldung/angebote/<slug:slug>/", views.offer_feedback, name="offer-feedback"),
    path(
        "rueckmeldung/veranstaltungen/<slug:slug>/",
        views.event_feedback,
        name="event-feedback",
    ),
    path("veranstaltungen/kalender.ics", views.event_calendar, name="event-calendar"),
    path("veranstaltungen/<slug:slug>/", views.event_detail, name="event-detail"),
    path("veranstaltungen/<slug:slug>/kalender.ics", views.event_ics, name="event-ics"),
    # Lists for other websites (offers/embed.py).
    path("einbetten/angebote/", embed.embed_offers, name="embed-offers"),
    path("einbetten/veranstaltungen/", embed.embed_events, name="embed-events"),
    # The provider area (offers/provider_views.py); its colleagues page is actors'.
    path("mein-bereich/", provider_views.ProviderAreaView.as_view(), name="provider-area"),
    path(
        "mein-bereich/angebote/neu/",
        provider_views.OfferCreateView.as_view(),
        name="provider-offer-create",
    ),
    path(
        "mein-bereich/angebote/<int:pk>/bearbeiten/",
        provider_views.OfferEditView.as_view(),
        name="provider-offer-edit",
    ),
    path(
        "mein-bereich/angebote/<int:pk>/kopieren/",
        provider_views.OfferCopyView.as_view(),
        name="provider-offer-copy",
    ),
    path(
        "mein-bereich/angebote/<int:pk>/beenden/",
        provider_views.OfferEndView.as_view(),
        name="provider-offer-end",
    ),
    path(
        "mein-bereich/veranstaltungen/neu/",
        provider_views.EventCreateView.as_view(),
        name="provider-event-create",
    ),
    path(
        "mein-bereich/veranstaltungen/<int:pk>/bearbeiten/",
        provider_views.EventEditView.as_view(),
        name="provider-event-edit",
    ),
    path(
        "mein-bereich/veranstaltungen/<int:pk>/kopieren/",
        provider_views.EventCopyView.as_view(),
        name="provider-event-copy",
    ),
    path(
        "mein-bereich/veranstaltungen/<int:pk>/absagen/",
        provider_views.EventCancelView.as_view(),
        name="provider-event-cancel",
    ),
    path(
        "mein-bereich/einrichtungen/<int:pk>/",
        provider_views.ProfileView.as_view(),
        name="provider-profile",
    ),
    path("regionen/<slug:slug>/angebote.atom", feeds.RegionOffersFeed(), name="region-feed"),
    path("export/openqcat.xml", views.openqcat_export, name="openqcat-export"),
]
