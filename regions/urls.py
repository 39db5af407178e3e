from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.home, name="home"),
    path("regionen/", views.region_list, name="region-list"),
    path("regionen/<slug:slug>/", views.region_detail, name="region-detail"),
    path(
        "regionen/<slug:region_slug>/arbeitsgruppen/<slug:slug>/",
        views.workinggroup_detail,
        name="workinggroup-detail",
    ),
    path("dokumente/<int:pk>/<str:filename>", views.document_file, name="document-file"),
    path("impressum/", views.impressum, name="impressum"),
    path("datenschutz/", views.datenschutz, name="datenschutz"),
    path("barrierefreiheit/", views.barrierefreiheit, name="barrierefreiheit"),
]
