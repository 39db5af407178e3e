"""Completeness of offers, events and actors: the one rule for the provider area, the admin's
lists and the monitoring page.

    from offers.completeness import completeness, provider_completeness
    completeness(entry)            -> Completeness(score=80, missing=["Kosten oder „kostenlos“", …])
    provider_completeness(actor)   -> the same over the actor's profile and its current entries

The machinery and the actor's criteria are in ``actors.completeness`` (the actor admin sits a
floor below this module); its module docstring states how the score is computed.

Three of the model's yes/no fields cannot tell "no" from "not stated": ``registration_required``,
``is_accessible`` and ``is_free`` all default to False (and the public page then says "Keine
Anmeldung nötig", "nicht als barrierefrei gemeldet", costs "auf Anfrage"). So the unchecked box
alone never counts as an answer: registration counts as given with a text or an online address
("ohne Anmeldung, einfach vorbeikommen" is an answer), accessibility with the box checked or a
note ("nicht stufenlos, zwei Stufen am Eingang"), costs with "kostenlos" checked or an amount.
Ages likewise: none given reads "alle Altersgruppen" on the page, but may as well be unknown.

Events have no fields for costs beyond ``is_free`` (default True) and none for accessibility:
they are not asked of events, rather than counted against them for a field they cannot fill.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.completeness import (
    ACTOR_CRITERIA,
    PLACE_FIELDS,
    Completeness,
    Criterion,
    description_longer_than,
    evaluate,
    for_completeness,
    has_place,
    has_related,
    percent,
)
from actors.models import Actor

from .models import EditorialStatus, Event, EventStatus, Offer

__all__ = [
    "ACTOR_CRITERIA",
    "CRITERIA",
    "EVENT_CRITERIA",
    "OFFER_CRITERIA",
    "Completeness",
    "Criterion",
    "completeness",
    "entries_for_completeness",
    "provider_completeness",
    "provider_entries",
]


def _text(value):
    return bool((value or "").strip())


def _not_online(offer):
    return offer.format != Offer.Format.ONLINE


OFFER_CRITERIA = (
    Criterion(
        "description",
        _("Beschreibung"),
        lambda o: description_longer_than(o, "title"),
        fields=("title", "description"),
    ),
    Criterion(
        "place",
        _("Ort oder online"),
        lambda o: o.format == Offer.Format.ONLINE or has_place(o),
        fields=("format", *PLACE_FIELDS),
    ),
    Criterion(
        "municipality",
        _("Stadt / Gemeinde"),
        lambda o: o.municipality_id is not None,
        fields=("format", "municipality"),
        applies=_not_online,
    ),
    Criterion(
        "cost",
        _("Kosten oder „kostenlos“"),
        lambda o: o.is_free or o.cost is not None,
        fields=("is_free", "cost"),
    ),
    Criterion("schedule", _("Zeiten"), lambda o: _text(o.schedule), fields=("schedule",)),
    Criterion(
        "registration",
        _("Anmeldung"),
        lambda o: _text(o.registration) or _text(o.registration_url),
        fields=("registration", "registration_url"),
    ),
    Criterion(
        "contact",
        _("Kontakt"),
        lambda o: o.has_contact,
        fields=("contact_email", "contact_phone"),
    ),
    Criterion(
        "accessibility",
        _("Barrierefreiheit"),
        lambda o: o.is_accessible or _text(o.accessibility_note),
        fields=("is_accessible", "accessibility_note"),
    ),
    Criterion(
        "ages",
        _("Alter"),
        lambda o: o.age_min is not None or o.age_max is not None,
        fields=("age_min", "age_max"),
    ),
    Criterion(
        "life_stages",
        _("Lebensphase"),
        lambda o: has_related(o, "life_stages"),
        related=("life_stages",),
    ),
    Criterion("topics", _("Thema"), lambda o: has_related(o, "topics"), related=("topics",)),
)

EVENT_CRITERIA = (
    Criterion(
        "description",
        _("Beschreibung"),
        lambda e: description_longer_than(e, "title"),
        fields=("title", "description"),
    ),
    Criterion("place", _("Ort"), has_place, fields=PLACE_FIELDS),
    Criterion(
        "municipality",
        _("Stadt / Gemeinde"),
        lambda e: e.municipality_id is not None,
        fields=("municipality",),
    ),
    # The start is required; what can be missing is when it ends.
    Criterion("ends_at", _("Ende"), lambda e: e.ends_at is not None, fields=("ends_at",)),
    Criterion(
        "registration",
        _("Anmeldung"),
        lambda e: _text(e.registration),
        fields=("registration",),
    ),
    Criterion(
        "contact",
        _("Kontakt"),
        lambda e: e.has_contact,
        fields=("contact_email", "contact_phone"),
    ),
    # Only careers-guidance events are for school years; a Fachtag is not.
    Criterion(
        "grades",
        _("Jahrgänge"),
        lambda e: e.grade_min is not None or e.grade_max is not None,
        fields=("kind", "grade_min", "grade_max"),
        applies=lambda e: e.is_careers_guidance,
    ),
)

CRITERIA = {Offer: OFFER_CRITERIA, Event: EVENT_CRITERIA, Actor: ACTOR_CRITERIA}


def criteria_for(model_or_entry):
    model = model_or_entry if isinstance(model_or_entry, type) else type(model_or_entry)
    return CRITERIA[model._meta.concrete_model]


def completeness(entry):
    """The Completeness of an Offer, an Event or an Actor. On an entry loaded through
    ``entries_for_completeness`` it costs no query; on another offer at most two (whether it
    has life stages, topics)."""
    return evaluate(entry, criteria_for(entry))


def entries_for_completeness(queryset, *, only=True, fields=()):
    """``queryset`` (of offers, events or actors) loading what the criteria read: a list of
    them costs one query, whatever its length. Only the criteria's columns and ``fields`` are
    loaded, unless ``only=False`` (for a list that shows more of each entry)."""
    return for_completeness(queryset, criteria_for(queryset.model), only=only, fields=fields)


# What a list of a provider's entries shows besides their completeness.
LISTED_FIELDS = ("title", "slug", "status", "region")


def provider_entries(actor, *, now=None):
    """(offers, events) of ``actor`` that count for its completeness: its offers that are not
    archived, the events it organises that are not archived, rejected, cancelled or over;
    loaded for completeness (two queries) with what a list of them needs besides (title, slug,
    status, region, start), in the order the provider area lists them."""
    now = now or timezone.now()
    offers = entries_for_completeness(
        Offer.objects.filter(provider=actor).exclude(status=EditorialStatus.ARCHIVED),
        fields=LISTED_FIELDS,
    ).order_by("title", "pk")
    events = (
        entries_for_completeness(
            Event.objects.filter(organiser=actor).exclude(
                status__in=[EventStatus.ARCHIVED, EventStatus.REJECTED, EventStatus.CANCELLED]
            ),
            fields=(*LISTED_FIELDS, "starts_at"),
        )
        .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))
        .order_by("starts_at", "pk")
    )
    return list(offers), list(events)


def provider_completeness(actor, *, now=None):
    """The completeness of a provider: its profile and each of its current entries
    (``provider_entries``) count as one entry each, the score is their mean (rounded half
    up), so that one bare offer among twenty full ones shows as a small gap, not a large one,
    and the profile weighs as much as any offer. ``missing`` names each label that some
    entry lacks, once, in the order profile, offers, events; ``parts`` has every entry with
    its own Completeness, for the list that says where. Two queries (offers, events)."""
    offers, events = provider_entries(actor, now=now)
    parts = [(entry, completeness(entry)) for entry in [actor, *offers, *events]]
    missing = list(dict.fromkeys(label for _entry, c in parts for label in c.missing))
    total = sum(c.score for _entry, c in parts)
    # The mean of the parts' percentages, rounded half up: percent() of total/100 of len(parts).
    score = percent(total, 100 * len(parts))
    return Completeness(score=score, missing=missing, parts=parts)
