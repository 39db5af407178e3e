import datetime
import functools
from collections import Counter

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bildungsregion import page_cache
from bildungsregion.filters import FacetedFilterSet
from bildungsregion.text import in_language
from regions.filters import (
    RADIUS_DETAILS,
    RadiusFilterSetMixin,
    RadiusForm,
    RegionFilterSetMixin,
    region_filter,
)
from regions.models import Municipality, Region

from . import search
from .models import (
    Event,
    LearningSetting,
    LifeStage,
    Offer,
    OfferFormat,
    OfferIndex,
    Topic,
    Transition,
)

# How long grouped filter counts are kept; any content change starts a new generation anyway.
FACET_CACHE_SECONDS = 600
# The names of the values derived per content generation (bildungsregion.page_cache.derived):
# only their being distinct matters.
FACET_ROWS, TALLY, FACET_CHOICES, PLACES = (
    "offer-facet-rows",
    "offer-tally",
    "offer-facet-choices-de-en",  # (a new name when the shape of the value changes)
    "offer-facet-places",
)


class OfferFilter(RegionFilterSetMixin, RadiusFilterSetMixin, FacetedFilterSet):
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_search")
    region = region_filter()
    gemeinde = django_filters.ModelChoiceFilter(
        label=_("Stadt / Gemeinde"),
        field_name="municipality",
        queryset=Municipality.objects.select_related("region"),
        empty_label=_("alle Orte"),
    )
    lebensphase = django_filters.ModelChoiceFilter(
        label=_("Lebensphase"),
        to_field_name="slug",
        queryset=LifeStage.objects.all(),
        method="filter_mask",
        empty_label=_("alle Lebensphasen"),
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        to_field_name="slug",
        queryset=Topic.objects.all(),
        method="filter_mask",
        empty_label=_("alle Themen"),
    )
    uebergang = django_filters.ModelChoiceFilter(
        label=_("Übergang"),
        to_field_name="slug",
        queryset=Transition.objects.all(),
        method="filter_mask",
        empty_label=_("alle Übergänge"),
    )
    lernform = django_filters.ChoiceFilter(
        label=_("Lernform"),
        field_name="learning_setting",
        choices=LearningSetting.choices,
        empty_label=_("alle Lernformen"),
    )
    kosten = django_filters.ChoiceFilter(
        label=_("Kosten"),
        choices=[("kostenlos", _("kostenlos"))],
        method="filter_free",
        empty_label=_("egal"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Angebotsformat"),
        field_name="format",
        choices=OfferFormat.choices,
        empty_label=_("alle Formate"),
    )
    alter = django_filters.NumberFilter(
        label=_("Alter in Jahren"),
        method="filter_age",
        error_messages={"invalid": _("Bitte geben Sie das Alter als Zahl in Jahren ein, z. B. 8.")},
        validators=[
            MinValueValidator(0, _("Bitte geben Sie ein Alter ab 0 Jahren ein.")),
            MaxValueValidator(120, _("Bitte geben Sie ein Alter bis 120 Jahre ein.")),
        ],
    )
    barrierefrei = django_filters.ChoiceFilter(
        label=_("Barrierefreiheit"),
        choices=[("ja", _("nur barrierefreie Angebote"))],
        method="filter_accessible",
        empty_label=_("egal"),
    )
    sortierung = django_filters.ChoiceFilter(
        label=_("Sortierung"),
        choices=[
            ("relevanz", _("Relevanz")),
            ("neu", _("neueste zuerst")),
            ("a-z", _("A–Z")),
            ("entfernung", _("Entfernung")),
        ],
        method="filter_noop",
        empty_label=None,
    )

    hidden_from_active = ("sortierung", *RADIUS_DETAILS)
    removed_together = {"plz": RADIUS_DETAILS, "region": ("gemeinde",)}
    # The grouped rows and the counts of this request, once computed (_grouped_rows, _tally).
    _rows = None
    _tallied = None

    class Meta:
        model = OfferIndex
        fields = []
        form = RadiusForm

    # The filters counted beside their options, with the OfferIndex column they group by.
    # "uebergang" filters and is counted, but has no list of options on the page.
    FACETS = {
        "region": "region_id",
        "gemeinde": "municipality_id",
        "lebensphase": "life_stage_mask",
        "thema": "topic_mask",
        "uebergang": "transition_mask",
        "lernform": "learning_setting",
        "format": "format",
        "kosten": "is_free",
        "barrierefrei": "is_accessible",
    }
    MASK_FIELDS = {
        "lebensphase": "life_stage_mask",
        "thema": "topic_mask",
        "uebergang": "transition_mask",
    }

    def filter_search(self, queryset, name, value):
        return search.search_offers(queryset, value, rank_limit=search.RANK_LIMIT)

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True)

    def filter_accessible(self, queryset, name, value):
        return queryset.filter(is_accessible=True)

    def filter_age(self, queryset, name, value):
        age = int(value)
        return queryset.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )

    def filter_mask(self, queryset, name, value):
        """Offers with this life stage / topic / transition: its bit in the mask is set."""
        field = self.MASK_FIELDS[name]
        return queryset.alias(**{f"_{name}": F(field).bitand(1 << value.bit)}).exclude(
            **{f"_{name}": 0}
        )

    def _data(self):
        """The valid fields: the list filters by them even when another one is invalid (see
        FacetedFilterSet._filter); none for an unbound filter."""
        self.errors  # noqa: B018 - validates the form
        return self.form.cleaned_data if self.is_bound else {}

    def sort_options(self):
        """(value, label, selected) for the sorting select. Unless a sorting was chosen, the
        empty "automatic" option is selected, so that a later search sorts by relevance."""
        data = self._data()
        chosen = data.get("sortierung") or ""
        options = [
            (
                "",
                _(
                    "automatisch (im Umkreis nach Entfernung, bei Suche nach Relevanz, sonst "
                    "neueste zuerst)"
                ),
            )
        ]
        options += list(self.filters["sortierung"].extra["choices"])
        return [(value, label, value == chosen) for value, label in options]

    # --- ordering --------------------------------------------------------------------------
    def _order(self):
        """The chosen sorting, else distance in a radius search, else relevance."""
        chosen = self._data().get("sortierung")
        return chosen or ("entfernung" if self.form.origin is not None else "relevanz")

    def sorts_by_distance(self):
        return self.form.origin is not None and self._order() == "entfernung"

    def sorted_qs(self):
        """The chosen sorting; by default distance in a radius search, else relevance.
        Relevance needs a ranked search (not one of stop words or exclusions only), distance
        an origin; else newest first."""
        qs = self.qs
        order = self._order()
        if order == "entfernung" and self.form.origin is not None:
            return qs.order_by("distance", "title", "pk")
        if order in ("relevanz", "entfernung") and qs.ordered:
            return qs  # search_offers() ordered by relevance already
        if order == "a-z":
            return qs.order_by("title", "pk")
        return qs.order_by("-published_at", "pk")

    # --- counts ----------------------------------------------------------------------------
    def _variant(self):
        """What the grouped rows depend on: every active filter that is not counted (search,
        age, radius; not the sorting), the day (validity) and the grouped columns."""
        self.errors  # noqa: B018 - validates the form
        data = self.form.cleaned_data
        base = [
            f"{name}={value}"
            for name, value in data.items()
            if name not in self.FACETS and name not in self.passthrough_params
        ]
        columns = list(self.FACETS.values())
        if data.get("region") is None and data.get("gemeinde") is None:
            columns.remove("municipality_id")  # fewer groups; the list needs no places
        return [str(timezone.localdate()), *base, *columns], columns

    def _grouped_rows(self):
        """One GROUP BY over the offers that match every filter *but* the counted ones: each
        row a combination of facet values with its number of offers. All counts derive
        from these rows in Python, each respecting the other active filters.

        The rows depend only on the search, age and radius, not on the counted filters, so
        they are cached (per content generation, see bildungsregion.page_cache): clicking
        through the filters of one search costs no second GROUP BY."""
        if self._rows is not None:
            return self._rows
        parts, columns = self._variant()

        def group():
            data = self.form.cleaned_data
            queryset = self.queryset.all()
            for name, value in data.items():
                if name == "q" and value:
                    # The rows of the list's search (corrected as the list is), unranked: the
                    # list's rank_limit costs a bounded count that only decides the order.
                    queryset = search.search_offers(queryset, value)
                elif name not in self.FACETS:
                    queryset = self.filters[name].filter(queryset, value)
            queryset = self.filter_extra(queryset, data)
            return list(queryset.order_by().values(*columns).annotate(n=Count("pk")).order_by())

        # Thousands of rows for a broad search: kept in the shared cache only.
        rows = page_cache.derived(
            FACET_ROWS, group, parts=parts, timeout=FACET_CACHE_SECONDS, in_process=False
        )
        self._rows = rows
        return rows

    def _active_keys(self):
        """The active facet filters as the keys their rows carry (see _row_keys)."""
        self.errors  # noqa: B018 - validates the form
        keys = {}
        for name, value in self.form.cleaned_data.items():
            if name not in self.FACETS or value in (None, "", []):
                continue
            if name in self.MASK_FIELDS:
                keys[name] = value.bit  # as in the masks of the grouped rows
            else:
                keys[name] = {"kosten": True, "barrierefrei": True}.get(
                    name, getattr(value, "pk", value)
                )
        return keys

    def _row_keys(self, row):
        """For each facet, the option keys a grouped row belongs to."""
        bits = mask_bits
        return {
            "region": (row["region_id"],),
            "gemeinde": (row.get("municipality_id"),),
            "lebensphase": bits(row["life_stage_mask"]),
            "thema": bits(row["topic_mask"]),
            "uebergang": bits(row["transition_mask"]),
            "lernform": (row["learning_setting"],),
            "format": (row["format"],),
            "kosten": (True,) if row["is_free"] else (),
            "barrierefrei": (True,) if row["is_accessible"] else (),
        }

    def _tally(self):
        """The total, and per facet the count of each option with every *other* active filter
        applied; kept per content generation and combination of filters (small, unlike the
        grouped rows), so that a repeated list costs no pass over the rows."""
        if self._tallied is None:
            parts, _columns = self._variant()
            active = self._active_keys()
            self._tallied = page_cache.derived(
                TALLY,
                lambda: self._count(active),
                parts=[*parts, *(f"{name}={key}" for name, key in sorted(active.items()))],
                timeout=FACET_CACHE_SECONDS,
            )
        return self._tallied

    def _count(self, active):
        """One pass over the grouped rows (a row failing just one facet's own filter still
        counts for that facet's other options)."""
        counts = {name: Counter() for name in self.FACETS}
        total = 0
        for row in self._grouped_rows():
            keys = self._row_keys(row)
            failing = [name for name, key in active.items() if key not in keys[name]]
            if len(failing) > 1:
                continue
            number = row["n"]
            if failing:
                for key in keys[failing[0]]:
                    counts[failing[0]][key] += number
                continue
            total += number
            for name, row_keys in keys.items():
                for key in row_keys:
                    counts[name][key] += number
        return total, counts

    def total(self):
        """The number of offers the list shows."""
        return self._tally()[0]

    def facets(self):
        """For each facet: a list of (value, label, count, selected), counting with the
        other active filters applied."""
        _total, counts = self._tally()
        active = self._active_keys()

        def options(name, choices):
            """choices: (URL value, label, key in the grouped rows)."""
            return [
                (value, label, counts[name][key], active.get(name) == key)
                for value, label, key in choices
            ]

        regions, stages, topics = page_cache.derived(FACET_CHOICES, facet_choices)
        # Kept with both names (the derived values are shared by all languages): the page's.
        stages, topics = (
            [(value, in_language(*names), key) for value, names, key in rows]
            for rows in (stages, topics)
        )
        facets = {
            "region": options("region", regions),
            "lebensphase": options("lebensphase", stages),
            "thema": options("thema", topics),
            "lernform": options(
                "lernform", [(v, label, v) for v, label in LearningSetting.choices]
            ),
            "format": options("format", [(v, label, v) for v, label in OfferFormat.choices]),
            "kosten": options("kosten", [("kostenlos", _("kostenlos"), True)]),
            "barrierefrei": options("barrierefrei", [("ja", _("barrierefrei"), True)]),
        }
        region = self.form.cleaned_data.get("region")
        if region is not None:
            places = page_cache.derived(
                PLACES,
                lambda: [
                    (str(m.pk), m.name, m.pk)
                    for m in Municipality.objects.for_region(region).only("name")
                ],
                parts=[str(region.pk)],
            )
            facets["gemeinde"] = options("gemeinde", places)
        return facets


