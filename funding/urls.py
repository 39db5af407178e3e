from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("foerderung/", views.call_list, name="call-list"),
    path("foerderung/<slug:slug>/", views.call_detail, name="call-detail"),
]
