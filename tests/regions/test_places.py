"""Places (issue 11): the radius search of the lists starts anywhere in Germany (the regions'
postcodes, else the gazetteer) or at the visitor's own position, says which origin and radius
it uses, sorts by distance unless told otherwise and refuses a bad radius; and an entry with a
postcode or town but no coordinates gets coordinates on every write path.

The five regions are loaded once for the module (real towns of the Landkreis Osnabrück around
the city of Osnabrück, which belongs to no region); each test runs in its own transaction."""

import datetime
import importlib
import re

import pytest
import tablib
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from offers.models import EditorialStatus, Event, Offer, OfferIndex
from offers.resources import OfferResource
from portal.services import regions_load
from regions.geo import GERMANY_BOUNDS, haversine_km, within_radius
from regions.models import Municipality, PostalCode, Region, StaffMembership
from regions.services import located_coordinates_fill
from tests.admin.conftest import make_user
from tests.admin.test_admin_features import form_data
from tests.conftest import fixture_built_once
from tests.factories import committed, make_actor, make_event, make_offer

pytestmark = pytest.mark.django_db

OFFERS = "/angebote/"
ACTORS = "/akteure/"
OSNABRUECK = (52.2738, 8.0521)  # 49074 Osnabrück in the gazetteer
# Towns of the Landkreis Osnabrück (regions/data/municipalities.csv) and their distance from
# 49074: Belm 6.2 km, Georgsmarienhütte 7.9 km, Wallenhorst 8.8 km, Bramsche 16.0 km.
TOWNS = ("belm", "georgsmarienhuette", "wallenhorst", "bramsche")
TITLES = {
    "belm": "Sprachcafé Belm",
    "georgsmarienhuette": "Töpferkurs Georgsmarienhütte",
    "wallenhorst": "Lernwerkstatt Wallenhorst",
    "bramsche": "Gitarrenkurs Bramsche",
}


def _build():
    regions_load()
    region = Region.objects.get(slug="osnabrueck")
    towns = {m.slug: m for m in Municipality.objects.filter(region=region, slug__in=TOWNS)}
    provider = make_actor(region, name="Bildungswerk Osnabrücker Land")
    for slug in TOWNS:
        town = towns[slug]
        make_offer(
            provider=provider,
            title=TITLES[slug],
            municipality=town,
            city=town.name,
            latitude=town.latitude,
            longitude=town.longitude,
        )
        make_actor(region, name=f"Familienzentrum {town.name}", municipality=town)
    stade = Municipality.objects.get(region__slug="stade", slug="stade")
    make_offer(
        provider=make_actor(stade.region, name="VHS Stade"),
        title="Abendkurs Stade",
        municipality=stade,
        latitude=stade.latitude,
        longitude=stade.longitude,
    )
    return {"region": region, "towns": towns, "provider": provider}


_rows, world = fixture_built_once("world", _build)


def titles(response):
    return [card.title for card in response.context["cards"]]


def radius_note(response):
    """The page's sentence on the radius search, without markup."""
    html = response.content.decode()
    match = re.search(r'<p class="portal-radius">(.*?)<a', html, re.S)
    return " ".join(match.group(1).split()) if match else None


ALL = sorted([*TITLES.values(), "Abendkurs Stade"])


# --- origins -------------------------------------------------------------------------------
def test_osnabrueck_city_is_an_origin_that_finds_the_districts_offers_nearby(
    client, world, postcode_places
):
    """Issue 11: "A visitor from the city of Osnabrück (49074 …) is told the postcode is not in
    a region." The city belongs to no region; the gazetteer knows it."""
    response = client.get(OFFERS, {"plz": "49074"})
    assert response.context["form"].errors == {}
    assert titles(response) == [TITLES["belm"], TITLES["georgsmarienhuette"], TITLES["wallenhorst"]]
    towns = world["towns"]
    distances = [card.distance for card in response.context["cards"]]
    expected = [haversine_km(*OSNABRUECK, towns[s].latitude, towns[s].longitude) for s in TOWNS[:3]]
    assert distances == pytest.approx(expected, rel=2e-4)
    assert radius_note(response) == (
        "Umkreissuche: bis 10 km um 49074 Osnabrück. Die nächsten Treffer stehen oben."
    )
    response = client.get(OFFERS, {"plz": "49074", "umkreis": "20"})
    assert titles(response) == [TITLES[slug] for slug in TOWNS]
    assert radius_note(response).startswith("Umkreissuche: bis 20 km um 49074 Osnabrück.")


