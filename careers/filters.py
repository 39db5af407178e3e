import datetime

import django_filters
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from bildungsregion.filters import FacetedFilterSet
from regions.filters import (
    RADIUS_DETAILS,
    RadiusFilterSetMixin,
    RadiusForm,
    RegionFilterSetMixin,
    region_filter,
)
from regions.models import Region

from . import search
from .models import Occupation, OccupationField, Place, PlaceKind, SchoolCertificate

# Places with a start date first, the earliest first; those "nach Absprache" after them.
START_ORDER = F("starts_on").asc(nulls_last=True)
# How many months ahead the "Beginn" filter offers.
START_MONTHS = 18


def start_months(today=None):
    """("2027-08", "August 2027") for this month and the START_MONTHS - 1 after it."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _i in range(START_MONTHS):
        day = datetime.date(year, month, 1)
        months.append((day.strftime("%Y-%m"), formats.date_format(day, "YEAR_MONTH_FORMAT")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class PlaceFilter(RegionFilterSetMixin, RadiusFilterSetMixin, FacetedFilterSet):
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_search")
    art = django_filters.ChoiceFilter(
        label=_("Art"), field_name="kind", choices=PlaceKind.choices, empty_label=_("alle Arten")
    )
    berufsfeld = django_filters.ModelChoiceFilter(
        label=_("Berufsfeld"),
        field_name="occupation__field",
        to_field_name="slug",
        queryset=OccupationField.objects.all(),
        empty_label=_("alle Berufsfelder"),
    )
    beruf = django_filters.ModelChoiceFilter(
        label=_("Beruf"),
        field_name="occupation",
        to_field_name="slug",
        queryset=Occupation.objects.all(),
        empty_label=_("alle Berufe"),
    )
    region = region_filter()
    beginn = django_filters.ChoiceFilter(
        label=_("Beginn"),
        choices=start_months,
        method="filter_start",
        empty_label=_("egal"),
    )
    abschluss = django_filters.ChoiceFilter(
        label=_("Mein Schulabschluss"),
        choices=SchoolCertificate.choices,
        method="filter_certificate",
        empty_label=_("egal"),
        help_text=_("Zeigt Plätze, die diesen oder einen niedrigeren Abschluss erwarten."),
    )

    hidden_from_active = RADIUS_DETAILS
    removed_together = {"plz": RADIUS_DETAILS, "berufsfeld": ("beruf",)}

    class Meta:
        model = Place
        fields = []
        form = RadiusForm

    def filter_search(self, queryset, name, value):
        return search.search_places(queryset, value)

    def filter_start(self, queryset, name, value):
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(starts_on__year=year, starts_on__month=month)

    def filter_certificate(self, queryset, name, value):
        return queryset.filter(certificate__in=["", *SchoolCertificate.up_to(value)])

    def sorted_qs(self):
        qs = self.qs  # validates the form, which finds the radius origin
        if self.form.origin is not None:
            return qs.order_by("distance", START_ORDER, "title", "pk")
        if self.form.is_valid() and self.form.cleaned_data.get("q"):
            return search.order_by_rank(qs)
        return qs.order_by(START_ORDER, "title", "pk")

    def _counts(self, name, column):
        return dict(
            self.queryset_without(name).order_by().values_list(column).annotate(n=Count("pk"))
        )

    def facets(self):
        self.errors  # noqa: B018 - validates the form
        data = self.form.cleaned_data
        kinds = self._counts("art", "kind")
        fields = self._counts("berufsfeld", "occupation__field_id")
        regions = self._counts("region", "region_id")
        months = {
            day.strftime("%Y-%m"): n
            for day, n in self.queryset_without("beginn")
            .filter(starts_on__isnull=False)
            .annotate(month=TruncMonth("starts_on"))
            .order_by()
            .values_list("month")
            .annotate(n=Count("pk"))
        }
        certificates = self._counts("abschluss", "certificate")
        open_to_all = certificates.get("", 0)
        reached, cumulative = 0, {}
        for value in SchoolCertificate.values:
            reached += certificates.get(value, 0)
            cumulative[value] = reached + open_to_all
        facets = {
            "art": [
                (v, label, kinds.get(v, 0), data.get("art") == v) for v, label in PlaceKind.choices
            ],
            "berufsfeld": [
                (f.slug, f.name, fields.get(f.pk, 0), data.get("berufsfeld") == f)
                for f in OccupationField.objects.only("slug", "name")
            ],
            "region": [
                (r.slug, r.name, regions.get(r.pk, 0), data.get("region") == r)
                for r in Region.objects.only("slug", "name").order_by("name")
            ],
            "beginn": [
                (value, label, months.get(value, 0), data.get("beginn") == value)
                for value, label in start_months()
            ],
            "abschluss": [
                (value, label, cumulative[value], data.get("abschluss") == value)
                for value, label in SchoolCertificate.choices
            ],
        }
        field = data.get("berufsfeld")
        if field is not None:
            occupations = self._counts("beruf", "occupation_id")
            facets["beruf"] = [
                (o.slug, o.name, occupations.get(o.pk, 0), data.get("beruf") == o)
                for o in Occupation.objects.in_field(field).only("slug", "name")
            ]
        return facets
