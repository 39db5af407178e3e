import json
import re

import pytest

from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    north = make_region(name="Nordkreis", slug="nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis")
    stade = make_municipality(
        north, name="Stade", slug="stade", postcode="21682", latitude=53.599, longitude=9.476
    )
    jork = make_municipality(
        north, name="Jork", slug="jork", postcode="21635", latitude=53.531, longitude=9.687
    )
    hameln = make_municipality(
        south, name="Hameln", slug="hameln", postcode="31785", latitude=52.103, longitude=9.356
    )

    def at(m):
        return {"municipality": m, "latitude": m.latitude, "longitude": m.longitude, "city": m.name}

    return {
        "vhs": make_actor(north, name="Kreisvolkshochschule Stade", kind="vhs", **at(stade)),
        "kita": make_actor(north, name="Kita Kirschblüte Jork", kind="kita", **at(jork)),
        "school": make_actor(south, name="Oberschule Hameln", kind="oberschule", **at(hameln)),
        "hidden": make_actor(
            north, name="Interne Stelle", kind="behoerde", is_public=False, **at(stade)
        ),
        "stade": stade,
    }


def names(response):
    return [actor.name for actor in response.context["actors"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Kita Kirschblüte Jork", "Kreisvolkshochschule Stade", "Oberschule Hameln"]),
        ({"region": "nordkreis"}, ["Kita Kirschblüte Jork", "Kreisvolkshochschule Stade"]),
        ({"art": "oberschule"}, ["Oberschule Hameln"]),
        ({"q": "Kitas"}, ["Kita Kirschblüte Jork"]),
        ({"q": "Volkshochschule"}, ["Kreisvolkshochschule Stade"]),
        ({"plz": "21682", "umkreis": "5"}, ["Kreisvolkshochschule Stade"]),
        (
            {"plz": "21682", "umkreis": "25"},
            ["Kreisvolkshochschule Stade", "Kita Kirschblüte Jork"],
        ),
    ],
)
def test_actor_list_filters(client, actors, params, expected):
    assert names(client.get("/akteure/", params)) == expected


def test_actor_list_municipality_filter_and_counts(client, actors):
    response = client.get("/akteure/", {"region": "nordkreis", "gemeinde": actors["stade"].pk})
    assert names(response) == ["Kreisvolkshochschule Stade"]
    kinds = {value: count for value, _label, count, _s in response.context["facets"]["art"]}
    assert (kinds["vhs"], kinds["kita"], kinds["oberschule"]) == (1, 0, 0)
    regions = [(value, count) for value, _label, count, _s in response.context["facets"]["region"]]
    assert regions == [("nordkreis", 1), ("suedkreis", 0)]


def test_actor_detail_shows_offers_events_and_organisation_json_ld(client, actors):
    vhs = actors["vhs"]
    offer = make_offer(provider=vhs, title="Englisch für Anfänger")
    event = make_event(organiser=actors["school"], title="Berufsinformationstag")
    event.co_organisers.add(vhs)
    response = client.get(vhs.get_absolute_url())
    assert [card.url for card in response.context["offers"]] == [offer.get_absolute_url()]
    assert response.context["events"] == [event]
    body = response.content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    )
    assert data["@type"] == "EducationalOrganization"
    assert data["name"] == "Kreisvolkshochschule Stade"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 53.599, "longitude": 9.476}


def test_hidden_actor_has_no_page(client, actors):
    assert client.get(actors["hidden"].get_absolute_url()).status_code == 404


def test_actor_list_query_count_is_fixed(client, actors, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as small:
        client.get("/akteure/", {"region": "nordkreis"})
    for i in range(25):
        make_actor(
            actors["vhs"].region,
            name=f"Verein {i:02d}",
            kind="verein",
            municipality=actors["stade"],
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/akteure/", {"region": "nordkreis"})
