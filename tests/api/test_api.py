"""The open data API (api/): it lists what the pages list, for the same filters and in the same
order, in pages; only public entries; ETag and 304, CORS, the rate limit, the schema.

Every test runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://…).
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from actors.models import Actor
from api.docs import openapi_schema
from bildungsregion import throttle
from careers.models import Place
from offers.models import Event, Offer
from offers.search import refresh_search_index
from tests.conftest import fixture_built_once
from tests.factories import (
    make_actor,
    make_event,
    make_municipality,
    make_offer,
    make_place,
    make_region,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def _build():
    """Two regions with offers, events, actors and places, and of each kind entries the public
    must never see: drafts, ended ones, a hidden actor."""
    north = make_region(name="Nordkreis", slug="nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis")
    stade = make_municipality(
        north, name="Stade", slug="stade", postcode="21682", latitude=53.60, longitude=9.48
    )
    buxtehude = make_municipality(
        north, name="Buxtehude", slug="buxtehude", postcode="21614", latitude=53.47, longitude=9.70
    )
    hameln = make_municipality(
        south, name="Hameln", slug="hameln", postcode="31785", latitude=52.10, longitude=9.36
    )
    vhs = make_actor(north, name="Kreisvolkshochschule Stade", municipality=stade)
    club = make_actor(
        north, name="Musikverein Buxtehude", kind=Actor.Kind.ASSOCIATION, municipality=buxtehude
    )
    school = make_actor(south, name="Schule Hameln", kind="oberschule", municipality=hameln)
    hidden = make_actor(
        south, name="Verborgener Verein", kind=Actor.Kind.ASSOCIATION, is_public=False
    )
    today = timezone.localdate()
    offers = {
        "sprachkurs": make_offer(
            provider=vhs,
            title="Sprachkurs Deutsch",
            summary="Für Zugewanderte, Stufe A1.",
            municipality=stade,
            topics=["sprache-und-lesen"],
            is_free=True,
            contact_email="kurse@vhs-stade.example",
        ),
        "integration": make_offer(
            provider=vhs,
            title="Integrationskurs mit Kinderbetreuung",
            summary="600 Stunden.",
            municipality=buxtehude,
            life_stages=["familie-und-eltern"],
        ),
        "gitarre": make_offer(
            provider=club,
            title="Gitarrenunterricht für Anfänger",
            summary="Einzelstunden am Nachmittag.",
            municipality=buxtehude,
            topics=["mint"],
            is_free=True,
        ),
        "schwimmen": make_offer(
            provider=school,
            title="Schwimmkurse für Kinder",
            summary="Seepferdchen in zehn Stunden.",
            municipality=hameln,
            life_stages=["fruehe-kindheit"],
            topics=["mint"],
        ),
        "verborgen": make_offer(
            provider=hidden, title="Offener Treff", summary="Jeden Montag.", municipality=hameln
        ),
    }
    never = {
        "draft": make_offer(
            provider=vhs, title="Sprachkurs Entwurf", status=Offer.Status.DRAFT, municipality=stade
        ),
        "ended": make_offer(
            provider=vhs,
            title="Sprachkurs von gestern",
            valid_until=today - datetime.timedelta(days=1),
            municipality=stade,
        ),
    }
    soon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    events = {
        "messe": make_event(
            organiser=school,
            title="Berufsmesse Hameln",
            municipality=hameln,
            starts_at=soon + datetime.timedelta(days=3),
        ),
        "tag": make_event(
            organiser=vhs,
            title="Tag der offenen Tür",
            municipality=stade,
            starts_at=soon + datetime.timedelta(days=5),
            offer=never["draft"],
        ),
        "abgesagt": make_event(
            organiser=club,
            title="Konzert abgesagt",
            municipality=buxtehude,
            starts_at=soon + datetime.timedelta(days=8),
            status=Event.Status.CANCELLED,
            offer=offers["gitarre"],
        ),
    }
    never["event-draft"] = make_event(
        organiser=vhs, title="Entwurf", status=Event.Status.DRAFT, municipality=stade
    )
    never["event-past"] = make_event(
        organiser=vhs,
        title="Vorbei",
        municipality=stade,
        starts_at=soon - datetime.timedelta(days=9),
    )
    places = {
        "praktikum": make_place(
            actor=school,
            title="Schülerpraktikum Küche",
            municipality=hameln,
            contact_name="Frau Koch",
        ),
        "ausbildung": make_place(
            actor=vhs,
            title="Ausbildung Kaufleute für Büromanagement",
            kind=Place.Kind.APPRENTICESHIP,
            municipality=stade,
        ),
    }
    never["place-draft"] = make_place(
        actor=vhs, title="Praktikum Entwurf", status=Place.Status.DRAFT, municipality=stade
    )
    never["place-ended"] = make_place(
        actor=vhs,
        title="Praktikum beendet",
        valid_until=today - datetime.timedelta(days=1),
        municipality=stade,
    )
    refresh_search_index(Offer)
    return {
        "regions": {"north": north, "south": south},
        "actors": {"vhs": vhs, "club": club, "school": school, "hidden": hidden},
        "offers": offers,
        "events": events,
        "places": places,
        "never": never,
    }


_rows, catalogue = fixture_built_once("catalogue", _build)


def _api(path, params=None, **headers):
    response = Client().get(API + path, params or {}, **headers)
    return response


def _slugs_of_page(url, params, context_name):
    """The slugs the list page shows, in its order (the cards' addresses or its entries)."""
    response = Client().get(url, params)
    assert response.status_code == 200
    entries = response.context[context_name]
    if context_name == "cards":
        return [card.url.rstrip("/").rsplit("/", 1)[1] for card in entries]
    return [entry.slug for entry in entries]


def _slugs_of_api(path, params):
    response = _api(path, params)
    assert response.status_code == 200, response.content
    return [entry["slug"] for entry in response.json()["ergebnisse"]]


OFFER_QUERIES = [
    {},
    {"q": "Kurse"},  # inflected: "Sprachkurs", "Integrationskurs", "Schwimmkurse"
    {"q": "Deutschkurs"},  # a compound: deutsch + kurs, and the thesaurus
    {"q": "Volkshochschule"},  # part of the provider's "Kreisvolkshochschule"
    {"region": "nordkreis"},
    {"region": "nordkreis", "thema": "mint"},
    {"kosten": "kostenlos"},
    {"lebensphase": "fruehe-kindheit"},
    {"sortierung": "a-z"},
    {"plz": "21682", "umkreis": "30"},
    {"plz": "21682", "umkreis": "30", "sortierung": "a-z"},
    {"breite": "52.1", "laenge": "9.36", "umkreis": "10"},
]


@pytest.mark.parametrize("params", OFFER_QUERIES)
def test_offers_list_what_the_offer_list_shows_in_its_order(catalogue, params):
    expected = _slugs_of_page("/angebote/", params, "cards")
    assert _slugs_of_api("angebote/", params) == expected
    assert expected  # each combination finds something, so the comparison says something


def test_offer_searches_find_the_inflected_and_compound_words(catalogue):
    slugs = {key: offer.slug for key, offer in catalogue["offers"].items()}
    assert sorted(_slugs_of_api("angebote/", {"q": "Kurse"})) == sorted(
        [slugs["sprachkurs"], slugs["integration"], slugs["schwimmen"]]
    )
    assert sorted(_slugs_of_api("angebote/", {"q": "Deutschkurs"})) == sorted(
        [slugs["sprachkurs"], slugs["integration"]]
    )


def test_radius_search_lists_the_nearest_first_with_its_distance(catalogue):
    response = _api("angebote/", {"plz": "21682", "umkreis": "30"})
    entries = response.json()["ergebnisse"]
    offers = catalogue["offers"]
    # Stade itself, then the two in Buxtehude (20.5 km) by title.
    assert [e["slug"] for e in entries] == [
        offers["sprachkurs"].slug,
        offers["gitarre"].slug,
        offers["integration"].slug,
    ]
    assert [e["entfernung_km"] for e in entries] == [0.0, 20.5, 20.5]
    assert _api("angebote/")["Content-Type"] == "application/json"
    assert _api("angebote/").json()["ergebnisse"][0]["entfernung_km"] is None


@pytest.mark.parametrize(
    "params",
    [{}, {"region": "nordkreis"}, {"art": "berufsinformationstag"}, {"plz": "31785"}],
)
def test_events_list_what_the_event_list_shows(catalogue, params):
    expected = _slugs_of_page("/veranstaltungen/", params, "events")
    assert _slugs_of_api("veranstaltungen/", params) == expected
    assert expected


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "Volkshochschule"}, {"region": "nordkreis"}, {"art": "verein"}, {"plz": "21682"}],
)
def test_actors_list_what_the_actor_list_shows(catalogue, params):
    expected = _slugs_of_page("/akteure/", params, "actors")
    assert _slugs_of_api("akteure/", params) == expected
    assert expected


