"""Plain factory functions for tests: each makes one valid row, with overridable fields.

They write real rows through the ORM (no mocks); counters keep names and slugs unique. Each
factory's writes count as committed: what runs on commit (the search index, offers.indexing)
runs at its end, as it would after a save in autocommit mode.
"""

import datetime
import itertools

from django.test import TestCase
from django.utils import timezone

from actors.models import Actor, WorkingGroup
from bildungsregion.text import german_slugify
from offers.models import Event, LifeStage, Offer, Topic
from regions.models import Municipality, PostalCode, Region

_counter = itertools.count(1)


def committed():
    """Run what the writes inside register for their commit (``on_commit``) at the end of the
    block: a test's own transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _n():
    return next(_counter)


def make_region(**fields):
    n = _n()
    defaults = {
        "name": f"Testregion {n}",
        "slug": f"testregion-{n}",
        "district": f"Landkreis Test {n}",
        "summary": "Eine Bildungsregion für Tests.",
    }
    defaults.update(fields)
    return Region.objects.create(**defaults)


def make_municipality(region=None, *, postcodes=(), **fields):
    n = _n()
    defaults = {
        "region": region or make_region(),
        "name": f"Testort {n}",
        "slug": f"testort-{n}",
        "postcode": f"{21000 + n:05d}",
        "latitude": 53.6,
        "longitude": 9.5,
    }
    defaults.update(fields)
    municipality = Municipality.objects.create(**defaults)
    for code in postcodes or [municipality.postcode]:
        PostalCode.objects.create(
            code=code,
            place=municipality.name,
            municipality=municipality,
            latitude=municipality.latitude,
            longitude=municipality.longitude,
        )
    return municipality


def make_actor(region=None, **fields):
    n = _n()
    if region is None:
        municipality = fields.get("municipality")
        region = municipality.region if municipality else make_region()
    name = fields.pop("name", f"Testakteur {n}")
    defaults = {
        "region": region,
        "name": name,
        "slug": f"{german_slugify(name)}-{n}",
        "kind": Actor.Kind.VHS,
    }
    defaults.update(fields)
    with committed():
        return Actor.objects.create(**defaults)


def make_offer(
    *, life_stages=("beruf-und-weiterbildung",), topics=("sprache-und-lesen",), **fields
):
    n = _n()
    provider = fields.pop("provider", None)
    region = fields.pop("region", None) or (provider.region if provider else make_region())
    provider = provider or make_actor(region=region)
    title = fields.pop("title", f"Testangebot {n}")
    defaults = {
        "region": region,
        "provider": provider,
        "title": title,
        "slug": f"{german_slugify(title)}-{n}",
        "summary": f"Kurzbeschreibung von {title}",
        "learning_setting": Offer.Setting.NON_FORMAL,
        "status": Offer.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=n % 50),
    }
    defaults.update(fields)
    with committed():
        offer = Offer.objects.create(**defaults)
        offer.life_stages.set(LifeStage.objects.filter(slug__in=life_stages))
        offer.topics.set(Topic.objects.filter(slug__in=topics))
    return offer


def make_event(**fields):
    n = _n()
    organiser = fields.pop("organiser", None)
    region = fields.pop("region", None) or (organiser.region if organiser else make_region())
    organiser = organiser or make_actor(region=region, kind=Actor.Kind.OBERSCHULE)
    title = fields.pop("title", f"Testveranstaltung {n}")
    starts_at = fields.pop("starts_at", timezone.now() + datetime.timedelta(days=7 + n % 30))
    defaults = {
        "region": region,
        "organiser": organiser,
        "title": title,
        "slug": f"{german_slugify(title)}-{n}",
        "kind": Event.Kind.CAREERS_DAY,
        "description": f"Beschreibung von {title}",
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=3),
        "status": Event.Status.PUBLISHED,
    }
    defaults.update(fields)
    with committed():
        return Event.objects.create(**defaults)


def make_working_group(region=None, **fields):
    n = _n()
    name = fields.pop("name", f"AG Test {n}")
    defaults = {
        "region": region or make_region(),
        "name": name,
        "slug": f"{german_slugify(name)}-{n}",
        "purpose": "Eine Arbeitsgruppe für Tests.",
    }
    defaults.update(fields)
    with committed():
        return WorkingGroup.objects.create(**defaults)


def careers_reference_restore():
    """The occupational fields and occupations of the data migration careers/0002, again if a
    transactional test without serialized rollback emptied the tables."""
    import importlib

    from django.apps import apps

    from careers.models import Occupation

    if not Occupation.objects.exists():
        migration = importlib.import_module(
            "careers.migrations.0002_search_vector_roles_occupations"
        )
        migration.load_occupations(apps, None)


def make_place(**fields):
    """An internship or apprenticeship place (careers.Place), published, of a company."""
    from careers.models import Occupation, Place

    careers_reference_restore()
    n = _n()
    actor = fields.pop("actor", None)
    region = fields.pop("region", None) or (actor.region if actor else make_region())
    actor = actor or make_actor(
        region=region, kind=Actor.Kind.COMPANY, email=f"ausbildung{n}@betrieb.example"
    )
    title = fields.pop("title", f"Testplatz {n}")
    defaults = {
        "region": region,
        "actor": actor,
        "kind": Place.Kind.SCHOOL_INTERNSHIP,
        "occupation": Occupation.objects.order_by("pk").first(),
        "title": title,
        "slug": f"{german_slugify(title)}-{n}",
        "status": Place.Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    defaults.update(fields)
    with committed():
        return Place.objects.create(**defaults)
