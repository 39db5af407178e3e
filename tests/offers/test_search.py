"""German full-text search over offers: the same results on SQLite and PostgreSQL.

Run on both: ``pytest tests/offers/test_search.py`` and again with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name>``.
"""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors.models import Actor
from bildungsregion.models import ThesaurusEntry
from offers.models import LifeStage, Offer, Topic
from offers.search import (
    build_search_text,
    build_search_vector,
    capped_count,
    fold,
    offer_sections,
    parse_query,
    refresh_search_index,
    search_offers,
    similarity,
    suggest,
)
from regions.models import Municipality, Region
from tests.conftest import examples, fixture_built_once
from tests.factories import committed

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="checks the PostgreSQL side against Python"
)


def make_offer(region, provider, title, *, topic, stage, summary="", description="", **extra):
    offer = Offer.objects.create(
        region=region,
        provider=provider,
        title=title,
        slug=f"angebot-{Offer.objects.count() + 1}",
        summary=summary,
        description=description,
        learning_setting=Offer.Setting.NON_FORMAL,
        **{"status": Offer.Status.PUBLISHED, **extra},
    )
    offer.topics.set([Topic.objects.get(slug=topic)])
    offer.life_stages.set([LifeStage.objects.get(slug=stage)])
    return offer


def _build_offers():
    # The text pipeline on its own: the thesaurus' starter set (tests/offers/
    # test_search_german.py) would widen the words below.
    ThesaurusEntry.objects.all().delete()
    stade = Region.objects.create(
        name="Stade", slug="stade", district="Landkreis Stade", summary="."
    )
    lueneburg = Region.objects.create(
        name="Lüneburg", slug="lueneburg", district="Landkreis Lüneburg", summary="."
    )
    hansestadt = Municipality.objects.create(
        region=lueneburg,
        name="Hansestadt Lüneburg",
        slug="hansestadt-lueneburg",
        kind=Municipality.Kind.HANSEATIC_CITY,
        postcode="21335",
        latitude=53.25,
        longitude=10.41,
    )
    bbs = Actor.objects.create(region=stade, name="BBS Stade", slug="bbs-stade", kind="bbs")
    vhs = Actor.objects.create(region=stade, name="VHS Stade", slug="vhs-stade", kind="vhs")
    library = Actor.objects.create(
        region=lueneburg, name="Ratsbücherei", slug="ratsbuecherei", kind="bibliothek"
    )
    offers = {
        "ausbildung": make_offer(
            stade,
            bbs,
            "Ausbildung zur Pflegefachkraft",
            topic="abschluesse-und-qualifizierung",
            stage="beruf-und-weiterbildung",
            summary="Drei Jahre Theorie und Praxis.",
            description="Mit Praxiseinsätzen im Krankenhaus.",
        ),
        "kitas_musik": make_offer(
            lueneburg,
            library,
            "Kitas entdecken Musik",
            topic="kulturelle-bildung",
            stage="fruehe-kindheit",
            summary="Singen und Trommeln mit Liedern aus aller Welt.",
            municipality=hansestadt,
        ),
        "kita_sprache": make_offer(
            stade,
            vhs,
            "Kita und Sprache",
            topic="sprache-und-lesen",
            stage="fruehe-kindheit",
            summary="Sprachförderung im letzten Kita-Jahr.",
        ),
        "bewerbung": make_offer(
            stade,
            bbs,
            "Bewerbungstraining für Jugendliche",
            topic="berufsorientierung",
            stage="uebergang-schule-beruf",
            summary="Lebenslauf, Anschreiben, Vorstellungsgespräch.",
        ),
        "boerse": make_offer(
            stade,
            vhs,
            "Praktikumsbörse",
            topic="berufsorientierung",
            stage="uebergang-schule-beruf",
            summary="Betriebe stellen sich vor.",
            description="Mit Bewerbungstraining und Beratung für Eltern.",
        ),
        "lesen": make_offer(
            lueneburg,
            library,
            "Vorlesen am Nachmittag",
            topic="sprache-und-lesen",
            stage="grundschulzeit",
            summary="Geschichten für Kinder ab sechs.",
            city="Lüneburg",
        ),
        "entwurf": make_offer(
            stade,
            vhs,
            "Bewerbungsmappe",
            topic="berufsorientierung",
            stage="sekundarstufe",
            summary="Noch nicht fertig.",
            status=Offer.Status.DRAFT,
        ),
    }
    refresh_search_index(Offer)
    return offers


