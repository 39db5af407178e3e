"""schema.org JSON-LD of the detail pages (offers.structured_data), read from the rendered page
as a search engine reads it: the first <script type="application/ld+json"> element."""

import datetime
import json
import re
import zoneinfo
from decimal import Decimal

import pytest

from offers.models import Event, Offer
from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ADDRESS = {
    "@type": "PostalAddress",
    "streetAddress": "Am Hafen 1",
    "postalCode": "21682",
    "addressLocality": "Stade",
    "addressRegion": "Niedersachsen",
    "addressCountry": "DE",
}
GEO = {"@type": "GeoCoordinates", "latitude": 53.599, "longitude": 9.476}
PLACE = {"street": "Am Hafen 1", "postcode": "21682", "city": "Stade"}
HOSTILE_TITLE = 'Kurs </script><script>alert("x")</script> & <!-- mehr'


def berlin(month, day, hour):
    return datetime.datetime(2027, month, day, hour, 0, tzinfo=BERLIN)


def jsonld_text(response):
    return SCRIPT.search(response.content.decode()).group(1)


def jsonld(response):
    return json.loads(jsonld_text(response))


@pytest.fixture
def provider():
    region = make_region(name="Nordkreis", slug="nordkreis")
    # An entry at 21682 without coordinates of its own is at the town's postcode (GEO).
    town = make_municipality(
        region, name="Stade", slug="stade", postcode="21682", latitude=53.599, longitude=9.476
    )
    return make_actor(
        region, name="Kreisvolkshochschule Stade", municipality=town, kind="vhs", **PLACE
    )


def url(obj):
    return f"http://testserver{obj.get_absolute_url()}"


def organisation(actor, kind="EducationalOrganization"):
    return {"@type": kind, "name": actor.name, "url": url(actor)}


# --- escaping ---------------------------------------------------------------------------------


def _hostile_offer(provider):
    return make_offer(provider=provider, title=HOSTILE_TITLE)


def _hostile_event(provider):
    return make_event(organiser=provider, title=HOSTILE_TITLE)


def _hostile_actor(provider):
    return make_actor(provider.region, name=HOSTILE_TITLE, kind="verein")


@pytest.mark.parametrize("make", [_hostile_offer, _hostile_event, _hostile_actor])
def test_structured_data_markup_in_a_title_cannot_close_the_script_element(client, provider, make):
    """`</script>` typed into a title would end the JSON-LD block and run what follows."""
    obj = make(provider)

    response = client.get(obj.get_absolute_url())

    escaped = (
        r'"name": "Kurs \u003C/script\u003E\u003Cscript\u003Ealert(\"x\")\u003C/script\u003E'
        r' \u0026 \u003C!-- mehr"'
    )
    assert escaped in jsonld_text(response)
    assert jsonld(response)["name"] == HOSTILE_TITLE
    assert "<script>alert" not in response.content.decode()


# --- an offer with dates is an Event ----------------------------------------------------------


@pytest.fixture
def course_with_dates(provider):
    offer = make_offer(
        provider=provider,
        title="Bewerbungstraining",
        summary="Bewerbungsmappe und Vorstellungsgespräch üben",
        is_free=False,
        cost=Decimal("15"),
        format="hybrid",
        languages=["de", "tr"],
    )
    dates = {
        "winter": make_event(
            organiser=provider,
            offer=offer,
            title="Bewerbungstraining im Januar",
            starts_at=berlin(1, 15, 18),
            ends_at=berlin(1, 15, 20),
            venue="Raum 3",
            latitude=53.599,
            longitude=9.476,
            **PLACE,
        ),
        "summer": make_event(
            organiser=provider,
            offer=offer,
            title="Bewerbungstraining im Juli",
            starts_at=berlin(7, 15, 10),
            ends_at=None,
            **PLACE,
        ),
    }
    return offer, dates


def _event_of(offer, **fields):
    common = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url(offer),
        "url": url(offer),
        "name": "Bewerbungstraining",
        "description": "Bewerbungsmappe und Vorstellungsgespräch üben",
        "inLanguage": ["de", "tr"],
        "isAccessibleForFree": False,
        "dateModified": offer.updated_at.isoformat(),
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "organizer": organisation(offer.provider),
        "offers": {"@type": "Offer", "price": "15.00", "priceCurrency": "EUR"},
    }
    return {**common, **fields}


