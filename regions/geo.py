"""Distances between places of the regions, for radius search and ordering by distance.

Within a Landkreis an equirectangular projection is exact to well under one per cent, and
it needs only arithmetic, which every database does fast and alike (SQLite and PostgreSQL).
"""

import math

from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import Power, Sqrt

KM_PER_DEGREE = 111.195

MAX_RADIUS_KM = 200


def bounding_box(latitude, longitude, radius_km):
    """The (lat_min, lat_max, lon_min, lon_max) of a square around a point."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def distance_expression(latitude, longitude, lat_field="latitude", lon_field="longitude"):
    """An ORM expression: kilometres from (latitude, longitude) to the row's coordinates."""
    lon_scale = math.cos(math.radians(latitude))
    return ExpressionWrapper(
        Sqrt(
            Power((F(lat_field) - Value(latitude)) * Value(KM_PER_DEGREE), 2)
            + Power((F(lon_field) - Value(longitude)) * Value(KM_PER_DEGREE * lon_scale), 2)
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
