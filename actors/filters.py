import django_filters
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from bildungsregion import search
from bildungsregion.filters import FacetedFilterSet
from regions.filters import (
    RADIUS_DETAILS,
    RadiusFilterSetMixin,
    RadiusForm,
    RegionFilterSetMixin,
    region_filter,
)
from regions.models import Municipality, Region

from .models import Actor


class ActorFilter(RegionFilterSetMixin, RadiusFilterSetMixin, FacetedFilterSet):
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_search")
    region = region_filter()
    art = django_filters.ChoiceFilter(
        label=_("Art"), field_name="kind", choices=Actor.Kind.choices, empty_label=_("alle Arten")
    )
    gemeinde = django_filters.ModelChoiceFilter(
        label=_("Stadt / Gemeinde"),
        field_name="municipality",
        queryset=Municipality.objects.all(),
        empty_label=_("alle Orte"),
    )

    hidden_from_active = RADIUS_DETAILS
    removed_together = {"plz": RADIUS_DETAILS, "region": ("gemeinde",)}

    class Meta:
        model = Actor
        fields = []
        form = RadiusForm

    def filter_search(self, queryset, name, value):
        return search.search_text_filter(queryset, value)

    def sorted_qs(self):
        qs = self.qs  # validates the form, which finds the radius origin
        if self.form.origin is not None:
            return qs.order_by("distance", "name", "pk")
        if self.form.is_valid() and self.form.cleaned_data.get("q"):
            return search.order_by_rank(qs)
        return qs.order_by("name", "pk")

    def facets(self):
        self.errors  # noqa: B018 - validates the form, also when the list was not read yet
        data = self.form.cleaned_data
        region_counts = dict(
            self.queryset_without("region")
            .order_by()
            .values_list("region_id")
            .annotate(n=Count("pk"))
        )
        kind_counts = dict(
            self.queryset_without("art").order_by().values_list("kind").annotate(n=Count("pk"))
        )
        facets = {
            "region": [
                (r.slug, r.name, region_counts.get(r.pk, 0), data.get("region") == r)
                for r in Region.objects.only("slug", "name").order_by("name")
            ],
            "art": [
                (value, label, kind_counts.get(value, 0), data.get("art") == value)
                for value, label in Actor.Kind.choices
            ],
        }
        if data.get("region") is not None:
            counts = dict(
                self.queryset_without("gemeinde")
                .order_by()
                .values_list("municipality_id")
                .annotate(n=Count("pk"))
            )
            facets["gemeinde"] = [
                (str(m.pk), m.name, counts.get(m.pk, 0), data.get("gemeinde") == m)
                for m in Municipality.objects.for_region(data["region"]).only("name")
            ]
        return facets
