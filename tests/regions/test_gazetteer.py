"""The gazetteer of German postcodes (GeoNames, regions/data/postcode_places_de.csv): the shipped
file, its loading (data migration, manage.py load_postcodes), the lookups and the distances."""

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from regions import gazetteer
from regions.geo import (
    GERMANY_BOUNDS,
    GERMANY_MARGIN_DEGREES,
    MAX_RADIUS_KM,
    haversine_km,
    within_radius,
)
from regions.models import Point, PostcodePlace, postcode_point
from tests.factories import make_municipality, make_region

# Two places of one postcode, a large-customer code without accuracy, a PO box code without
# accuracy, a non-German row, a state spelled in English, a short code: rows in GeoNames'
# format (country, code, place, state, state code, district, code, community, code, latitude,
# longitude, accuracy).
GEONAMES_LINES = [
    "DE\t49770\tHerzlake\tNiedersachsen\tNI\t\t00\tLandkreis Emsland\t03454\t52.6853\t7.59951\t4",
    "DE\t49770\tDohren\tNiedersachsen\tNI\t\t00\tLandkreis Emsland\t03454\t52.65\t7.5833\t4",
    "DE\t10875\tBeispiel GmbH\tBaden-Württemberg\tBW\t\t\t\t\t48.8103\t9.1807\t",
    "DE\t01053\tDresden\tSachsen\tSN\t\t\t\t\t51.05\t13.74\t",
    "AT\t1010\tWien\tWien\t09\t\t\t\t\t48.2064\t16.3707\t4",
    "DE\t80331\tMünchen\tBavaria\tBY\t\t\t\t\t48.1345\t11.571\t4",
    "DE\t4977\tKurz\tNiedersachsen\tNI\t\t\t\t\t52.0\t8.0\t4",
    "DE\t49770\tHerzlake\tNiedersachsen\tNI\t\t00\tdoppelt\t03454\t1.0\t1.0\t4",
]
EXPECTED_PLACES = [
    gazetteer.Place("49770", "Dohren", "Niedersachsen", 52.65, 7.5833),
    gazetteer.Place("49770", "Herzlake", "Niedersachsen", 52.6853, 7.5995),
    gazetteer.Place("80331", "München", "Bayern", 48.1345, 11.571),
]


def _shipped_rows():
    with open(gazetteer.DATA_FILE, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_shipped_gazetteer_covers_every_german_state_with_its_postcodes():
    rows = _shipped_rows()
    assert list(rows[0]) == ["code", "place", "state", "latitude", "longitude"]
    assert (len(rows), len({row["code"] for row in rows})) == (15050, 8172)
    states = {row["state"] for row in rows}
    assert len(states) == 16
    assert {"Niedersachsen", "Bremen", "Hamburg", "Nordrhein-Westfalen", "Bayern"} <= states
    assert [row for row in rows if row["code"] == "49074"] == [
        {
            "code": "49074",
            "place": "Osnabrück",
            "state": "Niedersachsen",
            "latitude": "52.2738",
            "longitude": "8.0521",
        }
    ]
    assert len({(row["code"], row["place"]) for row in rows}) == len(rows)


def test_germany_bounds_are_the_gazetteers_box_widened_by_the_margin():
    rows = gazetteer.read_csv()
    latitudes = [place.latitude for place in rows]
    longitudes = [place.longitude for place in rows]
    box = (min(latitudes), max(latitudes), min(longitudes), max(longitudes))
    assert box == (47.4072, 55.0192, 5.9298, 14.9829)
    margin = GERMANY_MARGIN_DEGREES
    widened = (box[0] - margin, box[1] + margin, box[2] - margin, box[3] + margin)
    assert widened == pytest.approx(GERMANY_BOUNDS, abs=1e-9)


def test_the_migration_loaded_the_shipped_gazetteer(postcode_places):
    assert PostcodePlace.objects.count() == 15050
    place = PostcodePlace.objects.get(code="49074")
    assert (place.place, place.state, place.latitude, place.longitude) == (
        "Osnabrück",
        "Niedersachsen",
        52.2738,
        8.0521,
    )
    assert str(place) == "49074 Osnabrück"


def test_geonames_file_keeps_german_postcodes_with_accuracy_one_row_per_place(tmp_path):
    path = tmp_path / "DE.txt"
    path.write_text("\n".join(GEONAMES_LINES) + "\n", encoding="utf-8")
    assert gazetteer.read(path) == EXPECTED_PLACES
    archive = tmp_path / "DE.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "GeoNames")
        zipped.writestr("DE.txt", "\n".join(GEONAMES_LINES))
    assert gazetteer.read(archive) == EXPECTED_PLACES


def test_portal_csv_round_trips(tmp_path):
    path = tmp_path / "orte.csv"
    gazetteer.write_csv(EXPECTED_PLACES, path)
    assert path.read_text(encoding="utf-8").splitlines() == [
        "code,place,state,latitude,longitude",
        "49770,Dohren,Niedersachsen,52.6500,7.5833",
        "49770,Herzlake,Niedersachsen,52.6853,7.5995",
        "80331,München,Bayern,48.1345,11.5710",
    ]
    assert gazetteer.read(path) == EXPECTED_PLACES


def test_load_postcodes_replaces_the_gazetteer_from_a_geonames_zip(postcode_places, tmp_path):
    archive = tmp_path / "DE.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("DE.txt", "\n".join(GEONAMES_LINES))
    written = tmp_path / "neu.csv"
    out = io.StringIO()
    call_command("load_postcodes", str(archive), "--write-data-file", str(written), stdout=out)
    assert out.getvalue() == (
        "Postleitzahlen geladen: 3 Orte mit 2 Postleitzahlen (vorher 15050 Orte).\n"
    )
    rows = PostcodePlace.objects.values_list("code", "place", "state", "latitude", "longitude")
    assert [gazetteer.Place(*row) for row in rows] == EXPECTED_PLACES
    assert gazetteer.read(written) == EXPECTED_PLACES
    out = io.StringIO()
    call_command("load_postcodes", stdout=out)  # the shipped file again
    assert out.getvalue() == (
        "Postleitzahlen geladen: 15050 Orte mit 8172 Postleitzahlen (vorher 3 Orte).\n"
    )
    assert PostcodePlace.objects.count() == 15050


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "DE.txt",
            "DE\t49074\tOsnabrück\n",
            "Die Datei {path} ist nicht lesbar: {path}, Zeile 1: 3 Spalten; eine "
            "Postleitzahldatei von GeoNames hat 12.",
        ),
        (
            "orte.csv",
            "plz,ort\n49074,Osnabrück\n",
            "Die Datei {path} ist nicht lesbar: {path}: Die Spalten müssen code, place, state, "
            "latitude, longitude heißen.",
        ),
        (
            "AT.txt",
            GEONAMES_LINES[4] + "\n",
            "Die Datei {path} enthält keine deutsche Postleitzahl; nichts wurde geladen.",
        ),
    ],
)
def test_load_postcodes_refuses_a_bad_file_in_german_and_keeps_the_gazetteer(
    postcode_places, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_postcodes", str(path), stdout=io.StringIO())
    assert str(error.value) == message.format(path=path)
    assert PostcodePlace.objects.count() == 15050


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("49074", Point(52.2738, 8.0521, "49074 Osnabrück")),
        ("28195", Point(53.0889, 8.7906, "28195 Bremen")),
        ("20095", Point(53.5521, 10.0004, "20095 Hamburg")),
        ("30159", Point(52.3736, 9.7371, "30159 Hannover")),
        ("80331", Point(48.1345, 11.571, "80331 München")),
        # Two places: their middle, both named.
        ("49770", Point(52.66765, 7.5914, "49770 Dohren, Herzlake")),
        ("99999", None),
    ],
)
def test_postcode_point_anywhere_in_germany(postcode_places, code, expected):
    point = postcode_point(code)
    if expected is None:
        assert point is None
    else:
        assert (point.label, *point[:2]) == pytest.approx((expected.label, *expected[:2]))


