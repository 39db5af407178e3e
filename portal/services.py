"""Loading the launch data of the portal: regions with their towns and postcodes, partners,
working groups and the Lange Woche der Bildung (facts of regions, actors and offers alike)."""

import datetime

from django.db import transaction
from django.utils import timezone

from actors.models import Actor, WorkingGroup, WorkingGroupMembership
from funding.models import Call
from offers.indexing import deferred_indexing
from offers.models import Event
from portal import seed
from regions.models import (
    Document,
    FocusArea,
    FundingProgramme,
    LocatedModel,
    Municipality,
    PostalCode,
    Region,
)

LOAD_KEYS = (
    "regions",
    "municipalities",
    "postal_codes",
    "focus_areas",
    "documents",
    "funding_programmes",
    "funding_calls",
    "actors",
    "working_groups",
    "memberships",
    "events",
)

# Keys of a region entry that are not plain field values of Region: the lookup key, a
# create-only value, and the entry's source and notes for editors.
REGION_KEYS = {"slug", "last_reviewed", "source", "notes"}
# Keys of a funding call entry that are no plain field values of Call.
FUNDING_CALL_KEYS = {"slug", "programme", "notes"}

EDUCATION_WEEK_START = datetime.time(9, 0)
EDUCATION_WEEK_END = datetime.time(18, 0)


def education_week_dates(*, today, month=9, day=8):
    """Monday to Sunday of the first week around `month`/`day` that starts on or after `today`.

    The Lange Woche der Bildung is the calendar week (Monday to Sunday) that contains the
    Weltbildungstag on 8 September. If this year's week has already begun, next year's is used.
    """
    year = today.year
    while True:
        anchor = datetime.date(year, month, day)
        monday = anchor - datetime.timedelta(days=anchor.weekday())
        if monday >= today:
            return monday, monday + datetime.timedelta(days=6)
        year += 1


def _differs(obj, name, value):
    """Whether the data files' value is news for the row. Coordinates they leave empty for an
    actor or event are those of its postcode or town (LocatedModel.save), not a change."""
    if value is None and name in ("latitude", "longitude") and isinstance(obj, LocatedModel):
        return False
    return getattr(obj, name) != value


class _Loader:
    """Creates what is missing; with `update`, also writes the seed values over existing rows."""

    def __init__(self, *, update):
        self.update = update
        self.counts = {key: {"created": 0, "updated": 0} for key in LOAD_KEYS}

    def put(self, key, model, lookup, values, *, on_create=None):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(on_create or {}))
            obj.full_clean()
            obj.save()
            self.counts[key]["created"] += 1
            return obj
        if self.update:
            changed = [name for name, value in values.items() if _differs(obj, name, value)]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.full_clean()
                obj.save()
                self.counts[key]["updated"] += 1
        return obj


