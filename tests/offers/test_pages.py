import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offers.models import Offer
from tests.conftest import examples
from tests.factories import (
    committed,
    make_actor,
    make_event,
    make_municipality,
    make_offer,
    make_region,
    make_working_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    region = make_region(name="Nordkreis", slug="nordkreis")
    town = make_municipality(
        region, name="Stade", slug="stade", postcode="21682", latitude=53.599, longitude=9.476
    )
    provider = make_actor(
        region,
        name="Kreisvolkshochschule Stade",
        municipality=town,
        kind="vhs",
        street="Am Hafen 1",
        postcode="21682",
        city="Stade",
    )
    return {"region": region, "town": town, "provider": provider}


def jsonld(response):
    body = response.content.decode()
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    )


def test_offer_detail_json_ld_is_a_course(client, place):
    offer = make_offer(
        provider=place["provider"],
        title="Deutschkurs B1",
        is_free=False,
        cost=120,
        life_stages=["beruf-und-weiterbildung"],
        topics=["sprache-und-lesen"],
        schedule="dienstags 18–20 Uhr",
        languages=["de", "en"],
    )
    data = jsonld(client.get(offer.get_absolute_url()))
    assert data["@type"] == "Course"
    assert data["name"] == "Deutschkurs B1"
    assert data["provider"] == {
        "@type": "EducationalOrganization",
        "name": "Kreisvolkshochschule Stade",
        "url": f"http://testserver{place['provider'].get_absolute_url()}",
    }
    assert data["offers"] == {"@type": "Offer", "price": "120.00", "priceCurrency": "EUR"}
    assert data["inLanguage"] == ["de", "en"]  # language codes (BCP 47), not names
    assert data["about"] == ["Sprache und Lesen"]
    assert data["hasCourseInstance"]["courseSchedule"]["description"] == "dienstags 18–20 Uhr"