def test_postcode_point_takes_the_place_named_like_the_entrys_town(postcode_places):
    assert postcode_point("49770", city="Herzlake") == Point(52.6853, 7.5995, "49770 Herzlake")
    assert postcode_point("49770", city=" dohren ") == Point(52.65, 7.5833, "49770 Dohren")


def test_postcode_point_prefers_the_regions_own_postcode(postcode_places):
    region = make_region()
    # 49074 shared by two towns of a region (made up coordinates, not the gazetteer's).
    first = make_municipality(
        region, name="Aort", postcodes=["49074"], latitude=52.0, longitude=8.0
    )
    second = make_municipality(
        region, name="Bort", postcodes=["49074"], latitude=52.1, longitude=8.1
    )
    assert postcode_point("49074") == Point(52.0, 8.0, "49074 Aort")
    assert postcode_point("49074", city="Bort") == Point(52.1, 8.1, "49074 Bort")
    assert postcode_point("49074", city="Bort", municipality_id=first.pk) == Point(
        52.0, 8.0, "49074 Aort"
    )
    assert postcode_point("49074", municipality_id=second.pk) == Point(52.1, 8.1, "49074 Bort")


# Origins at the edges and in the middle of Germany, from the gazetteer.
ORIGINS = ["24939", "18055", "02826", "87561", "79098", "52062", "26721", "49074", "99084"]


@pytest.mark.parametrize("code", ORIGINS)
def test_radius_distances_are_within_0_014_percent_of_the_great_circle(postcode_places, code):
    """The database's distance (both backends) against haversine for every place of the
    gazetteer up to MAX_RADIUS_KM away; the box loses no place within the radius."""
    origin = postcode_point(code)
    found = {
        (row.code, row.place): row.distance
        for row in within_radius(
            PostcodePlace.objects.all(), origin.latitude, origin.longitude, MAX_RADIUS_KM
        )
    }
    exact = {
        (place.code, place.place): haversine_km(
            origin.latitude, origin.longitude, place.latitude, place.longitude
        )
        for place in PostcodePlace.objects.all()
    }
    assert len(found) > 500
    worst = max(abs(distance - exact[key]) / max(exact[key], 1) for key, distance in found.items())
    assert worst <= 0.00014
    inside = {key for key, distance in exact.items() if distance <= MAX_RADIUS_KM * 0.9998}
    assert inside <= set(found)
    assert all(exact[key] <= MAX_RADIUS_KM * 1.0002 for key in found)