def test_structured_data_offer_next_date_in_winter_is_scheduled_at_plus_one_hour(
    client, course_with_dates
):
    offer, _dates = course_with_dates

    assert jsonld(client.get(offer.get_absolute_url())) == _event_of(
        offer,
        startDate="2027-01-15T18:00:00+01:00",
        endDate="2027-01-15T20:00:00+01:00",
        eventStatus="https://schema.org/EventScheduled",
        location={"@type": "Place", "name": "Raum 3", "address": ADDRESS, "geo": GEO},
    )


def test_structured_data_offer_cancelled_next_date_is_event_cancelled(client, course_with_dates):
    """The next date is called off: search engines must not announce it as taking place."""
    offer, dates = course_with_dates
    Event.objects.filter(pk=dates["winter"].pk).update(status=Event.Status.CANCELLED)

    data = jsonld(client.get(offer.get_absolute_url()))

    assert (data["startDate"], data["eventStatus"]) == (
        "2027-01-15T18:00:00+01:00",
        "https://schema.org/EventCancelled",
    )


def test_structured_data_offer_next_date_in_summer_is_at_plus_two_hours(client, course_with_dates):
    offer, dates = course_with_dates
    dates["winter"].delete()

    assert jsonld(client.get(offer.get_absolute_url())) == _event_of(
        offer,
        startDate="2027-07-15T10:00:00+02:00",
        eventStatus="https://schema.org/EventScheduled",
        location={"@type": "Place", "name": "Stade", "address": ADDRESS, "geo": GEO},
    )


@pytest.mark.parametrize(
    ("format_", "mode"),
    [
        ("praesenz", "https://schema.org/OfflineEventAttendanceMode"),
        ("online", "https://schema.org/OnlineEventAttendanceMode"),
    ],
)
def test_structured_data_offer_format_gives_the_attendance_mode(
    client, course_with_dates, format_, mode
):
    offer, _dates = course_with_dates
    offer.format = format_
    offer.save()

    assert jsonld(client.get(offer.get_absolute_url()))["eventAttendanceMode"] == mode


# --- an offer without dates is a Course -------------------------------------------------------


def test_structured_data_offer_without_dates_is_a_course(client, provider):
    offer = make_offer(
        provider=provider,
        title="Deutschkurs B1",
        summary="Deutsch für den Beruf",
        is_free=True,
        languages=["de"],
        life_stages=["beruf-und-weiterbildung", "uebergang-schule-beruf"],
        topics=["sprache-und-lesen"],
        schedule="dienstags 18–20 Uhr",
        valid_from=datetime.date(2027, 2, 1),
        valid_until=datetime.date(2027, 6, 30),
        venue="Haus der Bildung",
        **PLACE,
    )

    assert jsonld(client.get(offer.get_absolute_url())) == {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url(offer),
        "url": url(offer),
        "name": "Deutschkurs B1",
        "description": "Deutsch für den Beruf",
        "inLanguage": ["de"],
        "isAccessibleForFree": True,
        "dateModified": offer.updated_at.isoformat(),
        "provider": organisation(provider),
        "educationalLevel": "Übergang Schule–Beruf, Beruf und Weiterbildung",
        "about": ["Sprache und Lesen"],
        "offers": {"@type": "Offer", "price": "0", "priceCurrency": "EUR"},
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": "onsite",
            "location": {
                "@type": "Place",
                "name": "Haus der Bildung",
                "address": ADDRESS,
                "geo": GEO,
            },
            "courseSchedule": {
                "@type": "Schedule",
                "description": "dienstags 18–20 Uhr",
                "startDate": "2027-02-01",
                "endDate": "2027-06-30",
            },
        },
    }


def test_structured_data_online_course_has_no_place_and_no_price_when_unknown(client, provider):
    """The provider's address on an online offer is no place of the course."""
    offer = make_offer(
        provider=provider,
        title="Online-Lesekreis",
        is_free=False,
        cost=None,
        format="online",
        **PLACE,
    )

    data = jsonld(client.get(offer.get_absolute_url()))

    assert "offers" not in data
    assert data["hasCourseInstance"] == {"@type": "CourseInstance", "courseMode": "online"}


