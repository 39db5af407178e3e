"""The place fields of actors, offers and events: one abstract model, one behaviour."""

import pytest

from actors.models import Actor
from offers.models import Event, Offer
from regions.models import LocatedModel, Municipality

PLACE_FIELDS = [
    "municipality",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "coordinates_source",
]


def test_located_models_share_one_definition_of_the_place_fields():
    for model in (Actor, Offer, Event):
        assert issubclass(model, LocatedModel)
        definitions = [model._meta.get_field(name).deconstruct()[1:] for name in PLACE_FIELDS]
        reference = [Actor._meta.get_field(name).deconstruct()[1:] for name in PLACE_FIELDS]
        assert definitions == reference


def test_municipality_keeps_its_reverse_names():
    assert Municipality._meta.get_field("actors").related_model is Actor
    assert Municipality._meta.get_field("offers").related_model is Offer
    assert Municipality._meta.get_field("events").related_model is Event


@pytest.mark.parametrize(
    ("fields", "lines", "has_address", "has_full_address"),
    [
        ({}, [], False, False),
        ({"street": "Am Markt 1", "postcode": "21682", "city": "Stade"},
         ["Am Markt 1", "21682 Stade"], True, True),
        ({"postcode": "21682"}, ["21682"], True, False),
        ({"city": "Stade"}, ["Stade"], True, False),
        ({"street": "Am Markt 1"}, ["Am Markt 1"], True, False),
    ],
)  # fmt: skip
def test_address_lines_leave_out_what_is_missing(fields, lines, has_address, has_full_address):
    actor = Actor(**fields)
    assert (actor.address_lines, actor.has_address, actor.has_full_address) == (
        lines,
        has_address,
        has_full_address,
    )


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [(None, None, False), (53.6, None, False), (None, 9.5, False), (53.6, 9.5, True),
     (0.0, 0.0, True)],
)  # fmt: skip
def test_has_coordinates_needs_both(latitude, longitude, expected):
    assert Event(latitude=latitude, longitude=longitude).has_coordinates is expected


def school():
    return Actor(
        street="Schulweg 3",
        postcode="21614",
        city="Buxtehude",
        municipality_id=7,
        latitude=53.47,
        longitude=9.69,
        coordinates_source="place",
    )


def test_fill_place_from_gives_an_event_without_address_the_schools_place():
    event = Event()
    event.fill_place_from(school())
    assert (
        event.street,
        event.postcode,
        event.city,
        event.municipality_id,
        event.latitude,
        event.longitude,
        event.coordinates_source,  # the school's are its postcode's: so are the event's
    ) == ("Schulweg 3", "21614", "Buxtehude", 7, 53.47, 9.69, "place")


def test_fill_place_from_keeps_what_the_event_has():
    own = Event(postcode="21682")
    own.fill_place_from(school())
    assert (own.street, own.postcode, own.city, own.municipality_id, own.latitude) == (
        "",
        "21682",
        "",
        None,
        None,
    )
    located = Event(municipality_id=3, latitude=53.6, longitude=9.5)
    located.fill_place_from(school())
    assert (
        located.street,
        located.municipality_id,
        located.latitude,
        located.longitude,
        located.coordinates_source,
    ) == ("Schulweg 3", 3, 53.6, 9.5, "")


def test_has_contact():
    assert Offer().has_contact is False
    assert Offer(contact_phone="04141 123").has_contact is True
    assert Event(contact_email="info@schule.example").has_contact is True
