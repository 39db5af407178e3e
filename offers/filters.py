import datetime

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bildungsregion.filters import FacetedFilterSet, RadiusFilterSetMixin, RadiusForm
from regions.models import Municipality, Region

from . import search
from .models import Event, LearningSetting, LifeStage, Offer, OfferFormat, Topic, Transition


class OfferFilterForm(RadiusForm):
    pass


class OfferFilter(RadiusFilterSetMixin, FacetedFilterSet):
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="filter_search")
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="region",
        to_field_name="slug",
        queryset=Region.objects.all(),
        empty_label=_("alle Regionen"),
    )
    gemeinde = django_filters.ModelChoiceFilter(
        label=_("Stadt / Gemeinde"),
        field_name="municipality",
        queryset=Municipality.objects.select_related("region"),
        empty_label=_("alle Orte"),
    )
    lebensphase = django_filters.ModelChoiceFilter(
        label=_("Lebensphase"),
        field_name="life_stages",
        to_field_name="slug",
        queryset=LifeStage.objects.all(),
        empty_label=_("alle Lebensphasen"),
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label=_("alle Themen"),
    )
    uebergang = django_filters.ModelChoiceFilter(
        label=_("Übergang"),
        field_name="transitions",
        to_field_name="slug",
        queryset=Transition.objects.all(),
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

    hidden_from_active = ("sortierung", "umkreis")
    removed_together = {"plz": ("umkreis",), "region": ("gemeinde",)}

    class Meta:
        model = Offer
        fields = []
        form = OfferFilterForm

    def filter_search(self, queryset, name, value):
        return search.search_offers(queryset, value, rank_limit=search.RANK_LIMIT)

    def filter_free(self, queryset, name, value):
        return queryset.filter(is_free=True)

    def filter_accessible(self, queryset, name, value):
        return queryset.filter(is_accessible=True)

    def filter_age(self, queryset, name, value):
        return queryset.for_age(int(value))

    def effective_order(self):
        """The chosen sorting, or the default: relevance with a search, else newest first."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        order = data.get("sortierung") or ("relevanz" if data.get("q") else "neu")
        if order == "relevanz" and not data.get("q"):
            order = "neu"
        if order == "entfernung" and getattr(self.form, "origin", None) is None:
            order = "relevanz" if data.get("q") else "neu"
        return order

    def sort_options(self):
        """(value, label, selected) for the sorting select. Unless a sorting was chosen, the
        empty "automatic" option is selected, so that a later search sorts by relevance."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        chosen = data.get("sortierung") or ""
        options = [("", _("automatisch (bei Suche nach Relevanz, sonst neueste zuerst)"))]
        options += list(self.filters["sortierung"].extra["choices"])
        return [(value, label, value == chosen) for value, label in options]

    # --- ordering --------------------------------------------------------------------------
    def sorted_qs(self):
        qs = self.qs
        data = self.form.cleaned_data if self.form.is_valid() else {}
        order = self.effective_order()
        if order == "entfernung" and getattr(self.form, "origin", None) is not None:
            return qs.order_by("distance", "title", "pk")
        if order == "relevanz" and data.get("q"):
            return qs  # search_offers() ordered by relevance already
        if order == "neu":
            return qs.order_by("-published_at", "pk")
        return qs.order_by("title", "pk")

    # --- facet counts ----------------------------------------------------------------------
    def facets(self):
        """For each facet: a list of (value, label, count, selected), counting with the
        other active filters applied."""
        data = self.form.cleaned_data if self.is_bound else {}
        facets = {}

        def simple(name, field, choices):
            counts = dict(
                self.queryset_without(name)
                .order_by()
                .values_list(field)
                .annotate(n=Count("pk", distinct=False))
            )
            selected = data.get(name)
            return [
                (value, label, counts.get(key, 0), selected == value)
                for key, value, label in choices
            ]

        regions = list(Region.objects.only("pk", "slug", "name").order_by("name"))
        facets["region"] = simple("region", "region_id", [(r.pk, r.slug, r.name) for r in regions])
        selected_region = data.get("region")
        if selected_region is not None:
            municipalities = Municipality.objects.for_region(selected_region).only("pk", "name")
            selected = data.get("gemeinde")
            counts = dict(
                self.queryset_without("gemeinde")
                .order_by()
                .values_list("municipality_id")
                .annotate(n=Count("pk"))
            )
            facets["gemeinde"] = [
                (str(m.pk), m.name, counts.get(m.pk, 0), selected == m) for m in municipalities
            ]
        facets["lebensphase"] = self._m2m_facet(
            "lebensphase", Offer.life_stages.through, "lifestage_id", LifeStage.objects.all()
        )
        facets["thema"] = self._m2m_facet(
            "thema", Offer.topics.through, "topic_id", Topic.objects.all()
        )
        facets["lernform"] = simple(
            "lernform",
            "learning_setting",
            [(value, value, label) for value, label in LearningSetting.choices],
        )
        facets["format"] = simple(
            "format", "format", [(value, value, label) for value, label in OfferFormat.choices]
        )
        facets["kosten"] = simple("kosten", "is_free", [(True, "kostenlos", _("kostenlos"))])
        facets["barrierefrei"] = simple(
            "barrierefrei", "is_accessible", [(True, "ja", _("barrierefrei"))]
        )
        for name in ("region", "lebensphase", "thema"):
            selected = data.get(name)
            facets[name] = [
                (value, label, count, selected is not None and selected.slug == value)
                for value, label, count, _selected in facets[name]
            ]
        return facets

    def _m2m_facet(self, name, through, key, options):
        base = self.queryset_without(name).order_by().values("pk")
        counts = dict(
            through.objects.filter(offer_id__in=base)
            .values_list(key)
            .annotate(n=Count("offer_id"))
            .order_by()
        )
        return [(o.slug, o.name, counts.get(o.pk, 0), False) for o in options]


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("von"), cleaned.get("bis")
        if start and end and end < start:
            self.add_error("bis", _("Das Datum „bis“ liegt vor dem Datum „von“."))
        return cleaned


class EventFilter(FacetedFilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="region",
        to_field_name="slug",
        queryset=Region.objects.all(),
        empty_label=_("alle Regionen"),
    )
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
        validators=[
            MinValueValidator(5, _("Jahrgänge gibt es von 5 bis 13.")),
            MaxValueValidator(13, _("Jahrgänge gibt es von 5 bis 13.")),
        ],
    )

    removed_together = {}

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    def filter_from(self, queryset, name, value):
        start = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
        return queryset.filter(
            Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start)
        )

    def filter_until(self, queryset, name, value):
        end = timezone.make_aware(datetime.datetime.combine(value, datetime.time.max))
        return queryset.filter(starts_at__lte=end)

    def filter_grade(self, queryset, name, value):
        return queryset.for_grade(int(value))

    def filter_extra(self, queryset, data):
        if not data.get("von"):
            queryset = queryset.upcoming()
        return queryset

    def facets(self):
        data = self.form.cleaned_data if self.is_bound else {}
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
                for r in Region.objects.only("pk", "slug", "name").order_by("name")
            ],
            "art": [
                (value, label, kind_counts.get(value, 0), data.get("art") == value)
                for value, label in Event.Kind.choices
            ],
        }