_rows, offers = fixture_built_once("offers", _build_offers)


def titles(q, queryset=None):
    return [offer.title for offer in search_offers(queryset or Offer.objects.all(), q)]


def test_search_offers_finds_inflected_forms(offers):
    assert titles("Ausbildungen") == ["Ausbildung zur Pflegefachkraft"]
    assert titles("ausbildung") == ["Ausbildung zur Pflegefachkraft"]


@pytest.mark.parametrize("q", ["Lüneburg", "Lueneburg", "Luneburg", "LÜNEBURG", "lüneburg!"])
def test_search_offers_folds_umlauts_both_ways(offers, q):
    assert sorted(titles(q)) == ["Kitas entdecken Musik", "Vorlesen am Nachmittag"]


def test_search_offers_folds_umlauts_in_the_document(offers):
    assert titles("Praktikumsboerse") == ["Praktikumsbörse"]
    assert titles("Sprachfoerderung") == ["Kita und Sprache"]
    assert titles("Ratsbucherei") == ["Kitas entdecken Musik", "Vorlesen am Nachmittag"]


def test_search_offers_kita_finds_plural_and_singular(offers):
    assert sorted(titles("Kita")) == ["Kita und Sprache", "Kitas entdecken Musik"]
    assert sorted(titles("Kitas")) == ["Kita und Sprache", "Kitas entdecken Musik"]


def test_search_offers_several_words_narrow(offers):
    assert titles("Kita Sprache") == ["Kita und Sprache"]
    assert titles("Kita Sprache Musik") == []


def test_search_offers_minus_excludes(offers):
    assert titles("Kita -Musik") == ["Kita und Sprache"]
    assert titles('Kita -"entdecken Musik"') == ["Kita und Sprache"]
    assert sorted(titles("-Musik")) == [
        "Ausbildung zur Pflegefachkraft",
        "Bewerbungsmappe",
        "Bewerbungstraining für Jugendliche",
        "Kita und Sprache",
        "Praktikumsbörse",
        "Vorlesen am Nachmittag",
    ]


def test_search_offers_quoted_phrase_needs_adjacent_words(offers):
    assert titles('"Bewerbungstraining für Jugendliche"') == ["Bewerbungstraining für Jugendliche"]
    assert titles("„Bewerbungstraining für Jugendliche“") == ["Bewerbungstraining für Jugendliche"]
    assert titles('"Bewerbungstraining für Eltern"') == []  # "und Beratung" lies between
    # "für" is a stop word (folded, as it is typed: "fur"); at a phrase's end it drops out.
    assert titles('"Bewerbungstraining für"') == [
        "Bewerbungstraining für Jugendliche",
        "Praktikumsbörse",
    ]
    assert titles('"Kita Jahr"') == ["Kita und Sprache"]
    assert titles('"Sprache Kita"') == []


def test_search_offers_or_allows_either(offers):
    assert sorted(titles("Ausbildung oder Musik")) == [
        "Ausbildung zur Pflegefachkraft",
        "Kitas entdecken Musik",
    ]
    assert sorted(titles("Ausbildung or Musik")) == sorted(titles("Ausbildung oder Musik"))


def test_search_offers_last_word_matches_as_prefix(offers):
    assert titles("Ausbil") == ["Ausbildung zur Pflegefachkraft"]
    assert titles("Ausbil Pflege") == []


def test_search_offers_prefix_needs_three_letters(offers):
    """PREFIX_MIN_CHARS: a last word of three letters is a prefix, one of two is not."""
    assert titles("Pfl") == ["Ausbildung zur Pflegefachkraft"]
    assert titles("Pf") == []