def test_osnabrueck_city_is_an_origin_of_the_actor_list(client, world, postcode_places):
    response = client.get(ACTORS, {"plz": "49074", "umkreis": "9"})
    assert response.context["form"].errors == {}
    # The Kreishaus of the Landkreis stands in the city (regions/data/actors.json).
    assert [actor.name for actor in response.context["actors"]] == [
        "Bildungsbüro Landkreis Osnabrück",
        "Landkreis Osnabrück",
        "Familienzentrum Belm",
        "Familienzentrum Georgsmarienhütte",
        "Familienzentrum Wallenhorst",
    ]
    assert radius_note(response) == (
        "Umkreissuche: bis 9 km um 49074 Osnabrück. Die nächsten Treffer stehen oben."
    )


@pytest.mark.parametrize(
    ("code", "label"),
    [("28195", "28195 Bremen"), ("20095", "20095 Hamburg"), ("80331", "80331 München")],
)
def test_any_german_postcode_is_an_origin(client, world, postcode_places, code, label):
    response = client.get(OFFERS, {"plz": code, "umkreis": "200"})
    assert response.context["form"].errors == {}
    assert radius_note(response).startswith(f"Umkreissuche: bis 200 km um {label}.")


def test_a_regions_own_postcode_keeps_its_own_centre(client, world, postcode_places):
    response = client.get(OFFERS, {"plz": "49191", "umkreis": "1"})  # Belm
    own = PostalCode.objects.get(code="49191")
    assert titles(response) == [TITLES["belm"]]
    assert radius_note(response).startswith(f"Umkreissuche: bis 1 km um 49191 {own.place}.")


def test_unknown_postcode_is_a_german_error_and_the_other_filters_apply(
    client, world, postcode_places
):
    response = client.get(OFFERS, {"plz": "99999"})
    assert response.context["form"].errors == {
        "plz": [
            "Die Postleitzahl 99999 kennen wir nicht. Bitte prüfen Sie sie oder geben Sie die "
            "Postleitzahl eines Nachbarorts ein."
        ]
    }
    assert sorted(titles(response)) == ALL
    assert radius_note(response) is None


# --- sorting -------------------------------------------------------------------------------
def test_a_postcode_search_sorts_by_distance_unless_another_order_is_chosen(
    client, world, postcode_places
):
    """Issue 11: "A postcode search is not sorted by distance unless the visitor also picks
    it"."""
    nearest_first = [TITLES[slug] for slug in TOWNS]
    around = {"plz": "49074", "umkreis": "20"}
    assert titles(client.get(OFFERS, around)) == nearest_first
    assert titles(client.get(OFFERS, {**around, "sortierung": ""})) == nearest_first
    assert titles(client.get(OFFERS, {**around, "sortierung": "entfernung"})) == nearest_first
    response = client.get(OFFERS, {**around, "sortierung": "a-z"})
    assert titles(response) == sorted(nearest_first)
    assert radius_note(response) == "Umkreissuche: bis 20 km um 49074 Osnabrück."


# --- the radius ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("radius", "message"),
    [
        ("0", "Der Umkreis muss mindestens 1 km betragen."),
        ("-5", "Der Umkreis muss mindestens 1 km betragen."),
        ("0.5", "Der Umkreis muss mindestens 1 km betragen."),
        ("201", "Der Umkreis darf höchstens 200 km betragen."),
        ("1e9", "Der Umkreis darf höchstens 200 km betragen."),
        ("abc", "Bitte geben Sie den Umkreis als Zahl in Kilometern ein, z. B. 10."),
        ("NaN", "Bitte geben Sie den Umkreis als Zahl in Kilometern ein, z. B. 10."),
        ("inf", "Bitte geben Sie den Umkreis als Zahl in Kilometern ein, z. B. 10."),
    ],
)
def test_an_invalid_radius_is_a_german_error_not_a_silent_default(
    client, world, postcode_places, radius, message
):
    """Issue 11: "`umkreis=0` silently means 10 km". An invalid radius is named in the error
    summary, and no radius search runs (the other filters do)."""
    response = client.get(OFFERS, {"plz": "49074", "umkreis": radius})
    assert response.context["form"].errors == {"umkreis": [message]}
    assert sorted(titles(response)) == ALL
    assert radius_note(response) is None
    html = response.content.decode()
    assert f'<a class="kern-link" href="#id_umkreis">Umkreis in km: {message}</a>' in html
    response = client.get(ACTORS, {"plz": "49074", "umkreis": radius})
    assert response.context["form"].errors == {"umkreis": [message]}


