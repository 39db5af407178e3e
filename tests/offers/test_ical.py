"""iCalendar feeds of events (offers.ical), read line by line as a calendar client reads them."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from offers.models import Event
from offers.services import event_cancel
from tests.factories import make_actor, make_event, make_region

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def berlin(month, day, hour):
    return datetime.datetime(2027, month, day, hour, 0, tzinfo=BERLIN)


def lines(response):
    """The unfolded content lines (RFC 5545 3.1)."""
    return response.content.decode().replace("\r\n ", "").split("\r\n")


def vevents(response):
    """Each VEVENT as {name with parameters: value}, DTSTAMP left out (the time of the request)."""
    found, current = [], None
    for line in lines(response):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    for event in found:
        assert re.fullmatch(r"\d{8}T\d{6}Z", event.pop("DTSTAMP"))
    return found


def calendar_of(client, event, **headers):
    return client.get(f"/veranstaltungen/{event.slug}/kalender.ics", headers=headers)


@pytest.fixture
def school():
    region = make_region(name="Nordkreis", slug="nordkreis")
    return make_actor(region, name="Oberschule Nord", kind="oberschule", email="info@os.example")


@pytest.fixture
def careers_day(school):
    event = make_event(
        organiser=school,
        title="Berufsinformationstag",
        description="Betriebe stellen sich vor",
        starts_at=berlin(1, 15, 18),
        ends_at=berlin(1, 15, 21),
        venue="Aula",
        street="Schulweg 1",
        postcode="21682",
        city="Stade",
        latitude=53.599,
        longitude=9.476,
    )
    Event.objects.filter(pk=event.pk).update(
        updated_at=datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)
    )
    return event


def test_ical_event_carries_every_field_in_berlin_time(client, careers_day):
    assert vevents(calendar_of(client, careers_day)) == [
        {
            "SUMMARY": "Berufsinformationstag",
            "DTSTART;TZID=Europe/Berlin": "20270115T180000",
            "DTEND;TZID=Europe/Berlin": "20270115T210000",
            "UID": f"event-{careers_day.pk}@testserver",
            "SEQUENCE": "0",
            "CATEGORIES": "Berufsinformationstag",
            "DESCRIPTION": "Betriebe stellen sich vor",
            "GEO": "53.599;9.476",
            "LAST-MODIFIED": "20261120T093000Z",
            "LOCATION": "Aula\\, Schulweg 1\\, 21682 Stade",
            'ORGANIZER;CN="Oberschule Nord"': "mailto:info@os.example",
            "STATUS": "CONFIRMED",
            "URL": f"http://testserver{careers_day.get_absolute_url()}",
        }
    ]


def test_ical_cancellation_raises_the_sequence(client, careers_day, django_user_model):
    """Clients replace a stored event only when SEQUENCE grows: without it the cancellation
    never reaches a calendar that subscribed before."""
    before = vevents(calendar_of(client, careers_day))[0]

    event_cancel(
        event=careers_day, by=django_user_model.objects.create_superuser("chef", password="x")
    )
    after = vevents(calendar_of(client, careers_day))[0]

    assert (before["SEQUENCE"], before["STATUS"], before["SUMMARY"]) == (
        "0",
        "CONFIRMED",
        "Berufsinformationstag",
    )
    assert (after["SEQUENCE"], after["STATUS"], after["SUMMARY"]) == (
        "1",
        "CANCELLED",
        "Abgesagt: Berufsinformationstag",
    )
    assert after["UID"] == before["UID"]


def test_ical_summer_event_without_end_place_or_mail_has_only_what_it_knows(client):
    organiser = make_actor(make_region(), name="Gymnasium Süd", kind="gymnasium")
    event = make_event(
        organiser=organiser,
        title="Praktikumsbörse",
        kind=Event.Kind.INTERNSHIP_FAIR,
        starts_at=berlin(7, 15, 10),
        ends_at=None,
        latitude=53.6,
        longitude=None,
    )

    (vevent,) = vevents(calendar_of(client, event))

    assert vevent["DTSTART;TZID=Europe/Berlin"] == "20270715T100000"
    assert sorted(vevent) == [
        "CATEGORIES",
        "DESCRIPTION",
        "DTSTART;TZID=Europe/Berlin",
        "LAST-MODIFIED",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "UID",
        "URL",
    ]
    assert vevent["CATEGORIES"] == "Praktikumsbörse"


def test_ical_uid_names_the_host_without_its_port(client, careers_day, settings):
    settings.ALLOWED_HOSTS = ["portal.example"]

    (vevent,) = vevents(calendar_of(client, careers_day, Host="portal.example:8443"))

    assert vevent["UID"] == f"event-{careers_day.pk}@portal.example"
    assert vevent["URL"] == f"http://portal.example:8443{careers_day.get_absolute_url()}"


def test_ical_calendar_head_and_one_time_zone(client, careers_day, school):
    make_event(organiser=school, title="Elternabend", starts_at=berlin(7, 2, 19))

    response = client.get("/veranstaltungen/kalender.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="kalender.ics"'
    content = lines(response)
    assert content[:9] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Bildungsregionen Niedersachsen//Bildungsportal//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:Veranstaltungen der Bildungsregionen",
        "X-WR-CALNAME:Veranstaltungen der Bildungsregionen",
        "X-WR-TIMEZONE:Europe/Berlin",
        "BEGIN:VTIMEZONE",
    ]
    assert content.count("BEGIN:VTIMEZONE") == 1
    assert "TZID:Europe/Berlin" in content
    assert [v["SUMMARY"] for v in vevents(response)] == ["Berufsinformationstag", "Elternabend"]
    assert content[-2:] == ["END:VCALENDAR", ""]


def test_ical_dtstamp_is_the_time_of_the_request(client, careers_day):
    before = timezone.now().replace(microsecond=0)

    (stamp,) = [line for line in lines(calendar_of(client, careers_day)) if "DTSTAMP" in line]

    stamped = datetime.datetime.strptime(stamp, "DTSTAMP:%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.UTC
    )
    assert before <= stamped <= timezone.now()


def test_ical_uid_names_an_ipv6_host_without_its_port(client, careers_day, settings):
    settings.ALLOWED_HOSTS = ["[::1]"]

    (vevent,) = vevents(calendar_of(client, careers_day, Host="[::1]:8000"))

    assert vevent["UID"] == f"event-{careers_day.pk}@[::1]"


def test_ical_times_are_in_berlin_whatever_time_zone_is_active(client, careers_day):
    import zoneinfo

    from django.utils import timezone

    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        (vevent,) = vevents(calendar_of(client, careers_day))

    assert (vevent["DTSTART;TZID=Europe/Berlin"], vevent["DTEND;TZID=Europe/Berlin"]) == (
        "20270115T180000",
        "20270115T210000",
    )


def test_ical_time_zone_block_covers_only_the_years_of_the_feed(client, careers_day, school):
    make_event(organiser=school, title="Silvesterlesung", starts_at=berlin(12, 31, 23))

    content = lines(client.get("/veranstaltungen/kalender.ics"))

    start, end = content.index("BEGIN:VTIMEZONE"), content.index("END:VTIMEZONE")
    transitions = [line for line in content[start:end] if line.startswith("DTSTART:")]
    # Winter time at the start of 2027, summer time from 28 March, winter time from 31 October
    # (the EU rule: last Sundays of March and October), and nothing of 1970 to 2038.
    assert sorted(transitions) == [
        "DTSTART:20270101T000000",
        "DTSTART:20270328T030000",
        "DTSTART:20271031T030000",
    ]
