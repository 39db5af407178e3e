"""What one ``load_regions`` leaves in an empty database: the five regions with their towns,
postcodes, focus areas, documents, partners and the education week.

The regions are loaded once for this module (``loaded_regions``); each test runs in its own
transaction on top, rolled back after it. The command's summary of a first load is tested on an
empty database in test_load_regions.py.
"""

import datetime
from decimal import Decimal
from io import StringIO
from math import asin, cos, radians, sin, sqrt

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from actors.models import Actor, WorkingGroup, WorkingGroupMembership
from offers.models import Event
from portal.services import education_week_dates, regions_load
from regions.models import Document, FocusArea, FundingProgramme, Municipality, PostalCode, Region
from tests.conftest import fixture_built_once


def _load_regions():
    """The regions as one ``regions_load()`` into the empty database left them, and its report
    (loaded once for this module; what a test changes is rolled back after it)."""
    return regions_load()


_rows, loaded_regions = fixture_built_once("loaded_regions", _load_regions)


LOADED_MODELS = (
    Region,
    Municipality,
    PostalCode,
    FocusArea,
    Document,
    FundingProgramme,
    Actor,
    WorkingGroup,
    WorkingGroupMembership,
    Event,
)


def row_counts():
    return {model.__name__: model.objects.count() for model in LOADED_MODELS}


def distance_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(radians, (lat1, lon1, lat2, lon2))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * asin(sqrt(h))


def test_regions_load_creates_the_five_regions(loaded_regions):
    assert list(Region.objects.values_list("slug", flat=True)) == [
        "hameln-pyrmont",
        "lueneburg",
        "osnabrueck",
        "stade",
        "wesermarsch",
    ]
    assert list(Region.objects.values_list("name", flat=True)) == [
        "Hameln-Pyrmont",
        "Lüneburg",
        "Osnabrück",
        "Stade",
        "Wesermarsch",
    ]


def test_regions_load_stade_office_and_handlungsfelder(loaded_regions):
    stade = Region.objects.get(slug="stade")
    assert stade.office_name == "Bildungsbüro"
    assert stade.office_department == "Amt für Wirtschaft, Verkehr und Schulen"
    assert stade.office_phone == "04141 12-4040"
    assert stade.office_phone_alt == "04141 12-4041"
    assert stade.office_email == "bildungsregion@landkreis-stade.de"
    assert stade.last_reviewed == datetime.date(2018, 7, 26)
    assert list(
        FocusArea.objects.for_region(stade).values_list("title", "kind").order_by("position")
    ) == [
        ("Übergänge gestalten", "handlungsfeld"),
        ("Fachkräfte sichern", "handlungsfeld"),
        ("Bildungsqualität", "handlungsfeld"),
        ("Vernetzung und Unterstützung der Akteure", "handlungsfeld"),
    ]
    assert list(
        Document.objects.for_region(stade).order_by("title").values_list("title", flat=True)
    ) == ["Bildung im Blick", "Zweiter Bildungsbericht"]


def test_regions_load_other_regions_are_reviewed_today(loaded_regions):
    assert (
        list(
            Region.objects.exclude(slug="stade")
            .order_by("slug")
            .values_list("last_reviewed", flat=True)
        )
        == [timezone.localdate()] * 4
    )


def test_regions_load_hameln_pyrmont_priorities_and_groups(loaded_regions):
    region = Region.objects.get(slug="hameln-pyrmont")
    assert list(
        FocusArea.objects.for_region(region).order_by("position").values_list("title", "kind")
    ) == [
        ("Förderung der frühkindlichen Bildung und der Elternbildung", "handlungsschwerpunkt"),
        ("Senkung von Schulabbrecherquote und Schulvermeidungsfällen", "handlungsschwerpunkt"),
        (
            "Verbesserung des Übergangs zwischen den Bildungsabschnitten, vor allem zwischen "
            "Schule und Beruf",
            "handlungsschwerpunkt",
        ),
        ("Förderung der Ausbildungsfähigkeit von jungen Menschen", "handlungsschwerpunkt"),
        ("Verbesserung der Vereinbarkeit von Familie und Beruf", "handlungsschwerpunkt"),
    ]
    assert list(
        WorkingGroup.objects.for_region(region).order_by("name").values_list("name", "kind")
    ) == [
        ("AG Schulabsentismus", "ag"),
        ("AG Schule-Beruf", "ag"),
        ("Bündnis gegen Kinderarmut", "buendnis"),
        ("Steuergruppe der Bildungsregion", "steuergruppe"),
    ]


def test_regions_load_hameln_pyrmont_steuergruppe_members(loaded_regions):
    group = WorkingGroup.objects.get(region__slug="hameln-pyrmont", slug="steuergruppe")
    assert list(group.memberships.order_by("actor__name").values_list("actor__name", "role")) == [
        ("Agentur für Arbeit Hameln", "mitglied"),
        ("Bildungsbüro Landkreis Hameln-Pyrmont", "geschaeftsfuehrung"),
        ("DRK Kreisverband Hameln-Pyrmont", "mitglied"),
        ("Jobcenter Hameln-Pyrmont", "mitglied"),
        ("Landkreis Hameln-Pyrmont", "mitglied"),
        ("Niedersächsische Landesschulbehörde", "mitglied"),
        ("SAM e.V.", "mitglied"),
        ("Städte und Gemeinden im Landkreis Hameln-Pyrmont", "mitglied"),
        ("Vertretung der Wirtschaft im Landkreis Hameln-Pyrmont", "mitglied"),
    ]