def test_an_empty_radius_is_the_default_and_the_page_says_so(client, world, postcode_places):
    response = client.get(OFFERS, {"plz": "49074", "umkreis": ""})
    assert response.context["form"].errors == {}
    assert len(titles(response)) == 3
    assert radius_note(response).startswith("Umkreissuche: bis 10 km um 49074 Osnabrück.")
    field = response.context["form"]["umkreis"]
    assert field.help_text == "Ohne Angabe 10 km, höchstens 200 km."


def test_radius_note_links_to_the_list_without_the_radius_search(client, world, postcode_places):
    response = client.get(OFFERS, {"plz": "49074", "umkreis": "20", "sortierung": "a-z"})
    assert response.context["filter"].radius_search().remove_url == "?sortierung=a-z"


# --- the visitor's own position ("Standort verwenden") -------------------------------------
def test_the_visitors_position_is_an_origin(client, world, postcode_places):
    response = client.get(OFFERS, {"breite": "52.27", "laenge": "8.05"})
    assert response.context["form"].errors == {}
    assert titles(response) == [TITLES["belm"], TITLES["georgsmarienhuette"], TITLES["wallenhorst"]]
    assert radius_note(response) == (
        "Umkreissuche: bis 10 km um Ihren Standort (52,27° N, 8,05° O). "
        "Die nächsten Treffer stehen oben."
    )
    response = client.get(ACTORS, {"breite": "52.27", "laenge": "8.05", "umkreis": "7"})
    assert [actor.name for actor in response.context["actors"]] == [
        "Bildungsbüro Landkreis Osnabrück",
        "Landkreis Osnabrück",
        "Familienzentrum Belm",
    ]


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (GERMANY_BOUNDS[0], 10.0),
        (GERMANY_BOUNDS[1], 10.0),
        (52.0, GERMANY_BOUNDS[2]),
        (52.0, GERMANY_BOUNDS[3]),
    ],
)
def test_a_position_on_the_edge_of_the_box_is_still_an_origin(
    client, world, postcode_places, latitude, longitude
):
    response = client.get(OFFERS, {"breite": str(latitude), "laenge": str(longitude)})
    assert response.context["form"].errors == {}
    assert radius_note(response).startswith("Umkreissuche: bis 10 km um Ihren Standort (")


def test_the_position_is_named_to_two_decimals(client, world, postcode_places):
    response = client.get(OFFERS, {"breite": "52.2712", "laenge": "8.0412"})
    assert radius_note(response).startswith(
        "Umkreissuche: bis 10 km um Ihren Standort (52,27° N, 8,04° O)."
    )


def test_a_postcode_wins_over_a_position(client, world, postcode_places):
    response = client.get(OFFERS, {"plz": "21682", "breite": "52.27", "laenge": "8.05"})
    assert titles(response) == ["Abendkurs Stade"]
    assert radius_note(response).startswith("Umkreissuche: bis 10 km um 21682 Stade.")


