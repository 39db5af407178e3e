from django.urls import path

from . import feeds, school_views, views

app_name = "offers"

urlpatterns = [
    path("suche/", views.site_search, name="search"),
    path("angebote/", views.offer_list, name="offer-list"),
    path("angebote/<slug:slug>/", views.offer_detail, name="offer-detail"),
    path("lebensphasen/<slug:slug>/", views.lifestage_detail, name="lifestage-detail"),
    path("uebergaenge/<slug:slug>/", views.transition_detail, name="transition-detail"),
    path("veranstaltungen/", views.event_list, name="event-list"),
    path("veranstaltungen/kalender.ics", views.event_calendar, name="event-calendar"),
    path("veranstaltungen/<slug:slug>/", views.event_detail, name="event-detail"),
    path("veranstaltungen/<slug:slug>/kalender.ics", views.event_ics, name="event-ics"),
    path("mein-bereich/", school_views.SchoolAreaView.as_view(), name="school-area"),
    path(
        "mein-bereich/veranstaltungen/neu/",
        school_views.EventCreateView.as_view(),
        name="school-event-create",
    ),
    path(
        "mein-bereich/veranstaltungen/<int:pk>/bearbeiten/",
        school_views.EventEditView.as_view(),
        name="school-event-edit",
    ),
    path(
        "mein-bereich/veranstaltungen/<int:pk>/absagen/",
        school_views.EventCancelView.as_view(),
        name="school-event-cancel",
    ),
    path("regionen/<slug:slug>/angebote.atom", feeds.RegionOffersFeed(), name="region-feed"),
]
