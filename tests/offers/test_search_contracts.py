"""Exact contracts of the search's building blocks: the documents' sections, the batched
refresh, the query without its missing words, the rank of the text search and its ties.

Each test pins one rule the pages rely on, so that a changed separator, a dropped field or a
swapped tie-breaker shows up here (found by mutation testing, scripts/mutants.py search).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from bildungsregion.models import ThesaurusEntry
from bildungsregion.search import order_by_rank, search_text_filter
from offers.models import Event, LifeStage, Offer, Topic
from offers.search import (
    _offer_rows,
    _refresh_text,
    actor_sections,
    event_sections,
    offer_sections,
    search_offers,
    without_missing_words,
)
from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_thesaurus():
    # The text pipeline on its own: related terms would widen the words below.
    ThesaurusEntry.objects.all().delete()


def test_offer_sections_are_title_provider_summary_and_rest_joined_by_single_spaces():
    region = make_region(name="Stade")
    place = make_municipality(region, name="Harsefeld")
    provider = make_actor(region, name="Kreisvolkshochschule Stade")
    topics = list(Topic.objects.order_by("pk")[:2])
    stages = list(LifeStage.objects.order_by("pk")[:2])
    offer = make_offer(
        provider=provider,
        title="Deutschkurs A2",
        summary="Am Abend.",
        description="Zweimal die Woche.",
        city="Harsefeld-Ost",
        municipality=place,
        topics=[topic.slug for topic in topics],
        life_stages=[stage.slug for stage in stages],
    )
    names = f"{topics[0].name} {topics[1].name} {stages[0].name} {stages[1].name}"
    assert offer_sections(offer) == (
        "Deutschkurs A2",
        "Kreisvolkshochschule Stade",
        "Am Abend.",
        f"{names} Zweimal die Woche. Harsefeld-Ost Harsefeld Stade",
    )


def test_offer_sections_leave_out_a_missing_place():
    provider = make_actor(make_region(name="Stade"), name="VHS Stade")
    offer = make_offer(provider=provider, title="Yoga", description="", city="", topics=())
    stage = offer.life_stages.get()
    assert offer_sections(offer) == (
        "Yoga",
        "VHS Stade",
        "Kurzbeschreibung von Yoga",
        f"{stage.name} Stade",
    )


def test_actor_sections_without_a_municipality():
    actor = make_actor(
        make_region(name="Stade"),
        name="Stadtbibliothek",
        description="Bücher.",
        partner_role="Lesepate",
        street="Am Markt 1",
        city="Stade",
    )
    assert actor_sections(actor) == (
        "Stadtbibliothek",
        f"{actor.get_kind_display()} ",
        "Bücher. Lesepate",
        "Am Markt 1 Stade Stade",
    )


def test_event_sections_without_a_municipality():
    organiser = make_actor(make_region(name="Stade"), name="Oberschule Harsefeld")
    event = make_event(organiser=organiser, title="Berufsinfotag", venue="Aula", city="Harsefeld")
    assert event_sections(event) == (
        "Berufsinfotag",
        f"{event.get_kind_display()} Oberschule Harsefeld",
        "Beschreibung von Berufsinfotag",
        "Aula Harsefeld  Stade",
    )


def test_offer_rows_load_what_the_sections_need_in_three_queries():
    provider = make_actor(make_region(), municipality=None)
    ids = [make_offer(provider=provider).pk for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        sections = [offer_sections(offer) for offer in _offer_rows(ids)]
    # The offers with provider, municipality and region; their topics; their life stages.
    assert len(queries) == 3
    assert [section[0] for section in sections] == list(
        Offer.objects.filter(pk__in=ids).order_by("pk").values_list("title", flat=True)
    )


def test_refresh_text_writes_every_row_in_batches():
    region = make_region()
    actors = [make_actor(region) for _ in range(3)]
    Actor.objects.filter(pk__in=[a.pk for a in actors]).update(description="Trommelkurse")
    assert not search_text_filter(Actor.objects.all(), "Trommelkurs").exists()
    with CaptureQueriesContext(connection) as queries:
        _refresh_text(Actor, None, batch_size=2)
    updates = [q["sql"] for q in queries if "UPDATE" in q["sql"]]
    assert len(updates) == 2  # 2 + 1 rows
    found = search_text_filter(Actor.objects.all(), "Trommelkurs")
    assert sorted(found.values_list("pk", flat=True)) == sorted(a.pk for a in actors)


# --- without_missing_words: what the list shows as "Ergebnisse ohne »…«" ------------------------


@pytest.fixture
def kita_offers():
    provider = make_actor(make_region(), name="Familienzentrum")
    make_offer(provider=provider, title="Musik in der Kita", summary="Singen und Tanzen.")
    make_offer(provider=provider, title="Krippe Sonnenschein", summary="Spielen.")
    make_offer(provider=provider, title="Schwimmen lernen", summary="Im Hallenbad.")
    return Offer.objects.public()


def test_without_missing_words_drops_the_word_found_nowhere(kita_offers):
    assert without_missing_words("Kita Trommelzauber", kita_offers) == ("Kita", ["Trommelzauber"])


def test_without_missing_words_keeps_the_found_words_in_their_order(kita_offers):
    assert without_missing_words("Kita Trommelzauber Musik", kita_offers) == (
        "Kita Musik",
        ["Trommelzauber"],
    )


def test_without_missing_words_keeps_alternatives_as_typed(kita_offers):
    assert without_missing_words("Kita oder Krippe Singen Trommelzauber", kita_offers) == (
        "Kita oder Krippe Singen",
        ["Trommelzauber"],
    )
    assert without_missing_words("Kita Trommelzauber oder Flötenzauber", kita_offers) == (
        "Kita",
        ["Trommelzauber oder Flötenzauber"],
    )


def test_without_missing_words_treats_a_typo_as_missing(kita_offers):
    # "Musikk" is corrected to "Musik" by the search itself, but this notice is about the
    # words as typed: uncorrected, "Musikk" finds nothing.
    assert search_offers(kita_offers, "Kita Musikk").exists()
    assert without_missing_words("Kita Musikk", kita_offers) == ("Kita", ["Musikk"])
    assert without_missing_words("Kita Musikk Trommelzauber", kita_offers) == (
        "Kita",
        ["Musikk", "Trommelzauber"],
    )


def test_without_missing_words_is_none_when_every_word_is_missing(kita_offers):
    assert without_missing_words("Trommelzauber Flötenzauber", kita_offers) is None


def test_without_missing_words_is_none_when_the_rest_finds_nothing_together(kita_offers):
    # Kita and Schwimmen each find an offer, but no offer has both.
    assert without_missing_words("Kita Schwimmen Trommelzauber", kita_offers) is None


def test_without_missing_words_of_a_query_that_finds_something_costs_one_query(kita_offers):
    without_missing_words("Kita Musik", kita_offers)  # the thesaurus is read once
    with CaptureQueriesContext(connection) as queries:
        assert without_missing_words("Kita Musik", kita_offers) is None
    assert len(queries) == 1


# --- The text search of actors, events and working groups ----------------------------------------


def test_search_text_filter_ranks_a_meaningless_query_zero():
    region = make_region()
    make_actor(region, name="Musikschule")
    make_actor(region, name="Stadtbibliothek")
    for q in ["", "und", "-Musik"]:
        ranks = list(
            search_text_filter(Actor.objects.all(), q).values_list("search_rank", flat=True)
        )
        assert ranks == [0.0] * (1 if q == "-Musik" else 2), q


def test_order_by_rank_breaks_ties_by_title_then_by_name():
    organiser = make_actor(make_region(), name="Oberschule")
    for title in ["Beta-Tag", "Alpha-Tag"]:
        make_event(organiser=organiser, title=title, description="", venue="", city="")
    events = order_by_rank(search_text_filter(Event.objects.all(), "Tag"))
    assert [event.title for event in events] == ["Alpha-Tag", "Beta-Tag"]

    region = make_region()
    for name in ["Zeta Verein", "Alpha Verein"]:
        make_actor(region, name=name, kind=Actor.Kind.ASSOCIATION)
    actors = order_by_rank(search_text_filter(Actor.objects.all(), "Verein"))
    assert [actor.name for actor in actors] == ["Alpha Verein", "Zeta Verein"]
