"""Bildungsmonitoring for the staff of a region: coverage, gaps, review backlog, completeness.

The figures are plain functions of the database (tested against hand-counted fixtures in
tests/admin/test_monitoring.py); ``monitoring_view`` is the admin page that shows them.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from actors.models import Actor, WorkingGroup
from bildungsregion.models import STALE_MONTHS
from offers.completeness import (
    ACTOR_CRITERIA,
    OFFER_CRITERIA,
    completeness,
    entries_for_completeness,
)
from offers.models import EditorialStatus, Event, LifeStage, Offer
from regions.models import Document, FocusArea, FundingProgramme, Municipality, Region
from regions.resources import neutralise_formula
from regions.scoping import region_roles
from usage.admin_views import zero_result_searches

HEAT_LEVELS = 4  # colour classes heat-1 … heat-4; heat-0 marks a gap
LIST_LIMIT = 20


# --- Coverage: published offers per municipality × life stage ---------------------------------


@dataclass
class CoverageRow:
    municipality: object  # a Municipality, or None for offers without a place (online …)
    cells: list  # [(count, heat level)] in the order of Coverage.stages
    total: int = 0


@dataclass
class Coverage:
    stages: list
    rows: list
    stage_totals: list = field(default_factory=list)  # distinct offers per life stage
    gaps: list = field(default_factory=list)  # [(municipality, stage)]
    maximum: int = 0


def heat_level(count, maximum):
    if count <= 0 or maximum <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, -(-count * HEAT_LEVELS // maximum)))


def coverage(region_ids):
    stages = list(LifeStage.objects.order_by("position"))
    municipalities = list(
        Municipality.objects.filter(region_id__in=region_ids)
        .select_related("region")
        .order_by("region__name", "name")
    )
    offers = Offer.objects.public().filter(region_id__in=region_ids)
    counts = {
        (row["municipality_id"], row["life_stages"]): row["n"]
        for row in offers.filter(life_stages__isnull=False)
        .values("municipality_id", "life_stages")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    places = [*municipalities]
    if any(municipality_id is None for municipality_id, _stage in counts):
        places.append(None)
    maximum = max((n for (mid, _s), n in counts.items() if mid is not None), default=0)
    rows, gaps = [], []
    for municipality in places:
        mid = municipality.pk if municipality else None
        cells = []
        for stage in stages:
            n = counts.get((mid, stage.pk), 0)
            cells.append((n, heat_level(n, maximum)))
            if n == 0 and municipality is not None:
                gaps.append((municipality, stage))
        rows.append(CoverageRow(municipality=municipality, cells=cells))
    totals_by_place = {
        row["municipality_id"]: row["n"]
        for row in offers.values("municipality_id").annotate(n=Count("pk")).order_by()
    }
    for row in rows:
        row.total = totals_by_place.get(row.municipality.pk if row.municipality else None, 0)
    per_stage = dict(
        offers.filter(life_stages__isnull=False)
        .values_list("life_stages")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return Coverage(
        stages=stages,
        rows=rows,
        stage_totals=[per_stage.get(stage.pk, 0) for stage in stages],
        gaps=gaps,
        maximum=maximum,
    )


def gaps_by_municipality(table):
    """[(municipality, [life stages without any offer there])], in the table's order."""
    groups = {}
    for municipality, stage in table.gaps:
        groups.setdefault(municipality, []).append(stage)
    return list(groups.items())


