"""The event list's filters and counts (offers.filters.EventFilter): date boundaries to the
minute, and counts that leave out exactly their own filter."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from offers.filters import EventFilter
from offers.models import Event
from offers.views import public_events
from tests.conftest import fixture_built_once
from tests.factories import make_actor, make_event, make_region

pytestmark = pytest.mark.django_db

URL = "/veranstaltungen/"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day, hour, minute=0):
    return datetime.datetime(2027, 3, day, hour, minute, tzinfo=BERLIN)


def _build_calendar():
    north = make_region(name="Nordkreis", slug="nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis")
    school = make_actor(north, name="Oberschule Nord", kind="oberschule")
    other = make_actor(south, name="Gymnasium Süd", kind="gymnasium")
    events = {
        "frueh": make_event(
            organiser=school, title="Frühstart", starts_at=at(3, 0, 0), ends_at=at(3, 1, 0)
        ),
        "spaet": make_event(
            organiser=school,
            title="Spätschicht",
            kind=Event.Kind.CONFERENCE,
            starts_at=at(3, 23, 30),
            ends_at=None,
        ),
        "mitternacht": make_event(
            organiser=school,
            title="Mitternachtslauf",
            kind=Event.Kind.CONFERENCE,
            starts_at=at(4, 0, 0),
            ends_at=at(4, 2, 0),
        ),
        "nacht": make_event(
            organiser=other,
            title="Lange Nacht",
            starts_at=at(1, 20, 0),
            ends_at=at(2, 0, 30),
        ),
        "sued": make_event(
            organiser=other,
            title="Praktikumsbörse Süd",
            kind=Event.Kind.INTERNSHIP_FAIR,
            starts_at=at(10, 10),
            ends_at=at(10, 16),
            grade_min=9,
            grade_max=10,
        ),
        "abgesagt": make_event(
            organiser=school,
            title="Elternabend Nord",
            kind=Event.Kind.PARENTS_EVENING,
            starts_at=at(5, 19),
            ends_at=at(5, 21),
            status=Event.Status.CANCELLED,
            grade_min=5,
            grade_max=8,
        ),
        "wartet": make_event(
            organiser=school, title="Wartet", starts_at=at(6, 9), status=Event.Status.REVIEW
        ),
    }
    now = timezone.now()
    events["vorbei"] = make_event(
        organiser=school,
        title="Vorbei",
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(days=3, hours=-2),
    )
    return events


_rows, calendar = fixture_built_once("calendar", _build_calendar)


def titles(client, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    return [event.title for event in response.context["events"]]


def counts(response, name):
    return [
        (value, count, selected) for value, _l, count, selected in response.context["facets"][name]
    ]


def counted(response, name):
    return {value: count for value, count, _selected in counts(response, name) if count}


UPCOMING = [
    "Lange Nacht",
    "Frühstart",
    "Spätschicht",
    "Mitternachtslauf",
    "Elternabend Nord",
    "Praktikumsbörse Süd",
]


def test_event_list_lists_public_upcoming_events_by_start(client, calendar):
    assert titles(client, {}) == UPCOMING


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # "bis" includes its whole day, to the last minute, and not a minute of the next one.
        ({"bis": "2027-03-03"}, ["Lange Nacht", "Frühstart", "Spätschicht"]),
        ({"bis": "2027-03-02"}, ["Lange Nacht"]),
        # By its start: an event running past midnight belongs to the day it starts.
        ({"bis": "2027-03-01"}, ["Lange Nacht"]),
        ({"bis": "2027-02-28"}, []),
        ({"bis": "2027-03-04"}, ["Lange Nacht", "Frühstart", "Spätschicht", "Mitternachtslauf"]),
        # "von" includes what is still running on that day (ends then, or starts then).
        ({"von": "2027-03-02"}, UPCOMING),
        ({"von": "2027-03-03"}, UPCOMING[1:]),
        ({"von": "2027-03-04"}, UPCOMING[3:]),
        ({"von": "2027-03-05"}, UPCOMING[4:]),
        ({"von": "2027-03-03", "bis": "2027-03-03"}, ["Frühstart", "Spätschicht"]),
        ({"von": "2027-03-04", "bis": "2027-03-04"}, ["Mitternachtslauf"]),
        ({"von": "2027-03-10", "bis": "2027-03-10"}, ["Praktikumsbörse Süd"]),
        ({"von": "2027-03-11"}, []),
    ],
)
def test_event_date_filters_have_exact_day_boundaries(client, calendar, params, expected):
    assert titles(client, params) == expected


def test_event_list_from_a_past_day_shows_past_events_too(client, calendar):
    past = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    assert titles(client, {"von": past}) == ["Vorbei", *UPCOMING]


def test_event_until_without_from_still_hides_past_events(client, calendar):
    assert titles(client, {"bis": "2027-03-02"}) == ["Lange Nacht"]
    today = timezone.localdate().isoformat()
    assert titles(client, {"bis": today}) == []


@pytest.mark.parametrize(
    ("grade", "expected"),
    [
        ("5", ["Lange Nacht", "Frühstart", "Spätschicht", "Mitternachtslauf", "Elternabend Nord"]),
        ("8", ["Lange Nacht", "Frühstart", "Spätschicht", "Mitternachtslauf", "Elternabend Nord"]),
        (
            "9",
            ["Lange Nacht", "Frühstart", "Spätschicht", "Mitternachtslauf", "Praktikumsbörse Süd"],
        ),
        ("11", ["Lange Nacht", "Frühstart", "Spätschicht", "Mitternachtslauf"]),
    ],
)
def test_event_grade_filter_has_inclusive_limits(client, calendar, grade, expected):
    assert titles(client, {"jahrgang": grade}) == expected


def test_event_list_same_day_from_and_until_is_valid(client, calendar):
    response = client.get(URL, {"von": "2027-03-03", "bis": "2027-03-03"})
    assert response.context["form"].errors == {}
    response = client.get(URL, {"von": "2027-03-04", "bis": "2027-03-03"})
    assert response.context["form"].errors == {
        "bis": ["Das Datum „bis“ liegt vor dem Datum „von“."]
    }


def test_event_facets_without_filters(client, calendar):
    response = client.get(URL)
    assert counts(response, "region") == [("nordkreis", 4, False), ("suedkreis", 2, False)]
    assert counted(response, "art") == {
        "berufsinformationstag": 2,
        "fachtag": 2,
        "elternabend-bo": 1,
        "praktikumsboerse": 1,
    }


def test_event_facets_leave_out_only_their_own_filter(client, calendar):
    response = client.get(URL, {"region": "nordkreis", "art": "berufsinformationstag"})
    assert [event.title for event in response.context["events"]] == ["Frühstart"]
    # Regions counted with the kind applied, kinds with the region applied.
    assert counts(response, "region") == [("nordkreis", 1, True), ("suedkreis", 1, False)]
    assert counted(response, "art") == {
        "berufsinformationstag": 1,
        "fachtag": 2,
        "elternabend-bo": 1,
    }
    selected = [value for value, _count, chosen in counts(response, "art") if chosen]
    assert selected == ["berufsinformationstag"]


def test_event_facets_apply_the_dates_and_grade(client, calendar):
    response = client.get(URL, {"art": "fachtag", "bis": "2027-03-03"})
    assert counts(response, "region") == [("nordkreis", 1, False), ("suedkreis", 0, False)]
    assert counted(response, "art") == {"berufsinformationstag": 2, "fachtag": 1}
    response = client.get(URL, {"region": "suedkreis", "jahrgang": "9"})
    assert counts(response, "region") == [("nordkreis", 3, False), ("suedkreis", 2, True)]
    assert counted(response, "art") == {"berufsinformationstag": 1, "praktikumsboerse": 1}
    past = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    response = client.get(URL, {"von": past, "region": "nordkreis"})
    assert counts(response, "region") == [("nordkreis", 5, True), ("suedkreis", 2, False)]


def test_event_from_lists_an_open_ended_event_starting_at_midnight(client, calendar):
    make_event(
        organiser=calendar["frueh"].organiser,
        title="Ab Mitternacht",
        starts_at=at(12, 0, 0),
        ends_at=None,
    )
    assert titles(client, {"von": "2027-03-12"}) == ["Ab Mitternacht"]
    assert titles(client, {"von": "2027-03-13"}) == []
    assert titles(client, {"bis": "2027-03-11", "von": "2027-03-10"}) == ["Praktikumsbörse Süd"]


def test_event_from_leaves_out_an_event_that_ended_at_its_midnight(client, calendar):
    make_event(
        organiser=calendar["frueh"].organiser,
        title="Bis Mitternacht",
        starts_at=at(8, 20, 0),
        ends_at=at(9, 0, 0),
    )
    assert titles(client, {"von": "2027-03-08", "bis": "2027-03-09"}) == ["Bis Mitternacht"]
    assert titles(client, {"von": "2027-03-09", "bis": "2027-03-09"}) == []


def test_event_kind_facet_counts_zero_for_kinds_without_events(client, calendar):
    """Every kind is offered, those without an event with the number 0."""
    response = client.get(URL, {"region": "suedkreis"})
    present = {"berufsinformationstag": 1, "praktikumsboerse": 1}
    assert counts(response, "art") == [
        (value, present.get(value, 0), False) for value, _label in Event.Kind.choices
    ]
    assert [count for _v, count, _s in counts(response, "art")].count(0) == len(
        Event.Kind.choices
    ) - 2


def test_event_facets_cost_at_most_three_queries_however_many_regions(
    calendar, django_assert_max_num_queries
):
    """The counts per region and per kind, and the regions with their slugs and names."""
    for n in range(4):
        make_region(name=f"Region {n}", slug=f"region-{n}")
    filterset = EventFilter({"art": "fachtag"}, queryset=public_events())
    with django_assert_max_num_queries(3):
        facets = filterset.facets()
    assert [(slug, label) for slug, label, _n, _s in facets["region"]] == [
        ("nordkreis", "Nordkreis"),
        *((f"region-{n}", f"Region {n}") for n in range(4)),
        ("suedkreis", "Südkreis"),
    ]


def test_event_of_no_length_at_midnight_belongs_to_its_day(client, calendar):
    """Starting and ending at midnight: listed on that day, not on the day before."""
    make_event(
        organiser=calendar["frueh"].organiser,
        title="Punkt Mitternacht",
        starts_at=at(12, 0, 0),
        ends_at=at(12, 0, 0),
    )
    assert titles(client, {"von": "2027-03-12", "bis": "2027-03-12"}) == ["Punkt Mitternacht"]
    assert titles(client, {"von": "2027-03-11", "bis": "2027-03-11"}) == []
    assert titles(client, {"von": "2027-03-13"}) == []
