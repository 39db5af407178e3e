"""The Atom feed of a region's newest offers (offers.feeds)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from offers.feeds import FEED_SIZE
from offers.models import Offer
from tests.factories import make_actor, make_offer, make_region

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}
FEED_URL = "/regionen/nordkreis/angebote.atom"


def utc(day, hour=8):
    return datetime.datetime(2026, 11, day, hour, 0, tzinfo=datetime.UTC)


def entries(response):
    feed = ET.fromstring(response.content)
    return [
        {
            "title": entry.find("a:title", ATOM).text,
            "link": entry.find("a:link", ATOM).get("href"),
            "id": entry.find("a:id", ATOM).text,
            "published": entry.find("a:published", ATOM).text,
            "updated": entry.find("a:updated", ATOM).text,
            "author": entry.find("a:author/a:name", ATOM).text,
            "summary": [(s.get("type"), s.text) for s in entry.findall("a:summary", ATOM)],
        }
        for entry in feed.findall("a:entry", ATOM)
    ]


@pytest.fixture
def region():
    return make_region(name="Nordkreis", slug="nordkreis")


def _offer(region, title, day, **fields):
    offer = make_offer(
        region=region, title=title, summary=f"Über {title}", published_at=utc(day), **fields
    )
    Offer.objects.filter(pk=offer.pk).update(updated_at=utc(day, 12))
    return offer


def test_feed_lists_only_current_published_offers_of_the_region_newest_first(client, region):
    """Expired offers (valid until yesterday) are no news any more; one valid until today
    still is."""
    today = timezone.localdate()
    provider = make_actor(region, name="Kreisvolkshochschule Stade")
    lasting = _offer(region, "Deutschkurs", 3, provider=provider)
    last_day = _offer(region, "Lesekreis", 5, provider=provider, valid_until=today)
    starting = _offer(
        region, "Robotik-AG", 4, provider=provider, valid_until=today + datetime.timedelta(days=1)
    )
    _offer(region, "Abgelaufen", 6, valid_until=today - datetime.timedelta(days=1))
    _offer(region, "Entwurf", 7, status=Offer.Status.DRAFT)
    _offer(region, "In Prüfung", 7, status=Offer.Status.REVIEW)
    _offer(region, "Archiviert", 7, status=Offer.Status.ARCHIVED)
    _offer(make_region(name="Südkreis", slug="suedkreis"), "Anderswo", 8)

    response = client.get(FEED_URL)

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"

    def entry(offer, day):
        address = f"http://testserver{offer.get_absolute_url()}"
        return {
            "title": offer.title,
            "link": address,
            "id": address,
            "published": f"2026-11-0{day}T08:00:00+00:00",
            "updated": f"2026-11-0{day}T12:00:00+00:00",
            "author": "Kreisvolkshochschule Stade",
            "summary": [("text", f"Über {offer.title}")],
        }

    assert entries(response) == [entry(last_day, 5), entry(starting, 4), entry(lasting, 3)]


def test_feed_head_names_the_region(client, region):
    _offer(region, "Deutschkurs", 3)
    _offer(region, "Lesekreis", 5)

    feed = ET.fromstring(client.get(FEED_URL).content)

    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert feed.find("a:title", ATOM).text == "Neue Bildungsangebote – Nordkreis"
    assert feed.find("a:subtitle", ATOM).text == (
        "Die neuesten Angebote der Bildungsregion Nordkreis"
    )
    assert [(link.get("rel"), link.get("href")) for link in feed.findall("a:link", ATOM)] == [
        ("alternate", "http://testserver/regionen/nordkreis/"),
        ("self", "http://testserver/regionen/nordkreis/angebote.atom"),
    ]
    assert feed.find("a:id", ATOM).text == "http://testserver/regionen/nordkreis/"
    assert feed.find("a:updated", ATOM).text == "2026-11-05T12:00:00+00:00"


def test_feed_holds_the_newest_offers_only(client, region):
    provider = make_actor(region)
    offers = [_offer(region, f"Kurs {n}", 1 + n % 28, provider=provider) for n in range(31)]
    # Same day: the later one (higher pk) first.
    newest_first = sorted(offers, key=lambda o: (o.published_at, o.pk), reverse=True)

    titles = [e["title"] for e in entries(client.get(FEED_URL))]

    assert FEED_SIZE == 30
    assert titles == [o.title for o in newest_first[:30]]


def test_feed_of_an_unknown_region_is_404(client, region):
    assert client.get("/regionen/gibt-es-nicht/angebote.atom").status_code == 404


def test_feed_order_follows_publication_not_the_last_change(client, region):
    """An old offer corrected today is no new offer: it keeps its place."""
    old = _offer(region, "Deutschkurs", 1)
    new = _offer(region, "Lesekreis", 5)
    Offer.objects.filter(pk=old.pk).update(updated_at=utc(20))

    assert [(e["title"], e["updated"]) for e in entries(client.get(FEED_URL))] == [
        (new.title, "2026-11-05T12:00:00+00:00"),
        (old.title, "2026-11-20T08:00:00+00:00"),
    ]


def test_feed_reads_the_providers_with_the_offers(client, region):
    """One query for the offers with their providers, however many there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _offer(region, "Deutschkurs", 1, provider=make_actor(region, name="Anbieter 0"))
    client.get(FEED_URL)  # anything read once per process is read now
    with CaptureQueriesContext(connection) as one:
        assert len(entries(client.get(FEED_URL))) == 1
    for n in range(1, 5):
        _offer(region, f"Kurs {n}", 1 + n, provider=make_actor(region, name=f"Anbieter {n}"))

    with CaptureQueriesContext(connection) as five:
        authors = [e["author"] for e in entries(client.get(FEED_URL))]

    assert authors == [f"Anbieter {n}" for n in (4, 3, 2, 1, 0)]
    assert len(five.captured_queries) == len(one.captured_queries)