OUTSIDE = (
    "Ihr Standort liegt außerhalb Deutschlands. Die Umkreissuche geht von einem Ort in "
    "Deutschland aus: Bitte geben Sie eine Postleitzahl ein."
)
INVALID = (
    "Der Standort ist ungültig. Bitte verwenden Sie ihn erneut oder geben Sie eine "
    "Postleitzahl ein."
)


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"breite": "48.86", "laenge": "2.35"}, {"breite": [OUTSIDE]}),  # Paris
        ({"breite": "52.27", "laenge": "-8.05"}, {"breite": [OUTSIDE]}),
        ({"breite": "52.27"}, {"breite": ["Der Standort ist unvollständig: Breite oder Länge fehlt."]}),
        ({"laenge": "8.05"}, {"breite": ["Der Standort ist unvollständig: Breite oder Länge fehlt."]}),
        ({"breite": "abc", "laenge": "8.05"}, {"breite": [INVALID]}),
        ({"breite": "91", "laenge": "8.05"}, {"breite": [INVALID]}),
        ({"breite": "52.27", "laenge": "181"}, {"laenge": [INVALID]}),
        ({"breite": "-91", "laenge": "8.05"}, {"breite": [INVALID]}),
        ({"breite": "52.27", "laenge": "-181"}, {"laenge": [INVALID]}),
        ({"breite": "NaN", "laenge": "8.05"}, {"breite": [INVALID]}),
        ({"breite": "52.27", "laenge": "8.05", "umkreis": "0"},
         {"umkreis": ["Der Umkreis muss mindestens 1 km betragen."]}),
        # an invalid postcode keeps its error: the position beside it is not used instead
        ({"plz": "4907", "breite": "52.27", "laenge": "8.05"},
         {"plz": ["Bitte geben Sie eine fünfstellige Postleitzahl ein."]}),
    ],
)  # fmt: skip
def test_a_bad_position_is_a_german_error_and_no_radius_search(
    client, world, postcode_places, params, errors
):
    response = client.get(OFFERS, params)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert sorted(titles(response)) == ALL
    assert radius_note(response) is None


def test_the_filter_form_offers_the_position_button_only_to_javascript(client, world):
    html = client.get(OFFERS).content.decode()
    assert '<div class="portal-geolocation" data-geolocation hidden>' in html
    assert '<span class="kern-label">Standort verwenden</span>' in html
    assert 'data-denied="Sie haben den Zugriff auf Ihren Standort nicht erlaubt.' in html
    assert '<p class="kern-body portal-geolocation__status" role="status"' in html
    assert '<input type="hidden" name="breite" id="id_breite">' in html
    assert '<input type="hidden" name="laenge" id="id_laenge">' in html
    assert '<script src="/static/js/geolocation.js" defer></script>' in html
    assert "<script>" not in html  # the CSP forbids inline scripts
    assert "data-geolocation hidden" in client.get(ACTORS).content.decode()


# --- coordinates on every write path -------------------------------------------------------
def found_around(model, latitude, longitude, radius_km=1):
    return list(within_radius(model.objects.all(), latitude, longitude, radius_km))


def test_plain_save_fills_coordinates_from_the_gazetteer(client, world, postcode_places):
    """Issue 11: "A new offer with a postcode but no coordinates never appears in a radius
    search." A plain ORM save (the factory saves inside committed(): the index follows at
    commit)."""
    offer = make_offer(
        provider=world["provider"], title="Lesecafé Osnabrück", postcode="49074", city="Osnabrück"
    )
    assert (offer.latitude, offer.longitude) == OSNABRUECK
    offer.refresh_from_db()
    assert (offer.latitude, offer.longitude) == OSNABRUECK
    assert found_around(Offer, *OSNABRUECK) == [offer]
    assert titles(client.get(OFFERS, {"plz": "49074", "umkreis": "1"})) == ["Lesecafé Osnabrück"]
    actor = make_actor(world["region"], name="Stadtbibliothek", postcode="49074")
    event = make_event(organiser=actor, postcode="49074")
    assert found_around(Actor, *OSNABRUECK) == [actor]
    assert found_around(Event, *OSNABRUECK) == [event]


