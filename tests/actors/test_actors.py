import json
import re

import pytest

from actors.filters import ActorFilter
from actors.models import Actor
from tests.conftest import fixture_built_once
from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db


def _build_actors():
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


_rows, actors = fixture_built_once("actors", _build_actors)


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


@pytest.fixture
def directory(actors):
    """The actors fixture plus a club in Stade and a VHS in the south."""
    north, south = actors["vhs"].region, actors["school"].region
    club = make_actor(north, name="Sportverein Stade", kind="verein", municipality=actors["stade"])
    hameln = actors["school"].municipality
    south_vhs = make_actor(south, name="VHS Hameln", kind="vhs", municipality=hameln)
    return {**actors, "club": club, "south_vhs": south_vhs}


def counts(response, name):
    return [
        (value, count, selected) for value, _l, count, selected in response.context["facets"][name]
    ]


def counted(response, name):
    return {value: count for value, count, _selected in counts(response, name) if count}


def test_actor_facets_without_filters_count_public_actors(client, directory):
    response = client.get("/akteure/")
    assert counts(response, "region") == [("nordkreis", 3, False), ("suedkreis", 2, False)]
    assert counted(response, "art") == {"vhs": 2, "kita": 1, "verein": 1, "oberschule": 1}
    assert "gemeinde" not in response.context["facets"]


def test_actor_facets_leave_out_only_their_own_filter(client, directory):
    response = client.get("/akteure/", {"region": "nordkreis", "art": "vhs"})
    assert names(response) == ["Kreisvolkshochschule Stade"]
    # Regions counted with the kind applied, kinds with the region applied.
    assert counts(response, "region") == [("nordkreis", 1, True), ("suedkreis", 1, False)]
    assert counted(response, "art") == {"vhs": 1, "kita": 1, "verein": 1}
    assert [value for value, _c, chosen in counts(response, "art") if chosen] == ["vhs"]
    # Places of the chosen region, counted with the kind applied.
    assert [(label, n, s) for _v, label, n, s in response.context["facets"]["gemeinde"]] == [
        ("Jork", 0, False),
        ("Stade", 1, False),
    ]


def test_actor_municipality_facet_leaves_out_the_municipality(client, directory):
    response = client.get("/akteure/", {"region": "nordkreis", "gemeinde": directory["stade"].pk})
    assert names(response) == ["Kreisvolkshochschule Stade", "Sportverein Stade"]
    assert [(label, n, s) for _v, label, n, s in response.context["facets"]["gemeinde"]] == [
        ("Jork", 1, False),
        ("Stade", 2, True),
    ]
    assert counted(response, "art") == {"vhs": 1, "verein": 1}
    assert counts(response, "region") == [("nordkreis", 2, True), ("suedkreis", 0, False)]


def test_actor_facets_apply_the_search(client, directory):
    # "Volkshochschule" is the kind of both VHS (the name of neither).
    response = client.get("/akteure/", {"q": "Volkshochschule", "region": "suedkreis"})
    assert names(response) == ["VHS Hameln"]
    assert counts(response, "region") == [("nordkreis", 1, False), ("suedkreis", 1, True)]
    assert counted(response, "art") == {"vhs": 1}


def test_actor_search_ranks_name_above_kind(client, directory):
    """'Volkshochschule' in a name ranks above the same word as the kind only: the word
    itself first, then as the part of "Kreisvolkshochschule" (parts weigh one section less),
    then its abbreviation "VHS" by the thesaurus."""
    make_actor(directory["vhs"].region, name="Abendschule", kind="vhs")
    make_actor(directory["vhs"].region, name="Volkshochschule Freunde", kind="verein")
    response = client.get("/akteure/", {"q": "Volkshochschule"})
    assert names(response) == [
        "Volkshochschule Freunde",
        "Kreisvolkshochschule Stade",
        "VHS Hameln",
        "Abendschule",
    ]


def test_actor_list_postcode_without_radius_searches_ten_km(client, actors):
    """Jork is about 16 km from the centre of 21682 Stade: outside the default 10 km."""
    assert names(client.get("/akteure/", {"plz": "21682"})) == ["Kreisvolkshochschule Stade"]
    assert names(client.get("/akteure/", {"plz": "21682", "umkreis": "20"})) == [
        "Kreisvolkshochschule Stade",
        "Kita Kirschblüte Jork",
    ]


def test_actor_list_by_distance_orders_actors_at_one_place_by_name(client, actors):
    """Two actors at the same spot are equally far: the earlier name comes first, whichever
    was entered first."""
    stade = actors["stade"]
    make_actor(
        stade.region,
        name="Abendschule Stade",
        municipality=stade,
        latitude=stade.latitude,
        longitude=stade.longitude,
    )
    assert names(client.get("/akteure/", {"plz": "21682", "umkreis": "25"})) == [
        "Abendschule Stade",
        "Kreisvolkshochschule Stade",
        "Kita Kirschblüte Jork",
    ]


def test_actor_municipality_facet_links_each_place_by_its_id(client, directory):
    response = client.get("/akteure/", {"region": "nordkreis"})
    jork = directory["kita"].municipality
    assert counts(response, "gemeinde") == [
        (str(jork.pk), 1, False),
        (str(directory["stade"].pk), 2, False),
    ]


def test_actor_facets_cost_at_most_five_queries_however_many_regions_and_places(
    directory, django_assert_max_num_queries
):
    """Counts per region, kind and place, the regions and the region's places."""
    north = directory["vhs"].region
    for n in range(4):
        make_region(name=f"Region {n}", slug=f"region-{n}")
        make_municipality(north, name=f"Ort {n}", slug=f"ort-{n}")
    filterset = ActorFilter({"region": "nordkreis"}, queryset=Actor.objects.public())
    assert filterset.errors == {}  # looks the region up
    with django_assert_max_num_queries(5):
        facets = filterset.facets()
    assert [(slug, label) for slug, label, _n, _s in facets["region"]] == [
        ("nordkreis", "Nordkreis"),
        *((f"region-{n}", f"Region {n}") for n in range(4)),
        ("suedkreis", "Südkreis"),
    ]
    assert [label for _v, label, _n, _s in facets["gemeinde"]] == [
        "Jork",
        *(f"Ort {n}" for n in range(4)),
        "Stade",
    ]