@pytest.mark.parametrize(
    "params", [{}, {"art": "ausbildung"}, {"region": "suedkreis"}, {"q": "Küche"}, {"plz": "21682"}]
)
def test_places_list_what_the_place_list_shows(catalogue, params):
    expected = _slugs_of_page("/ausbildung-und-praktikum/", params, "places")
    assert _slugs_of_api("plaetze/", params) == expected
    assert expected


def test_regions_are_listed_by_name_with_their_office(catalogue):
    data = _api("regionen/").json()
    assert [r["slug"] for r in data["ergebnisse"]] == ["nordkreis", "suedkreis"]
    north = data["ergebnisse"][0]
    assert north["url"] == "http://testserver/regionen/nordkreis/"
    assert north["bildungsbuero"]["name"] == "Bildungsbüro"
    detail = _api(f"regionen/{north['id']}/").json()
    assert detail == north


def test_lists_come_in_pages(catalogue):
    first = _api("angebote/", {"pro_seite": 2, "sortierung": "a-z"}).json()
    assert first["anzahl"] == 5
    assert first["seite"] == 1
    assert first["seiten"] == 3
    assert first["vorherige"] is None
    assert (
        first["naechste"] == "http://testserver/api/v1/angebote/?pro_seite=2&seite=2&sortierung=a-z"
    )
    last = _api("angebote/", {"pro_seite": 2, "sortierung": "a-z", "seite": 3}).json()
    everything = _slugs_of_api("angebote/", {"sortierung": "a-z"})
    second = _slugs_of_api("angebote/", {"pro_seite": 2, "sortierung": "a-z", "seite": 2})
    assert [e["slug"] for e in first["ergebnisse"]] + second + [
        e["slug"] for e in last["ergebnisse"]
    ] == everything
    beyond = _api("angebote/", {"seite": 9})
    assert beyond.status_code == 404
    assert beyond.json() == {"detail": "Ungültige Seite."}


