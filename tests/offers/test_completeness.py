"""Completeness (offers.completeness): each criterion met and not met, the score, the provider's
aggregate, and that the admin's lists and the monitoring page show the same numbers."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.completeness import Completeness, percent
from actors.models import Actor
from offers.completeness import (
    ACTOR_CRITERIA,
    EVENT_CRITERIA,
    OFFER_CRITERIA,
    completeness,
    entries_for_completeness,
    provider_completeness,
)
from offers.models import EditorialStatus, Event, EventStatus, Offer
from portal import monitoring
from regions.models import CoordinatesSource, StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

OFFER_LABELS = [
    "Beschreibung",
    "Ort oder online",
    "Stadt / Gemeinde",
    "Kosten oder „kostenlos“",
    "Zeiten",
    "Anmeldung",
    "Kontakt",
    "Barrierefreiheit",
    "Alter",
    "Lebensphase",
    "Thema",
]
EVENT_LABELS = [
    "Beschreibung",
    "Ort",
    "Stadt / Gemeinde",
    "Ende",
    "Anmeldung",
    "Kontakt",
    "Jahrgänge",
]
ACTOR_LABELS = ["Beschreibung", "Adresse", "Stadt / Gemeinde", "Kontakt", "Website"]


@pytest.fixture
def town(db):
    return make_municipality(make_region(name="Geest", slug="geest"), name="Altstadt")


def full_offer(town, **overrides):
    """An offer that gives every detail; ``overrides`` take some away."""
    fields = {
        "title": "Deutsch im Alltag",
        "description": "Ein Kurs für alle, die Deutsch im Alltag üben möchten, in kleinen Gruppen.",
        "municipality": town,
        "venue": "Stadtbibliothek, Raum 2",
        "is_free": True,
        "schedule": "dienstags 15–16.30 Uhr",
        "registration": "Anruf genügt",
        "contact_email": "kurs@vhs-geest.example",
        "is_accessible": True,
        "age_min": 16,
    }
    fields.update(overrides)
    if "provider" not in fields:
        fields["provider"] = make_actor(town.region, municipality=town)
    return make_offer(**fields)


def scored(entry):
    """The completeness of ``entry`` loaded afresh, as a list would load it."""
    loaded = entries_for_completeness(type(entry).objects.filter(pk=entry.pk)).get()
    result = completeness(loaded)
    return result.score, result.missing


# --- the labels, in order -------------------------------------------------------------------


def test_criteria_labels_in_order():
    assert [str(c.label) for c in OFFER_CRITERIA] == OFFER_LABELS
    assert [str(c.label) for c in EVENT_CRITERIA] == EVENT_LABELS
    assert [str(c.label) for c in ACTOR_CRITERIA] == ACTOR_LABELS


# --- offers -----------------------------------------------------------------------------------


def test_offer_with_every_detail_is_complete(town):
    assert scored(full_offer(town)) == (100, [])


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"description": ""}, "Beschreibung"),
        # as long as the title ("Deutsch im Alltag", 17 characters) says nothing more
        ({"description": "Deutsch im Alltag"}, "Beschreibung"),
        ({"description": "  Deutsch im Alltag  "}, "Beschreibung"),
        ({"venue": ""}, "Ort oder online"),
        ({"venue": "   "}, "Ort oder online"),
        ({"format": Offer.Format.HYBRID, "venue": ""}, "Ort oder online"),
        ({"municipality": None}, "Stadt / Gemeinde"),
        ({"is_free": False}, "Kosten oder „kostenlos“"),
        (
            {"is_free": False, "cost_note": "Ermäßigung mit Bildungskarte"},
            "Kosten oder „kostenlos“",
        ),
        ({"schedule": ""}, "Zeiten"),
        ({"registration": ""}, "Anmeldung"),
        # "required" without saying how is no answer either
        ({"registration": "", "registration_required": True}, "Anmeldung"),
        ({"contact_email": ""}, "Kontakt"),
        ({"is_accessible": False}, "Barrierefreiheit"),
        ({"age_min": None}, "Alter"),
        ({"life_stages": ()}, "Lebensphase"),
        ({"topics": ()}, "Thema"),
    ],
)
def test_offer_criterion_not_met(town, overrides, missing):
    # 10 of 11 criteria met
    assert scored(full_offer(town, **overrides)) == (91, [missing])


@pytest.mark.parametrize(
    "overrides",
    [
        {"venue": "", "street": "Am Markt 1"},
        {"venue": "", "latitude": 53.61, "longitude": 9.47},  # a point set by hand
        {"is_free": False, "cost": Decimal("12.50")},
        {"is_free": False, "cost": Decimal("0")},
        {"registration": "", "registration_url": "https://vhs-geest.example/anmelden"},
        {"registration": "Ohne Anmeldung, einfach vorbeikommen."},
        {"contact_email": "", "contact_phone": "04141 12 4040"},
        {"is_accessible": False, "accessibility_note": "Zwei Stufen am Eingang"},
        {"age_min": None, "age_max": 10},
    ],
)
def test_offer_criterion_met_another_way(town, overrides):
    assert scored(full_offer(town, **overrides)) == (100, [])


def test_offer_coordinates_from_the_town_are_no_place(town):
    offer = full_offer(town, venue="")
    assert offer.coordinates_source == CoordinatesSource.PLACE  # the town's centre
    assert offer.latitude is not None
    assert scored(offer) == (91, ["Ort oder online"])


def test_online_offer_needs_no_place_and_no_town(town):
    offer = full_offer(town, format=Offer.Format.ONLINE, venue="", municipality=None)
    assert scored(offer) == (100, [])
    # Not asked of it: 10 criteria, so one missing is 90 %.
    offer = full_offer(town, format=Offer.Format.ONLINE, venue="", municipality=None, age_min=None)
    assert scored(offer) == (90, ["Alter"])


def test_bare_offer_misses_everything_but_what_the_form_requires(town):
    offer = make_offer(provider=make_actor(town.region), title="Kurs")
    assert scored(offer) == (
        18,  # 2 of 11: life stage and topic (the factory's)
        [
            "Beschreibung",
            "Ort oder online",
            "Stadt / Gemeinde",
            "Kosten oder „kostenlos“",
            "Zeiten",
            "Anmeldung",
            "Kontakt",
            "Barrierefreiheit",
            "Alter",
        ],
    )


def test_offer_missing_items_keep_the_criteria_order(town):
    offer = full_offer(town, is_accessible=False, is_free=False, description="", topics=())
    assert scored(offer) == (
        64,  # 7 of 11
        ["Beschreibung", "Kosten oder „kostenlos“", "Barrierefreiheit", "Thema"],
    )


# --- the score ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "total", "score"),
    [
        (0, 11, 0),
        (11, 11, 100),
        (10, 11, 91),
        (9, 11, 82),
        (3, 11, 27),
        (1, 8, 13),  # 12.5: half up
        (2, 3, 67),
        (6, 7, 86),
        (0, 0, 100),  # nothing to ask
    ],
)
def test_percent_rounds_half_up(met, total, score):
    assert percent(met, total) == score


def test_score_is_100_only_when_nothing_is_missing():
    # The closest any of our lists can come: one missing of the longest list.
    assert percent(len(OFFER_CRITERIA) - 1, len(OFFER_CRITERIA)) < 100
    assert percent(1, len(OFFER_CRITERIA)) > 0


# --- events ---------------------------------------------------------------------------------


def full_event(town, **overrides):
    starts = timezone.now() + datetime.timedelta(days=10)
    fields = {
        "title": "Berufsinfotag",
        "description": "Betriebe der Region stellen ihre Ausbildungsberufe vor.",
        "municipality": town,
        "venue": "Aula der Oberschule",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "registration": "Keine Anmeldung nötig.",
        "contact_phone": "04141 12 4040",
        "grade_min": 8,
        "grade_max": 10,
    }
    fields.update(overrides)
    if "organiser" not in fields:
        fields["organiser"] = make_actor(town.region, kind=Actor.Kind.OBERSCHULE)
    return make_event(**fields)


def test_event_with_every_detail_is_complete(town):
    assert scored(full_event(town)) == (100, [])


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"description": "Kurz"}, "Beschreibung"),
        ({"venue": ""}, "Ort"),
        ({"municipality": None}, "Stadt / Gemeinde"),
        ({"ends_at": None}, "Ende"),
        ({"registration": ""}, "Anmeldung"),
        ({"contact_phone": ""}, "Kontakt"),
        ({"grade_min": None, "grade_max": None}, "Jahrgänge"),
    ],
)
def test_event_criterion_not_met(town, overrides, missing):
    assert scored(full_event(town, **overrides)) == (86, [missing])  # 6 of 7


def test_event_criteria_met_another_way(town):
    assert scored(full_event(town, venue="", street="Schulstraße 3")) == (100, [])
    assert scored(full_event(town, contact_phone="", contact_email="bo@schule.example")) == (
        100,
        [],
    )
    assert scored(full_event(town, grade_min=None)) == (100, [])  # up to year 10


def test_school_years_are_asked_only_of_careers_guidance_events(town):
    conference = full_event(town, kind=Event.Kind.CONFERENCE, grade_min=None, grade_max=None)
    assert scored(conference) == (100, [])
    conference = full_event(
        town, kind=Event.Kind.CONFERENCE, grade_min=None, grade_max=None, registration=""
    )
    assert scored(conference) == (83, ["Anmeldung"])  # 5 of 6


# --- actors ---------------------------------------------------------------------------------


def full_actor(town, **overrides):
    fields = {
        "name": "VHS Geest",
        "description": "Die Volkshochschule des Landkreises: Sprachen, Beruf, Gesundheit.",
        "municipality": town,
        "street": "Am Markt 1",
        "postcode": town.postcode,
        "city": "Altstadt",
        "phone": "04141 12 4040",
        "website": "https://vhs-geest.example",
    }
    fields.update(overrides)
    return make_actor(town.region, **fields)


def test_actor_with_every_detail_is_complete(town):
    assert scored(full_actor(town)) == (100, [])


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"description": "VHS"}, "Beschreibung"),
        ({"street": ""}, "Adresse"),
        ({"postcode": ""}, "Adresse"),
        ({"municipality": None}, "Stadt / Gemeinde"),
        ({"phone": ""}, "Kontakt"),
        ({"website": ""}, "Website"),
    ],
)
def test_actor_criterion_not_met(town, overrides, missing):
    assert scored(full_actor(town, **overrides)) == (80, [missing])


def test_actor_contact_by_email_counts(town):
    assert scored(full_actor(town, phone="", email="info@vhs-geest.example")) == (100, [])


# --- cost: a list costs one query, one entry what it has not loaded ------------------------


def test_a_list_of_entries_costs_one_query(town, django_assert_num_queries):
    provider = make_actor(town.region)
    for n in range(30):
        make_offer(
            provider=provider, title=f"Kurs {n}", life_stages=() if n % 2 else ["fruehe-kindheit"]
        )
    with django_assert_num_queries(1):
        results = [completeness(o) for o in entries_for_completeness(Offer.objects.all())]
    assert len(results) == 30
    assert sum("Lebensphase" in r.missing for r in results) == 15
    with django_assert_num_queries(1):
        events = [completeness(e) for e in entries_for_completeness(Event.objects.all())]
    with django_assert_num_queries(1):
        actors = [completeness(a) for a in entries_for_completeness(Actor.objects.all())]
    assert (len(events), len(actors)) == (0, 1)


def test_a_list_may_follow_relations(town, django_assert_num_queries):
    offer = full_offer(town, provider=full_actor(town))
    queryset = Offer.objects.select_related("provider", "municipality__region")
    with django_assert_num_queries(1):
        loaded = entries_for_completeness(queryset).get(pk=offer.pk)
        assert (loaded.provider.name, loaded.municipality.region.name) == ("VHS Geest", "Geest")
        assert completeness(loaded).score == 100


def test_one_offer_loaded_plainly_asks_for_its_stages_and_topics(town, django_assert_num_queries):
    offer = full_offer(town)
    loaded = Offer.objects.get(pk=offer.pk)
    with django_assert_num_queries(2):
        assert completeness(loaded) == Completeness(score=100, missing=[])
    prefetched = Offer.objects.prefetch_related("life_stages", "topics").get(pk=offer.pk)
    with django_assert_num_queries(0):
        assert completeness(prefetched).score == 100


# --- the provider ---------------------------------------------------------------------------


def test_provider_completeness_is_the_mean_over_profile_and_current_entries(
    town, django_assert_num_queries
):
    vhs = full_actor(town)  # 100
    full = full_offer(town, provider=vhs, title="A: Deutsch im Alltag")  # 100
    partial = full_offer(
        town, provider=vhs, title="B: Englisch", is_free=False, is_accessible=False
    )  # 9 of 11: 82
    event = full_event(town, organiser=vhs, title="Infoabend", grade_min=None, grade_max=None)
    # 6 of 7: 86 (a Berufsinformationstag asks for school years)
    # Not counted: archived, rejected, cancelled, past, someone else's, only co-organised.
    full_offer(town, provider=vhs, title="C: alt", status=EditorialStatus.ARCHIVED, schedule="")
    past = timezone.now() - datetime.timedelta(days=3)
    full_event(town, organiser=vhs, starts_at=past, ends_at=past, registration="")
    full_event(town, organiser=vhs, status=EventStatus.CANCELLED, registration="")
    full_event(town, organiser=vhs, status=EventStatus.REJECTED, registration="")
    full_event(town, organiser=vhs, status=EventStatus.ARCHIVED, registration="")
    full_offer(town, title="Fremdes Angebot", schedule="")
    other = full_event(town, registration="")
    other.co_organisers.add(vhs)

    with django_assert_num_queries(2):
        result = provider_completeness(vhs)

    assert result.score == 92  # (100 + 100 + 82 + 86) / 4 = 92
    assert result.missing == ["Kosten oder „kostenlos“", "Barrierefreiheit", "Jahrgänge"]
    assert [(entry, c.score, c.missing) for entry, c in result.parts] == [
        (vhs, 100, []),
        (full, 100, []),
        (partial, 82, ["Kosten oder „kostenlos“", "Barrierefreiheit"]),
        (event, 86, ["Jahrgänge"]),
    ]
    # The parts carry what a list of them shows.
    with django_assert_num_queries(0):
        listed = [(e.title, e.status, e.get_absolute_url()) for e, _c in result.parts[1:]]
    assert listed == [
        (full.title, full.status, full.get_absolute_url()),
        (partial.title, partial.status, partial.get_absolute_url()),
        (event.title, event.status, event.get_absolute_url()),
    ]


def test_provider_without_entries_is_its_profile(town):
    vhs = full_actor(town, website="")
    result = provider_completeness(vhs)
    assert (result.score, result.missing) == (80, ["Website"])
    assert [entry for entry, _c in result.parts] == [vhs]


# --- the provider area's include ------------------------------------------------------------


def rendered(result):
    html = render_to_string("offers/includes/completeness.html", {"completeness": result})
    return re.sub(r"\s+", " ", html).strip()


def test_include_names_score_and_missing_items():
    html = rendered(Completeness(score=80, missing=["Kosten oder „kostenlos“", "Barrierefreiheit"]))
    assert (
        '<label class="kern-label portal-completeness__score">Vollständigkeit: 80 % '
        '<meter min="0" max="100" low="50" high="90" optimum="100" value="80">80 %</meter> '
        "</label>"
    ) in html
    assert (
        '<p class="kern-body portal-completeness__missing">'
        "Es fehlen: Kosten oder „kostenlos“, Barrierefreiheit</p>"
    ) in html


def test_include_singular_and_complete():
    assert '<p class="kern-body portal-completeness__missing">Es fehlt: Zeiten</p>' in rendered(
        Completeness(score=91, missing=["Zeiten"])
    )
    html = rendered(Completeness(score=100, missing=[]))
    assert 'value="100"' in html
    assert "Alle Angaben vollständig." in html
    assert "Es fehl" not in html


# --- the admin's lists and change forms -----------------------------------------------------


@pytest.fixture
def coordinator(town):
    return make_user(
        "koordination-geest", region=town.region, role=StaffMembership.Role.COORDINATOR
    )


def column(response):
    """{entry pk: the Vollständigkeit column's text} of a changelist."""
    changelist = response.context["cl"]
    html = response.content.decode()
    assert '<th scope="col" class="column-completeness_column">' in html
    cells = re.findall(r'<td class="field-completeness_column">([^<]*)</td>', html)
    return dict(zip([obj.pk for obj in changelist.result_list], cells, strict=True))


def test_admin_changelists_show_the_score(client, town, coordinator):
    client.force_login(coordinator)
    full = full_offer(town)
    partial = full_offer(town, schedule="", is_free=False)
    response = client.get(reverse("admin:offers_offer_changelist"))
    assert column(response) == {full.pk: "100 %", partial.pk: "82 %"}

    event = full_event(town, registration="")
    response = client.get(reverse("admin:offers_event_changelist"))
    assert column(response) == {event.pk: "86 %"}

    response = client.get(reverse("admin:actors_actor_changelist"))
    assert column(response) == {
        actor.pk: f"{completeness(actor).score} %"
        for actor in Actor.objects.filter(region=town.region)
    }
    # The offers' providers have a town (1 of 5), the event's organiser a name only.
    assert sorted(column(response).values()) == ["0 %", "20 %", "20 %"]


def test_admin_change_form_names_what_is_missing(client, town, coordinator):
    client.force_login(coordinator)
    offer = full_offer(town, schedule="", is_free=False)
    html = client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    assert "82 % – Es fehlen: Kosten oder „kostenlos“, Zeiten" in html
    offer = full_offer(town, schedule="")
    html = client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    assert "91 % – Es fehlt: Zeiten" in html
    event = full_event(town)
    html = client.get(reverse("admin:offers_event_change", args=[event.pk])).content.decode()
    assert "100 % – alle Angaben vollständig" in html
    actor = full_actor(town, website="")
    html = client.get(reverse("admin:actors_actor_change", args=[actor.pk])).content.decode()
    assert "80 % – Es fehlt: Website" in html
    # Nothing to score on the add form.
    html = client.get(reverse("admin:offers_offer_add")).content.decode()
    assert "field-completeness_summary" not in html


@pytest.mark.parametrize(
    "label",
    [
        "admin:offers_offer_changelist",
        "admin:offers_event_changelist",
        "admin:actors_actor_changelist",
    ],
)
def test_admin_changelist_queries_do_not_grow_with_rows(client, town, coordinator, label):
    client.force_login(coordinator)
    provider = make_actor(town.region, municipality=town)

    def add(n):
        for _i in range(n):
            if label == "admin:offers_offer_changelist":
                make_offer(provider=provider)
            elif label == "admin:offers_event_changelist":
                make_event(organiser=provider)
            else:
                make_actor(town.region)

    add(1)
    client.get(reverse(label))  # the first page after the login costs a query more
    with CaptureQueriesContext(connection) as before:
        client.get(reverse(label))
    add(40)
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse(label))
    assert len(response.context["cl"].result_list) >= 41
    assert len(after) == len(before)


