from django.urls import path

from . import views

# The start page and the pages of a region and of a working group are in portal/urls.py, in this
# namespace.
app_name = "regions"

urlpatterns = [
    path("regionen/", views.region_list, name="region-list"),
    path("dokumente/<int:pk>/<str:filename>", views.document_file, name="document-file"),
    path("impressum/", views.impressum, name="impressum"),
    path("datenschutz/", views.datenschutz, name="datenschutz"),
    path("barrierefreiheit/", views.barrierefreiheit, name="barrierefreiheit"),
]