def test_regions_load_every_actor_partner_has_a_role(loaded_regions):
    assert Actor.objects.count() == 23
    assert Actor.objects.partners().count() == 23
    assert list(
        Actor.objects.filter(slug__startswith="bildungsbuero-")
        .order_by("slug")
        .values_list("slug", "kind")
    ) == [
        ("bildungsbuero-landkreis-hameln-pyrmont", "behoerde"),
        ("bildungsbuero-landkreis-osnabrueck", "behoerde"),
        ("bildungsbuero-landkreis-stade", "behoerde"),
        ("bildungsbuero-landkreis-wesermarsch", "behoerde"),
    ]


def test_regions_load_lueneburg_fund_and_contract(loaded_regions):
    lueneburg = Region.objects.get(slug="lueneburg")
    fund = FundingProgramme.objects.get(region=lueneburg, slug="foerderfonds-kulturelle-bildung")
    assert fund.budget == Decimal("50000.00")
    assert fund.deadline is None
    assert lueneburg.cooperation_since == datetime.date(2016, 8, 8)
    assert lueneburg.office_name == "Bildungs- und Integrationsbüro (BIB)"
    contract = Document.objects.get(region=lueneburg, kind="vertrag")
    assert contract.published_on == datetime.date(2016, 8, 8)
    assert contract.url == ""


def test_regions_load_cooperation_dates(loaded_regions):
    assert dict(Region.objects.values_list("slug", "cooperation_since")) == {
        "hameln-pyrmont": None,
        "lueneburg": datetime.date(2016, 8, 8),
        "osnabrueck": datetime.date(2015, 1, 1),
        "stade": datetime.date(2014, 9, 1),
        "wesermarsch": None,
    }


def test_regions_load_district_keys(loaded_regions):
    # The Kreisschlüssel of regions.json (sources in its notes): the open data catalogue's
    # political geocoding.
    assert dict(Region.objects.order_by("slug").values_list("slug", "district_key")) == {
        "hameln-pyrmont": "03252",
        "lueneburg": "03355",
        "osnabrueck": "03459",
        "stade": "03359",
        "wesermarsch": "03461",
    }


def test_regions_load_municipality_counts(loaded_regions):
    assert dict(
        Region.objects.annotate(count=Count("municipalities")).values_list("slug", "count")
    ) == {
        "hameln-pyrmont": 8,
        "lueneburg": 43,
        "osnabrueck": 34,
        "stade": 40,
        "wesermarsch": 9,
    }


def test_regions_load_every_municipality_has_a_postcode_nearby(loaded_regions):
    for municipality in Municipality.objects.prefetch_related("postal_codes"):
        postal_codes = list(municipality.postal_codes.all())
        assert postal_codes, municipality.name
        assert municipality.postcode in [postal_code.code for postal_code in postal_codes]
        nearest = min(
            distance_km(
                municipality.latitude,
                municipality.longitude,
                postal_code.latitude,
                postal_code.longitude,
            )
            for postal_code in postal_codes
        )
        assert nearest < 40, municipality.name


def test_regions_load_postcodes_of_large_towns(loaded_regions):
    def codes(region_slug, slug):
        return list(
            PostalCode.objects.filter(
                municipality__region__slug=region_slug, municipality__slug=slug
            ).values_list("code", flat=True)
        )

    assert codes("lueneburg", "lueneburg") == ["21335", "21337", "21339"]
    assert codes("stade", "stade") == ["21680", "21682", "21683", "21684"]
    assert codes("hameln-pyrmont", "hameln") == ["31785", "31787", "31789"]


def test_regions_load_publishes_the_next_education_week(loaded_regions):
    first_day, last_day = education_week_dates(today=timezone.localdate())
    event = Event.objects.get(kind="lange-woche")
    assert event.slug == f"lange-woche-der-bildung-{first_day.year}"
    assert event.status == "veroeffentlicht"
    assert event.published_at is not None
    assert event.organiser.slug == "bildungsbuero-landkreis-hameln-pyrmont"
    assert timezone.localtime(event.starts_at).date() == first_day
    assert timezone.localtime(event.ends_at).date() == last_day
    assert list(Event.objects.public().upcoming()) == [event]


def test_regions_load_twice_changes_no_counts(loaded_regions):
    counts_after_first = row_counts()

    second = regions_load()

    assert row_counts() == counts_after_first
    assert loaded_regions["regions"] == {"created": 5, "updated": 0}
    assert all(row == {"created": 0, "updated": 0} for row in second.values())


def test_regions_load_update_twice_changes_no_counts(loaded_regions):
    counts = row_counts()

    result = regions_load(update=True)

    assert row_counts() == counts
    assert all(row == {"created": 0, "updated": 0} for row in result.values())


def test_load_regions_command_keeps_admin_edits_by_default(loaded_regions):
    Region.objects.filter(slug="stade").update(office_phone="04141 99-0000")
    Municipality.objects.filter(slug="jork").update(latitude=53.0)

    call_command("load_regions", stdout=StringIO())

    assert Region.objects.get(slug="stade").office_phone == "04141 99-0000"
    assert Municipality.objects.get(slug="jork").latitude == 53.0


def test_load_regions_command_update_restores_seed_values(loaded_regions):
    Region.objects.filter(slug="stade").update(office_phone="04141 99-0000")
    Municipality.objects.filter(slug="jork").update(latitude=53.0)
    counts = row_counts()
    out = StringIO()

    call_command("load_regions", "--update", stdout=out)

    assert Region.objects.get(slug="stade").office_phone == "04141 12-4040"
    assert Municipality.objects.get(slug="jork").latitude == 53.532
    assert row_counts() == counts
    assert "Bildungsregionen: 0 neu, 1 aktualisiert" in out.getvalue()
    assert "Städte und Gemeinden: 0 neu, 1 aktualisiert" in out.getvalue()
