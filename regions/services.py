"""Writes of the regions' reference data that touch many rows."""

from collections import defaultdict

from django.apps import apps as global_apps
from django.db import transaction

from .models import (
    PLACE_FIELDS,
    PostcodePlace,
    Region,
    RegionHost,
    coordinates_by_rule,
    place_locator,
)

BATCH_SIZE = 2000
# The demo hosts: every region on <slug>.localhost, which browsers resolve to the loopback
# address and development's ALLOWED_HOSTS allows. Real hosts are the Landkreise's to name.
DEMO_HOST_SUFFIX = ".localhost"


@transaction.atomic
def postcode_places_replace(*, places, model=PostcodePlace):
    """Replace the gazetteer (``PostcodePlace``) with ``places`` (``gazetteer.Place`` rows) in
    one transaction. ``model`` is the data migration's historical model. Returns
    ``{"before": n, "after": n}``."""
    before = model.objects.count()
    model.objects.all().delete()
    model.objects.bulk_create([model(**place._asdict()) for place in places], batch_size=BATCH_SIZE)
    return {"before": before, "after": len(places)}


def located_coordinates_fill(*, queryset, apps=global_apps):
    """Bring the coordinates of the entries of ``queryset`` (actors, offers, events:
    ``LocatedModel``) in line with ``coordinates_by_rule``, as ``LocatedModel.save`` does for
    one: for writes in bulk (demo data, ``QuerySet.update()`` of places, data migrations),
    which bypass save(). Missing coordinates get those of the postcode or town, those of the
    place follow a changed place, hand-entered ones stay, and those of no known source are
    classified. One read of the rows, one lookup per distinct place, one UPDATE per batch of
    rows that get the same values. ``apps``: a data migration's registry. Returns the number
    of entries whose coordinates changed.

    Itself a write in bulk: the offer list's table (``offers.OfferIndex``) copies the offers'
    coordinates, so run it inside ``offers.indexing.deferred_indexing(full=True)`` (as the demo
    data do) or refresh the list's coordinates after it (as the migration offers/0011 does)."""
    fields = ("pk", *PLACE_FIELDS, "latitude", "longitude", "coordinates_source")
    locate = place_locator(apps)
    moves = defaultdict(list)  # (latitude, longitude, source) → primary keys
    sources = defaultdict(list)  # source → primary keys whose coordinates stay
    for pk, *place, latitude, longitude, source in queryset.order_by().values_list(*fields):
        coordinates, new_source = coordinates_by_rule(
            place=tuple(place), coordinates=(latitude, longitude), source=source, locate=locate
        )
        if coordinates != (latitude, longitude):
            moves[(*coordinates, new_source)].append(pk)
        elif new_source != source:
            sources[new_source].append(pk)
    rows = queryset.model._base_manager.using(queryset.db)
    updates = [
        *(({"latitude": lat, "longitude": lon, "coordinates_source": source}, ids)
          for (lat, lon, source), ids in moves.items()),
        *(({"coordinates_source": source}, ids) for source, ids in sources.items()),
    ]  # fmt: skip
    for values, ids in updates:
        for start in range(0, len(ids), BATCH_SIZE):
            rows.filter(pk__in=ids[start : start + BATCH_SIZE]).update(**values)
    return sum(len(ids) for ids in moves.values())


def region_hosts_demo_load():
    """Give every region without a host of its own the demo host ``<slug>.localhost``
    (primary); returns the number of new hosts. Repeatable: existing hosts stay."""
    taken = set(RegionHost.objects.values_list("host", flat=True))
    with_host = set(RegionHost.objects.values_list("region_id", flat=True))
    new = [
        RegionHost(region=region, host=f"{region.slug}{DEMO_HOST_SUFFIX}", is_primary=True)
        for region in Region.objects.exclude(pk__in=with_host).order_by("slug")
        if f"{region.slug}{DEMO_HOST_SUFFIX}" not in taken
    ]
    for host in new:
        host.full_clean()
    RegionHost.objects.bulk_create(new)
    return len(new)
