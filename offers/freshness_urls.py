from django.urls import path

from . import freshness_views

urlpatterns = [
    path(
        "mein-bereich/bestaetigen/<str:token>/",
        freshness_views.review_confirm,
        name="review-confirm",
    ),
    path(
        "mein-bereich/einrichtungen/<int:pk>/bestaetigen/",
        freshness_views.institution_confirm,
        name="institution-confirm",
    ),
]
