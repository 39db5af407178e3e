"""Demo data of the portal's own links: the demo careers-guidance events (offers.demo) and the
occupational fields (careers) they serve."""

import re

from actors.models import Actor
from careers.models import OccupationField
from offers.models import Event

from .models import EventOccupationField

# A company visit names its company in the title, a careers day or an internship fair its
# companies as co-organisers (offers.demo): a word of the name that plainly says the trade
# gives the field. Names that do not say it (Agrartechnik, Landhandel) give none, and neither
# do application trainings and parents' evenings, which are about no field in particular.
TRADE_FIELDS = (
    (re.compile(r"werft", re.IGNORECASE), "fahrzeuge-schiffe"),
    (re.compile(r"logistik", re.IGNORECASE), "verkehr-logistik"),
    (re.compile(r"pflege", re.IGNORECASE), "gesundheit-pflege"),
    (re.compile(r"milch", re.IGNORECASE), "produktion-chemie-lebensmittel"),
    (re.compile(r"metall", re.IGNORECASE), "metall-maschinenbau"),
    (re.compile(r"elektro|mechatronik|antriebstechnik", re.IGNORECASE), "elektro-mechatronik"),
    (re.compile(r"holzbau|\bbau\b", re.IGNORECASE), "bau-holz"),
    (re.compile(r"obsthof", re.IGNORECASE), "landwirtschaft-natur"),
)
FIELD_KINDS = (Event.Kind.CAREERS_DAY, Event.Kind.INTERNSHIP_FAIR, Event.Kind.COMPANY_VISIT)


def fields_for_names(names):
    """The slugs of the fields that the names say plainly."""
    return {slug for name in names for pattern, slug in TRADE_FIELDS if pattern.search(name)}


def event_fields_demo_load():
    """Link the demo careers-guidance events to their fields; returns the number of new links.
    Repeatable: existing links stay."""
    fields = {f.slug: f for f in OccupationField.objects.all()}
    events = Event.objects.filter(kind__in=FIELD_KINDS).prefetch_related("co_organisers")
    existing = set(EventOccupationField.objects.values_list("event_id", "field_id"))
    new = []
    for event in events:
        names = [event.title] if event.kind == Event.Kind.COMPANY_VISIT else []
        names += [
            actor.name for actor in event.co_organisers.all() if actor.kind == Actor.Kind.COMPANY
        ]
        for slug in sorted(fields_for_names(names)):
            field = fields.get(slug)
            if field is not None and (event.pk, field.pk) not in existing:
                new.append(EventOccupationField(event=event, field=field))
                existing.add((event.pk, field.pk))
    EventOccupationField.objects.bulk_create(new)
    return len(new)
