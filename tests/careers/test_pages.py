import datetime
import json
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from careers.models import Occupation, Place
from careers.search import refresh_place_documents
from tests.factories import make_actor, make_place, make_region

pytestmark = pytest.mark.django_db

LIST = "/ausbildung-und-praktikum/"


@pytest.fixture
def landscape():
    region = make_region(name="Testkreis", slug="testkreis")
    employer = make_actor(region=region, name="Tischlerei Holzwerk", kind="unternehmen")
    today = timezone.localdate()
    tischler = Occupation.objects.get(slug="tischler-in")
    mfa = Occupation.objects.get(slug="medizinische-r-fachangestellte-r")
    places = {
        "osnabrueck": make_place(
            actor=employer,
            title="Schülerpraktikum in der Werkstatt",
            occupation=tischler,
            postcode="49074",
            city="Osnabrück",
            starts_on=today + datetime.timedelta(days=40),
            ends_on=today + datetime.timedelta(days=44),
        ),
        "stade": make_place(
            region=region,
            title="Ausbildung in der Praxis",
            kind=Place.Kind.APPRENTICESHIP,
            occupation=mfa,
            certificate="realschule",
            postcode="21682",
            city="Stade",
            starts_on=datetime.date(today.year + 1, 8, 1),
        ),
        "abitur": make_place(
            actor=employer,
            title="Duales Studium Holztechnik",
            kind=Place.Kind.DUAL_STUDY,
            occupation=tischler,
            certificate="abitur",
            postcode="49074",
            city="Osnabrück",
        ),
    }
    make_place(actor=employer, title="Entwurf", status=Place.Status.DRAFT)
    refresh_place_documents()
    return places


def titles(response):
    return [place.title for place in response.context["places"]]


def test_place_list_shows_published_places_by_start(client, landscape):
    response = client.get(LIST)
    assert titles(response) == [
        "Schülerpraktikum in der Werkstatt",
        "Ausbildung in der Praxis",
        "Duales Studium Holztechnik",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"art": "ausbildung"}, ["Ausbildung in der Praxis"]),
        (
            {"berufsfeld": "bau-holz"},
            ["Schülerpraktikum in der Werkstatt", "Duales Studium Holztechnik"],
        ),
        (
            {"berufsfeld": "bau-holz", "beruf": "tischler-in", "art": "duales-studium"},
            ["Duales Studium Holztechnik"],
        ),
        (
            {"abschluss": "realschule"},
            ["Schülerpraktikum in der Werkstatt", "Ausbildung in der Praxis"],
        ),
        ({"abschluss": "hauptschule"}, ["Schülerpraktikum in der Werkstatt"]),
        ({"q": "Werkstatt"}, ["Schülerpraktikum in der Werkstatt"]),
        ({"q": "Tischler"}, ["Duales Studium Holztechnik", "Schülerpraktikum in der Werkstatt"]),
    ],
)
def test_place_list_filters(client, landscape, params, expected):
    assert sorted(titles(client.get(LIST, params))) == sorted(expected)


def test_place_list_start_month(client, landscape):
    start = landscape["stade"].starts_on
    response = client.get(LIST, {"beginn": start.strftime("%Y-%m")})
    assert titles(response) == ["Ausbildung in der Praxis"]


def test_place_list_radius_from_postcode(client, landscape):
    # 49074 Osnabrück: Stade is about 190 km away.
    near = client.get(LIST, {"plz": "49076", "umkreis": "20"})
    assert sorted(titles(near)) == [
        "Duales Studium Holztechnik",
        "Schülerpraktikum in der Werkstatt",
    ]
    assert all(place.distance < 20 for place in near.context["places"])
    assert titles(client.get(LIST, {"plz": "21680", "umkreis": "10"})) == [
        "Ausbildung in der Praxis"
    ]


