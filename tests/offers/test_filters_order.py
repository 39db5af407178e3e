"""The order of the offer list (offers.filters.OfferFilter.sorted_qs): relevance with a search,
up to the rank limit, newest first otherwise, and the valid fields still sorted when one is
invalid. Its own module: the rows of test_filters_offers.py are built once for that module."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from offers import search
from offers.filters import OfferFilter
from offers.models import OfferIndex
from tests.factories import make_actor, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def titles(response):
    return [card.title for card in response.context["cards"]]


@pytest.fixture
def circus():
    """Three offers with "Zirkus" in the title, the summary and the description (the order of
    relevance, and of creation: newest first is the other way round)."""
    vhs = make_actor(make_region(name="Nordkreis", slug="nordkreis"), name="VHS Nord")
    now = timezone.now()
    for days, title, summary, description in [
        (3, "Zirkuswoche: Wir spielen Zirkus", "Für Kinder.", ""),
        (2, "Sommerferien", "Ein Zirkus zum Mitmachen.", ""),
        (1, "Malen", "Für Kinder.", "Mit Zirkus."),
    ]:
        make_offer(
            provider=vhs,
            title=title,
            summary=summary,
            description=description,
            published_at=now - datetime.timedelta(days=days),
        )
    return ["Zirkuswoche: Wir spielen Zirkus", "Sommerferien", "Malen"]


def searched(params):
    response = Client().get(URL, params)
    assert response.status_code == 200
    return titles(response)


def test_offer_search_is_ranked_up_to_the_rank_limit(circus, monkeypatch):
    assert searched({"q": "Zirkus"}) == circus
    monkeypatch.setattr(search, "RANK_LIMIT", 3)
    assert searched({"q": "Zirkus"}) == circus
    # More matches than the list ranks: newest first.
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    assert searched({"q": "Zirkus"}) == circus[::-1]


def test_offer_list_sorts_by_the_valid_fields_when_one_is_invalid(circus):
    """A mistyped postcode is reported; the search and the sorting still apply."""
    response = Client().get(URL, {"q": "Zirkus", "plz": "12"})
    assert list(response.context["form"].errors) == ["plz"]
    assert titles(response) == circus
    assert searched({"q": "Zirkus", "plz": "12", "sortierung": "a-z"}) == sorted(circus)
    selected = [value for value, _label, chosen in response.context["sort_options"] if chosen]
    assert selected == [""]
    response = Client().get(URL, {"q": "Zirkus", "plz": "12", "sortierung": "neu"})
    assert titles(response) == circus[::-1]
    assert [v for v, _label, chosen in response.context["sort_options"] if chosen] == ["neu"]


def test_offer_filter_without_data_lists_newest_first(circus):
    filterset = OfferFilter(queryset=OfferIndex.objects.public())
    assert [offer.title for offer in filterset.sorted_qs()] == circus[::-1]
    assert [value for value, _label, chosen in filterset.sort_options() if chosen] == [""]


@pytest.mark.parametrize(
    ("params", "newest_first"),
    [
        ({"q": "Zirkus"}, False),
        ({"q": "Zirkus", "sortierung": "relevanz"}, False),
        # Distance without a postcode: the default, relevance with a search.
        ({"q": "Zirkus", "sortierung": "entfernung"}, False),
        ({"sortierung": "entfernung"}, True),
        ({"sortierung": "relevanz"}, True),
        ({}, True),
        ({"q": "Zirkus", "sortierung": "neu"}, True),
    ],
)
def test_offer_list_falls_back_to_relevance_then_newest_first(circus, params, newest_first):
    assert searched(params) == (circus[::-1] if newest_first else circus)


def test_offer_sort_options_are_offered_in_german_with_automatic_first():
    assert OfferFilter({}).sort_options() == [
        (
            "",
            "automatisch (im Umkreis nach Entfernung, bei Suche nach Relevanz, sonst neueste "
            "zuerst)",
            True,
        ),
    ] + [
        (value, label, False)
        for value, label in OfferFilter.base_filters["sortierung"].extra["choices"]
    ]


def test_offer_list_with_a_postcode_sorts_as_chosen_and_by_distance_then_title():
    region = make_region(name="Nordkreis", slug="nordkreis")
    near = make_municipality(region, name="Nahdorf", postcode="21682", latitude=53.6, longitude=9.5)
    far = make_municipality(region, name="Ferndorf", postcode="21614", latitude=53.3, longitude=9.5)
    vhs = make_actor(region, name="VHS Nord")
    now = timezone.now()
    # Created in this order (pk), published newest first: Zora, Anton, Berta.
    for days, title, place in [(1, "Zora", near), (2, "Anton", far), (3, "Berta", near)]:
        make_offer(
            provider=vhs,
            title=title,
            municipality=place,
            latitude=place.latitude,
            longitude=place.longitude,
            published_at=now - datetime.timedelta(days=days),
        )
    around = {"plz": "21682", "umkreis": "50"}
    assert searched({**around, "sortierung": "a-z"}) == ["Anton", "Berta", "Zora"]
    assert searched({**around, "sortierung": "neu"}) == ["Zora", "Anton", "Berta"]
    assert searched({**around, "sortierung": "entfernung"}) == ["Berta", "Zora", "Anton"]
