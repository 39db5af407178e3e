"""The radius search of the event list (issue 11, places): /veranstaltungen/ takes a postcode
(`plz`) or the visitor's position (`breite`, `laenge`) and a radius (`umkreis`) as the offer
and actor lists do (regions.filters), lists the nearest events first and says which origin and
radius it uses; a bad radius is a German error and no radius search runs.

Events at real towns of the Landkreis Osnabrück around the city of Osnabrück (49074 in the
gazetteer), which belongs to no region; their distances from 49074 are those of the towns:
Belm 6.2 km, Georgsmarienhütte 7.9 km, Wallenhorst 8.8 km, Bramsche 16.0 km."""

import datetime
import re

import pytest
from django.utils import timezone

from offers.models import Event
from portal.services import regions_load
from regions.geo import haversine_km
from regions.models import Municipality, Region
from tests.conftest import fixture_built_once
from tests.factories import make_actor, make_event

pytestmark = pytest.mark.django_db

URL = "/veranstaltungen/"
OSNABRUECK = (52.2738, 8.0521)  # 49074 Osnabrück in the gazetteer
# Town → days from today: the farthest event is the earliest, so that distance and date orders
# differ. Each starts at noon of its local day, so that a date filter's edge (local midnight)
# never falls inside one, whatever the hour the tests run at.
TOWNS = {"belm": 9, "georgsmarienhuette": 7, "wallenhorst": 5, "bramsche": 3}
TITLES = {
    "belm": "Ausbildungsmesse Belm",
    "georgsmarienhuette": "Praktikumsbörse Georgsmarienhütte",
    "wallenhorst": "Berufsinfotag Wallenhorst",
    "bramsche": "Elternabend Bramsche",
}
NEAREST_FIRST = [TITLES[slug] for slug in TOWNS]
EARLIEST_FIRST = [*reversed(NEAREST_FIRST), "Hafentag Stade"]


def _noon_in(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _build():
    regions_load()
    Event.objects.all().delete()  # the seed's own (the Lange Woche der Bildung): lists exact
    region = Region.objects.get(slug="osnabrueck")
    school = make_actor(region, name="Oberschule Osnabrücker Land", kind="oberschule")
    for slug, days in TOWNS.items():
        town = Municipality.objects.get(region=region, slug=slug)
        make_event(
            organiser=school,
            title=TITLES[slug],
            municipality=town,
            city=town.name,
            starts_at=_noon_in(days),
        )
    stade = Municipality.objects.get(region__slug="stade", slug="stade")
    make_event(
        organiser=make_actor(stade.region, name="Oberschule Stade", kind="oberschule"),
        title="Hafentag Stade",
        municipality=stade,
        starts_at=_noon_in(11),
    )


_rows, world = fixture_built_once("world", _build)


def titles(response):
    return [event.title for event in response.context["events"]]


def radius_note(response):
    match = re.search(r'<p class="portal-radius">(.*?)<a', response.content.decode(), re.S)
    return " ".join(match.group(1).split()) if match else None


def test_without_a_radius_search_the_earliest_come_first(client, world, postcode_places):
    response = client.get(URL)
    assert titles(response) == EARLIEST_FIRST
    assert radius_note(response) is None


def test_a_postcode_finds_the_events_around_it_nearest_first(client, world, postcode_places):
    response = client.get(URL, {"plz": "49074"})
    assert response.context["form"].errors == {}
    assert titles(response) == NEAREST_FIRST[:3]
    assert [event.distance for event in response.context["events"]] == pytest.approx(
        [
            haversine_km(*OSNABRUECK, town.latitude, town.longitude)
            for town in (
                Municipality.objects.get(region__slug="osnabrueck", slug=slug)
                for slug in list(TOWNS)[:3]
            )
        ],
        rel=2e-4,
    )
    assert radius_note(response) == (
        "Umkreissuche: bis 10 km um 49074 Osnabrück. Die nächsten Treffer stehen oben."
    )
    response = client.get(URL, {"plz": "49074", "umkreis": "20"})
    assert titles(response) == NEAREST_FIRST
    assert radius_note(response).startswith("Umkreissuche: bis 20 km um 49074 Osnabrück.")


def test_the_visitors_position_is_an_origin(client, world, postcode_places):
    response = client.get(URL, {"breite": "52.27", "laenge": "8.05", "umkreis": "7"})
    assert response.context["form"].errors == {}
    assert titles(response) == [TITLES["belm"]]
    assert radius_note(response) == (
        "Umkreissuche: bis 7 km um Ihren Standort (52,27° N, 8,05° O). "
        "Die nächsten Treffer stehen oben."
    )


def test_the_radius_search_combines_with_the_other_filters(client, world, postcode_places):
    later = (timezone.localdate() + datetime.timedelta(days=6)).isoformat()
    response = client.get(URL, {"plz": "49074", "umkreis": "20", "von": later})
    assert titles(response) == [TITLES["belm"], TITLES["georgsmarienhuette"]]
    facets = response.context["facets"]["region"]
    assert [(slug, count) for slug, _name, count, _selected in facets if count] == [
        ("osnabrueck", 2)
    ]


@pytest.mark.parametrize(
    ("radius", "message"),
    [
        ("0", "Der Umkreis muss mindestens 1 km betragen."),
        ("201", "Der Umkreis darf höchstens 200 km betragen."),
        ("abc", "Bitte geben Sie den Umkreis als Zahl in Kilometern ein, z. B. 10."),
    ],
)
def test_an_invalid_radius_is_a_german_error_and_no_radius_search(
    client, world, postcode_places, radius, message
):
    response = client.get(URL, {"plz": "49074", "umkreis": radius})
    assert response.context["form"].errors == {"umkreis": [message]}
    assert titles(response) == EARLIEST_FIRST
    assert radius_note(response) is None
    html = response.content.decode()
    assert f'<a class="kern-link" href="#id_umkreis">Umkreis in km: {message}</a>' in html


def test_an_unknown_postcode_is_a_german_error(client, world, postcode_places):
    response = client.get(URL, {"plz": "99999"})
    assert response.context["form"].errors == {
        "plz": [
            "Die Postleitzahl 99999 kennen wir nicht. Bitte prüfen Sie sie oder geben Sie die "
            "Postleitzahl eines Nachbarorts ein."
        ]
    }
    assert titles(response) == EARLIEST_FIRST


def test_the_postcode_is_an_active_filter_that_ends_the_radius_search(
    client, world, postcode_places
):
    response = client.get(URL, {"plz": "49074", "umkreis": "20", "art": ""})
    assert response.context["active_filters"] == [("Postleitzahl", "49074", "?")]
    assert response.context["filter"].radius_search().remove_url == "?"


def test_the_filter_form_has_the_radius_fields_and_the_position_button(client, world):
    html = client.get(URL).content.decode()
    assert '<legend class="kern-label">Umkreissuche</legend>' in html
    assert 'name="plz"' in html and 'name="umkreis"' in html
    assert '<input type="hidden" name="breite" id="id_breite">' in html
    assert '<div class="portal-geolocation" data-geolocation hidden>' in html
    assert '<script src="/static/js/geolocation.js" defer></script>' in html


def test_the_calendar_keeps_the_radius_search(client, world, postcode_places):
    body = client.get("/veranstaltungen/kalender.ics", {"plz": "49074"}).content.decode()
    assert [
        line.removeprefix("SUMMARY:") for line in body.splitlines() if line.startswith("SUMMARY:")
    ] == list(reversed(NEAREST_FIRST[:3]))