def test_an_invalid_filter_is_refused_with_the_forms_german_message(catalogue):
    response = _api("angebote/", {"plz": "123", "thema": "gibt-es-nicht"})
    assert response.status_code == 400
    body = response.json()
    assert body["plz"] == ["Bitte geben Sie eine fünfstellige Postleitzahl ein."]
    assert body["thema"][0].startswith("Für „Thema“ gibt es diese Auswahl nicht.")


def test_only_public_entries_leave_the_portal(catalogue):
    never = catalogue["never"]
    offers = _api("angebote/", {"pro_seite": 100}).json()["ergebnisse"]
    assert sorted(o["id"] for o in offers) == sorted(o.pk for o in catalogue["offers"].values())
    events = _api("veranstaltungen/").json()["ergebnisse"]
    assert sorted(e["id"] for e in events) == sorted(e.pk for e in catalogue["events"].values())
    actors = _api("akteure/").json()["ergebnisse"]
    public_actors = Actor.objects.filter(is_public=True)
    assert sorted(a["id"] for a in actors) == sorted(public_actors.values_list("pk", flat=True))
    assert catalogue["actors"]["hidden"].pk not in [a["id"] for a in actors]
    places = _api("plaetze/").json()["ergebnisse"]
    assert sorted(p["id"] for p in places) == sorted(p.pk for p in catalogue["places"].values())
    for path, entry in [
        ("angebote", never["draft"]),
        ("angebote", never["ended"]),
        ("veranstaltungen", never["event-draft"]),
        ("akteure", catalogue["actors"]["hidden"]),
        ("plaetze", never["place-draft"]),
        ("plaetze", never["place-ended"]),
    ]:
        assert _api(f"{path}/{entry.pk}/").status_code == 404, (path, entry)


def test_a_hidden_actor_is_named_but_neither_numbered_nor_linked(catalogue):
    offer = catalogue["offers"]["verborgen"]
    data = _api(f"angebote/{offer.pk}/").json()
    assert data["anbieter"] == {"id": None, "name": "Verborgener Verein", "url": None}


