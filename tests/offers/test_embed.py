"""The lists other websites embed (/einbetten/angebote/, /einbetten/veranstaltungen/): the
same entries as the list pages for the same filters, framable by any website or by the ones
a Bildungsbüro listed, no cookie, absolute links into the top window, and the page cache."""

import re

import pytest
from django.utils import timezone

from bildungsregion.views import PAGE_SIZE
from offers.models import Event, Offer
from tests.conftest import fixture_built_once, forget_cached_content
from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

OFFERS, EVENTS = "/einbetten/angebote/", "/einbetten/veranstaltungen/"
# settings.SECURE_CSP, directive by directive, with the frame-ancestors of the case in {}.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors {}; "
    "base-uri 'self'; object-src 'none'"
)


def _build():
    north = make_region(
        name="Nordkreis",
        slug="nordkreis",
        embed_origins="https://www.gemeinde-nord.de\nHTTPS://Schule.Example:8443\n",
    )
    south = make_region(name="Südkreis", slug="suedkreis")
    town = make_municipality(north, name="Nordhafen")
    vhs = make_actor(north, name="VHS Nordkreis", municipality=town)
    school = make_actor(south, name="Oberschule Süd", kind="oberschule")
    rows = {"north": north, "south": south, "town": town}
    for n, (title, stages, free) in enumerate(
        [
            ("Deutschkurs am Abend", ["beruf-und-weiterbildung"], False),
            ("Vorlesen für Kinder", ["fruehe-kindheit"], True),
            ("Englisch für Eltern", ["familie-und-eltern", "beruf-und-weiterbildung"], True),
            ("Bewerbungstraining", ["uebergang-schule-beruf"], True),
        ]
    ):
        rows[f"offer{n}"] = make_offer(
            provider=vhs,
            title=title,
            life_stages=stages,
            is_free=free,
            municipality=town if n % 2 else None,
        )
    rows["south_offer"] = make_offer(provider=school, title="Mathe-AG", topics=["mint"])
    rows["draft"] = make_offer(provider=vhs, title="Entwurf", status=Offer.Status.DRAFT)
    now = timezone.now()
    for n, kind in enumerate([Event.Kind.CAREERS_DAY, Event.Kind.INTERNSHIP_FAIR] * 2):
        rows[f"event{n}"] = make_event(
            organiser=vhs,
            title=f"Termin {n}",
            kind=kind,
            starts_at=now + timezone.timedelta(days=3 + n),
        )
    rows["south_event"] = make_event(organiser=school, title="Tag der offenen Tür")
    return rows


_rows, landscape = fixture_built_once("landscape", _build)


def titles(cards):
    return [card.title for card in cards]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"region": "nordkreis"},
        {"region": "nordkreis", "lebensphase": "beruf-und-weiterbildung"},
        {"kosten": "kostenlos", "sortierung": "a-z"},
        {"thema": "mint"},
        {"gemeinde": "TOWN"},
        {"q": "Englisch"},
        {"region": "suedkreis", "lebensphase": "fruehe-kindheit"},
    ],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "none",
)
def test_embedded_offers_are_those_of_the_offer_list(client, landscape, params):
    params = {k: str(landscape["town"].pk) if v == "TOWN" else v for k, v in params.items()}
    listed = client.get("/angebote/", params).context["cards"]
    embedded = client.get(OFFERS, {**params, "anzahl": PAGE_SIZE}).context["cards"]
    assert titles(embedded) == titles(listed)
    assert [card.url for card in embedded] == [card.url for card in listed]


def test_embedded_offers_of_a_region_in_the_list_order(client, landscape):
    response = client.get(OFFERS, {"region": "nordkreis", "sortierung": "a-z", "anzahl": 20})
    assert titles(response.context["cards"]) == [
        "Bewerbungstraining",
        "Deutschkurs am Abend",
        "Englisch für Eltern",
        "Vorlesen für Kinder",
    ]
    assert response.context["count_label"] == "4 Angebote gefunden"


@pytest.mark.parametrize(
    "params",
    [{}, {"region": "nordkreis"}, {"art": Event.Kind.INTERNSHIP_FAIR}, {"region": "suedkreis"}],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()) or "none",
)
def test_embedded_events_are_those_of_the_event_list(client, landscape, params):
    listed = client.get("/veranstaltungen/", params).context["events"]
    embedded = client.get(EVENTS, {**params, "anzahl": PAGE_SIZE}).context["events"]
    assert [e.title for e in embedded] == [e.title for e in listed]
    assert len(embedded) > 0


