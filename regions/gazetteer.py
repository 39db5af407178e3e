"""The gazetteer of German postcodes (GeoNames, CC BY 4.0; see data/ATTRIBUTION.md): reading
GeoNames' postal code file and the portal's compact copy of it, ``data/postcode_places_de.csv``.

Only files are read and written here; ``services.postcode_places_replace`` stores the places
in the database (``PostcodePlace``), the data migration and ``manage.py load_postcodes`` call it.
"""

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "postcode_places_de.csv"
COLUMNS = ("code", "place", "state", "latitude", "longitude")

# GeoNames' postal code files (readme: https://download.geonames.org/export/zip/readme.txt):
# tab-separated, UTF-8, without a header: country code, postal code, place name, admin name1
# (state), admin code1, admin name2, admin code2, admin name3, admin code3, latitude,
# longitude, accuracy (1 = estimated, 4 = geonameid, 6 = centroid of addresses or shape).
GEONAMES_COLUMNS = 12
_POSTCODE = re.compile(r"^\d{5}$")

# The one state name the source spells in English among the places kept; every other state
# name is the source's own German one.
STATE_NAMES = {"Bavaria": "Bayern"}


class Place(NamedTuple):
    code: str
    place: str
    state: str
    latitude: float
    longitude: float


class GazetteerError(ValueError):
    """A file that is not a GeoNames postal code file or the portal's copy of one."""


def select_places(rows):
    """The places worth keeping from GeoNames rows (dicts with country_code, postal_code, city,
    state, latitude, longitude, accuracy): German five-digit postcodes whose coordinates have
    an accuracy (GeoNames leaves it empty for the large-customer and PO box codes, whose
    "places" are companies and offices), one row per postcode and place, coordinates rounded
    to four decimals (about 10 m), sorted by postcode and place."""
    places = {}
    for row in rows:
        code = row["postal_code"].strip()
        if row["country_code"] != "DE" or not _POSTCODE.match(code):
            continue
        if not row["accuracy"] or float(row["accuracy"]) <= 0:
            continue
        place = row["city"].strip()
        state = row["state"].strip()
        places.setdefault(
            (code, place),
            Place(
                code,
                place,
                STATE_NAMES.get(state, state),
                round(float(row["latitude"]), 4),
                round(float(row["longitude"]), 4),
            ),
        )
    return [places[key] for key in sorted(places)]


def read_geonames(path):
    """The places of a GeoNames postal code file: ``DE.zip`` (with ``DE.txt`` inside) or
    ``DE.txt``, as ``select_places`` keeps them."""
    path = Path(path)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n]
            if len(names) != 1:
                raise GazetteerError(
                    _("%(path)s enthält nicht genau eine Textdatei (neben readme.txt).")
                    % {"path": path}
                )
            text = archive.read(names[0]).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    rows = []
    for number, line in enumerate(io.StringIO(text), start=1):
        fields = line.rstrip("\r\n").split("\t")
        if fields == [""]:
            continue
        if len(fields) != GEONAMES_COLUMNS:
            raise GazetteerError(
                _(
                    "%(path)s, Zeile %(number)d: %(found)d Spalten; eine Postleitzahldatei von "
                    "GeoNames hat %(expected)d."
                )
                % {
                    "path": path,
                    "number": number,
                    "found": len(fields),
                    "expected": GEONAMES_COLUMNS,
                }
            )
        rows.append(
            {
                "country_code": fields[0],
                "postal_code": fields[1],
                "city": fields[2],
                "state": fields[3],
                "latitude": fields[9],
                "longitude": fields[10],
                "accuracy": fields[11],
            }
        )
    return select_places(rows)


def read_csv(path=DATA_FILE):
    """The places of the portal's copy (``write_csv``)."""
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise GazetteerError(
                _("%(path)s: Die Spalten müssen %(columns)s heißen.")
                % {"path": path, "columns": ", ".join(COLUMNS)}
            )
        return [
            Place(
                row["code"],
                row["place"],
                row["state"],
                float(row["latitude"]),
                float(row["longitude"]),
            )
            for row in reader
        ]


def read(path=DATA_FILE):
    """The places of ``path``: the portal's copy (.csv) or a GeoNames file (.zip, .txt)."""
    if Path(path).suffix == ".csv":
        return read_csv(path)
    return read_geonames(path)


def write_csv(places, path=DATA_FILE):
    """Write ``places`` in the portal's format (the shipped file by default)."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(COLUMNS)
        for place in places:
            writer.writerow(
                [
                    place.code,
                    place.place,
                    place.state,
                    f"{place.latitude:.4f}",
                    f"{place.longitude:.4f}",
                ]
            )