def coverage_csv(table):
    """The coverage table as CSV (semicolon-separated, as German spreadsheets expect)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    names = [s.name for s in table.stages]
    writer.writerow([_("Region"), _("Stadt / Gemeinde"), *map(neutralise_formula, names)])
    for row in table.rows:
        region = row.municipality.region.name if row.municipality else ""
        place = row.municipality.name if row.municipality else _("ohne Ort (z. B. online)")
        cells = [n for n, _level in row.cells]
        writer.writerow([neutralise_formula(region), neutralise_formula(place), *cells])
    return out.getvalue()


def stage_chart(table, width=480, bar_height=22, gap=8, label_width=200):
    """Geometry of a horizontal bar chart of offers per life stage, drawn as SVG by the template."""
    maximum = max(table.stage_totals, default=0)
    bars = []
    for index, (stage, n) in enumerate(zip(table.stages, table.stage_totals, strict=True)):
        length = round((width - label_width - 40) * n / maximum) if maximum else 0
        y = index * (bar_height + gap)
        bars.append(
            {
                "label": stage.name,
                "count": n,
                "y": y,
                # Integers only: a localised float ("15,4") would be two SVG coordinates.
                "text_y": y + round(bar_height * 0.7),
                "width": length,
                "count_x": label_width + length + 6,
                "level": heat_level(n, maximum),
            }
        )
    return {
        "bars": bars,
        "width": width,
        "height": max(len(bars) * (bar_height + gap) - gap, 0),
        "bar_height": bar_height,
        "label_width": label_width,
    }


# --- Review backlog and moderation -------------------------------------------------------------

STALE_MODELS = [Offer, Actor, WorkingGroup, Document, FundingProgramme, FocusArea]


def _in_regions(model, region_ids):
    queryset = model._default_manager.filter(region_id__in=region_ids)
    if model is Offer:
        queryset = queryset.exclude(status=EditorialStatus.ARCHIVED)
    return queryset


def stale_counts(region_ids, today=None):
    """[(model, number of stale entries)] for the kinds of entries (ReviewedQuerySet.stale)."""
    return [(model, _in_regions(model, region_ids).stale(today).count()) for model in STALE_MODELS]


def stale_entries(model, region_ids, today=None, limit=LIST_LIMIT):
    """The longest-unreviewed entries of one kind, oldest first."""
    return list(
        _in_regions(model, region_ids)
        .stale(today)
        .select_related("region")
        .order_by("last_reviewed", "pk")[:limit]
    )


def awaiting_moderation(region_ids):
    return (
        Event.objects.awaiting_moderation()
        .filter(region_id__in=region_ids)
        .select_related("organiser", "region", "submitted_by")
        .order_by("starts_at", "pk")
    )


# --- Completeness ---------------------------------------------------------------------------

# The score and its criteria are offers.completeness's, the same the admin's lists and the
# provider area show.


@dataclass
class Scored:
    obj: object
    score: int  # percent
    missing: list


def _scored(queryset):
    """Scored entries of ``queryset``, least complete first (one query)."""
    rows = []
    for entry in entries_for_completeness(queryset):
        result = completeness(entry)
        rows.append(Scored(obj=entry, score=result.score, missing=result.missing))
    return sorted(rows, key=lambda s: (s.score, s.obj.pk))


def offer_completeness(region_ids):
    """Completeness of every non-archived offer of the regions, least complete first."""
    return _scored(
        Offer.objects.filter(region_id__in=region_ids).exclude(status=EditorialStatus.ARCHIVED)
    )


def actor_completeness(region_ids):
    return _scored(Actor.objects.filter(region_id__in=region_ids))


def average(scores):
    return round(sum(c.score for c in scores) / len(scores)) if scores else None


# --- The admin page ---------------------------------------------------------------------------


def monitoring_regions(user):
    """The regions whose figures ``user`` may see: all for superusers, else their own."""
    regions = Region.objects.order_by("name")
    if user.is_superuser:
        return list(regions)
    return list(regions.filter(pk__in=region_roles(user)))


def monitoring_view(request):
    """/admin/monitoring/: the figures of the user's region(s); ?region=<slug> narrows them,
    ?format=csv downloads the coverage table."""
    from django.contrib import admin

    allowed = monitoring_regions(request.user)
    if not request.user.is_superuser and not allowed:
        raise PermissionDenied
    chosen = [r for r in allowed if r.slug == request.GET.get("region")] or allowed
    region_ids = [r.pk for r in chosen]
    table = coverage(region_ids)
    if request.GET.get("format") == "csv":
        suffix = chosen[0].slug if len(chosen) == 1 else "alle-regionen"
        response = HttpResponse(coverage_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="angebote-{suffix}.csv"'
        return response
    offers = offer_completeness(region_ids)
    actors = actor_completeness(region_ids)
    context = {
        **admin.site.each_context(request),
        "title": _("Bildungsmonitoring"),
        "regions": allowed,
        "chosen": chosen,
        "chosen_slug": chosen[0].slug if len(chosen) == 1 and len(allowed) > 1 else "",
        "coverage": table,
        "not_found": zero_result_searches(region_ids, days=30),
        "chart": stage_chart(table),
        "gap_groups": gaps_by_municipality(table),
        "offer_total": Offer.objects.public().filter(region_id__in=region_ids).count(),
        "heat_levels": range(HEAT_LEVELS + 1),
        "stale_counts": [
            (
                model._meta.verbose_name_plural,
                count,
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
            )
            for model, count in stale_counts(region_ids)
        ],
        "stale_offers": stale_entries(Offer, region_ids),
        "stale_actors": stale_entries(Actor, region_ids),
        "stale_months": STALE_MONTHS,
        "moderation": list(awaiting_moderation(region_ids)),
        "offer_completeness": offers[:LIST_LIMIT],
        "offer_average": average(offers),
        "actor_completeness": actors[:LIST_LIMIT],
        "actor_average": average(actors),
        "offer_criteria": [str(c.label) for c in OFFER_CRITERIA],
        "actor_criteria": [str(c.label) for c in ACTOR_CRITERIA],
    }
    return TemplateResponse(request, "admin/monitoring.html", context)
