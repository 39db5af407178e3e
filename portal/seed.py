"""The facts of the launch regions: read from the data files in ``regions/data/`` and checked.

The files are what Bildungsbüro editors change; ``regions/data/README.md`` says what each one
holds and where its facts come from. ``read()`` checks every file against the schema below and
returns plain Python values for ``portal.services.regions_load``; nothing here touches the
database. Wrong data stops the load with every problem found, each named by file, entry and key.

The schema: each entry has exactly its required keys and, optionally, the listed others. A key
that is a model field is checked by that field (type, length, choices, e-mail, URL, date,
postcode); the other keys (references, notes, sources) by a check of their own. Then the rules
across entries: slugs unique, every referenced region, municipality and actor exists, a
municipality's main postcode is one of its postcodes, coordinates lie in Lower Saxony.

The reader lives on the top floor (portal), since it checks entries against the models of
regions, actors and offers; the files stay with the regions, whose facts they are.
"""

import csv
import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.models import Actor, WorkingGroup, WorkingGroupMembership
from funding.models import Call
from offers.models import Event
from regions.models import Document, FocusArea, FundingProgramme, Municipality, PostalCode, Region

DATA_DIR = Path(__file__).resolve().parent.parent / "regions" / "data"

# Lower Saxony's bounding box in WGS84: Borkum to the Wendland, Hann. Münden to Cuxhaven.
LATITUDES = (51.29, 53.90)
LONGITUDES = (6.65, 11.60)
SLUG_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# What the reader gets from a file it could not read (the problem is reported already).
UNREADABLE = object()