@transaction.atomic
@deferred_indexing()  # every row saved marks its search document; one refresh at the end
def regions_load(*, update=False, data_dir=seed.DATA_DIR):
    """Load the five launch regions with their municipalities, partners and publications.

    The facts come from the data files in `data_dir` (regions/data/), checked by
    `portal.seed.read`, which raises `portal.seed.SeedError` before anything is written.
    Idempotent: rows are found by their natural keys. By default only missing rows are
    created, so edits made in the admin survive; with ``update=True`` existing rows are
    overwritten with the seed values. Returns ``{key: {"created": n, "updated": n}}``.
    """
    facts = seed.read(data_dir)
    loader = _Loader(update=update)
    regions = {}
    municipalities = {}
    actors = {}

    for data in facts.regions:
        on_create = {}
        if data["last_reviewed"]:
            on_create["last_reviewed"] = data["last_reviewed"]
        values = {name: value for name, value in data.items() if name not in REGION_KEYS}
        regions[data["slug"]] = loader.put(
            "regions", Region, {"slug": data["slug"]}, values, on_create=on_create
        )

    for entry in facts.municipalities:
        municipality = loader.put(
            "municipalities",
            Municipality,
            {"region": regions[entry["region"]], "slug": entry["slug"]},
            {
                "name": entry["name"],
                "kind": entry["kind"],
                "postcode": entry["postcode"],
                "latitude": entry["latitude"],
                "longitude": entry["longitude"],
            },
        )
        municipalities[(entry["region"], entry["slug"])] = municipality
        for postal_code in entry["postal_codes"]:
            loader.put(
                "postal_codes",
                PostalCode,
                {"code": postal_code["code"], "municipality": municipality},
                {
                    "place": postal_code["place"],
                    "latitude": postal_code["latitude"],
                    "longitude": postal_code["longitude"],
                },
            )

    for region_slug, entries in facts.focus_areas.items():
        for position, entry in enumerate(entries, start=1):
            loader.put(
                "focus_areas",
                FocusArea,
                {"region": regions[region_slug], "title": entry["title"]},
                {"kind": entry["kind"], "description": entry["description"], "position": position},
            )

    for region_slug, entries in facts.documents.items():
        for entry in entries:
            loader.put(
                "documents",
                Document,
                {"region": regions[region_slug], "title": entry["title"]},
                {
                    "kind": entry["kind"],
                    "description": entry["description"],
                    "published_on": entry["published_on"],
                },
            )

    programmes = {}
    for region_slug, entries in facts.funding_programmes.items():
        for entry in entries:
            programmes[(region_slug, entry["slug"])] = loader.put(
                "funding_programmes",
                FundingProgramme,
                {"region": regions[region_slug], "slug": entry["slug"]},
                {name: value for name, value in entry.items() if name != "slug"},
            )

    for region_slug, entries in facts.funding_calls.items():
        for entry in entries:
            # Keys the source does not give stay out of the file, and so empty here.
            values = {name: value for name, value in entry.items() if name not in FUNDING_CALL_KEYS}
            loader.put(
                "funding_calls",
                Call,
                {"slug": entry["slug"]},
                {"programme": programmes[(region_slug, entry["programme"])], **values},
            )

    actor_fields = ("street", "postcode", "city", "phone", "email", "website", "description")
    for entry in facts.actors:
        municipality_slug = entry["municipality"]
        values = {
            "region": regions[entry["region"]],
            "municipality": (
                municipalities[(entry["region"], municipality_slug)] if municipality_slug else None
            ),
            "name": entry["name"],
            "kind": entry["kind"],
            "partner_role": entry["partner_role"],
            "latitude": entry.get("latitude"),
            "longitude": entry.get("longitude"),
            **{name: entry.get(name, "") for name in actor_fields},
        }
        actors[entry["slug"]] = loader.put("actors", Actor, {"slug": entry["slug"]}, values)

    for region_slug, entries in facts.working_groups.items():
        for entry in entries:
            group = loader.put(
                "working_groups",
                WorkingGroup,
                {"region": regions[region_slug], "slug": entry["slug"]},
                {
                    "name": entry["name"],
                    "kind": entry["kind"],
                    "article": entry["article"],
                    "purpose": entry["purpose"],
                },
            )
            for member in entry["members"]:
                loader.put(
                    "memberships",
                    WorkingGroupMembership,
                    {"working_group": group, "actor": actors[member["actor"]]},
                    {"role": member["role"], "note": member["note"]},
                )

    _education_week_load(
        loader,
        week=facts.education_week,
        regions=regions,
        municipalities=municipalities,
        actors=actors,
    )
    return loader.counts


def _education_week_load(loader, *, week, regions, municipalities, actors):
    first_day, last_day = education_week_dates(
        today=timezone.localdate(), month=week["month"], day=week["day"]
    )
    zone = timezone.get_current_timezone()
    starts_at = datetime.datetime.combine(first_day, EDUCATION_WEEK_START, tzinfo=zone)
    ends_at = datetime.datetime.combine(last_day, EDUCATION_WEEK_END, tzinfo=zone)
    loader.put(
        "events",
        Event,
        {"slug": f"{week['slug_prefix']}-{first_day.year}"},
        {
            "region": regions[week["region"]],
            "municipality": municipalities[(week["region"], week["municipality"])],
            "organiser": actors[week["organiser"]],
            "kind": week["kind"],
            "title": f"{week['title']} {first_day.year}",
            "description": week["description"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "venue": week["venue"],
            "registration": week["registration"],
            "status": Event.Status.PUBLISHED,
        },
        on_create={"published_at": timezone.now()},
    )
