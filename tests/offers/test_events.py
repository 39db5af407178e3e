import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from offers.models import Event
from tests.factories import make_actor, make_event, make_region

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day, hour):
    return datetime.datetime(2027, 3, day, hour, 0, tzinfo=BERLIN)


@pytest.fixture
def events(settings):
    north = make_region(name="Nordkreis", slug="nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis")
    school = make_actor(
        north, name="Oberschule Nord", kind="oberschule", email="info@os-nord.example"
    )
    other = make_actor(south, name="Gymnasium Süd", kind="gymnasium")
    return {
        "bit": make_event(
            organiser=school,
            title="Berufsinformationstag Nord",
            starts_at=at(3, 9),
            ends_at=at(3, 13),
            grade_min=8,
            grade_max=10,
            street="Schulweg 1",
            postcode="21682",
            city="Stade",
        ),
        "boerse": make_event(
            organiser=other,
            title="Praktikumsbörse Süd",
            kind=Event.Kind.INTERNSHIP_FAIR,
            starts_at=at(10, 10),
            ends_at=at(10, 16),
            grade_min=9,
            grade_max=9,
        ),
        "fachtag": make_event(
            organiser=school,
            title="Fachtag Inklusion",
            kind=Event.Kind.CONFERENCE,
            starts_at=at(20, 9),
            ends_at=at(20, 17),
        ),
        "abgesagt": make_event(
            organiser=school,
            title="Elternabend Nord",
            kind=Event.Kind.PARENTS_EVENING,
            starts_at=at(5, 19),
            ends_at=at(5, 21),
            status=Event.Status.CANCELLED,
        ),
        "wartet": make_event(
            organiser=school,
            title="Betriebserkundung (wartet)",
            starts_at=at(6, 9),
            status=Event.Status.REVIEW,
        ),
        "vorbei": make_event(
            organiser=school,
            title="Vergangene Börse",
            starts_at=timezone.now() - datetime.timedelta(days=3),
        ),
    }


def titles(response):
    return [event.title for event in response.context["events"]]


def test_event_list_shows_upcoming_public_events_in_date_order(client, events):
    response = client.get("/veranstaltungen/")
    assert titles(response) == [
        "Berufsinformationstag Nord",
        "Elternabend Nord",
        "Praktikumsbörse Süd",
        "Fachtag Inklusion",
    ]
    assert "abgesagt" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "suedkreis"}, ["Praktikumsbörse Süd"]),
        ({"art": "fachtag"}, ["Fachtag Inklusion"]),
        (
            {"jahrgang": "9"},
            [
                "Berufsinformationstag Nord",
                "Elternabend Nord",
                "Praktikumsbörse Süd",
                "Fachtag Inklusion",
            ],
        ),
        (
            {"jahrgang": "10", "region": "nordkreis"},
            ["Berufsinformationstag Nord", "Elternabend Nord", "Fachtag Inklusion"],
        ),
        ({"von": "2027-03-06", "bis": "2027-03-15"}, ["Praktikumsbörse Süd"]),
        ({"bis": "2027-03-04"}, ["Berufsinformationstag Nord"]),
    ],
)
def test_event_list_filters(client, events, params, expected):
    assert titles(client.get("/veranstaltungen/", params)) == expected


def test_event_list_rejects_end_before_start_in_german(client, events):
    response = client.get("/veranstaltungen/", {"von": "2027-03-10", "bis": "2027-03-01"})
    assert response.context["form"].errors == {
        "bis": ["Das Datum „bis“ liegt vor dem Datum „von“."]
    }


def test_event_list_rejects_grade_out_of_range(client, events):
    response = client.get("/veranstaltungen/", {"jahrgang": "4"})
    assert response.context["form"].errors == {"jahrgang": ["Jahrgänge gibt es von 5 bis 13."]}


def test_calendar_feed_takes_the_list_filters_and_is_valid_ical(client, events):
    response = client.get("/veranstaltungen/kalender.ics", {"region": "nordkreis"})
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    vevents = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in vevents] == [
        "Berufsinformationstag Nord",
        "Abgesagt: Elternabend Nord",
        "Fachtag Inklusion",
    ]
    assert [str(e["STATUS"]) for e in vevents] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    first = vevents[0]
    assert first.decoded("DTSTART") == at(3, 9)
    assert str(first["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert first.decoded("DTEND") == at(3, 13)
    assert str(first["LOCATION"]) == "Schulweg 1, 21682 Stade"
    assert str(first["ORGANIZER"]) == "mailto:info@os-nord.example"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert calendar["VERSION"] == "2.0"
    assert len({str(e["UID"]) for e in vevents}) == 3


def test_calendar_feed_of_one_event(client, events):
    event = events["boerse"]
    response = client.get(f"/veranstaltungen/{event.slug}/kalender.ics")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Praktikumsbörse Süd"]


def test_unpublished_event_has_no_page_and_no_ics(client, events):
    event = events["wartet"]
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/veranstaltungen/{event.slug}/kalender.ics").status_code == 404


def test_event_detail_has_event_json_ld(client, events):
    import json
    import re

    event = events["abgesagt"]
    body = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    )
    assert data["@type"] == "EducationEvent"
    assert data["name"] == "Elternabend Nord"
    assert data["startDate"] == "2027-03-05T19:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["organizer"]["name"] == "Oberschule Nord"


def test_event_list_query_count_is_fixed(client, events, django_assert_max_num_queries):
    with django_assert_max_num_queries(8) as small:
        client.get("/veranstaltungen/")
    organiser = events["bit"].organiser
    for day in range(1, 20):
        make_event(organiser=organiser, starts_at=at(day, 8))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/veranstaltungen/")
