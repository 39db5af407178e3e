"""The provider area in the browser for a provider that is not a school: the staff of a VHS log
in, add an offer (first with a German error, every value kept), see it waiting for approval
with what is missing, the office publishes it, a minor change shows at once on the public page;
axe-core on the overview and the forms at 390 px and 1280 px."""

import re

import pytest
from playwright.sync_api import expect

from actors.models import Actor, InstitutionMembership
from offers import moderation
from offers.models import ChangeRequest, EditorialStatus, Offer
from tests.admin.conftest import make_user
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_school_journey import ensure_role_groups, log_in
from tests.conftest import offers_reference_restore
from tests.factories import make_actor, make_municipality, make_region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Ein-langes-Testpasswort-42"
WIDTHS = [390, 1280]


@pytest.fixture(autouse=True)
def people(transactional_db):
    offers_reference_restore()
    """Autouse, so that the database is set up before the live server starts (see
    tests/browser/test_school_journey.py)."""
    ensure_role_groups()
    region = make_region(
        name="Stade", slug="stade", office_name="Bildungsbüro", office_email="bb@stade.test"
    )
    municipality = make_municipality(region, name="Stade", postcode="21682")
    vhs = make_actor(
        region,
        name="Kreisvolkshochschule Stade",
        kind=Actor.Kind.VHS,
        municipality=municipality,
        street="Am Hafen 3",
        postcode="21682",
        city="Stade",
        email="info@kvhs-stade.example",
    )
    staff = make_user("anbieter-stade", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=staff, actor=vhs)
    return {"region": region, "vhs": vhs, "staff": staff}


def axe_at_every_width(page):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_vhs_adds_an_offer_that_waits_then_changes_a_minor_field(page, people, mailoutbox):
    log_in(page, "anbieter-stade")
    expect(page).to_have_url(re.compile(r"/mein-bereich/$"))
    expect(page.locator("h1")).to_have_text("Mein Bereich")
    expect(page.locator(f"#einrichtung-{people['vhs'].pk}")).to_have_text(
        "Kreisvolkshochschule Stade"
    )
    axe_at_every_width(page)

    page.get_by_role("link", name="Angebot anlegen").click()
    expect(page.locator("h1")).to_have_text("Angebot anlegen")
    expect(page.get_by_label("Straße und Hausnummer")).to_have_value("Am Hafen 3")
    axe_at_every_width(page)
    page.get_by_label("Titel des Angebots").fill("Deutsch im Alltag A1")
    page.get_by_label("Kurzbeschreibung").fill("Deutsch sprechen beim Einkaufen und auf dem Amt.")
    page.get_by_role("textbox", name=re.compile(r"^Beschreibung")).fill(
        "Wir üben Gespräche im Alltag, in kleinen Gruppen und mit vielen Beispielen."
    )
    page.get_by_label("non-formal").check()
    page.get_by_label("Beruf und Weiterbildung", exact=True).check()
    page.get_by_label("Sprache und Lesen", exact=True).check()
    page.get_by_label("Kosten in Euro").fill("45,00")
    # First "kostenlos" with an amount: a German error, the typed values kept.
    page.get_by_label("kostenlos").check()
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator("#fehlerliste")).to_contain_text("Ein kostenloses Angebot hat keine Kosten")
    expect(page.get_by_label("Titel des Angebots")).to_have_value("Deutsch im Alltag A1")
    expect(page.get_by_label("Sprache und Lesen", exact=True)).to_be_checked()
    expect(page).to_have_title(re.compile(r"^Fehler:"))
    axe_at_every_width(page)

    page.get_by_label("kostenlos").uncheck()
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".portal-messages")).to_contain_text("wartet auf Freigabe")
    item = page.locator(".portal-own-event", has_text="Deutsch im Alltag A1")
    expect(item).to_contain_text("wartet auf Freigabe")
    expect(item).to_contain_text("Es fehlen: Zeiten, Anmeldung, Barrierefreiheit, Alter")
    axe_at_every_width(page)
    offer = Offer.objects.get()
    assert offer.status == EditorialStatus.REVIEW
    assert [m.to for m in mailoutbox] == [["bb@stade.test"]]

    # The office publishes it (here a superuser: the role groups of the later migrations are
    # not restored while Playwright runs); then a minor change is public at once.
    moderation.approve(ChangeRequest.objects.get(), by=make_user("land", is_superuser=True))
    page.goto("/mein-bereich/")
    item = page.locator(".portal-own-event", has_text="Deutsch im Alltag A1")
    expect(item).to_contain_text("veröffentlicht")
    item.get_by_role("link", name="Bearbeiten").click()
    expect(page.locator(".portal-moderation-note")).to_contain_text("sind sofort öffentlich")
    axe_at_every_width(page)
    page.get_by_label("Zeiten").fill("dienstags 18–19.30 Uhr")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.locator(".portal-messages")).to_contain_text("Sofort öffentlich: Zeiten.")
    page.goto(offer.get_absolute_url())
    expect(page.locator("main")).to_contain_text("dienstags 18–19.30 Uhr")
    assert page.problems == []


def test_profile_page_is_accessible_and_says_what_waits(page, people):
    log_in(page, "anbieter-stade")
    page.get_by_role("link", name="Profil bearbeiten").click()
    expect(page.locator("h1")).to_have_text("Profil: Kreisvolkshochschule Stade")
    expect(page.locator("form.portal-form")).to_contain_text("Änderungen warten auf Freigabe")
    axe_at_every_width(page)
    page.get_by_label("Telefon").fill("04141 9999")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.locator(".portal-messages")).to_contain_text("Sofort öffentlich: Telefon.")
    people["vhs"].refresh_from_db()
    assert people["vhs"].phone == "04141 9999"
    assert page.problems == []