def test_search_offers_ranks_title_above_description(offers):
    assert titles("Bewerbungstraining") == [
        "Bewerbungstraining für Jugendliche",
        "Praktikumsbörse",
    ]


def test_search_offers_annotates_rank(offers):
    ranks = [
        offer.search_rank for offer in search_offers(Offer.objects.all(), "Bewerbungstraining")
    ]
    assert len(ranks) == 2
    assert ranks[0] > ranks[1] > 0


def test_search_offers_searches_names_of_topics_stages_and_provider(offers):
    assert titles("Berufsorientierung", Offer.objects.public()) == [
        "Bewerbungstraining für Jugendliche",
        "Praktikumsbörse",
    ]
    assert titles("Frühe Kindheit") == ["Kita und Sprache", "Kitas entdecken Musik"]
    assert sorted(titles("BBS")) == [
        "Ausbildung zur Pflegefachkraft",
        "Bewerbungstraining für Jugendliche",
    ]


def test_search_offers_chains_with_other_filters(offers):
    queryset = Offer.objects.public().filter(region__slug="stade")
    assert titles("Musik", queryset) == []
    assert titles("Bewerbungstraining", queryset) == [
        "Bewerbungstraining für Jugendliche",
        "Praktikumsbörse",
    ]
    assert search_offers(queryset, "Bewerbungstraining").count() == 2


@pytest.mark.parametrize("q", ["", "   ", "!!!", "der die das", '""', "-", "oder"])
def test_search_offers_meaningless_query_leaves_queryset(offers, q):
    result = search_offers(Offer.objects.order_by("pk"), q)
    assert list(result) == list(Offer.objects.order_by("pk"))
    assert {offer.search_rank for offer in result} == {0.0}


def test_search_offers_odd_inputs_return_querysets(offers):
    odd = [
        "\x00Kita",
        "Kita" * 2500,
        "'; DROP TABLE offers_offer; --",
        "Kita 🎵 Musik",
        "\ud800",
        "a:* & | ! ( ) <-> <2>",
        '"unclosed phrase',
        "- - -",
        "or or or",
        "Kita or",
        "-Kita or Musik",
    ]
    for q in odd:
        list(search_offers(Offer.objects.all(), q))
        suggest(q)
    assert titles("\x00Kita -Musik") == ["Kita und Sprache"]
    assert titles("Kita 🎵 Musik") == ["Kitas entdecken Musik"]


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=80))
def test_search_offers_never_raises(offers, q):
    assert isinstance(list(search_offers(Offer.objects.public(), q)), list)
    result = suggest(q)
    assert result is None or isinstance(result, str)


def test_suggest_corrects_a_typo(offers):
    assert not search_offers(Offer.objects.public(), "Bewerbungstrainig", correct=False)
    assert suggest("Bewerbungstrainig") == "Bewerbungstraining"
    # The search itself applies the correction to a query that finds nothing.
    assert titles("Bewerbungstrainig") == titles("Bewerbungstraining")
    assert suggest("Bewerbungstrainig Jugendliche") == "Bewerbungstraining Jugendliche"
    assert suggest("Pflegefachkaft") == "Pflegefachkraft"


def test_suggest_is_none_when_the_query_finds_something(offers):
    assert suggest("Bewerbungstraining") is None
    assert suggest("Ausbildungen") is None
    assert suggest("xyzzy") is None
    assert suggest("") is None


def test_suggest_never_leaks_words_of_drafts(offers):
    assert titles("Bewerbungsmappe") == ["Bewerbungsmappe"]
    assert suggest("Bewerbungsmape") is None
    assert titles("Bewerbungsmape") == []  # nor is it searched corrected
    # The word list holds the words of published offers only, whatever is searched.
    assert suggest("Bewerbungsmape", Offer.objects.all()) is None