class SeedError(Exception):
    """The data files break the schema; ``problems`` lists every finding."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


class Problem(Exception):
    """One value breaks its check; the reader adds where it was found."""


@dataclass(frozen=True)
class Facts:
    """The checked contents of the data files, in file order, as Python values."""

    regions: list
    municipalities: list  # each with its "postal_codes", main postcode first as in the file
    focus_areas: dict  # region slug -> entries in their order
    documents: dict
    funding_programmes: dict
    funding_calls: dict  # region slug -> calls, each naming its programme by slug
    actors: list
    working_groups: dict  # region slug -> groups, each with its "members"
    education_week: dict


# Checks of keys that are no model field. Each returns the value to load or raises Problem.


def text(*, blank=False):
    def check(value):
        if not isinstance(value, str):
            raise Problem(_("muss ein Text sein"))
        if not blank and not value.strip():
            raise Problem(_("darf nicht leer sein"))
        return value

    return check


def slug(*, null=False):
    def check(value):
        if value is None and null:
            return None
        if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
            raise Problem(
                _("muss ein Kurzname aus Kleinbuchstaben, Ziffern und Bindestrichen sein")
            )
        return value

    return check


def date_or_none(value):
    if value is None:
        return None
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise Problem(_("muss ein Datum wie 2018-07-26 sein oder null"))
    return parsed


def integer(low, high):
    def check(value):
        if type(value) is not int or not low <= value <= high:
            raise Problem(
                _("muss eine ganze Zahl von %(low)d bis %(high)d sein") % {"low": low, "high": high}
            )
        return value

    return check


def a_list(value):
    """A list whose items the reader checks as entries of their own."""
    if not isinstance(value, list):
        raise Problem(_("muss eine Liste sein"))
    return value


def actor_kinds(value):
    """A list of kinds of actor (``actors.Actor.Kind`` values), each once."""
    if not isinstance(value, list) or not all(isinstance(kind, str) for kind in value):
        raise Problem(_("muss eine Liste von Arten sein"))
    unknown = [kind for kind in value if kind not in Actor.Kind.values]
    if unknown:
        raise Problem(_("unbekannte Art „%(kind)s“") % {"kind": unknown[0]})
    if len(set(value)) != len(value):
        raise Problem(_("eine Art steht doppelt"))
    return value


def notes(value):
    """Notes for editors on some keys of the same entry ({key: text}); never loaded."""
    if not isinstance(value, dict) or not value:
        raise Problem(_("muss ein Objekt aus Schlüssel und Hinweis sein"))
    for note in value.values():
        text()(note)
    return value


@dataclass(frozen=True)
class Schema:
    """The keys of one kind of entry. Keys without an own check are checked by `model`."""

    model: type
    required: tuple
    optional: tuple = ()
    own: dict = field(default_factory=dict)


SOURCE = text()

REGION = Schema(
    Region,
    required=(
        "slug",
        "name",
        "district",
        "district_key",
        "tagline",
        "summary",
        "description",
        "focus",
        "cooperation_since",
        "cooperation_history",
        "office_name",
        "office_department",
        "office_street",
        "office_postcode",
        "office_city",
        "office_phone",
        "office_phone_alt",
        "office_email",
        "website",
        "latitude",
        "longitude",
        "last_reviewed",
        "source",
    ),
    optional=("cooperation_since_precision", "notes"),
    own={"slug": slug(), "last_reviewed": date_or_none, "source": SOURCE, "notes": notes},
)
MUNICIPALITY = Schema(
    Municipality,
    required=(
        "region",
        "slug",
        "name",
        "kind",
        "samtgemeinde",
        "postcode",
        "latitude",
        "longitude",
    ),
    own={"region": slug(), "slug": slug(), "samtgemeinde": text(blank=True)},
)
POSTAL_CODE = Schema(
    PostalCode,
    required=("region", "municipality", "code", "place", "latitude", "longitude"),
    own={"region": slug(), "municipality": slug()},
)
FOCUS_AREA = Schema(FocusArea, required=("kind", "title", "description"))
DOCUMENT = Schema(Document, required=("kind", "title", "published_on", "description"))
FUNDING_PROGRAMME = Schema(
    FundingProgramme,
    required=("slug", "title", "description", "budget", "eligible", "purpose", "how_to_apply"),
    own={"slug": slug()},
)
FUNDING_CALL = Schema(
    Call,
    required=(
        "programme",
        "slug",
        "title",
        "summary",
        "budget",
        "eligible_kinds",
        "eligibility",
        "how_to_apply",
        "not_given",
    ),
    # What the source gives only for some calls; a key the source does not give is left out.
    optional=("opens_on", "deadline", "period_start", "period_end", "max_amount", "notes"),
    own={"programme": slug(), "slug": slug(), "eligible_kinds": actor_kinds, "notes": notes},
)
ACTOR = Schema(
    Actor,
    required=("region", "slug", "name", "kind", "municipality", "description", "partner_role"),
    optional=("street", "postcode", "city", "phone", "email", "website", "latitude", "longitude"),
    own={"region": slug(), "slug": slug(), "municipality": slug(null=True)},
)
MEMBER = Schema(WorkingGroupMembership, required=("actor", "role", "note"), own={"actor": slug()})
WORKING_GROUP = Schema(
    WorkingGroup,
    required=("slug", "name", "kind", "article", "purpose", "members"),
    own={"slug": slug(), "members": a_list},  # the reader checks each member as a MEMBER
)
EDUCATION_WEEK = Schema(
    Event,
    required=(
        "region",
        "organiser",
        "municipality",
        "kind",
        "slug_prefix",
        "title",
        "month",
        "day",
        "description",
        "venue",
        "registration",
    ),
    optional=("notes",),
    own={
        "region": slug(),
        "organiser": slug(),
        "municipality": slug(),
        "slug_prefix": slug(),
        "month": integer(1, 12),
        "day": integer(1, 31),
        "notes": notes,
    },
)

# Model field classes -> the JSON type their values have in the files.
JSON_TYPES = (
    (models.FloatField, (int, float), gettext_lazy("muss eine Zahl sein")),
    (models.DecimalField, (str,), gettext_lazy("muss ein Betrag als Text sein, etwa „50000.00“")),
    (models.DateField, (str,), gettext_lazy("muss ein Datum wie 2018-07-26 sein")),
    (models.CharField, (str,), gettext_lazy("muss ein Text sein")),
    (models.TextField, (str,), gettext_lazy("muss ein Text sein")),
)


def check_model_value(model_field, value):
    """The value as `model_field` cleans it; a wrong JSON type or a ValidationError -> Problem."""
    if value is None:
        if not model_field.null:
            raise Problem(_("darf nicht null sein"))
        return None
    for field_class, types, message in JSON_TYPES:
        if isinstance(model_field, field_class):
            if isinstance(value, bool) or not isinstance(value, types):
                raise Problem(str(message))
            break
    try:
        value = model_field.clean(value, None)
    except ValidationError as error:
        raise Problem(" ".join(error.messages)) from None
    if model_field.name == "latitude":
        check_range(value, LATITUDES, _("Breitengrad"))
    elif model_field.name == "longitude":
        check_range(value, LONGITUDES, _("Längengrad"))
    return value


def check_range(value, bounds, label):
    low, high = bounds
    if not low <= value <= high:
        raise Problem(
            _("%(label)s %(value)s liegt nicht in Niedersachsen (%(low).2f bis %(high).2f)")
            % {"label": label, "value": value, "low": low, "high": high}
        )


class _Reader:
    """Reads the files of one data folder, collecting problems instead of stopping at the first."""

    def __init__(self, data_dir):
        self.data_dir = Path(data_dir)
        self.problems = []

    def report(self, where, message):
        self.problems.append(f"{', '.join(where)}: {message}")

    # Files

    def json_file(self, name, key):
        """The payload under `key` of a JSON file {"source": ..., key: ...}, or UNREADABLE."""
        try:
            data = json.loads((self.data_dir / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.report([name], _("Datei fehlt"))
            return UNREADABLE
        except json.JSONDecodeError as error:
            self.report(
                [name],
                _("kein gültiges JSON (Zeile %(line)d, Spalte %(column)d: %(message)s)")
                % {"line": error.lineno, "column": error.colno, "message": error.msg},
            )
            return UNREADABLE
        if not isinstance(data, dict) or set(data) != {"source", key}:
            self.report(
                [name], _("muss ein Objekt mit genau „source“ und „%(key)s“ sein") % {"key": key}
            )
            return UNREADABLE
        self.value([name, "source"], SOURCE, data["source"])
        return data[key]

    def csv_file(self, name, schema):
        """[(where, entry)] of a CSV file whose header is the schema's keys, or []."""
        try:
            handle = open(self.data_dir / name, newline="", encoding="utf-8")  # noqa: SIM115
        except FileNotFoundError:
            self.report([name], _("Datei fehlt"))
            return []
        with handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, [])
            if tuple(header) != schema.required:
                self.report(
                    [name, _("Zeile 1")],
                    _("die Spalten müssen %(columns)s sein")
                    % {"columns": ",".join(schema.required)},
                )
                return []
            rows = []
            try:
                for row in reader:
                    where = [name, _("Zeile %(line)d") % {"line": reader.line_num}]
                    if len(row) != len(header):
                        self.report(
                            where,
                            _("%(found)d statt %(expected)d Werte")
                            % {"found": len(row), "expected": len(header)},
                        )
                        continue
                    entry = self.entry(
                        where, dict(zip(header, row, strict=True)), schema, text=True
                    )
                    if entry is not None:
                        rows.append((where, entry))
            except csv.Error as error:
                self.report([name, _("Zeile %(line)d") % {"line": reader.line_num}], str(error))
        return rows

    # Entries

    def entry(self, where, data, schema, *, text=False):
        """The checked entry as a dict, or None. `text`: values come from CSV, numbers as text."""
        if data is UNREADABLE:
            return None
        if not isinstance(data, dict):
            self.report(where, _("muss ein Objekt sein"))
            return None
        missing = [key for key in schema.required if key not in data]
        unknown = [key for key in data if key not in schema.required + schema.optional]
        for key in missing:
            self.report(where, _("„%(key)s“ fehlt") % {"key": key})
        for key in unknown:
            self.report(where, _("unbekannter Schlüssel „%(key)s“") % {"key": key})
        if missing or unknown:
            return None
        entry = {}
        ok = True
        for key, value in data.items():
            if key in schema.own:
                check = schema.own[key]
            else:
                check = self.model_check(schema.model, key, text=text)
            try:
                entry[key] = check(value)
            except Problem as problem:
                self.report([*where, key], str(problem))
                ok = False
        for key in entry.get("notes") or {}:
            if key not in data:
                self.report(
                    [*where, "notes"], _("kein Schlüssel dieses Eintrags: „%(key)s“") % {"key": key}
                )
                ok = False
        return entry if ok else None

    @staticmethod
    def model_check(model, key, *, text):
        try:
            model_field = model._meta.get_field(key)
        except FieldDoesNotExist:  # a schema that names a key the model lacks: a bug here
            raise LookupError(f"{model.__name__} has no field {key!r}") from None

        def check(value):
            if text and isinstance(model_field, models.FloatField):
                try:
                    value = float(value)
                except ValueError:
                    raise Problem(_("muss eine Zahl sein")) from None
            return check_model_value(model_field, value)

        return check

    def value(self, where, check, value):
        try:
            return check(value)
        except Problem as problem:
            self.report(where, str(problem))
            return None

    def entries(self, where, data, schema):
        """[(where, entry)] of a JSON list of entries."""
        if data is UNREADABLE:
            return []
        if not isinstance(data, list):
            self.report(where, _("muss eine Liste sein"))
            return []
        found = []
        for number, item in enumerate(data, start=1):
            place = [*where, _("Eintrag %(number)d") % {"number": number}]
            entry = self.entry(place, item, schema)
            if entry is not None:
                found.append((place, entry))
        return found

    def by_region(self, where, data, schema):
        """{region slug: (where, [(where, entry)])} of a JSON object of lists keyed by region."""
        if data is UNREADABLE:
            return {}
        if not isinstance(data, dict):
            self.report(where, _("muss ein Objekt mit den Kurznamen der Regionen sein"))
            return {}
        return {
            region_slug: ([*where, region_slug], self.entries([*where, region_slug], items, schema))
            for region_slug, items in data.items()
        }

    def unique(self, rows, key, message):
        """Reports each entry whose `key(entry)` an earlier entry already has."""
        seen = set()
        for where, entry in rows:
            value = key(entry)
            if value in seen:
                # A key within a region is (region, value): the message names the value.
                shown = value[-1] if isinstance(value, tuple) else value
                self.report(where, message % {"value": shown})
            seen.add(value)

    # The whole folder: first each file and entry on its own, then the rules across entries
    # (only when the entries are right, so that one wrong value is not reported many times).

    def read(self):
        """The Facts, or None when there are problems."""
        rows = {
            "regions": self.entries(
                ["regions.json", "regions"], self.json_file("regions.json", "regions"), REGION
            ),
            "municipalities": self.csv_file("municipalities.csv", MUNICIPALITY),
            "postal_codes": self.csv_file("postal_codes.csv", POSTAL_CODE),
            "actors": self.entries(
                ["actors.json", "actors"], self.json_file("actors.json", "actors"), ACTOR
            ),
        }
        for key, schema in (
            ("focus_areas", FOCUS_AREA),
            ("documents", DOCUMENT),
            ("funding_programmes", FUNDING_PROGRAMME),
            ("funding_calls", FUNDING_CALL),
            ("working_groups", WORKING_GROUP),
        ):
            name = f"{key}.json"
            rows[key] = self.by_region([name, key], self.json_file(name, key), schema)
        for _where, groups in rows["working_groups"].values():
            for where, group in groups:
                group["members"] = self.entries([*where, "members"], group["members"], MEMBER)
        week_where = ["education_week.json", "education_week"]
        week = self.entry(
            week_where, self.json_file("education_week.json", "education_week"), EDUCATION_WEEK
        )
        if self.problems:
            return None
        facts = self.across(rows, (week_where, week))
        return None if self.problems else facts

    def across(self, rows, education_week):
        doubled_slug = _("Kurzname „%(value)s“ doppelt")
        doubled_title = _("Titel „%(value)s“ doppelt")
        self.unique(rows["regions"], lambda e: e["slug"], doubled_slug)
        self.unique(rows["regions"], lambda e: e["name"], _("Name „%(value)s“ doppelt"))
        regions = {entry["slug"] for _where, entry in rows["regions"]}
        municipalities = self.gazetteer(regions, rows["municipalities"], rows["postal_codes"])
        places = {(entry["region"], entry["slug"]) for entry in municipalities}

        self.unique(rows["actors"], lambda e: e["slug"], doubled_slug)
        for where, entry in rows["actors"]:
            self.place(where, entry, regions, places, optional=True)
        actors = {entry["slug"] for _where, entry in rows["actors"]}

        grouped = {}
        for key, unique_key, message in (
            ("focus_areas", "title", doubled_title),
            ("documents", "title", doubled_title),
            ("funding_programmes", "slug", doubled_slug),
            ("funding_calls", "slug", doubled_slug),
            ("working_groups", "slug", doubled_slug),
        ):
            grouped[key] = {}
            for region_slug, (where, entries) in rows[key].items():
                if region_slug not in regions:
                    self.report(where, unknown_region(region_slug))
                self.unique(entries, lambda e, name=unique_key: e[name], message)
                grouped[key][region_slug] = [entry for _where, entry in entries]
        self.unique(
            [row for _where, entries in rows["funding_calls"].values() for row in entries],
            lambda e: e["slug"],
            doubled_slug,
        )
        for region_slug, (_where, entries) in rows["funding_calls"].items():
            programmes = {
                entry["slug"] for entry in grouped["funding_programmes"].get(region_slug, [])
            }
            for where, entry in entries:
                if entry["programme"] not in programmes:
                    self.report(
                        [*where, "programme"],
                        _("kein Förderprogramm „%(slug)s“ in der Region „%(region)s“")
                        % {"slug": entry["programme"], "region": region_slug},
                    )
        for _region_where, groups in rows["working_groups"].values():
            for _where, group in groups:
                members = group["members"]
                self.unique(members, lambda e: e["actor"], _("Akteur „%(value)s“ doppelt"))
                for where, member in members:
                    if member["actor"] not in actors:
                        self.report([*where, "actor"], unknown_actor(member["actor"]))
                group["members"] = [member for _where, member in members]

        where, week = education_week
        self.place(where, week, regions, places)
        if week["organiser"] not in actors:
            self.report([*where, "organiser"], unknown_actor(week["organiser"]))
        try:
            datetime.date(2000, week["month"], week["day"])  # a leap year: 29 February is a day
        except ValueError:
            self.report([*where, "day"], _("kein Tag dieses Monats"))

        return Facts(
            regions=[entry for _where, entry in rows["regions"]],
            municipalities=municipalities,
            focus_areas=grouped["focus_areas"],
            documents=grouped["documents"],
            funding_programmes=grouped["funding_programmes"],
            funding_calls=grouped["funding_calls"],
            actors=[entry for _where, entry in rows["actors"]],
            working_groups=grouped["working_groups"],
            education_week=week,
        )

    def place(self, where, entry, regions, places, *, optional=False):
        """Reports an entry's unknown region, or an unknown municipality in its region."""
        if entry["region"] not in regions:
            self.report([*where, "region"], unknown_region(entry["region"]))
        elif entry["municipality"] is None and optional:
            return
        elif (entry["region"], entry["municipality"]) not in places:
            self.report([*where, "municipality"], unknown_municipality(entry))

    def gazetteer(self, regions, municipality_rows, postal_code_rows):
        """The municipalities, each with its postal codes in file order, checked across files."""
        self.unique(
            municipality_rows, lambda e: (e["region"], e["slug"]), _("Kurzname „%(value)s“ doppelt")
        )
        self.unique(
            municipality_rows, lambda e: (e["region"], e["name"]), _("Name „%(value)s“ doppelt")
        )
        by_place = {}
        for where, entry in municipality_rows:
            if entry["region"] not in regions:
                self.report([*where, "region"], unknown_region(entry["region"]))
            by_place.setdefault((entry["region"], entry["slug"]), (where, entry))
            entry["postal_codes"] = []
        self.unique(
            postal_code_rows,
            lambda e: (e["region"], e["municipality"], e["code"]),
            _("Postleitzahl „%(value)s“ doppelt"),
        )
        for where, entry in postal_code_rows:
            place = by_place.get((entry["region"], entry["municipality"]))
            if place is None:
                self.report([*where, "municipality"], unknown_municipality(entry))
                continue
            place[1]["postal_codes"].append(
                {name: entry[name] for name in ("code", "place", "latitude", "longitude")}
            )
        for where, entry in by_place.values():
            if entry["postcode"] not in [code["code"] for code in entry["postal_codes"]]:
                self.report(
                    [*where, "postcode"],
                    _("%(code)s fehlt in postal_codes.csv bei „%(slug)s“")
                    % {"code": entry["postcode"], "slug": entry["slug"]},
                )
        return [entry for _where, entry in by_place.values()]


def unknown_region(region_slug):
    return _("unbekannte Region „%(slug)s“") % {"slug": region_slug}


def unknown_municipality(entry):
    return _("keine Stadt oder Gemeinde „%(slug)s“ in der Region „%(region)s“") % {
        "slug": entry["municipality"],
        "region": entry["region"],
    }


def unknown_actor(actor_slug):
    return _("unbekannter Akteur „%(slug)s“") % {"slug": actor_slug}


def read(data_dir=DATA_DIR):
    """Read and check the data files in `data_dir`: the Facts, or SeedError with all problems."""
    reader = _Reader(data_dir)
    facts = reader.read()
    if reader.problems:
        raise SeedError(reader.problems)
    return facts