def test_embedded_events_of_a_kind(client, landscape):
    response = client.get(EVENTS, {"region": "nordkreis", "art": Event.Kind.INTERNSHIP_FAIR})
    assert [e.title for e in response.context["events"]] == ["Termin 1", "Termin 3"]


def test_embed_pages_by_the_number_of_entries_and_keeps_the_filters(client, landscape):
    response = client.get(OFFERS, {"region": "nordkreis", "sortierung": "a-z", "anzahl": "3"})
    assert titles(response.context["cards"]) == [
        "Bewerbungstraining",
        "Deutschkurs am Abend",
        "Englisch für Eltern",
    ]
    body = response.content.decode()
    assert 'href="?region=nordkreis&amp;sortierung=a-z&amp;anzahl=3&amp;seite=2"' in body
    second = client.get(
        OFFERS, {"region": "nordkreis", "sortierung": "a-z", "anzahl": "3", "seite": "2"}
    )
    assert titles(second.context["cards"]) == ["Vorlesen für Kinder"]


def test_embed_shows_five_entries_by_default(client, landscape):
    response = client.get(EVENTS)
    assert len(response.context["events"]) == 5
    assert response.context["page_obj"].paginator.count == 5


def test_embed_links_are_absolute_and_open_the_top_window(client, landscape):
    body = client.get(OFFERS, {"region": "nordkreis", "sortierung": "a-z"}).content.decode()
    links = re.findall(r'<a class="kern-link" href="([^"]*)"( target="_top")?>', body)
    offer = landscape["offer3"]
    assert links == [
        *[
            (f"http://testserver{o.get_absolute_url()}", ' target="_top"')
            for o in sorted((landscape[f"offer{n}"] for n in range(4)), key=lambda o: o.title)
        ][:5],
        ("http://testserver/angebote/?region=nordkreis&amp;sortierung=a-z", ' target="_top"'),
    ]
    assert offer.title in body
    events = client.get(EVENTS, {"region": "suedkreis"}).content.decode()
    south = landscape["south_event"]
    assert (
        f'<a class="kern-link" href="http://testserver{south.get_absolute_url()}" target="_top">'
        in events
    )
    assert (
        '<a class="kern-link" href="http://testserver/veranstaltungen/?region=suedkreis" '
        'target="_top">Mehr im Bildungsportal</a>' in events
    )


def test_embed_has_a_heading_language_and_no_portal_frame(client, landscape):
    body = client.get(OFFERS, {"region": "nordkreis"}).content.decode()
    assert '<html lang="de"' in body
    assert re.findall(r"<h1[^>]*>([^<]*)</h1>", body) == ["Angebote der Bildungsregion Nordkreis"]
    assert "<title>Angebote der Bildungsregion Nordkreis – Bildungsportal</title>" in body
    for absent in ("<header", "<footer", "<script", "<form", "portal-skip-link"):
        assert absent not in body
    titled = client.get(EVENTS, {"titel": "Termine in Nordhafen"}).content.decode()
    assert re.findall(r"<h1[^>]*>([^<]*)</h1>", titled) == ["Termine in Nordhafen"]
    everywhere = client.get(EVENTS).content.decode()
    assert re.findall(r"<h1[^>]*>([^<]*)</h1>", everywhere) == [
        "Veranstaltungen der Bildungsregionen"
    ]


def test_embed_names_wrong_parameters_in_german_and_still_lists(client, landscape):
    response = client.get(OFFERS, {"region": "nirgendwo", "anzahl": "99"})
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Für „Region“ gibt es diese Auswahl nicht. Möglich sind: Nordkreis, Südkreis.",
        "Die Anzahl der Einträge muss eine Zahl von 1 bis 20 sein.",
    ]
    assert len(response.context["cards"]) == 5  # the default number, of all regions
    events = client.get(EVENTS, {"von": "gestern", "titel": "x" * 121})
    assert events.status_code == 200
    assert events.context["errors"] == [
        "Bitte ein gültiges Datum eingeben.",
        "Die Überschrift darf höchstens 120 Zeichen lang sein.",
    ]


# --- headers ---------------------------------------------------------------------------------


def test_embed_may_be_framed_by_any_website_without_a_list(client, landscape):
    for response in (
        client.get(OFFERS),
        client.get(OFFERS, {"region": "suedkreis"}),
        client.get(EVENTS, {"region": "suedkreis"}),
    ):
        assert "X-Frame-Options" not in response
        assert response["Content-Security-Policy"] == CSP.format("*")