# --- the monitoring page --------------------------------------------------------------------


def test_monitoring_uses_the_same_scores(client, town, coordinator):
    vhs = full_actor(town, website="")
    offers = [
        full_offer(town, provider=vhs),
        full_offer(town, provider=vhs, schedule="", topics=()),
        full_offer(town, provider=vhs, format=Offer.Format.ONLINE, venue="", municipality=None),
    ]
    ids = [town.region.pk]
    expected_offers = sorted((completeness(o).score, o.pk, completeness(o).missing) for o in offers)
    assert [(s.score, s.obj.pk, s.missing) for s in monitoring.offer_completeness(ids)] == (
        expected_offers
    )
    actors = Actor.objects.filter(region=town.region)
    expected_actors = sorted((completeness(a).score, a.pk, completeness(a).missing) for a in actors)
    assert [(s.score, s.obj.pk, s.missing) for s in monitoring.actor_completeness(ids)] == (
        expected_actors
    )

    client.force_login(coordinator)
    response = client.get(reverse("admin:monitoring"))
    assert response.context["offer_criteria"] == OFFER_LABELS
    assert response.context["actor_criteria"] == ACTOR_LABELS
    assert response.context["offer_average"] == round((100 + 82 + 100) / 3)
    html = response.content.decode()
    assert '<meter min="0" max="100" value="82">82 %</meter> 82 %' in html
    assert "Zeiten, Thema" in html


def test_admin_offer_changelist_column_with_search_and_relation_filter(client, town, coordinator):
    """Searching and filtering by a many-to-many relation (which may need DISTINCT) keep the
    column right."""
    client.force_login(coordinator)
    offer = full_offer(town, title="Deutsch im Alltag", topics=("sprache-und-lesen",), age_min=None)
    full_offer(town, title="Schwimmen")
    stage = offer.life_stages.get()
    response = client.get(
        reverse("admin:offers_offer_changelist"),
        {"q": "Deutsch", "life_stages__id__exact": stage.pk},
    )
    assert column(response) == {offer.pk: "91 %"}