def test_plain_save_prefers_the_regions_postcode_then_the_town(world, postcode_places):
    belm = world["towns"]["belm"]
    own = PostalCode.objects.get(code="49191", municipality=belm)
    by_code = make_offer(provider=world["provider"], postcode="49191")
    assert (by_code.latitude, by_code.longitude) == (own.latitude, own.longitude)
    bramsche = world["towns"]["bramsche"]
    by_town = make_offer(provider=world["provider"], municipality=bramsche)
    assert (by_town.latitude, by_town.longitude) == (bramsche.latitude, bramsche.longitude)
    # The gazetteer's place named like the entry's town, of a postcode with two places.
    herzlake = make_offer(provider=world["provider"], postcode="49770", city="Herzlake")
    assert (herzlake.latitude, herzlake.longitude) == (52.6853, 7.5995)
    nowhere = make_offer(provider=world["provider"], postcode="99999")
    assert (nowhere.latitude, nowhere.longitude) == (None, None)
    kept = make_offer(provider=world["provider"], postcode="49074", latitude=52.0, longitude=8.0)
    assert (kept.latitude, kept.longitude) == (52.0, 8.0)


def test_save_with_update_fields_stores_the_filled_coordinates(world, postcode_places):
    offer = make_offer(provider=world["provider"])
    assert (offer.latitude, offer.longitude) == (None, None)
    offer.postcode = "49074"
    offer.save(update_fields=["postcode"])
    offer.refresh_from_db()
    assert (offer.latitude, offer.longitude) == OSNABRUECK


def test_bulk_writes_get_coordinates_from_located_coordinates_fill(world, postcode_places):
    """bulk_create (demo data) bypasses save(); the fill does what save() does, in one UPDATE
    per postcode, place and town."""
    provider, bramsche = world["provider"], world["towns"]["bramsche"]
    common = {"region": world["region"], "provider": provider, "summary": "Kurz"}
    Offer.objects.bulk_create(
        [
            Offer(title="A", slug="bulk-a", postcode="49074", **common),
            Offer(title="B", slug="bulk-b", postcode="49074", **common),
            Offer(title="C", slug="bulk-c", municipality=bramsche, **common),
            Offer(title="D", slug="bulk-d", **common),
            Offer(
                title="E", slug="bulk-e", postcode="49074", latitude=1.0, longitude=2.0, **common
            ),
        ]
    )
    bulk = Offer.objects.filter(slug__startswith="bulk-")
    assert located_coordinates_fill(queryset=bulk) == 3
    assert list(bulk.order_by("slug").values_list("title", "latitude", "longitude")) == [
        ("A", *OSNABRUECK),
        ("B", *OSNABRUECK),
        ("C", bramsche.latitude, bramsche.longitude),
        ("D", None, None),
        ("E", 1.0, 2.0),
    ]
    assert located_coordinates_fill(queryset=bulk) == 0


def test_admin_form_fills_coordinates_and_the_offer_is_found(client, world, postcode_places):
    offer = make_offer(provider=world["provider"], title="Nähwerkstatt")
    coordinator = make_user(
        "koordination-os", region=world["region"], role=StaffMembership.Role.COORDINATOR
    )
    client.force_login(coordinator)
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    data = form_data(client.get(url).context["adminform"].form)
    data.update(postcode="49074", city="Osnabrück", latitude="", longitude="")
    with committed():  # the search index follows at commit
        response = client.post(url, data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.latitude, offer.longitude) == OSNABRUECK
    client.logout()
    assert titles(client.get(OFFERS, {"plz": "49074", "umkreis": "1"})) == ["Nähwerkstatt"]


