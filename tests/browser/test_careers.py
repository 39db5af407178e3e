"""A pupil's way in the browser: find an internship near a postcode by field (htmx filters),
read the occupation, write to the employer, try the Berufswahl-Check; axe-core finds nothing,
no CSP violations."""

import csv
import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from careers.models import Occupation, Place
from careers.search import refresh_place_documents
from regions.models import PostcodePlace
from tests.browser.axe import assert_no_axe_violations
from tests.factories import careers_reference_restore, make_actor, make_place, make_region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


GAZETTEER = Path(__file__).resolve().parents[2] / "regions" / "data" / "postcode_places_de.csv"


def postcodes_restore(*codes):
    """The gazetteer rows of ``codes`` from the shipped GeoNames file, where an earlier
    transactional test's flush removed what the migration loaded."""
    with GAZETTEER.open(encoding="utf-8") as file:
        for code, place, state, latitude, longitude in csv.reader(file):
            if code in codes:
                PostcodePlace.objects.get_or_create(
                    code=code,
                    place=place,
                    defaults={"state": state, "latitude": latitude, "longitude": longitude},
                )


@pytest.fixture(autouse=True)
def places(transactional_db):
    postcodes_restore("49074", "49076", "21682")
    careers_reference_restore()
    region = make_region(name="Osnabrück", slug="osnabrueck")
    employer = make_actor(
        region,
        name="Tischlerei Hollmann",
        kind="unternehmen",
        email="ausbildung@hollmann.example",
    )
    start = timezone.localdate() + datetime.timedelta(days=30)
    make_place(
        actor=employer,
        title="Schülerpraktikum in der Tischlerei",
        occupation=Occupation.objects.get(slug="tischler-in"),
        postcode="49074",
        city="Osnabrück",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=4),
        contact_name="Ausbildungsleitung",
    )
    make_place(
        region=region,
        title="Ausbildung Kaufmann/-frau für Büromanagement",
        kind=Place.Kind.APPRENTICESHIP,
        occupation=Occupation.objects.get(slug="kaufmann-frau-fuer-bueromanagement"),
        postcode="21682",
        city="Stade",
    )
    refresh_place_documents()


def test_pupil_finds_internship_near_postcode_writes_and_tries_check(page, mailoutbox):
    page.goto("/ausbildung-und-praktikum/")
    expect(page.get_by_role("heading", name="2 Plätze gefunden")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Berufsfeld").select_option("bau-holz")
    expect(page.get_by_role("heading", name="1 Platz gefunden")).to_be_visible()
    # htmx pushes the URL once it has swapped the results: only then type the postcode.
    expect(page).to_have_url(re.compile(r"berufsfeld=bau-holz"))
    page.get_by_label("Postleitzahl").fill("49076")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.get_by_text("km entfernt")).to_be_visible()
    expect(page).to_have_url(
        re.compile(r"berufsfeld=bau-holz.*plz=49076|plz=49076.*berufsfeld=bau-holz")
    )
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Schülerpraktikum in der Tischlerei").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schülerpraktikum in der Tischlerei")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Nachricht senden").click()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    assert_no_axe_violations(page)
    page.get_by_label("Ihr Name").fill("Mia Muster")
    page.get_by_label("Ihre E-Mail-Adresse").fill("mia@schule.example")
    page.get_by_label("Ihre Nachricht").fill("Ich suche ein Praktikum in Klasse 9.")
    page.get_by_label(re.compile("Ich bin einverstanden")).check()
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_text("Ihre Nachricht ist unterwegs zu Tischlerei Hollmann.")).to_be_visible()
    assert [m.to for m in mailoutbox] == [["ausbildung@hollmann.example"], ["mia@schule.example"]]

    page.get_by_role("link", name="Tischler/-in").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tischler/-in")
    assert_no_axe_violations(page)

    page.goto("/berufe/")
    assert_no_axe_violations(page)

    page.goto("/berufswahl-check/")
    expect(page.get_by_text("eine Orientierung, kein Test")).to_be_visible()
    assert_no_axe_violations(page)
    for statement in (
        "Ich repariere gern Dinge, zum Beispiel ein Fahrrad.",
        "Ich arbeite gern mit Werkzeug und Maschinen.",
        "Ich baue gern etwas auf, zum Beispiel Möbel oder Modelle.",
    ):
        page.get_by_role("group", name=statement).get_by_label("stimmt genau").check()
    page.get_by_role("button", name="Ergebnis zeigen").click()
    expect(page.get_by_role("heading", name="Ihr Ergebnis")).to_be_visible()
    expect(page.get_by_role("link", name="Bau, Holz, Ausbau")).to_be_visible()
    assert_no_axe_violations(page)
    assert page.problems == []
