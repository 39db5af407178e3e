"""Relevance of the offer search: the weight of each section and the rank limit.

Run on both backends: ``pytest tests/offers/test_search_ranking.py`` and again with
``DATABASE_URL=postgres://…``. The four offers below each carry the word "Zirkus" in one
section only; their titles sort the other way round than their relevance, and they were
created in the order of relevance (so "newest first" is the reverse too).
"""

import datetime

import pytest
from django.utils import timezone

from offers import search
from offers.models import Offer, OfferIndex
from offers.search import refresh_search_index, search_offers
from tests.factories import make_actor, make_offer, make_region

pytestmark = pytest.mark.django_db

BY_RELEVANCE = ["Wir spielen Zirkus", "Toben und Turnen", "Sommerferien", "Malen"]
NEWEST_FIRST = BY_RELEVANCE[::-1]


@pytest.fixture
def circus():
    region = make_region(name="Nordkreis", slug="nordkreis")
    vhs = make_actor(region, name="VHS Nord")
    troupe = make_actor(region, name="Zirkus Regenbogen", kind="verein")
    offers = [
        # A: title
        make_offer(provider=vhs, title="Wir spielen Zirkus", summary="Für Kinder."),
        # B: names (the provider)
        make_offer(provider=troupe, title="Toben und Turnen", summary="Für Kinder."),
        # C: summary
        make_offer(provider=vhs, title="Sommerferien", summary="Ein Zirkus zum Mitmachen."),
        # D: the rest (description)
        make_offer(
            provider=vhs,
            title="Malen",
            summary="Für Kinder.",
            description="Am Ende besuchen wir einen Zirkus.",
        ),
    ]
    # Nothing else matches; a fifth offer is there to be left out.
    make_offer(provider=vhs, title="Yoga", summary="Für Erwachsene.")
    return offers


def found(queryset, q, **kwargs):
    return [(offer.title, offer.search_rank > 0) for offer in search_offers(queryset, q, **kwargs)]


@pytest.mark.parametrize("model", [Offer, OfferIndex])
def test_search_ranks_title_then_names_then_summary_then_the_rest(circus, model):
    ranked = list(search_offers(model.objects.all(), "Zirkus"))
    assert [offer.title for offer in ranked] == BY_RELEVANCE
    ranks = [offer.search_rank for offer in ranked]
    assert ranks[0] > ranks[1] > ranks[2] > ranks[3] > 0


def test_search_ranks_a_name_match_above_a_summary_match(circus):
    """The weights of names (B) and summary (C) must not be swapped."""
    queryset = Offer.objects.filter(title__in=["Toben und Turnen", "Sommerferien"])
    assert found(queryset, "Zirkus") == [("Toben und Turnen", True), ("Sommerferien", True)]


@pytest.mark.parametrize(
    ("rank_limit", "expected"),
    [
        # Fewer matches than the limit, or exactly as many: ranked by relevance.
        (5, [(title, True) for title in BY_RELEVANCE]),
        (4, [(title, True) for title in BY_RELEVANCE]),
        # One match more than the limit: not ranked, newest first.
        (3, [(title, False) for title in NEWEST_FIRST]),
        (1, [(title, False) for title in NEWEST_FIRST]),
        (None, [(title, True) for title in BY_RELEVANCE]),
    ],
)
def test_search_ranks_up_to_exactly_rank_limit_matches(circus, rank_limit, expected):
    assert found(Offer.objects.all(), "Zirkus", rank_limit=rank_limit) == expected
    assert found(OfferIndex.objects.all(), "Zirkus", rank_limit=rank_limit) == expected


def list_titles(client, params):
    response = client.get("/angebote/", params)
    assert response.status_code == 200
    return [card.title for card in response.context["cards"]]


@pytest.mark.parametrize(
    ("rank_limit", "expected"),
    [(5, BY_RELEVANCE), (4, BY_RELEVANCE), (3, NEWEST_FIRST)],
)
def test_offer_list_ranks_a_search_up_to_the_rank_limit(
    client, circus, monkeypatch, rank_limit, expected
):
    """The list passes offers.search.RANK_LIMIT (a module constant) to search_offers()."""
    monkeypatch.setattr(search, "RANK_LIMIT", rank_limit)
    assert list_titles(client, {"q": "Zirkus"}) == expected
    assert list_titles(client, {"q": "Zirkus", "sortierung": "relevanz"}) == expected
    assert list_titles(client, {"q": "Zirkus", "sortierung": "a-z"}) == sorted(BY_RELEVANCE)