def test_an_event_links_its_offer_only_if_that_is_public(catalogue):
    events, offers = catalogue["events"], catalogue["offers"]
    of_draft = _api(f"veranstaltungen/{events['tag'].pk}/").json()
    assert of_draft["angebot"] is None
    cancelled = _api(f"veranstaltungen/{events['abgesagt'].pk}/").json()
    assert cancelled["abgesagt"] is True
    assert cancelled["angebot"] == {
        "id": offers["gitarre"].pk,
        "titel": "Gitarrenunterricht für Anfänger",
        "url": f"http://testserver/angebote/{offers['gitarre'].slug}/",
    }


def test_an_offer_carries_its_id_its_page_and_what_its_page_shows(catalogue):
    offer = catalogue["offers"]["sprachkurs"]
    vhs = catalogue["actors"]["vhs"]
    data = _api(f"angebote/{offer.pk}/").json()
    assert data["id"] == offer.pk
    assert data["url"] == f"http://testserver/angebote/{offer.slug}/"
    assert data["titel"] == "Sprachkurs Deutsch"
    assert data["anbieter"] == {
        "id": vhs.pk,
        "name": "Kreisvolkshochschule Stade",
        "url": f"http://testserver/akteure/{vhs.slug}/",
    }
    assert data["region"]["slug"] == "nordkreis"
    assert data["gemeinde"]["name"] == "Stade"
    assert data["themen"] == [{"slug": "sprache-und-lesen", "name": "Sprache und Lesen"}]
    assert data["kostenlos"] is True
    assert data["kontakt_email"] == "kurse@vhs-stade.example"
    assert set(data) == set(_api("angebote/").json()["ergebnisse"][0])