# --- events and actors ------------------------------------------------------------------------


def test_structured_data_event_in_summer_is_an_education_event_at_plus_two_hours(client, provider):
    event = make_event(
        organiser=provider,
        title="Fachtag Übergang Schule–Beruf",
        description="Vorträge und Workshops",
        starts_at=berlin(7, 1, 9),
        ends_at=berlin(7, 1, 16),
        venue="Forum",
        capacity=120,
        is_free=True,
        **PLACE,
    )

    assert jsonld(client.get(event.get_absolute_url())) == {
        "@context": "https://schema.org",
        "@type": "EducationEvent",
        "@id": url(event),
        "url": url(event),
        "name": "Fachtag Übergang Schule–Beruf",
        "description": "Vorträge und Workshops",
        "startDate": "2027-07-01T09:00:00+02:00",
        "endDate": "2027-07-01T16:00:00+02:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "Forum", "address": ADDRESS, "geo": GEO},
        "organizer": organisation(provider),
        "isAccessibleForFree": True,
        "maximumAttendeeCapacity": 120,
    }


def test_structured_data_actor_is_an_educational_organization_with_its_contacts(client, provider):
    provider.description = "Weiterbildung für alle"
    provider.email = "info@kvhs-stade.example"
    provider.phone = "04141 12345"
    provider.website = "https://kvhs-stade.example/"
    provider.latitude, provider.longitude = 53.599, 9.476
    provider.save()

    assert jsonld(client.get(provider.get_absolute_url())) == {
        "@context": "https://schema.org",
        "@type": "EducationalOrganization",
        "@id": url(provider),
        "name": "Kreisvolkshochschule Stade",
        "description": "Weiterbildung für alle",
        "url": "https://kvhs-stade.example/",
        "email": "info@kvhs-stade.example",
        "telephone": "04141 12345",
        "address": ADDRESS,
        "geo": GEO,
    }


def test_structured_data_actor_without_website_or_address_is_an_organization(client, provider):
    library = make_actor(provider.region, name="Stadtbibliothek", kind="bibliothek")

    assert jsonld(client.get(library.get_absolute_url())) == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url(library),
        "name": "Stadtbibliothek",
        "url": url(library),
    }


# --- Issue 20, hunt: what the mutants of structured_data.py showed untested --------------------


@pytest.mark.parametrize(
    ("is_free", "cost", "offers"),
    [
        (True, None, {"@type": "Offer", "price": "0", "priceCurrency": "EUR"}),
        (False, Decimal("0"), {"@type": "Offer", "price": "0.00", "priceCurrency": "EUR"}),
        (False, Decimal("12.5"), {"@type": "Offer", "price": "12.50", "priceCurrency": "EUR"}),
        (False, None, None),
    ],
)
def test_structured_data_offer_price(client, provider, is_free, cost, offers):
    offer = make_offer(provider=provider, is_free=is_free, cost=cost)

    assert jsonld(client.get(offer.get_absolute_url())).get("offers") == offers


@pytest.mark.parametrize(
    ("format_", "mode"), [("praesenz", "onsite"), ("online", "online"), ("hybrid", "blended")]
)
def test_structured_data_course_mode_follows_the_format(client, provider, format_, mode):
    offer = make_offer(provider=provider, format=format_)

    data = jsonld(client.get(offer.get_absolute_url()))

    assert data["hasCourseInstance"]["courseMode"] == mode


def test_structured_data_course_leaves_out_what_it_does_not_know(client, provider):
    """No topics, languages, life stage, times or place: no empty lists, strings or objects."""
    offer = make_offer(
        provider=provider, title="Offener Treff", languages=[], life_stages=(), topics=()
    )

    data = jsonld(client.get(offer.get_absolute_url()))

    assert sorted(data) == [
        "@context",
        "@id",
        "@type",
        "dateModified",
        "description",
        "hasCourseInstance",
        "isAccessibleForFree",
        "name",
        "provider",
        "url",
    ]
    assert data["hasCourseInstance"] == {"@type": "CourseInstance", "courseMode": "onsite"}


