"""The search index and the offer list's table are kept right by the data layer (offers.indexing)
on every write path, once per commit; bit positions of their own; check_search_index.

A test's transaction never commits: ``committed()`` runs what the writes inside register for
their commit, as a real commit would.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from offers import services
from offers.indexing import deferred_indexing, search_index_drift
from offers.models import Event, LifeStage, MaskBitModel, Offer, OfferIndex, Topic, Transition
from offers.search import WORD_TABLE, refresh_search_index, search_events, search_offers, suggest
from tests.admin.conftest import make_user
from tests.factories import (
    committed,
    make_actor,
    make_event,
    make_municipality,
    make_offer,
    make_region,
)

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def listed(client, **params):
    """(total, titles A–Z) of /angebote/ with these filters."""
    response = client.get(URL, {"sortierung": "a-z", **params})
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count, [
        c.title for c in response.context["cards"]
    ]


def assert_total_agrees(client):
    """The list's total is the number of public offers in the data, by region too."""
    assert listed(client)[0] == Offer.objects.public().count()
    for region in {offer.region for offer in Offer.objects.select_related("region")}:
        assert listed(client, region=region.slug)[0] == (
            Offer.objects.public().for_region(region).count()
        )


def found(q):
    return [offer.title for offer in search_offers(Offer.objects.all(), q)]


def card_providers(client, **params):
    response = client.get(URL, {"sortierung": "a-z", **params})
    return [card.provider for card in response.context["cards"]]


# --- plain ORM writes ---------------------------------------------------------------------------


def test_plain_save_reindexes_the_offer_at_commit_and_the_total_agrees(client):
    offer = make_offer(title="Lesen am Abend")
    make_offer(title="Zweites Angebot", region=offer.region)
    offer.title = "Lesen am Morgen"
    with committed():
        offer.save()
        assert found("Morgen") == []  # not before the commit
    assert found("Morgen") == ["Lesen am Morgen"]
    assert listed(client, q="Morgen") == (1, ["Lesen am Morgen"])
    offer.status = Offer.Status.DRAFT
    with committed():
        offer.save(update_fields=["status"])
    assert listed(client) == (1, ["Zweites Angebot"])
    assert_total_agrees(client)


def test_a_rolled_back_write_leaves_the_index_as_it_was(client):
    offer = make_offer(title="Lesen am Abend")
    with committed(), transaction.atomic():
        offer.title = "Verworfen"
        offer.save()
        transaction.set_rollback(True)
    assert OfferIndex.objects.get().title == "Lesen am Abend"
    assert listed(client) == (1, ["Lesen am Abend"])


def test_links_changed_from_either_side_reindex_the_offers(client):
    offer = make_offer(title="Robotik", topics=("sprache-und-lesen",))
    mint = Topic.objects.get(slug="mint")
    with committed():
        offer.topics.add(mint)
    assert listed(client, thema="mint") == (1, ["Robotik"])
    with committed():
        mint.offers.remove(offer)
    assert listed(client, thema="mint") == (0, [])
    with committed():
        mint.offers.add(offer)
    assert listed(client, thema="mint") == (1, ["Robotik"])
    with committed():
        mint.offers.clear()
    assert listed(client, thema="mint") == (0, [])
    transition = Transition.objects.get(slug="schule-beruf")
    with committed():
        offer.transitions.set([transition])
    assert listed(client, uebergang="schule-beruf") == (1, ["Robotik"])
    with committed():
        offer.life_stages.clear()
    assert OfferIndex.objects.get().life_stage_mask == 0
    assert_total_agrees(client)


def test_deleting_an_offer_removes_it_from_the_list(client):
    offer = make_offer(title="Weg damit")
    with committed():
        offer.delete()
    assert listed(client) == (0, [])
    assert not OfferIndex.objects.exists()


def test_deleting_a_topic_reindexes_its_offers(client):
    topic = Topic.objects.create(name="Schach", slug="schach")
    offer = make_offer(title="Schachkurs", topics=("schach", "mint"))
    assert listed(client, thema="schach") == (1, ["Schachkurs"])
    bit = topic.bit
    with committed():
        topic.delete()
    assert OfferIndex.objects.get(pk=offer.pk).topic_mask == 1 << Topic.objects.get(slug="mint").bit
    # The freed bit goes to the next new topic, which has no offers.
    with committed():
        successor = Topic.objects.create(name="Go", slug="go")
    assert successor.bit == bit
    assert listed(client, thema="go") == (0, [])