def test_school_form_fills_the_events_coordinates(client, world, postcode_places):
    school = make_actor(world["region"], name="Oberschule am See", kind=Actor.Kind.OBERSCHULE)
    teacher = make_user("lehrkraft-os", is_staff=False)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    client.force_login(teacher)
    day = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        "/mein-bereich/veranstaltungen/neu/",
        {
            "institution": school.pk,
            "kind": "berufsinformationstag",
            "title": "Berufsinformationstag am See",
            "description": "Betriebe stellen Ausbildungsberufe vor.",
            "starts_at": f"{day:%Y-%m-%d}T09:00",
            "ends_at": f"{day:%Y-%m-%d}T13:00",
            "venue": "Aula",
            "street": "Seeweg 1",
            "postcode": "49076",
            "city": "Osnabrück",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(title="Berufsinformationstag am See")
    assert (event.latitude, event.longitude) == (52.2832, 7.9485)  # 49076 in the gazetteer
    assert found_around(Event, 52.2832, 7.9485) == [event]


def test_import_fills_coordinates_of_offers_with_a_postcode(world, postcode_places):
    coordinator = make_user(
        "import-os", region=world["region"], role=StaffMembership.Role.COORDINATOR
    )
    headers = ["slug", "title", "provider", "summary", "learning_setting", "postcode", "city"]
    dataset = tablib.Dataset(headers=headers)
    provider = world["provider"].slug
    dataset.append(["naehcafe", "Nähcafé", provider, "Kurz", "non-formal", "49076", "Osnabrück"])
    dataset.append(["lesekreis", "Lesekreis", provider, "Kurz", "non-formal", "49191", "Belm"])
    result = OfferResource(user=coordinator).import_data(dataset, dry_run=False, user=coordinator)
    assert not result.has_errors() and not result.invalid_rows
    imported = Offer.objects.filter(slug__in=["naehcafe", "lesekreis"])
    assert set(imported.values_list("status", flat=True)) == {EditorialStatus.DRAFT}
    belm = PostalCode.objects.get(code="49191")
    assert dict(imported.values_list("slug", "latitude")) == {
        "naehcafe": 52.2832,
        "lesekreis": belm.latitude,
    }
    assert [o.slug for o in within_radius(imported, *OSNABRUECK, 10).order_by("distance")] == [
        "lesekreis",  # Belm, 6.2 km
        "naehcafe",  # 49076 Osnabrück, 7.1 km
    ]


# --- coordinates follow the place they came from -------------------------------------------
WEST = (52.2832, 7.9485)  # 49076 Osnabrück in the gazetteer


def stored(entry):
    entry.refresh_from_db()
    return entry.latitude, entry.longitude, entry.coordinates_source


@pytest.mark.parametrize("model", [Offer, Event, Actor])
def test_a_changed_postcode_moves_coordinates_that_came_from_the_old_one(
    world, postcode_places, model
):
    """An edited postcode kept its old coordinates: the place's coordinates follow it, for
    each kind of entry, through a plain ORM save."""
    if model is Offer:
        entry = make_offer(provider=world["provider"], postcode="49074")
    elif model is Event:
        entry = make_event(organiser=world["provider"], postcode="49074")
    else:
        entry = make_actor(world["region"], postcode="49074")
    assert stored(entry) == (*OSNABRUECK, "place")
    entry.postcode, entry.city = "49076", "Osnabrück"
    with committed():
        entry.save()
    assert stored(entry) == (*WEST, "place")
    assert found_around(model, *WEST) == [entry]
    assert found_around(model, *OSNABRUECK) == []


def test_hand_entered_coordinates_stay_when_the_postcode_changes(world, postcode_places):
    offer = make_offer(provider=world["provider"], postcode="49074", latitude=52.3, longitude=8.1)
    assert stored(offer) == (52.3, 8.1, "manual")
    offer.postcode = "49076"
    offer.save()
    assert stored(offer) == (52.3, 8.1, "manual")
    # Coordinates typed over those of the place are hand-entered from then on.
    placed = make_offer(provider=world["provider"], postcode="49074")
    placed.latitude, placed.longitude = 52.25, 8.0
    placed.save()
    assert stored(placed) == (52.25, 8.0, "manual")
    placed.postcode = "49076"
    placed.save()
    assert stored(placed) == (52.25, 8.0, "manual")
    # Cleared, they are the place's again.
    placed.latitude = placed.longitude = None
    placed.save()
    assert stored(placed) == (*WEST, "place")


def test_coordinates_of_the_town_follow_a_changed_town(world, postcode_places):
    belm, bramsche = world["towns"]["belm"], world["towns"]["bramsche"]
    offer = make_offer(provider=world["provider"], municipality=belm)
    assert stored(offer) == (belm.latitude, belm.longitude, "place")
    offer.municipality = bramsche
    offer.save()
    assert stored(offer) == (bramsche.latitude, bramsche.longitude, "place")
    # A postcode added later is more precise than the town: the coordinates follow it.
    offer.postcode = "49074"
    offer.save(update_fields=["postcode"])
    assert stored(offer) == (*OSNABRUECK, "place")


def test_coordinates_of_a_postcode_nobody_knows_are_dropped(world, postcode_places):
    offer = make_offer(provider=world["provider"], postcode="49074")
    offer.postcode = "99999"
    offer.save()
    assert stored(offer) == (None, None, "")
    assert offer not in found_around(Offer, *OSNABRUECK, 50)


def test_a_saved_entry_whose_place_did_not_change_costs_no_lookup(
    world, postcode_places, django_assert_num_queries
):
    offer = make_offer(provider=world["provider"], postcode="49074")
    offer = Offer.objects.get(pk=offer.pk)
    offer.title = "Neuer Titel"
    with django_assert_num_queries(0):
        assert offer.locate() == set()


def test_deferred_place_fields_are_read_before_the_rule_applies(world, postcode_places):
    offer = make_offer(provider=world["provider"], postcode="49074")
    partial = Offer.objects.only("pk", "postcode").get(pk=offer.pk)
    partial.postcode = "49076"
    partial.save(update_fields=["postcode"])
    assert stored(offer) == (*WEST, "place")


def test_admin_edit_of_the_postcode_moves_the_coordinates(client, world, postcode_places):
    """The admin form posts the old coordinates along with the new postcode: they are the old
    postcode's, so they follow it; the offer is found around its new place."""
    offer = make_offer(provider=world["provider"], title="Nähwerkstatt", postcode="49074")
    manual = make_offer(
        provider=world["provider"], title="Kochkurs", postcode="49074", latitude=52.3, longitude=8.1
    )
    coordinator = make_user(
        "koordination-os", region=world["region"], role=StaffMembership.Role.COORDINATOR
    )
    client.force_login(coordinator)
    for entry in (offer, manual):
        url = reverse("admin:offers_offer_change", args=[entry.pk])
        form = client.get(url).context["adminform"].form
        data = form_data(form)
        assert (data["latitude"], data["longitude"]) != ("", "")
        data.update(postcode="49076", city="Osnabrück")
        with committed():  # the search index follows at commit
            response = client.post(url, data)
        assert response.status_code == 302
    assert stored(offer) == (*WEST, "place")
    assert stored(manual) == (52.3, 8.1, "manual")
    html = client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    assert "aus Postleitzahl oder Ort" in html
    client.logout()
    assert titles(client.get(OFFERS, {"plz": "49076", "umkreis": "1"})) == ["Nähwerkstatt"]
    assert titles(client.get(OFFERS, {"plz": "49074", "umkreis": "1"})) == []


def test_admin_entered_coordinates_are_hand_entered(client, world, postcode_places):
    offer = make_offer(provider=world["provider"], title="Nähwerkstatt", postcode="49074")
    coordinator = make_user(
        "koordination-os", region=world["region"], role=StaffMembership.Role.COORDINATOR
    )
    client.force_login(coordinator)
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    data = form_data(client.get(url).context["adminform"].form)
    data.update(postcode="49076", latitude="52.3", longitude="8.1")
    with committed():
        assert client.post(url, data).status_code == 302
    assert stored(offer) == (52.3, 8.1, "manual")


def test_bulk_place_changes_follow_with_located_coordinates_fill(world, postcode_places):
    """QuerySet.update() bypasses save(): located_coordinates_fill applies the same rule."""
    placed = make_offer(provider=world["provider"], postcode="49074")
    manual = make_offer(provider=world["provider"], postcode="49074", latitude=52.3, longitude=8.1)
    both = Offer.objects.filter(pk__in=[placed.pk, manual.pk])
    both.update(postcode="49076")
    assert located_coordinates_fill(queryset=both) == 1
    assert stored(placed) == (*WEST, "place")
    assert stored(manual) == (52.3, 8.1, "manual")
    assert located_coordinates_fill(queryset=both) == 0


def test_coordinates_of_no_known_source_are_classified(world, postcode_places):
    """Rows written before the source was recorded (the migration) or in bulk: coordinates
    equal to the place's are the place's, others hand-entered."""
    common = {"region": world["region"], "provider": world["provider"], "summary": "Kurz"}
    Offer.objects.bulk_create(
        [
            Offer(title="A", slug="old-a", postcode="49074", latitude=OSNABRUECK[0],
                  longitude=OSNABRUECK[1], **common),
            Offer(title="B", slug="old-b", postcode="49074", latitude=52.3, longitude=8.1,
                  **common),
            Offer(title="C", slug="old-c", postcode="49074", **common),
            Offer(title="D", slug="old-d", latitude=52.3, longitude=8.1, **common),
        ]
    )  # fmt: skip
    old = Offer.objects.filter(slug__startswith="old-")
    assert set(old.values_list("coordinates_source", flat=True)) == {""}
    assert located_coordinates_fill(queryset=old) == 1
    assert list(
        old.order_by("slug").values_list("latitude", "longitude", "coordinates_source")
    ) == [
        (*OSNABRUECK, "place"),
        (52.3, 8.1, "manual"),
        (*OSNABRUECK, "place"),
        (52.3, 8.1, "manual"),
    ]


def test_a_plain_save_classifies_coordinates_of_no_known_source_at_their_old_place(
    world, postcode_places
):
    common = {"region": world["region"], "provider": world["provider"], "summary": "Kurz"}
    (old,) = Offer.objects.bulk_create(
        [Offer(title="A", slug="old-a", postcode="49074", latitude=OSNABRUECK[0],
               longitude=OSNABRUECK[1], **common)]
    )  # fmt: skip
    old = Offer.objects.get(pk=old.pk)
    old.postcode = "49076"
    old.save()
    assert stored(old) == (*WEST, "place")


def test_the_migration_classifies_existing_rows(client, world, postcode_places):
    """offers/0011 and actors/0007 run located_coordinates_fill over every row."""
    actors_migration = importlib.import_module("actors.migrations.0008_coordinates_source")
    offers_migration = importlib.import_module("offers.migrations.0012_coordinates_source")
    offer = make_offer(provider=world["provider"], title="Lesecafé", postcode="49074")
    actor = make_actor(world["region"], postcode="49074", latitude=52.3, longitude=8.1)
    event = make_event(organiser=world["provider"], postcode="49074")
    # An offer saved before its coordinates were filled: none in its row, none in the list's.
    unplaced = make_offer(provider=world["provider"], title="Schachtreff", postcode="49076")
    Offer.objects.filter(pk=offer.pk).update(coordinates_source="")
    Offer.objects.filter(pk=unplaced.pk).update(
        latitude=None, longitude=None, coordinates_source=""
    )
    OfferIndex.objects.filter(offer=unplaced).update(latitude=None, longitude=None)
    Actor.objects.filter(pk=actor.pk).update(coordinates_source="")
    Event.objects.filter(pk=event.pk).update(coordinates_source="")
    actors_migration.classify(apps, None)
    offers_migration.classify(apps, None)
    assert stored(offer) == (*OSNABRUECK, "place")
    assert stored(unplaced) == (*WEST, "place")
    assert stored(actor) == (52.3, 8.1, "manual")
    assert stored(event) == (*OSNABRUECK, "place")
    assert titles(client.get(OFFERS, {"plz": "49076", "umkreis": "1"})) == ["Schachtreff"]


def test_an_import_that_changes_the_postcode_moves_the_coordinates(world, postcode_places):
    """The import (which has no coordinate columns) saves each row: the coordinates of the old
    postcode follow the new one, hand-entered ones stay."""
    coordinator = make_user(
        "import-os", region=world["region"], role=StaffMembership.Role.COORDINATOR
    )
    provider = world["provider"]
    placed = make_offer(provider=provider, title="Nähcafé", slug="naehcafe", postcode="49074")
    manual = make_offer(
        provider=provider, title="Lesekreis", slug="lesekreis", postcode="49074",
        latitude=52.3, longitude=8.1,
    )  # fmt: skip
    headers = ["slug", "title", "provider", "summary", "learning_setting", "postcode", "city"]
    dataset = tablib.Dataset(headers=headers)
    for slug, title in (("naehcafe", "Nähcafé"), ("lesekreis", "Lesekreis")):
        dataset.append([slug, title, provider.slug, "Kurz", "non-formal", "49076", "Osnabrück"])
    with committed():
        result = OfferResource(user=coordinator).import_data(
            dataset, dry_run=False, user=coordinator
        )
    assert not result.has_errors() and not result.invalid_rows
    assert stored(placed) == (*WEST, "place")
    assert stored(manual) == (52.3, 8.1, "manual")
