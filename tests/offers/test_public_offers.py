"""One rule for "public": which offers, events, actors and working groups the portal shows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, WorkingGroup
from offers.models import Event, Offer, OfferIndex
from tests.factories import make_actor, make_event, make_offer, make_region, make_working_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    region = make_region()
    provider = make_actor(region)
    cases = {
        "ohne Ende": {},
        "bis heute": {"valid_until": today},
        "bis morgen": {"valid_until": today + day},
        "bis gestern": {"valid_until": today - day, "valid_from": today - 30 * day},
        "Entwurf": {"status": Offer.Status.DRAFT},
        "in Prüfung": {"status": Offer.Status.REVIEW},
        "archiviert": {"status": Offer.Status.ARCHIVED},
        "Entwurf bis morgen": {"status": Offer.Status.DRAFT, "valid_until": today + day},
    }
    return {
        title: make_offer(provider=provider, title=title, **fields)
        for title, fields in cases.items()
    }


PUBLIC = ["bis heute", "bis morgen", "ohne Ende"]


def test_offer_public_is_published_and_not_yet_expired(offers):
    assert sorted(Offer.objects.public().values_list("title", flat=True)) == PUBLIC


def test_offer_index_public_is_the_same_rule(offers):
    assert sorted(OfferIndex.objects.public().values_list("title", flat=True)) == PUBLIC


def test_offer_is_public_says_the_rule_for_one_offer(offers):
    assert sorted(title for title, offer in offers.items() if offer.is_public) == PUBLIC


def test_offer_public_on_another_day(offers):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert sorted(Offer.objects.public(today=tomorrow).values_list("title", flat=True)) == [
        "bis morgen",
        "ohne Ende",
    ]


def test_offer_detail_of_an_expired_offer_is_not_public(client, offers):
    expired = offers["bis gestern"]
    assert client.get(expired.get_absolute_url()).status_code == 404
    response = client.get(offers["bis heute"].get_absolute_url())
    assert (response.status_code, response.context["is_preview"]) == (200, False)


def test_offer_expired_is_missing_from_list_sitemap_and_search(client, offers):
    listed = client.get(reverse("offers:offer-list"), {"sortierung": "a-z"})
    assert [card.title for card in listed.context["cards"]] == [
        "bis heute",
        "bis morgen",
        "ohne Ende",
    ]
    sitemap = client.get("/sitemap-angebote.xml").content.decode()
    assert [title for title, offer in offers.items() if offer.get_absolute_url() in sitemap] == [
        "ohne Ende",
        "bis heute",
        "bis morgen",
    ]


def test_event_public_means_approved_or_cancelled():
    statuses = [status for status, _label in Event.Status.choices]
    events = {status: make_event(status=status, title=f"Termin {status}") for status in statuses}
    public = {Event.Status.PUBLISHED, Event.Status.CANCELLED}
    assert set(Event.objects.public().values_list("status", flat=True)) == public
    assert {status for status, event in events.items() if event.is_public} == public


def test_actor_and_working_group_public_is_their_switch():
    region = make_region()
    shown, hidden = make_actor(region, name="Sichtbar"), make_actor(region, is_public=False)
    group, _hidden_group = make_working_group(region), make_working_group(region, is_public=False)
    assert list(Actor.objects.public().for_region(region)) == [shown]
    assert list(WorkingGroup.objects.public().for_region(region)) == [group]
    assert hidden.is_public is False