# --- renames of what offers and events show -----------------------------------------------------


def test_renaming_a_provider_renames_its_offers_and_events(client):
    provider = make_actor(make_region(), name="Bildungswerk Altes Pfarrhaus")
    make_offer(provider=provider, title="Lesen am Abend")
    make_event(organiser=provider, title="Tag der offenen Tür")
    provider.name = "Kreisvolkshochschule Stade"
    with committed():
        provider.save()
    assert card_providers(client) == ["Kreisvolkshochschule Stade"]
    assert found("Kreisvolkshochschule") == ["Lesen am Abend"]
    assert found("Pfarrhaus") == []
    events = search_events(Event.objects.all(), "Kreisvolkshochschule")
    assert [event.title for event in events] == ["Tag der offenen Tür"]


def test_renaming_a_municipality_and_a_region_reindexes_offers_events_and_actors(client):
    region = make_region(name="Nordkreis")
    town = make_municipality(region, name="Altdorf")
    actor = make_actor(region, name="Bücherei", municipality=town)
    make_offer(provider=actor, title="Lesen", municipality=town)
    make_event(organiser=actor, title="Lesenacht", municipality=town)
    town.name = "Neudorf"
    region.name = "Küstenkreis"
    with committed():
        town.save()
        region.save()
    response = client.get(URL)
    assert [card.municipality for card in response.context["cards"]] == ["Neudorf"]
    assert found("Neudorf") == found("Kustenkreis") == ["Lesen"]
    assert found("Altdorf") == found("Nordkreis") == []
    assert [e.title for e in search_events(Event.objects.all(), "Neudorf Küstenkreis")] == [
        "Lesenacht"
    ]
    actors = Actor.objects.filter(pk=actor.pk)
    assert list(search_events(actors, "Neudorf")) == [actor]  # the same text search


def test_renaming_a_topic_and_a_life_stage_reindexes_their_offers():
    make_offer(title="Kurs", topics=("mint",), life_stages=("grundschulzeit",))
    topic = Topic.objects.get(slug="mint")
    stage = LifeStage.objects.get(slug="grundschulzeit")
    topic.name = "Naturwissenschaft und Technik"
    stage.name = "Jahre der Grundschule"
    with committed():
        topic.save()
        stage.save()
    assert found("Naturwissenschaft") == found("Jahre Grundschule") == ["Kurs"]


def test_saving_without_a_rename_refreshes_nothing_else():
    region = make_region()
    for n in range(3):
        make_offer(region=region, title=f"Angebot {n}")
    region.summary = "Neu beschrieben."
    with CaptureQueriesContext(connection) as queries, committed():
        region.save()
    assert not [q for q in queries.captured_queries if "offers_offerindex" in q["sql"]]


# --- the paths that write many rows -------------------------------------------------------------


def test_deferred_indexing_refreshes_once_at_its_end():
    region = make_region()
    offers = [make_offer(region=region, title=f"Alt {n}") for n in range(3)]
    with CaptureQueriesContext(connection) as queries, deferred_indexing():
        for n, offer in enumerate(offers):
            offer.title = f"Neu {n}"
            offer.save()
        assert found("Neu") == []
    assert found("Neu") == ["Neu 0", "Neu 1", "Neu 2"]
    upserts = [q for q in queries.captured_queries if "INTO offers_offerindex" in q["sql"]]
    assert len(upserts) == 1


def test_deferred_indexing_full_covers_writes_without_signals(client):
    region = make_region()
    provider = make_actor(region)
    with deferred_indexing(full=True):
        Offer.objects.bulk_create(
            [
                Offer(
                    region=region,
                    provider=provider,
                    title=f"Massenangebot {n}",
                    slug=f"massenangebot-{n}",
                    summary=".",
                    learning_setting=Offer.Setting.NON_FORMAL,
                    status=Offer.Status.PUBLISHED,
                )
                for n in range(3)
            ]
        )
        Actor.objects.filter(pk=provider.pk).update(name="Umbenannt per update")
    assert listed(client)[0] == 3
    assert set(card_providers(client)) == {"Umbenannt per update"}
    assert_total_agrees(client)


