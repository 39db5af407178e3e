"""Writes of the regions' reference data that touch many rows."""

from django.db import transaction
from django.db.models import Q

from .models import PostcodePlace, located_point

BATCH_SIZE = 2000


@transaction.atomic
def postcode_places_replace(*, places, model=PostcodePlace):
    """Replace the gazetteer (``PostcodePlace``) with ``places`` (``gazetteer.Place`` rows) in
    one transaction. ``model`` is the data migration's historical model. Returns
    ``{"before": n, "after": n}``."""
    before = model.objects.count()
    model.objects.all().delete()
    model.objects.bulk_create([model(**place._asdict()) for place in places], batch_size=BATCH_SIZE)
    return {"before": before, "after": len(places)}


def located_coordinates_fill(*, queryset):
    """Give the entries of ``queryset`` (actors, offers, events: ``LocatedModel``) that lack
    coordinates those of their postcode or town, as ``LocatedModel.save`` does for one: for
    bulk writes (demo data, imports), which bypass save(). One UPDATE per distinct postcode,
    place and town. Returns the number of entries that got coordinates."""
    missing = queryset.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
    keys = missing.order_by().values_list("postcode", "city", "municipality_id").distinct()
    filled = 0
    for postcode, city, municipality_id in list(keys):
        point = located_point(postcode=postcode, city=city, municipality_id=municipality_id)
        if point is None:
            continue
        filled += missing.filter(
            postcode=postcode, city=city, municipality_id=municipality_id
        ).update(latitude=point.latitude, longitude=point.longitude)
    return filled