def test_offer_with_a_date_is_described_as_event(client, place):
    offer = make_offer(provider=place["provider"], title="Bewerbungstraining", is_free=True)
    make_event(organiser=place["provider"], offer=offer, title="Bewerbungstraining am Samstag")
    data = jsonld(client.get(offer.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["offers"]["price"] == "0"


def test_offer_detail_shows_related_offers_of_the_region(client, place):
    offer = make_offer(
        provider=place["provider"], title="Deutschkurs A1", topics=["sprache-und-lesen"]
    )
    related = make_offer(
        provider=place["provider"], title="Deutschkurs A2", topics=["sprache-und-lesen"]
    )
    make_offer(provider=place["provider"], title="Robotik", topics=["mint"])
    make_offer(title="Deutsch anderswo", topics=["sprache-und-lesen"])  # another region
    response = client.get(offer.get_absolute_url())
    assert [card.url for card in response.context["related_offers"]] == [related.get_absolute_url()]


def test_staff_of_the_region_can_preview_a_draft(client, place, django_user_model):
    from regions.models import StaffMembership

    draft = make_offer(provider=place["provider"], title="Entwurf", status=Offer.Status.DRAFT)
    staff = django_user_model.objects.create_user("buero", password="x", is_staff=True)
    StaffMembership.objects.create(user=staff, region=place["region"])
    outsider = django_user_model.objects.create_user("fremd", password="x", is_staff=True)
    StaffMembership.objects.create(user=outsider, region=make_region())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Dieses Angebot ist nicht veröffentlicht." in response.content.decode()


def test_life_stage_page_lists_its_offers_and_transitions(client, place):
    kita = make_offer(
        provider=place["provider"], title="Sprachspiele", life_stages=["fruehe-kindheit"]
    )
    make_offer(
        provider=place["provider"], title="Abendkurs", life_stages=["beruf-und-weiterbildung"]
    )
    response = client.get("/lebensphasen/fruehe-kindheit/")
    assert [card.url for card in response.context["offers"]] == [kita.get_absolute_url()]
    assert response.context["offer_count"] == 1
    assert [t.slug for t in response.context["transitions_out"]] == ["kita-grundschule"]
    assert client.get("/lebensphasen/gibt-es-nicht/").status_code == 404


def test_transition_page_lists_its_offers(client, place):
    offer = make_offer(provider=place["provider"], title="Schulstart begleiten")
    with committed():
        offer.transitions.set(offer.transitions.model.objects.filter(slug="kita-grundschule"))
    make_offer(provider=place["provider"], title="Anderes")
    response = client.get("/uebergaenge/kita-grundschule/")
    assert [card.url for card in response.context["offers"]] == [offer.get_absolute_url()]
    filtered = client.get("/angebote/", {"uebergang": "kita-grundschule"})
    assert [card.title for card in filtered.context["cards"]] == [offer.title]


def test_site_search_groups_results_by_kind(client, place):
    offer = make_offer(provider=place["provider"], title="Lüneburger Lesesommer")
    actor = make_actor(place["region"], name="Stadtbibliothek Lüneburg", kind="bibliothek")
    event = make_event(organiser=actor, title="Lesenacht in Lüneburg")
    group = make_working_group(place["region"], name="Netzwerk Lesen Lüneburg")
    make_offer(provider=place["provider"], title="Robotik")
    response = client.get("/suche/", {"q": "Lueneburg"})
    groups = {g["key"]: (g["count"], g["items"]) for g in response.context["groups"]}
    assert groups["angebote"] == (1, [offer])
    assert groups["akteure"] == (1, [actor])
    assert groups["veranstaltungen"] == (1, [event])
    assert groups["arbeitsgruppen"] == (1, [group])
    assert response.context["total"] == 4


def test_site_search_searches_the_correction_of_a_word_found_nowhere(client, place):
    make_offer(provider=place["provider"], title="Bewerbungstraining für Jugendliche")
    response = client.get("/suche/", {"q": "Bewerbungstrainig"})
    assert response.context["total"] == 1
    assert response.context["corrected"] == "Bewerbungstraining"
    assert response.context["suggestion"] is None
    assert (
        "Ergebnisse für »Bewerbungstraining«: »Bewerbungstrainig« kommt in keinem Eintrag vor."
        in response.content.decode()
    )


def test_working_group_page_shows_members_and_public_minutes(client, place):
    import datetime

    from django.utils import timezone

    from actors.models import Meeting, WorkingGroupMembership

    group = make_working_group(place["region"], name="AG Schule-Beruf")
    WorkingGroupMembership.objects.create(
        working_group=group, actor=place["provider"], role="vorsitz"
    )
    now = timezone.now()
    Meeting.objects.create(
        working_group=group,
        title="Frühjahrssitzung",
        starts_at=now - datetime.timedelta(days=30),
        minutes="Beschlossen: Praktikumsbörse im Mai.",
        minutes_public=True,
    )
    Meeting.objects.create(
        working_group=group,
        title="Interne Runde",
        starts_at=now - datetime.timedelta(days=10),
        minutes="Vertraulich.",
        minutes_public=False,
    )
    Meeting.objects.create(
        working_group=group, title="Herbstsitzung", starts_at=now + datetime.timedelta(days=30)
    )
    response = client.get(group.get_absolute_url())
    body = response.content.decode()
    assert [(m.actor.name, m.role) for m in response.context["memberships"]] == [
        ("Kreisvolkshochschule Stade", "vorsitz")
    ]
    assert [m.title for m in response.context["upcoming_meetings"]] == ["Herbstsitzung"]
    assert [m.title for m in response.context["past_meetings_with_minutes"]] == ["Frühjahrssitzung"]
    assert "Beschlossen: Praktikumsbörse im Mai." in body
    assert "Vertraulich." not in body


def test_sitemap_robots_and_feed(client, place):
    offer = make_offer(provider=place["provider"], title="Deutschkurs B2")
    make_offer(provider=place["provider"], title="Entwurf", status=Offer.Status.DRAFT)
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    index = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert "http://testserver/sitemap-angebote.xml" in sections
    offers = ET.fromstring(client.get("/sitemap-angebote.xml").content)
    assert [loc.text for loc in offers.findall("s:url/s:loc", ns)] == [
        f"http://testserver{offer.get_absolute_url()}"
    ]
    feed = ET.fromstring(client.get("/regionen/nordkreis/angebote.atom").content)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.find("a:title", atom).text for e in feed.findall("a:entry", atom)] == [
        "Deutschkurs B2"
    ]


def test_feed_summary_is_plain_text_so_readers_do_not_run_markup(client, place):
    """Item 11a: summaries went out as type="html", so a reader rendered <img onerror>."""
    make_offer(provider=place["provider"], summary="<img src=x onerror=alert(1)>")
    raw = client.get("/regionen/nordkreis/angebote.atom").content.decode()
    assert '<summary type="text">&lt;img src=x onerror=alert(1)&gt;</summary>' in raw
    assert 'type="html"' not in raw
    entry = ET.fromstring(raw).find("a:entry", {"a": "http://www.w3.org/2005/Atom"})
    summaries = entry.findall("a:summary", {"a": "http://www.w3.org/2005/Atom"})
    assert [(s.get("type"), s.text) for s in summaries] == [
        ("text", "<img src=x onerror=alert(1)>")
    ]


def test_offer_detail_has_opengraph_tags(client, place):
    offer = make_offer(provider=place["provider"], title="Deutschkurs C1")
    body = client.get(offer.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Deutschkurs C1">' in body


ODD = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "0",
            "-1",
            "999999999999",
            "1e9",
            "NaN",
            "inf",
            "21682",
            "12.5",
            "\x00",
            "' OR 1=1 --",
            "🙂",
            "%00",
        ]
    ),
)
PARAMS = [
    "q",
    "region",
    "gemeinde",
    "lebensphase",
    "thema",
    "lernform",
    "kosten",
    "format",
    "alter",
    "barrierefrei",
    "plz",
    "umkreis",
    "sortierung",
    "seite",
    "uebergang",
    "art",
    "von",
    "bis",
    "jahrgang",
]


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(
        ["/angebote/", "/akteure/", "/veranstaltungen/", "/veranstaltungen/kalender.ics", "/suche/"]
    ),
    params=st.dictionaries(st.sampled_from(PARAMS), ODD, max_size=5),
)
def test_no_parameter_value_causes_a_server_error(client, place, path, params):
    response = client.get(path, params)
    assert response.status_code == 200


