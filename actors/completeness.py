"""Completeness of an entry: named criteria, each a question a citizen asks of the entry.

The machinery (Criterion, Completeness, ``evaluate``, ``for_completeness``) and the actor's
criteria live here, on the actors floor, so that the actor admin (a floor below offers) can use
them; ``offers.completeness`` adds the criteria of offers and events and is the one entrance
for everything above (the monitoring page, the provider area):
``offers.completeness.completeness(entry)`` for an Offer, an Event or an Actor.

Rules of the score (the same for every kind of entry):

- every criterion that applies to the entry counts once, all with the same weight: the score is
  the share of them that is met, in whole percent, rounded half up. A provider reads it as
  "7 of 10 details given"; weights would need a justification the office could not give them,
  and the named missing items say more than the number anyway;
- 100 % only when nothing is missing, 0 % only when nothing is met;
- a criterion may apply only to some entries (an online offer needs no town): the others are
  neither met nor missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from regions.models import CoordinatesSource


@dataclass(frozen=True)
class Criterion:
    """One named detail of an entry. ``test(entry)`` says whether it is given; ``applies(entry)``
    (default: always) whether the entry needs it at all. ``fields`` are the model fields the
    two read (``for_completeness`` loads just these), ``related`` the many-to-many relations
    of which they ask only whether there is any (see ``has_related``)."""

    key: str
    label: str  # German, as the provider reads it in "Es fehlen: …"
    test: Callable
    fields: tuple = ()
    related: tuple = ()
    applies: Callable | None = None


@dataclass(frozen=True)
class Completeness:
    score: int  # 0..100
    missing: list = field(default_factory=list)  # labels of the criteria not met, in order
    # For an aggregate (offers.completeness.provider_completeness): [(entry, Completeness)].
    parts: list = field(default_factory=list)

    @property
    def is_complete(self):
        return not self.missing


def percent(met, total):
    """``met`` of ``total`` in whole percent, rounded half up (100 for nothing to ask)."""
    if total == 0:
        return 100
    return (200 * met + total) // (2 * total)


def evaluate(entry, criteria):
    applicable = [c for c in criteria if c.applies is None or c.applies(entry)]
    missing = [str(c.label) for c in applicable if not c.test(entry)]
    return Completeness(
        score=percent(len(applicable) - len(missing), len(applicable)), missing=missing
    )


def _flag(name):
    return f"_completeness_has_{name}"


def has_related(entry, name):
    """Whether ``entry`` has any row in its relation ``name``: from the flag that
    ``for_completeness`` annotates, else from a prefetch, else one query (a single entry)."""
    flag = entry.__dict__.get(_flag(name))
    if flag is not None:
        return flag
    prefetched = getattr(entry, "_prefetched_objects_cache", {})
    if name in prefetched:
        return bool(prefetched[name])
    if entry.pk is None:
        return False
    return getattr(entry, name).exists()


def for_completeness(queryset, criteria, *, only=True, fields=()):
    """``queryset`` with what ``criteria`` read, at no query per row: an ``Exists`` flag per
    related set, and (``only``) no other columns than theirs, ``fields`` and the relations the
    queryset already follows (``select_related``). Pass ``only=False`` where the rows are also
    shown with other fields (the admin's changelist)."""
    model = queryset.model
    flags = {}
    for name in dict.fromkeys(n for c in criteria for n in c.related):
        relation = model._meta.get_field(name)
        through = relation.remote_field.through
        source = relation.m2m_field_name()
        flags[_flag(name)] = Exists(through.objects.filter(**{source: OuterRef("pk")}))
    queryset = queryset.annotate(**flags)
    followed = queryset.query.select_related
    if only and followed is not True:  # select_related() of everything: keep all columns
        names = [n for c in criteria for n in c.fields]
        names += [*fields, *(followed or {})]
        queryset = queryset.only(*dict.fromkeys(names))
    return queryset


# --- what the criteria share ---------------------------------------------------------------


def _text(value):
    return bool((value or "").strip())


def description_longer_than(entry, name):
    """The description says more than the title (or the name) already does."""
    return len((entry.description or "").strip()) > len((getattr(entry, name) or "").strip())


def has_place(entry):
    """Where to go: a venue, a street address, or a point set by hand on the map. Coordinates
    derived from the postcode or the town only locate the town, not the place."""
    return (
        _text(entry.venue)
        or _text(entry.street)
        or (entry.has_coordinates and entry.coordinates_source == CoordinatesSource.MANUAL)
    )


PLACE_FIELDS = ("venue", "street", "latitude", "longitude", "coordinates_source")


# --- the actor's profile -------------------------------------------------------------------

ACTOR_CRITERIA = (
    Criterion(
        "description",
        _("Beschreibung"),
        lambda a: description_longer_than(a, "name"),
        fields=("name", "description"),
    ),
    Criterion(
        "address",
        _("Adresse"),
        lambda a: a.has_full_address,
        fields=("street", "postcode", "city"),
    ),
    Criterion(
        "municipality",
        _("Stadt / Gemeinde"),
        lambda a: a.municipality_id is not None,
        fields=("municipality",),
    ),
    Criterion(
        "contact",
        _("Kontakt"),
        lambda a: _text(a.phone) or _text(a.email),
        fields=("phone", "email"),
    ),
    Criterion("website", _("Website"), lambda a: _text(a.website), fields=("website",)),
)


def actor_completeness(actor):
    return evaluate(actor, ACTOR_CRITERIA)
