from django.urls import path

from . import views

# An actor's page (with its offers and events) is in portal/urls.py, in this namespace.
app_name = "actors"

urlpatterns = [
    path("akteure/", views.actor_list, name="actor-list"),
]