@pytest.mark.parametrize(
    ("schedule", "valid_from", "expected"),
    [
        ("montags", None, {"@type": "Schedule", "description": "montags"}),
        ("", datetime.date(2027, 3, 1), {"@type": "Schedule", "startDate": "2027-03-01"}),
    ],
)
def test_structured_data_course_schedule_from_times_or_start_alone(
    client, provider, schedule, valid_from, expected
):
    offer = make_offer(provider=provider, schedule=schedule, valid_from=valid_from)

    data = jsonld(client.get(offer.get_absolute_url()))

    assert data["hasCourseInstance"]["courseSchedule"] == expected


def test_structured_data_partial_address_and_half_coordinates(client, provider):
    """A town without street is still an address; a latitude without longitude is no place on
    the map."""
    event = make_event(
        organiser=provider, title="Lesenacht", city="Stade", latitude=53.599, longitude=None
    )

    data = jsonld(client.get(event.get_absolute_url()))

    assert data["location"] == {
        "@type": "Place",
        "name": "Stade",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Stade",
            "addressRegion": "Niedersachsen",
            "addressCountry": "DE",
        },
    }


def test_structured_data_cancelled_event_is_event_cancelled(client, provider):
    event = make_event(
        organiser=provider, starts_at=berlin(3, 5, 19), status=Event.Status.CANCELLED
    )

    data = jsonld(client.get(event.get_absolute_url()))

    assert (data["startDate"], data["eventStatus"]) == (
        "2027-03-05T19:00:00+01:00",
        "https://schema.org/EventCancelled",
    )


# --- Issue 20, mutants: the page's own address, an open end, an unknown format ----------------


@pytest.mark.parametrize("kind", ["offer", "event", "actor"])
def test_structured_data_id_is_the_page_without_its_query(client, provider, kind):
    """A link with tracking parameters must not give the page another @id (or url)."""
    obj = {
        "offer": lambda: make_offer(provider=provider),
        "event": lambda: make_event(organiser=provider),
        "actor": lambda: provider,
    }[kind]()

    data = jsonld(client.get(obj.get_absolute_url() + "?utm_source=newsletter&seite=2"))

    assert (data["@id"], data["url"]) == (url(obj), url(obj))


def test_structured_data_event_without_an_end_has_no_end_date(client, provider):
    event = make_event(organiser=provider, starts_at=berlin(3, 5, 19), ends_at=None)

    data = jsonld(client.get(event.get_absolute_url()))

    assert data["startDate"] == "2027-03-05T19:00:00+01:00"
    assert "endDate" not in data


def test_structured_data_unknown_format_counts_as_on_site(client, provider, course_with_dates):
    """A format outside today's choices (an old row) is described as taking place on site."""
    course = make_offer(provider=provider)
    dated, _dates = course_with_dates
    Offer.objects.filter(pk__in=[course.pk, dated.pk]).update(format="")

    course_data = jsonld(client.get(course.get_absolute_url()))
    dated_data = jsonld(client.get(dated.get_absolute_url()))

    assert course_data["hasCourseInstance"]["courseMode"] == "onsite"
    assert dated_data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


@pytest.mark.parametrize(
    ("field", "key", "geo"),
    [("street", "streetAddress", {}), ("postcode", "postalCode", {"geo": GEO})],
)
def test_structured_data_street_or_postcode_alone_is_an_address(client, provider, field, key, geo):
    """A postcode alone also places the event on the map (at the postcode's centre)."""
    event = make_event(organiser=provider, venue="", city="", **{field: PLACE[field]})

    data = jsonld(client.get(event.get_absolute_url()))

    assert data["location"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            key: PLACE[field],
            "addressRegion": "Niedersachsen",
            "addressCountry": "DE",
        },
        **geo,
    }


def test_structured_data_organiser_outside_education_is_an_organization(client, provider):
    club = make_actor(provider.region, name="Segelverein Stade", kind="verein")
    event = make_event(organiser=club)

    assert jsonld(client.get(event.get_absolute_url()))["organizer"] == organisation(
        club, "Organization"
    )
