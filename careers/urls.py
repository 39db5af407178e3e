from django.urls import path

from . import provider_views, views

app_name = "careers"

urlpatterns = [
    path("ausbildung-und-praktikum/", views.place_list, name="place-list"),
    path("ausbildung-und-praktikum/praktika.ics", views.internship_calendar, name="place-calendar"),
    path("ausbildung-und-praktikum/<slug:slug>/", views.place_detail, name="place-detail"),
    path("berufe/", views.occupation_list, name="occupation-list"),
    path("berufe/<slug:slug>/", views.occupation_detail, name="occupation-detail"),
    path("berufswahl-check/", views.careers_check, name="check"),
    path("mein-bereich/plaetze/", provider_views.PlaceListView.as_view(), name="provider-places"),
    path(
        "mein-bereich/plaetze/neu/",
        provider_views.PlaceCreateView.as_view(),
        name="provider-place-create",
    ),
    path(
        "mein-bereich/plaetze/<int:pk>/bearbeiten/",
        provider_views.PlaceUpdateView.as_view(),
        name="provider-place-update",
    ),
    path(
        "mein-bereich/plaetze/<int:pk>/beenden/",
        provider_views.PlaceEndView.as_view(),
        name="provider-place-end",
    ),
]
