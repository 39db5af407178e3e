"""The admin of a Bildungsbüro in the browser, at 390 px and 1280 px: the offer's change page in
German with its "Veröffentlichen" button beside the action menu, an event rejected with the
"Ablehnen" button, the export page's "Alle auswählen" without inline handlers; axe-core finds no
WCAG 2.1 A/AA violation and the CSP blocks nothing. Screenshots in /work/shots/ when it exists."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from actors.models import Actor
from offers.models import EditorialStatus, EventStatus, Offer
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.admin.test_admin_german import english_on
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_school_journey import ensure_role_groups
from tests.factories import make_actor, make_event, make_offer, make_region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Ein-langes-Testpasswort-42"
SHOTS = Path("/work/shots")
WIDTHS = [390, 1280]


@pytest.fixture(autouse=True)
def office(transactional_db):
    """A coordinator of the Bildungsbüro Stade, an offer in review and a submitted event.
    Autouse: the database is set up before the live server starts."""
    ensure_role_groups()
    region = make_region(name="Stade", slug="stade", office_name="Bildungsbüro")
    provider = make_actor(region, name="Kreisvolkshochschule Stade", kind=Actor.Kind.VHS)
    school = make_actor(region, name="Oberschule Buxtehude", kind=Actor.Kind.OBERSCHULE)
    offer = make_offer(provider=provider, title="Deutschkurs B1 am Abend")
    offer.status = EditorialStatus.REVIEW
    offer.save()
    event = make_event(organiser=school, title="Berufsinfotag in der Aula")
    event.status = EventStatus.REVIEW
    event.save()
    make_user(
        "buero-stade",
        region=region,
        role=StaffMembership.Role.COORDINATOR,
        password=PASSWORD,
    )
    return {"offer": offer, "event": event}


def log_in(page):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Benutzername").fill("buero-stade")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#site-name")).to_have_text("Bildungsbüro Stade")


def shoot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"admin-{name}.png"), full_page=False)


def assert_german_and_in_width(page, width):
    assert english_on(page.content()) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_offer_change_page_publishes_with_its_button(page, office, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page)
    offer = office["offer"]
    page.goto(f"/admin/offers/offer/{offer.pk}/change/")
    button = page.get_by_role("button", name="Veröffentlichen", exact=True)
    expect(button).to_be_visible()
    # Beside the action menu of the change page.
    actions = page.locator(".actions")
    expect(actions.get_by_label("Aktion:")).to_be_visible()
    expect(actions.get_by_role("button", name="Veröffentlichen", exact=True)).to_be_visible()
    assert_german_and_in_width(page, width)
    assert_no_axe_violations(page)
    shoot(page, f"offer-change-{width}")

    button.click()
    expect(page.locator(".messagelist")).to_have_text("Veröffentlicht: 1")
    expect(page.get_by_role("button", name="Veröffentlichen", exact=True)).to_have_count(0)
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.status == EditorialStatus.PUBLISHED
    assert offer.history.first().history_change_reason == "veröffentlicht"
    assert_no_axe_violations(page)

    page.goto(f"/admin/offers/offer/{offer.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("veröffentlicht")
    assert_german_and_in_width(page, width)
    assert_no_axe_violations(page)
    shoot(page, f"offer-history-{width}")
    assert page.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_event_is_rejected_with_its_button_and_a_message(page, office, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page)
    event = office["event"]
    url = f"/admin/offers/event/{event.pk}/change/"
    page.goto(url)
    expect(page.get_by_role("button", name="Freigeben", exact=True)).to_be_visible()
    assert_german_and_in_width(page, width)
    assert_no_axe_violations(page)
    shoot(page, f"event-change-{width}")
    page.get_by_role("button", name="Ablehnen", exact=True).click()
    expect(page.locator("h1")).to_have_text("Veranstaltungen ablehnen")
    assert_german_and_in_width(page, width)
    assert_no_axe_violations(page)
    page.get_by_label("Nachricht an die Einreichenden").fill("Bitte den Raum angeben.")
    page.get_by_role("button", name="Ablehnen", exact=True).click()
    expect(page.locator(".messagelist")).to_have_text("Abgelehnt: 1")
    assert page.url.endswith(url)
    expect(page.get_by_role("button", name="Freigeben", exact=True)).to_have_count(0)
    event.refresh_from_db()
    assert (event.status, event.moderation_message) == (
        EventStatus.REJECTED,
        "Bitte den Raum angeben.",
    )
    assert page.problems == []


def test_export_page_selects_all_columns_without_inline_handlers(page, office):
    log_in(page)
    page.goto("/admin/offers/offer/export/")
    columns = page.locator(
        '.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)'
    )
    assert columns.count() == 34
    expect(page.get_by_label("Format", exact=True)).to_be_checked()
    page.get_by_label("Alle auswählen").uncheck()
    assert [columns.nth(i).is_checked() for i in range(columns.count())] == [False] * 34
    page.get_by_label("Alle auswählen").check()
    assert all(columns.nth(i).is_checked() for i in range(columns.count()))
    assert_german_and_in_width(page, 1280)
    assert_no_axe_violations(page)
    shoot(page, "export-1280")
    assert page.problems == []