def test_a_school_submission_is_found(client):
    from actors.models import InstitutionMembership

    region = make_region()
    school = make_actor(region, name="Oberschule Hafen", kind=Actor.Kind.OBERSCHULE)
    teacher = make_user("lehrkraft-index", is_staff=False)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    with committed():
        event = services.event_school_submit(
            by=teacher,
            institution=school,
            kind="berufsinformationstag",
            title="Hafentag",
            description="Betriebe am Hafen stellen sich vor.",
            starts_at=timezone.now() + datetime.timedelta(days=30),
        )
    assert list(search_events(Event.objects.all(), "Hafentag Oberschule")) == [event]


# --- bit positions -------------------------------------------------------------------------------


def test_a_topic_with_a_large_primary_key_filters_right(client):
    topic = Topic.objects.create(pk=70, name="Schach", slug="schach")
    assert 0 <= topic.bit <= MaskBitModel.MAX_BIT
    make_offer(title="Schachkurs", topics=("schach",))
    make_offer(title="Anderes", topics=("mint",))
    assert listed(client, thema="schach") == (1, ["Schachkurs"])
    response = client.get(URL)
    counts = {value: count for value, _label, count, _sel in response.context["facets"]["thema"]}
    assert (counts["schach"], counts["mint"]) == (1, 1)


def test_new_rows_take_the_lowest_free_bit():
    taken = set(Topic.objects.values_list("bit", flat=True))
    first = Topic.objects.create(name="Eins", slug="eins")
    second = Topic.objects.create(name="Zwei", slug="zwei")
    free = [bit for bit in range(63) if bit not in taken]
    assert (first.bit, second.bit) == (free[0], free[1])
    first.delete()
    assert Topic.objects.create(name="Drei", slug="drei").bit == free[0]


