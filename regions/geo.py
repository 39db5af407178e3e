"""Distances in Germany, for radius search and ordering by distance.

The distance is an equirectangular one: north-south and east-west offsets in kilometres, the
east-west one scaled by the cosine of the latitude halfway between the two points. Only
arithmetic, which every database does fast and alike (SQLite and PostgreSQL): the cosine at
the halfway latitude is the origin's cosine corrected to first order (its Taylor series), so
the row's latitude enters without a trigonometric function in SQL.

Measured against the great-circle distance (``haversine_km``) for origins from 47.3° to 55.1°
north and points 1 to MAX_RADIUS_KM km away in every direction (tests/regions/test_geo.py):
at most 0.014 % off (27 m at 200 km). With the origin's cosine alone, as before, it was up to
0.89 % (1.8 km at 200 km near the Danish border).
"""

import math

from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import Power, Sqrt

KM_PER_DEGREE = 111.195  # 6371 km (the mean Earth radius of haversine_km) × π / 180

MAX_RADIUS_KM = 200
DEFAULT_RADIUS_KM = 10

# Where a visitor's own position ("Standort verwenden") may lie: the box around every place of
# the gazetteer (regions/data/postcode_places_de.csv: 47.4072–55.0192° N, 5.9298–14.9829° E),
# widened by 0.25° (28 km north-south, 17–19 km east-west) for visitors at the border.
GERMANY_BOUNDS = (47.1572, 55.2692, 5.6798, 15.2329)  # lat_min, lat_max, lon_min, lon_max
GERMANY_MARGIN_DEGREES = 0.25

# The box around the circle is a prefilter on the coordinates index; the distance decides.
# The halfway cosine makes the circle up to 0.03 % wider east-west than the origin's cosine
# says (200 km at 55° N); one per cent more box is ample.
BOX_MARGIN = 1.01


def bounding_box(latitude, longitude, radius_km):
    """The (lat_min, lat_max, lon_min, lon_max) of a box around a point's circle."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = BOX_MARGIN * radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def _east_west_scale(latitude, row_latitude):
    """An ORM expression: cos((latitude + row_latitude) / 2) to first order around the
    origin's latitude, cos(φ0) − sin(φ0) · (φ − φ0) / 2 with the angles in radians."""
    radians = math.radians(latitude)
    return Value(math.cos(radians)) - Value(math.sin(radians) * math.pi / 360) * (
        row_latitude - Value(latitude)
    )


def distance_expression(latitude, longitude, lat_field="latitude", lon_field="longitude"):
    """An ORM expression: kilometres from (latitude, longitude) to the row's coordinates."""
    scale = _east_west_scale(latitude, F(lat_field))
    return ExpressionWrapper(
        Sqrt(
            Power((F(lat_field) - Value(latitude)) * Value(KM_PER_DEGREE), 2)
            + Power((F(lon_field) - Value(longitude)) * Value(KM_PER_DEGREE) * scale, 2)
        ),
        output_field=FloatField(),
    )


def within_radius(
    queryset, latitude, longitude, radius_km, lat_field="latitude", lon_field="longitude"
):
    """Rows within radius_km, annotated with `distance` (km)."""
    lat_min, lat_max, lon_min, lon_max = bounding_box(latitude, longitude, radius_km)
    return (
        queryset.filter(
            **{
                f"{lat_field}__gte": lat_min,
                f"{lat_field}__lte": lat_max,
                f"{lon_field}__gte": lon_min,
                f"{lon_field}__lte": lon_max,
            }
        )
        .annotate(distance=distance_expression(latitude, longitude, lat_field, lon_field))
        .filter(distance__lte=radius_km)
    )


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance, for tests and for checking the approximation."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