def test_saving_an_offer_reindexes_it_when_the_transaction_commits(offers):
    offer = offers["lesen"]
    offer.title = "Märchenstunde"
    with committed():
        offer.save()
        assert titles("Maerchenstunde") == []  # not before the commit
    assert titles("Maerchenstunde") == ["Märchenstunde"]
    assert suggest("Marchenstunde") is None
    assert suggest("Maerchenstunte") == "Märchenstunde"


def test_refresh_search_index_of_some_ids(offers):
    Offer.objects.filter(pk=offers["ausbildung"].pk).update(title="Umschulung")
    refresh_search_index(Offer, ids=[offers["kita_sprache"].pk])
    assert titles("Umschulung") == []
    refresh_search_index(Offer, ids=[offers["ausbildung"].pk])
    assert titles("Umschulung") == ["Umschulung"]


def test_parse_query_understands_web_syntax():
    parsed = parse_query('Kita -Musik "Woche der Bildung" Sprache oder Lesen')
    assert [[(clause.tokens, clause.negated) for clause in group] for group in parsed.groups] == [
        [(("kita",), False)],
        [(("musik",), True)],
        [(("woche", "_", "bildung"), False)],
        [(("sprache",), False), (("lesen",), False)],
    ]
    assert parsed.prefix == ""


def test_fold_handles_german_spellings():
    assert fold("Lüneburg Lueneburg Luneburg") == "luneburg luneburg luneburg"
    assert fold("Straße, Kitas & Autos!") == "strasse  kita   auto "
    assert fold("Élève Œuvre") == "eleve ouvre"


def test_similarity_matches_pg_trgm():
    assert similarity("word", "word") == 1.0
    assert round(similarity("bewerbungstrainig", "bewerbungstraining"), 4) == 0.7619
    assert similarity("abc", "xyz") == 0.0


def test_build_search_text_marks_sections():
    text = build_search_text(["Kita", "Sprache und Lesen", "", "Stade"])
    assert text == "000002700000400000040 kita sprach _ les stad "


@postgresql_only
def test_postgresql_lexemes_match_python_lexemes(offers):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, (SELECT array_agg(lexeme ORDER BY lexeme) FROM unnest(search_vector))"
            " FROM offers_offer"
        )
        vectors = dict(cursor.fetchall())
    refreshed = Offer.objects.select_related("provider", "municipality", "region").prefetch_related(
        "topics", "life_stages"
    )
    for offer in refreshed:
        sqlite = build_search_text(offer_sections(offer)).split()[1:]
        assert sorted(set(sqlite) - {"_", "|"}) == vectors[offer.pk]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_vector = %s::tsvector FROM offers_offer WHERE id = %s",
                [build_search_vector(offer_sections(offer)), offer.pk],
            )
            assert cursor.fetchone() == (True,)


def test_search_offers_works_as_a_subquery(offers):
    found = search_offers(Offer.objects.all(), "Kita").values("pk")
    assert sorted(Offer.objects.filter(pk__in=found).values_list("title", flat=True)) == [
        "Kita und Sprache",
        "Kitas entdecken Musik",
    ]
    assert sorted(Region.objects.filter(offers__in=found).values_list("slug", flat=True)) == [
        "lueneburg",
        "stade",
    ]


def test_search_offers_lists_broad_results_newest_first(offers):
    queryset = Offer.objects.all()
    assert [o.title for o in search_offers(queryset, "Kita", rank_limit=2)] == [
        "Kita und Sprache",
        "Kitas entdecken Musik",
    ]
    broad = search_offers(queryset, "Bewerbungstraining oder Kita", rank_limit=3)
    assert [(o.title, o.search_rank) for o in broad] == [
        ("Praktikumsbörse", 0.0),
        ("Bewerbungstraining für Jugendliche", 0.0),
        ("Kita und Sprache", 0.0),
        ("Kitas entdecken Musik", 0.0),
    ]


def test_capped_count_stops_at_the_cap(offers):
    assert capped_count(search_offers(Offer.objects.all(), "Kita"), 5) == 2
    assert capped_count(Offer.objects.all(), 3) == 4