def test_the_64th_topic_is_refused_with_a_german_message(client):
    for n in range(Topic.objects.count(), MaskBitModel.MAX_BIT + 1):
        Topic.objects.create(name=f"Thema {n}", slug=f"thema-{n}")
    message = (
        "Es gibt bereits 63 Themen: Mehr kann die Angebotsliste nicht unterscheiden. Bitte "
        "löschen Sie zuerst einen nicht mehr benötigten Eintrag oder fassen Sie Einträge zusammen."
    )
    with pytest.raises(ValidationError) as error:
        Topic.objects.create(name="Zu viel", slug="zu-viel")
    assert error.value.messages == [message]

    client.force_login(make_user("land", is_superuser=True))
    response = client.post(
        reverse("admin:offers_topic_add"), {"name": "Zu viel", "slug": "zu-viel"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [message]
    assert not Topic.objects.filter(slug="zu-viel").exists()


def test_the_database_refuses_a_bit_outside_the_masks():
    topic = Topic.objects.get(slug="mint")
    with pytest.raises(Exception) as error, transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(bit=63)
    assert "bit_in_range" in str(error.value)


# --- check_search_index -------------------------------------------------------------------------


def run_check(*args):
    from io import StringIO

    out = StringIO()
    try:
        call_command("check_search_index", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_check_search_index_finds_and_fixes_each_kind_of_drift():
    region = make_region()
    provider = make_actor(region, name="VHS Nord")
    offers = [make_offer(provider=provider, title=f"Kurs {n}") for n in range(4)]
    event = make_event(organiser=provider, title="Fachtag")
    refresh_search_index(Offer)
    assert [drift.rows for drift in search_index_drift()] == [[], [], [], [], [], []]
    assert run_check() == (
        "Suchdokumente der Angebote: stimmt\nAngebotsliste (OfferIndex): stimmt\n"
        "Suchtexte der Akteure: stimmt\nSuchtexte der Veranstaltungen: stimmt\n"
        "Suchtexte der Arbeitsgruppen: stimmt\nWörter für „Meinten Sie …?“: stimmt\n"
        "Der Suchindex stimmt mit den Daten überein.\n",
        None,
    )

    stale_title, stale_provider, missing, wrong_mask = offers
    # the stored document: PostgreSQL's search vector, SQLite's search text
    document = "search_vector" if connection.vendor == "postgresql" else "search_text"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE offers_offerindex SET title = 'Alt' WHERE offer_id = %s", [stale_title.pk]
        )
        cursor.execute(
            "UPDATE offers_offerindex SET provider_name = 'Alt' WHERE offer_id = %s",
            [stale_provider.pk],
        )
        cursor.execute("DELETE FROM offers_offerindex WHERE offer_id = %s", [missing.pk])
        cursor.execute(
            "UPDATE offers_offerindex SET topic_mask = %s WHERE offer_id = %s",
            [1 << 40, wrong_mask.pk],
        )
        cursor.execute("UPDATE offers_offer SET title = 'Neu' WHERE id = %s", [stale_title.pk])
        cursor.execute(
            f"UPDATE offers_event SET {document} = %s WHERE id = %s",
            ["'alt':1" if document == "search_vector" else " alt ", event.pk],
        )

    drifts = {drift.part: drift for drift in search_index_drift()}
    listing = drifts["offer_list"]
    # (A list row without its offer cannot happen: the foreign key forbids it.)
    assert (listing.missing, listing.orphaned) == ([missing.pk], [])
    assert listing.changed["title"] == [stale_title.pk]
    assert listing.changed["provider_name"] == [stale_provider.pk]
    assert listing.changed["topic_mask"] == [wrong_mask.pk]
    assert listing.rows == sorted([stale_title.pk, stale_provider.pk, missing.pk, wrong_mask.pk])
    assert drifts["offers"].rows == [stale_title.pk]  # its document still has the old title
    assert drifts["events"].changed == {document: [event.pk]}
    assert drifts["actors"].rows == drifts["working_groups"].rows == []
    # "Kurs 0" is "Neu" now: the word "Kurs" is in three published offers, not four.
    assert drifts["suggestion_words"].changed == {"frequency": ["kurs"]}

    out, error = run_check()
    assert error == (
        "Der Suchindex weicht in 7 Einträgen von den Daten ab; "
        "„manage.py check_search_index --fix“ repariert ihn."
    )
    assert f"1 fehlen (z. B. {missing.pk})" in out
    assert f"topic_mask: 1 veraltet (z. B. {wrong_mask.pk})" in out
    assert not OfferIndex.objects.filter(pk=missing.pk).exists()  # the check changes nothing

    out, error = run_check("--fix")
    assert error is None
    assert out.endswith("Repariert: 7 Einträge neu aufgebaut.\n")
    assert [drift.rows for drift in search_index_drift()] == [[], [], [], [], [], []]
    assert OfferIndex.objects.filter(pk=missing.pk).exists()
    assert found("Neu") == ["Neu"]


def suggestion_words(*words):
    marks = ", ".join(["%s"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, display, frequency FROM {WORD_TABLE} WHERE word IN ({marks})", words
        )
        return sorted(cursor.fetchall())


def test_suggestion_words_are_those_of_published_offers_only():
    """The "Meinten Sie" words follow every write: a word (with how often published offers
    use it) only while a published offer has it."""
    provider = make_actor(make_region(), name="VHS Nord")
    first = make_offer(
        provider=provider, title="Trommelzauber für Kinder", summary="Trommelzauber im Hof."
    )
    second = make_offer(provider=provider, title="Trommelzauber", summary="Für Erwachsene.")
    make_offer(provider=provider, title="Flötenzauber", status=Offer.Status.DRAFT)
    assert suggestion_words("trommelzauber", "flotenzauber") == [
        ("trommelzauber", "Trommelzauber", 3)
    ]
    with committed():
        second.status = Offer.Status.DRAFT
        second.save()
    assert suggestion_words("trommelzauber") == [("trommelzauber", "Trommelzauber", 2)]
    with committed():
        first.title = "Trommeln für Kinder"
        first.save()
    assert suggestion_words("trommelzauber") == [("trommelzauber", "Trommelzauber", 1)]
    assert suggest("Trommelzaubr") == "Trommelzauber"
    with committed():
        first.delete()
    assert suggestion_words("trommelzauber") == []
    assert suggest("Trommelzaubr") is None
    with committed():
        second.status = Offer.Status.PUBLISHED
        second.save()
    assert suggestion_words("trommelzauber") == [("trommelzauber", "Trommelzauber", 1)]
    assert [drift.rows for drift in search_index_drift()] == [[], [], [], [], [], []]