def test_offer_card_is_the_same_on_the_list_and_on_the_pages_that_list_offers(client, place):
    """One include (offers/includes/offer_card.html) for every offer card: the list builds its
    cards from OfferIndex rows, the other pages from the offers themselves."""
    offer = make_offer(
        provider=place["provider"],
        title="Lesen & Schreiben",
        municipality=place["town"],
        format=Offer.Format.HYBRID,
        is_free=True,
        is_accessible=True,
        life_stages=["fruehe-kindheit", "beruf-und-weiterbildung"],
        topics=["sprache-und-lesen"],
    )

    def card(url):
        html = client.get(url).content.decode()
        [article] = re.findall(r'<article class="portal-result">.*?</article>', html, re.S)
        return re.sub(r">\s+<", "><", article)

    on_list = card("/angebote/")
    assert on_list == (
        '<article class="portal-result"><h3 class="kern-heading-small portal-result__title">'
        f'<a class="kern-link" href="{offer.get_absolute_url()}">Lesen &amp; Schreiben</a></h3>'
        '<p class="portal-result__summary">Kurzbeschreibung von Lesen &amp; Schreiben</p>'
        '<ul class="portal-result__facts">'
        '<li><span class="kern-sr-only">Anbieter: </span>Kreisvolkshochschule Stade</li>'
        '<li><span class="kern-sr-only">Ort: </span>Stade</li>'
        "<li>non-formal</li><li>hybrid</li><li>kostenlos</li><li>barrierefrei</li></ul>"
        '<p class="portal-result__tags"><span class="kern-sr-only">Lebensphasen: </span>'
        '<span class="portal-tag">Frühe Kindheit</span><span class="kern-sr-only">, </span>'
        '<span class="portal-tag">Beruf und Weiterbildung</span></p></article>'
    )
    assert card(place["provider"].get_absolute_url()) == on_list
    assert card("/lebensphasen/fruehe-kindheit/") == on_list
