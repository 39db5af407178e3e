"""Canonical URLs and meta descriptions (issue 19, item 3): every page names its canonical
address; the lists name the canonical form of their filters, so that search engines index one
URL per list and not every spelling of it."""

import html
import re

import pytest
from django.http import QueryDict

from offers.filters import OfferFilter
from offers.models import OfferIndex
from tests.factories import make_actor, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
DEFAULT_DESCRIPTION = (
    "Bildung ein Leben lang: Angebote, Veranstaltungen, Akteure und Bildungsbüros der "
    "Bildungsregionen in Niedersachsen."
)


@pytest.fixture
def offer():
    region = make_region(name="Nordkreis", slug="nordkreis")
    make_municipality(region, name="Stade", postcode="21682", latitude=53.599, longitude=9.476)
    return make_offer(provider=make_actor(region), title="Sprachkurs Deutsch")


def canonical(response):
    assert response.status_code == 200
    return [html.unescape(url) for url in CANONICAL.findall(response.content.decode())]


def test_a_detail_page_names_its_address_without_query(client, offer):
    response = client.get(f"/angebote/{offer.slug}/?utm_source=newsletter")
    assert canonical(response) == [f"http://testserver/angebote/{offer.slug}/"]


def test_the_offer_list_names_its_filters_sorted_without_empty_and_default_values(client, offer):
    response = client.get(
        "/angebote/",
        {
            "thema": "sprache-und-lesen",
            "q": "  Sprachkurs   Deutsch ",
            "lernform": "",
            "kosten": "",
            "plz": "21682",
            "umkreis": "10",  # the default radius
            "sortierung": "",
            "seite": "1",
        },
    )
    assert canonical(response) == [
        "http://testserver/angebote/?plz=21682&q=Sprachkurs+Deutsch&thema=sprache-und-lesen"
    ]


def test_a_chosen_radius_stays_and_a_position_goes(client, offer):
    response = client.get("/angebote/", {"plz": "21682", "umkreis": "25"})
    assert canonical(response) == ["http://testserver/angebote/?plz=21682&umkreis=25"]
    response = client.get("/angebote/", {"breite": "53.6", "laenge": "9.48", "umkreis": "25"})
    assert canonical(response) == ["http://testserver/angebote/"]


def test_an_invalid_parameter_is_left_out(client, offer):
    response = client.get("/angebote/", {"alter": "acht", "thema": "gibt-es-nicht", "q": "Kurs"})
    assert canonical(response) == ["http://testserver/angebote/?q=Kurs"]


def test_the_page_number_counts_from_page_two():
    data = QueryDict("seite=3&q=Kurs")
    filterset = OfferFilter(data, queryset=OfferIndex.objects.public())
    assert filterset.canonical_query(3) == "?q=Kurs&seite=3"
    assert filterset.canonical_query(1) == "?q=Kurs"


def test_event_and_actor_lists_and_the_search_name_their_canonical_form(client, offer):
    assert canonical(client.get("/veranstaltungen/", {"region": "nordkreis", "art": ""})) == [
        "http://testserver/veranstaltungen/?region=nordkreis"
    ]
    assert canonical(client.get("/akteure/", {"q": " VHS ", "region": ""})) == [
        "http://testserver/akteure/?q=VHS"
    ]
    assert canonical(client.get("/suche/", {"q": "Deutsch   lernen"})) == [
        "http://testserver/suche/?q=Deutsch+lernen"
    ]


def test_the_base_url_setting_decides_the_host(client, offer, settings):
    settings.PORTAL_BASE_URL = "https://bildung.example.org"
    assert canonical(client.get(f"/angebote/{offer.slug}/")) == [
        f"https://bildung.example.org/angebote/{offer.slug}/"
    ]


def test_an_error_page_names_no_canonical_address(client):
    response = client.get("/angebote/gibt-es-nicht/")
    assert response.status_code == 404
    assert CANONICAL.findall(response.content.decode()) == []


@pytest.mark.parametrize(
    ("path", "start"),
    [
        ("/angebote/", "Bildungsangebote der Bildungsregionen in Niedersachsen: Kurse"),
        ("/veranstaltungen/", "Veranstaltungen der Bildungsregionen in Niedersachsen:"),
        ("/akteure/", "Schulen, Kitas, Volkshochschulen, Bibliotheken"),
        ("/suche/?q=Kurs", "Suche in Angeboten, Veranstaltungen, Akteuren"),
        ("/anmelden/", "Anmeldung für Einrichtungen, Anbieter und Bildungsbüros"),
        ("/passwort-vergessen/", "Neues Passwort anfordern"),
    ],
)
def test_lists_search_and_forms_describe_themselves(client, path, start):
    response = client.get(path)
    assert response.status_code == 200
    [description] = DESCRIPTION.findall(response.content.decode())
    assert description.startswith(start)
    assert description != DEFAULT_DESCRIPTION
