from django.urls import path

from . import provider_views, views

app_name = "funding"

urlpatterns = [
    path("foerderung/", views.call_list, name="call-list"),
    path("foerderung/<slug:slug>/", views.call_detail, name="call-detail"),
    path(
        "mein-bereich/foerderantraege/",
        provider_views.ApplicationListView.as_view(),
        name="application-list",
    ),
    path(
        "mein-bereich/foerderantraege/neu/<slug:slug>/",
        provider_views.ApplicationCreateView.as_view(),
        name="application-create",
    ),
    path(
        "mein-bereich/foerderantraege/<int:pk>/",
        provider_views.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "foerderantraege/anlagen/<int:pk>/",
        provider_views.attachment_download,
        name="attachment-download",
    ),
    path(
        "foerderantraege/nachweise/<int:pk>/",
        provider_views.report_file_download,
        name="report-file-download",
    ),
    path(
        "mein-bereich/foerderantraege/<int:pk>/bearbeiten/",
        provider_views.ApplicationEditView.as_view(),
        name="application-edit",
    ),
]
