"""Import of an official list of training occupations from CSV (``manage.py
import_occupations``), e.g. an export of the BIBB's "Verzeichnis der anerkannten
Ausbildungsberufe".

The file needs a header row. Columns are found by name, case-insensitively, under the names
in ``COLUMNS`` (German and English); only the occupation's name is required. The delimiter
(";", "," or tab) is detected. An occupation is matched by its slug (from the name): existing
ones are updated, new ones created; a row whose occupational field is unknown goes into the
field given with ``--feld`` or is reported and skipped. Every imported row records the source
given on the command line. Nothing is deleted."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from bildungsregion.text import german_slugify

from .models import Occupation, OccupationField

COLUMNS = {
    "name": ("name", "beruf", "berufsbezeichnung", "bezeichnung", "ausbildungsberuf"),
    "field": ("field", "berufsfeld", "feld"),
    "duration": ("duration", "dauer", "ausbildungsdauer"),
    "short_description": ("short_description", "beschreibung", "kurzbeschreibung"),
    "source_url": ("source_url", "url", "link"),
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: list = field(default_factory=list)  # (line number, reason)


def _columns(header):
    found = {}
    folded = [name.strip().lower() for name in header]
    for key, names in COLUMNS.items():
        for index, name in enumerate(folded):
            if name in names:
                found[key] = index
                break
    return found


def occupations_import(text, *, source_name, default_field=None):
    """Import the CSV ``text``; returns an ImportResult. All rows or none are written."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if header is None:
        raise ValueError("Die Datei ist leer.")
    columns = _columns(header)
    if "name" not in columns:
        raise ValueError(
            "Keine Spalte mit dem Namen des Berufs gefunden (erwartet: "
            + ", ".join(COLUMNS["name"])
            + ")."
        )
    fields = {}
    for row in OccupationField.objects.all():
        fields[row.slug] = row
        fields[row.name.casefold()] = row
    result = ImportResult()
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue

            def cell(key, row=row):
                index = columns.get(key)
                return row[index].strip() if index is not None and index < len(row) else ""

            name = cell("name")
            if not name:
                result.skipped.append((line, "kein Name"))
                continue
            field_name = cell("field")
            occupation_field = (
                fields.get(field_name.casefold()) or fields.get(german_slugify(field_name))
                if field_name
                else None
            ) or default_field
            if occupation_field is None:
                result.skipped.append((line, f"Berufsfeld „{field_name}“ unbekannt"))
                continue
            values = {"name": name, "field": occupation_field, "source_name": source_name}
            for key in ("duration", "short_description", "source_url"):
                if cell(key):
                    values[key] = cell(key)
            slug = german_slugify(name)[:200]
            occupation = Occupation.objects.filter(slug=slug).first()
            if occupation is None:
                occupation = Occupation(slug=slug)
                result.created += 1
            else:
                result.updated += 1
            for key, value in values.items():
                setattr(occupation, key, value)
            occupation.full_clean()
            occupation.save()
    return result