@functools.lru_cache(maxsize=4096)
def mask_bits(mask):
    """The set bits of a mask (the ``bit`` of life stages, topics, transitions): (1, 3) for
    0b1010. Few distinct masks, many rows: memoised."""
    return tuple(bit for bit in range(mask.bit_length()) if mask >> bit & 1)


def facet_choices():
    """(URL value, name, key) of the regions, life stages and topics, as the list offers them;
    the key of a life stage or topic is its bit in the masks, its name (German, English)."""
    return (
        [(r.slug, r.name, r.pk) for r in Region.objects.only("slug", "name").order_by("name")],
        [(s.slug, (s.name, s.name_en), s.bit) for s in LifeStage.objects.all()],
        [(t.slug, (t.name, t.name_en), t.bit) for t in Topic.objects.all()],
    )


class EventFilterForm(RadiusForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("von"), cleaned.get("bis")
        if start and end and end < start:
            self.add_error("bis", _("Das Datum „bis“ liegt vor dem Datum „von“."))
        return cleaned


class EventFilter(RegionFilterSetMixin, RadiusFilterSetMixin, FacetedFilterSet):
    """The event list's filters: region, kind, dates, school year and the radius search
    (regions.filters), upcoming events unless a start date is given."""

    region = region_filter()
    art = django_filters.ChoiceFilter(
        label=_("Art der Veranstaltung"),
        field_name="kind",
        choices=Event.Kind.choices,
        empty_label=_("alle Arten"),
    )
    von = django_filters.DateFilter(
        label=_("von (Datum)"),
        method="filter_from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    bis = django_filters.DateFilter(
        label=_("bis (Datum)"),
        method="filter_until",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    jahrgang = django_filters.NumberFilter(
        label=_("Jahrgang"),
        method="filter_grade",
        error_messages={"invalid": _("Bitte geben Sie den Jahrgang als Zahl von 5 bis 13 ein.")},
        validators=[
            MinValueValidator(5, _("Jahrgänge gibt es von 5 bis 13.")),
            MaxValueValidator(13, _("Jahrgänge gibt es von 5 bis 13.")),
        ],
    )

    hidden_from_active = RADIUS_DETAILS
    removed_together = {"plz": RADIUS_DETAILS}

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    def filter_from(self, queryset, name, value):
        """Events on that day or later: starting then, or still running (an event ending at
        its midnight ended the day before, unless it also starts then)."""
        start = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
        return queryset.filter(Q(ends_at__gt=start) | Q(starts_at__gte=start))

    def filter_until(self, queryset, name, value):
        end = timezone.make_aware(datetime.datetime.combine(value, datetime.time.max))
        return queryset.filter(starts_at__lte=end)

    def filter_grade(self, queryset, name, value):
        return queryset.for_grade(int(value))

    def filter_extra(self, queryset, data):
        if not data.get("von"):
            queryset = queryset.upcoming()
        return super().filter_extra(queryset, data)  # the radius search

    def sorted_qs(self):
        """Nearest first in a radius search, else (and among events at the same distance)
        the earliest first."""
        qs = self.qs  # validates the form, which finds the radius origin
        if self.form.origin is not None:
            return qs.order_by("distance", "starts_at", "pk")
        return qs.order_by("starts_at", "pk")

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
        selected_region = data.get("region")
        return {
            "region": [
                (r.slug, r.name, region_counts.get(r.pk, 0), selected_region == r)
                for r in Region.objects.only("slug", "name").order_by("name")
            ],
            "art": [
                (value, label, kind_counts.get(value, 0), data.get("art") == value)
                for value, label in Event.Kind.choices
            ],
        }


class SiteSearchFilter(RegionFilterSetMixin, FacetedFilterSet):
    """The parameters of the one search (/suche/): its words and the region, with the host's
    default and canonical URL of every list. The page searches itself
    (offers.views._site_search_groups): this FilterSet reads and checks the parameters."""

    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_noop")
    region = region_filter()

    class Meta:
        model = Offer
        fields = []

    def filter_noop(self, queryset, name, value):
        return queryset

    def chosen_region(self):
        """The chosen region (the host's by default), None for all."""
        self.errors  # noqa: B018 - validates the form
        return self.form.cleaned_data.get("region")