def test_embed_of_a_region_with_a_list_may_be_framed_only_by_those_sites(client, landscape):
    listed = CSP.format("'self' https://www.gemeinde-nord.de https://schule.example:8443")
    town = str(landscape["town"].pk)
    for response in (
        client.get(OFFERS, {"region": "nordkreis"}),
        client.get(OFFERS, {"gemeinde": town}),
        client.get(EVENTS, {"region": "nordkreis", "art": Event.Kind.CAREERS_DAY}),
    ):
        assert "X-Frame-Options" not in response
        assert response["Content-Security-Policy"] == listed


def test_other_pages_still_refuse_to_be_framed(client, landscape):
    for path in ("/angebote/", "/veranstaltungen/", "/", "/angebote/?region=nordkreis"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Content-Security-Policy"] == CSP.format("'none'"), path


def test_embed_sets_no_cookie(client, landscape, django_user_model):
    for response in (client.get(OFFERS), client.get(EVENTS, {"region": "nordkreis"})):
        assert response.cookies == {}
        assert "Set-Cookie" not in response
    client.force_login(django_user_model.objects.create_user("besuch", password=None))
    response = client.get(OFFERS, {"region": "nordkreis"})
    assert response.cookies == {}


# --- page cache --------------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    forget_cached_content()
    yield
    forget_cached_content()


def test_embed_is_cached_per_query_and_keeps_its_headers(
    client, landscape, page_cache, django_assert_num_queries
):
    first = client.get(OFFERS, {"region": "nordkreis"})
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(OFFERS, {"region": "nordkreis"})
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "X-Frame-Options" not in again
    assert "Set-Cookie" not in again
    other = client.get(OFFERS, {"region": "suedkreis"})
    assert other["X-Page-Cache"] == "miss"
    assert other["Content-Security-Policy"] == CSP.format("*")
    smaller = client.get(OFFERS, {"region": "nordkreis", "anzahl": "1"})
    assert smaller["X-Page-Cache"] == "miss"
    assert len(smaller.context["cards"]) == 1


def test_a_new_list_of_websites_reaches_the_cached_embed(client, landscape, page_cache):
    north = landscape["north"]
    assert client.get(OFFERS, {"region": "nordkreis"})["X-Page-Cache"] == "miss"
    north.embed_origins = "https://www.andere-gemeinde.de"
    north.save()  # the region is public content: a new generation
    response = client.get(OFFERS, {"region": "nordkreis"})
    assert response["X-Page-Cache"] == "miss"
    assert response["Content-Security-Policy"] == CSP.format(
        "'self' https://www.andere-gemeinde.de"
    )
    north.embed_origins = ""
    north.save()
    assert client.get(OFFERS, {"region": "nordkreis"})["Content-Security-Policy"] == CSP.format("*")


def test_embed_with_an_unknown_parameter_is_not_cached(client, landscape, page_cache):
    assert "X-Page-Cache" not in client.get(OFFERS, {"utm_source": "gemeinde"})


# --- query budgets -------------------------------------------------------------------------------


def test_embed_queries_stay_within_budget(client, landscape, django_assert_max_num_queries):
    """(Upper bounds: what each request takes today.)"""
    with django_assert_max_num_queries(5):
        # the chosen region, grouped counts, life stage names (cards), the page's rows
        client.get(OFFERS, {"region": "nordkreis"})
    with django_assert_max_num_queries(2):
        client.get(OFFERS, {"region": "nordkreis", "anzahl": "2"})
    with django_assert_max_num_queries(3):
        # the region, the count, the page's events with organiser and region
        client.get(EVENTS, {"region": "nordkreis"})


def test_embed_query_count_does_not_grow_with_the_entries(
    client, landscape, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        client.get(EVENTS, {"anzahl": "2"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(EVENTS, {"anzahl": "20"})
    with django_assert_max_num_queries(20) as few_offers:
        client.get(OFFERS, {"anzahl": "2"})
    with django_assert_max_num_queries(len(few_offers.captured_queries)):
        client.get(OFFERS, {"anzahl": "20"})


def test_offer_list_relaxes_a_word_found_nowhere_and_keeps_what_was_typed(client, landscape):
    """offer_listing's retry without the unknown word; the list page's form still shows the
    visitor's words, the embed the same offers."""
    response = client.get("/angebote/", {"q": "Englisch Zauberwortxyz"})
    assert titles(response.context["cards"]) == ["Englisch für Eltern"]
    assert response.context["missing_words"] == ["Zauberwortxyz"]
    assert response.context["form"]["q"].value() == "Englisch Zauberwortxyz"
    embedded = client.get(OFFERS, {"q": "Englisch Zauberwortxyz"})
    assert titles(embedded.context["cards"]) == ["Englisch für Eltern"]
