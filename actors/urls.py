from django.urls import path

from . import views

app_name = "actors"

urlpatterns = [
    path("akteure/", views.actor_list, name="actor-list"),
    path("akteure/<slug:slug>/", views.actor_detail, name="actor-detail"),
]