def test_place_list_counts_beside_options_respect_other_filters(client, landscape):
    response = client.get(LIST, {"berufsfeld": "bau-holz"})
    kinds = {value: count for value, _label, count, _sel in response.context["facets"]["art"]}
    assert kinds["schuelerpraktikum"] == 1
    assert kinds["duales-studium"] == 1
    assert kinds["ausbildung"] == 0
    fields = {v: c for v, _l, c, _s in response.context["facets"]["berufsfeld"]}
    assert fields["bau-holz"] == 2
    assert fields["gesundheit-pflege"] == 1
    occupations = {v: c for v, _l, c, _s in response.context["facets"]["beruf"]}
    assert occupations["tischler-in"] == 2
    assert "(2)" in response.content.decode()


def test_place_list_htmx_returns_results_with_fields_out_of_band(client, landscape):
    response = client.get(LIST, {"art": "ausbildung"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="filter-felder"' in body and "data-hx-swap-oob" in body
    assert "Ausbildung in der Praxis" in body


def test_place_list_query_budget(client, landscape, django_assert_max_num_queries):
    for n in range(15):
        make_place(actor=landscape["osnabrueck"].actor, title=f"Praktikum {n}")
    # 16: with the table of region hosts (regions.hosts, read once per content generation).
    with django_assert_max_num_queries(16):
        response = client.get(LIST, {"berufsfeld": "bau-holz", "plz": "49074"})
    assert response.status_code == 200


def test_place_detail_has_jobposting_jsonld(client, landscape):
    place = landscape["stade"]
    response = client.get(place.get_absolute_url())
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    data = json.loads(match.group(1))
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Ausbildung in der Praxis"
    assert data["employmentType"] == "FULL_TIME"
    assert data["occupationalCategory"] == "Medizinische/-r Fachangestellte/-r"
    assert data["jobLocation"]["address"]["postalCode"] == "21682"
    assert data["educationRequirements"] == "Sekundarabschluss I – Realschulabschluss"
    assert data["jobStartDate"] == place.starts_on.isoformat()
    assert data["hiringOrganization"]["name"] == place.actor.name


def test_place_detail_of_draft_is_404(client, landscape):
    draft = Place.objects.get(title="Entwurf")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_internship_calendar_has_dated_internships_only(client, landscape):
    response = client.get(reverse("careers:place-calendar"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Schülerpraktikum: Schülerpraktikum in der Werkstatt (Tischlerei Holzwerk)"
    ]
    place = landscape["osnabrueck"]
    assert events[0].decoded("dtstart") == place.starts_on
    assert events[0].decoded("dtend") == place.ends_on + datetime.timedelta(days=1)


def test_occupation_list_groups_by_field_with_counts(client, landscape):
    response = client.get(reverse("careers:occupation-list"))
    body = response.content.decode()
    assert 'id="bau-holz"' in body
    (field,) = [f for f in response.context["fields"] if f.slug == "bau-holz"]
    counts = {o.slug: o.n_places for o in field.occupations.all()}
    assert counts["tischler-in"] == 2
    assert counts["zimmerer-zimmerin"] == 0


def test_occupation_detail_shows_places_of_regions_and_source(client, landscape):
    response = client.get(reverse("careers:occupation-detail", args=["tischler-in"]))
    body = response.content.decode()
    assert "BIBB" in body
    [(region, places)] = response.context["places_by_region"]
    assert region.slug == "testkreis"
    assert sorted(p.title for p in places) == [
        "Duales Studium Holztechnik",
        "Schülerpraktikum in der Werkstatt",
    ]


def sitemap_locations(client, section):
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    return [url["location"] for url in response.context["urlset"]]


def test_sitemap_lists_the_public_places_and_every_occupation(client, landscape):
    assert sitemap_locations(client, "plaetze") == [
        f"http://testserver{landscape[key].get_absolute_url()}"
        for key in ("osnabrueck", "stade", "abitur")
    ]
    assert sitemap_locations(client, "berufe") == [
        f"http://testserver{occupation.get_absolute_url()}"
        for occupation in Occupation.objects.order_by("pk")
    ]
    pages = sitemap_locations(client, "seiten")
    for path in ("/ausbildung-und-praktikum/", "/berufe/", "/berufswahl-check/", "/foerderung/"):
        assert f"http://testserver{path}" in pages