def test_an_unchanged_answer_is_304_and_a_change_gives_a_new_etag(catalogue):
    first = _api("angebote/", {"region": "nordkreis"})
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 42
    again = _api("angebote/", {"region": "nordkreis"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # Compressed answers carry the weak form (GZipMiddleware); it names the same content.
    weak = _api("angebote/", {"region": "nordkreis"}, HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert weak.status_code == 304
    other_filter = _api("angebote/", {"region": "suedkreis"}, HTTP_IF_NONE_MATCH=etag)
    assert other_filter.status_code == 200
    make_offer(provider=catalogue["actors"]["vhs"], title="Neues Angebot")
    changed = _api("angebote/", {"region": "nordkreis"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Neues Angebot" in [o["titel"] for o in changed.json()["ergebnisse"]]


def test_a_304_asks_the_database_nothing(catalogue, django_assert_num_queries):
    etag = _api("veranstaltungen/")["ETag"]
    with django_assert_num_queries(0):
        assert _api("veranstaltungen/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_api_allows_any_origin_and_the_pages_do_not(catalogue):
    for path in ["", "angebote/", "regionen/", "schema/", "angebote/999999/"]:
        response = _api(path, HTTP_ORIGIN="https://gemeinde.example")
        assert response["Access-Control-Allow-Origin"] == "*", path
    assert "Access-Control-Allow-Origin" not in Client().get("/angebote/")
    preflight = Client().options(
        API + "angebote/",
        HTTP_ORIGIN="https://gemeinde.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Headers"] == "If-None-Match, If-Modified-Since"


def test_the_api_reads_only(catalogue):
    response = Client().post(API + "angebote/", {"titel": "x"})
    assert response.status_code == 405
    assert Offer.objects.filter(title="x").count() == 0


def test_too_many_requests_are_refused_with_429_and_retry_after(catalogue, settings):
    settings.API_LIMIT_PER_CLIENT = 3
    for _i in range(3):
        assert _api("regionen/").status_code == 200
    refused = _api("angebote/")
    assert refused.status_code == 429
    assert refused.json() == {"detail": throttle.refusal_message()}
    assert 1 <= int(refused["Retry-After"]) <= settings.THROTTLE_WINDOW_SECONDS
    # Another client is still served.
    assert Client(REMOTE_ADDR="192.0.2.7").get(API + "angebote/").status_code == 200


@pytest.mark.parametrize(
    ("path", "params", "budget"),
    [
        # count, page of keys, offers, life stages, topics, transitions
        ("angebote/", {}, 6),
        ("angebote/", {"q": "Kurse", "plz": "21682"}, 8),
        # count, keys, events, co-organisers
        ("veranstaltungen/", {}, 4),
        ("akteure/", {"q": "Volkshochschule"}, 3),
        ("plaetze/", {}, 3),
        ("regionen/", {}, 2),
    ],
)
def test_each_list_answers_in_a_fixed_number_of_queries(
    catalogue, django_assert_max_num_queries, path, params, budget
):
    _api(path, params)  # cached values (thesaurus, facet names) as in a running portal
    with django_assert_max_num_queries(budget):
        response = _api(path, {**params, "pro_seite": 100})
    assert response.status_code == 200
    assert response.json()["anzahl"] >= 1


def test_the_schema_is_valid_openapi_3_and_names_the_filters(catalogue):
    schema = openapi_schema()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/angebote/"]["get"]["parameters"]}
    assert set(parameters) == {
        "q",
        "region",
        "gemeinde",
        "lebensphase",
        "thema",
        "uebergang",
        "lernform",
        "kosten",
        "format",
        "alter",
        "barrierefrei",
        "sortierung",
        "plz",
        "umkreis",
        "breite",
        "laenge",
        "seite",
        "pro_seite",
    }
    assert parameters["sortierung"]["schema"]["enum"] == ["a-z", "entfernung", "neu", "relevanz"]
    assert set(schema["paths"]) == {
        f"/api/v1/{name}/{tail}"
        for name in ["angebote", "veranstaltungen", "akteure", "regionen", "plaetze"]
        for tail in ["", "{id}/"]
    }
    served = _api("schema/", {"format": "json"})
    assert served.status_code == 200
    assert served.json()["paths"].keys() == schema["paths"].keys()


def test_the_schema_leaves_the_lists_german_choice_errors_as_they_are(client, catalogue):
    # drf-spectacular builds the form fields of the lists' FilterSets for the schema; the
    # pages' FilterSets still give their own message for a wrong choice afterwards.
    openapi_schema()
    response = client.get("/angebote/", {"lernform": "unbekannt"})
    assert response.context["form"].errors == {
        "lernform": [
            "Für „Lernform“ gibt es diese Auswahl nicht. Möglich sind: formal, non-formal, "
            "informell."
        ]
    }


def test_the_documentation_page_is_rendered_from_the_schema(catalogue):
    response = Client().get(API + "dokumentation/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<code>GET /api/v1/angebote/</code>" in html
    assert "<code>entfernung_km</code>" in html
    assert 'id="objekt-RegionRef"' in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "<script>" not in html and "style=" not in html


def test_the_index_names_the_collections(catalogue):
    assert _api("").json() == {
        "angebote": "http://testserver/api/v1/angebote/",
        "veranstaltungen": "http://testserver/api/v1/veranstaltungen/",
        "akteure": "http://testserver/api/v1/akteure/",
        "regionen": "http://testserver/api/v1/regionen/",
        "plaetze": "http://testserver/api/v1/plaetze/",
        "schema": "http://testserver/api/v1/schema/",
        "dokumentation": "http://testserver/api/v1/dokumentation/",
    }


def test_the_api_answers_in_german_whatever_the_browser_asks(catalogue):
    offer = catalogue["offers"]["sprachkurs"]
    data = _api(f"angebote/{offer.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert data["themen"] == [{"slug": "sprache-und-lesen", "name": "Sprache und Lesen"}]
    assert data["lernform_name"] == Offer.Setting.NON_FORMAL.label
    schema = _api("schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert schema["paths"]["/api/v1/angebote/"]["get"]["tags"] == ["Angebote"]


def test_the_api_stays_out_of_the_page_cache(catalogue, settings):
    """Every request counts for the rate limit; repeats are cheap with the ETag instead."""
    settings.PAGE_CACHE_SECONDS = 300
    for _i in range(2):
        response = _api("angebote/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert Client().get("/angebote/")["X-Page-Cache"] == "miss"


def test_head_answers_like_get_without_a_body(catalogue):
    head = Client().head(API + "regionen/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == _api("regionen/")["ETag"]


def test_every_page_links_the_documentation_in_its_footer(catalogue):
    html = Client().get("/angebote/").content.decode()
    footer = html.split('<footer class="portal-footer">', 1)[1]
    assert '<a href="/api/v1/dokumentation/">Offene Daten: die Schnittstelle (API)</a>' in footer
