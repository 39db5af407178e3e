from django.urls import path

from . import provider_views, views

# An actor's page (with its offers and events) is in portal/urls.py, in this namespace.
app_name = "actors"

urlpatterns = [
    path("akteure/", views.actor_list, name="actor-list"),
    # The provider area's colleagues (its other pages are offers' /mein-bereich/…).
    path(
        "mein-bereich/kolleginnen-und-kollegen/",
        provider_views.ColleaguesView.as_view(),
        name="colleagues",
    ),
    path(
        "mein-bereich/kolleginnen-und-kollegen/verlassen/<int:pk>/",
        provider_views.InstitutionLeaveView.as_view(),
        name="institution-leave",
    ),
    path(
        "mein-bereich/kolleginnen-und-kollegen/bestaetigen/<str:token>/",
        provider_views.ColleagueConfirmView.as_view(),
        name="colleague-confirm",
    ),
]