@pytest.mark.parametrize(
    ("rank_limit", "expected"),
    [(4, BY_RELEVANCE), (3, NEWEST_FIRST)],
)
def test_site_search_ranks_offers_up_to_the_rank_limit(
    client, circus, monkeypatch, rank_limit, expected
):
    monkeypatch.setattr(search, "RANK_LIMIT", rank_limit)
    response = client.get("/suche/", {"q": "Zirkus"})
    offers = next(group for group in response.context["groups"] if group["key"] == "angebote")
    assert offers["count"] == 4
    assert [offer.title for offer in offers["items"]] == expected


def test_search_rank_adds_up_over_the_words_of_a_query(circus):
    """Two query words: an offer with both in its title ranks above one with one of them in
    its title and the other in its summary."""
    vhs = circus[0].provider
    make_offer(provider=vhs, title="Zirkus der Tiere", summary="Für Kinder.")
    make_offer(provider=vhs, title="Zirkus", summary="Tiere im Zirkus.")
    assert [o.title for o in search_offers(Offer.objects.all(), "Zirkus Tiere")] == [
        "Zirkus der Tiere",
        "Zirkus",
    ]


def test_search_rank_adds_up_over_the_sections_a_word_occurs_in(circus):
    """A word in the title and the summary ranks above the same word in the title only
    (1.0 + 0.2 against 1.0), although the title sorts later."""
    vhs = circus[0].provider
    Offer.objects.all().delete()
    make_offer(provider=vhs, title="Abenteuer Zirkus", summary="Für Kinder.")
    make_offer(provider=vhs, title="Zirkus am Nachmittag", summary="Zirkus für alle.")
    ranked = [(o.title, o.search_rank) for o in search_offers(Offer.objects.all(), "Zirkus")]
    assert ranked == [
        ("Zirkus am Nachmittag", pytest.approx(1.2)),
        ("Abenteuer Zirkus", pytest.approx(1.0)),
    ]


def test_search_ranks_a_topic_name_with_the_rest_below_the_summary(circus):
    """Topic and life-stage names weigh least (D): a word in an offer's summary (C) ranks
    above the same word as the name of its topic, although the title sorts later."""
    vhs = circus[0].provider
    Offer.objects.all().delete()
    make_offer(provider=vhs, title="Malen", summary="Für Kinder.", topics=("inklusion",))
    make_offer(provider=vhs, title="Zeichnen", summary="Inklusion im Atelier.", topics=("mint",))
    ranked = [(o.title, o.search_rank) for o in search_offers(Offer.objects.all(), "Inklusion")]
    assert ranked == [("Zeichnen", pytest.approx(0.2)), ("Malen", pytest.approx(0.1))]


def test_search_word_lernen_beside_others_only_ranks(circus):
    """ "lernen" (search.OPTIONAL_LEXEMES) beside another word is required nowhere: the offer
    that says it ranks first; alone it is required like any word."""
    vhs = circus[0].provider
    make_offer(provider=vhs, title="Gitarre für Anfänger", summary="Für Kinder.")
    make_offer(provider=vhs, title="Gitarre lernen in der Gruppe", summary="Für Kinder.")
    make_offer(provider=vhs, title="Lernen lernen", summary="Für Kinder.")
    assert [o.title for o in search_offers(Offer.objects.all(), "Gitarre lernen")] == [
        "Gitarre lernen in der Gruppe",
        "Gitarre für Anfänger",
    ]
    assert [o.title for o in search_offers(Offer.objects.all(), "lernen")] == [
        "Gitarre lernen in der Gruppe",  # a tie, by title
        "Lernen lernen",
    ]
    assert [o.title for o in search_offers(Offer.objects.all(), "lernen -Gitarre")] == [
        "Lernen lernen"
    ]


def test_search_with_exclusions_only_is_not_ranked_and_lists_newest_first(client, circus):
    """Nothing to rank: every search_rank is 0 and the list falls back to newest first (by
    publication, which here is neither the order of titles nor of creation)."""
    now = timezone.now()
    for days, title in enumerate(
        ["Sommerferien", "Wir spielen Zirkus", "Malen", "Toben und Turnen"]
    ):
        Offer.objects.filter(title=title).update(published_at=now - datetime.timedelta(days=days))
    refresh_search_index(Offer)
    expected = ["Sommerferien", "Wir spielen Zirkus", "Malen", "Toben und Turnen"]
    result = search_offers(Offer.objects.all(), "-Yoga")
    assert sorted(offer.title for offer in result) == sorted(expected)
    assert {offer.search_rank for offer in result} == {0.0}
    assert list_titles(client, {"q": "-Yoga"}) == expected
    assert list_titles(client, {"q": "-Yoga", "sortierung": "relevanz"}) == expected
