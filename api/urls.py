from django.urls import path

from . import docs, views

app_name = "api"

urlpatterns = [
    path("api/v1/", docs.index, name="index"),
    path("api/v1/schema/", docs.SchemaView.as_view(), name="schema"),
    path("api/v1/dokumentation/", docs.documentation, name="documentation"),
    path("api/v1/angebote/", views.OfferList.as_view(), name="offer-list"),
    path("api/v1/angebote/<int:pk>/", views.OfferDetail.as_view(), name="offer-detail"),
    path("api/v1/veranstaltungen/", views.EventList.as_view(), name="event-list"),
    path("api/v1/veranstaltungen/<int:pk>/", views.EventDetail.as_view(), name="event-detail"),
    path("api/v1/akteure/", views.ActorList.as_view(), name="actor-list"),
    path("api/v1/akteure/<int:pk>/", views.ActorDetail.as_view(), name="actor-detail"),
    path("api/v1/regionen/", views.RegionList.as_view(), name="region-list"),
    path("api/v1/regionen/<int:pk>/", views.RegionDetail.as_view(), name="region-detail"),
    path("api/v1/plaetze/", views.PlaceList.as_view(), name="place-list"),
    path("api/v1/plaetze/<int:pk>/", views.PlaceDetail.as_view(), name="place-detail"),
]
