"""The provider area /mein-bereich/ on a phone: no page wider than the screen at 320 and 390 px
(the own events with every status and long titles, the new-event and the edit form), the form's
sections laid out as KERN fieldsets (the legend above the first label, the labels aligned with
it), the co-organiser list with its search box used by keyboard only, the same list without
JavaScript, and axe-core on every one of these pages."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Actor, InstitutionMembership
from offers.models import Event, EventStatus
from tests.admin.conftest import make_user
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_actor, make_event, make_region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Ein-langes-Testpasswort-42"
PHONE_WIDTHS = [320, 390]
LONG_WORD = "Berufsorientierungsinformationsveranstaltungsnachmittagsprogramm"
# Kinds of the co-organisers, as many of each as in a region of the demo data (about 55 in all).
CO_ORGANISER_KINDS = {
    Actor.Kind.COMPANY: 20,
    Actor.Kind.CHAMBER: 3,
    Actor.Kind.ASSOCIATION: 10,
    Actor.Kind.AUTHORITY: 6,
    Actor.Kind.EMPLOYMENT_AGENCY: 2,
    Actor.Kind.BBS: 4,
    Actor.Kind.GYMNASIUM: 5,
    Actor.Kind.VHS: 2,
    Actor.Kind.LIBRARY: 3,
}
# Offered: those, the chamber and the company; not the school itself (its only institution).
OFFERED = sum(CO_ORGANISER_KINDS.values()) + 2


@pytest.fixture(autouse=True)
def world(transactional_db):
    """A school with events of every status (long titles, one with a very long word), its
    teacher and the region's co-organisers. Autouse, so that the database is set up before the
    live server starts (see tests/browser/test_school_journey.py)."""
    region = make_region(name="Stade", slug="stade", office_email="bb@stade.test")
    school = make_actor(
        region,
        name="Oberschule Buxtehude am Geestrand mit Ganztagsangebot",
        kind=Actor.Kind.OBERSCHULE,
        street="Schulweg 1",
        postcode="21614",
        city="Buxtehude",
    )
    chamber = make_actor(region, name="IHK Stade", kind=Actor.Kind.CHAMBER)
    company = make_actor(region, name="Elbe-Mechatronik GmbH", kind=Actor.Kind.COMPANY)
    for kind, count in CO_ORGANISER_KINDS.items():
        for n in range(count):
            make_actor(region, name=f"{kind.label} Nummer {n + 1} im Landkreis", kind=kind)
    teacher = make_user("schule-stade", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    events = {}
    for days, status in enumerate(EventStatus.values, start=5):
        events[status] = make_event(
            organiser=school,
            title=f"{LONG_WORD} der Oberschule mit Betrieben der Region ({status})",
            status=status,
            submitted_by=teacher,
            moderation_message=f"{LONG_WORD}: bitte den Raum angeben."
            if status == EventStatus.REJECTED
            else "",
            starts_at=timezone.now() + datetime.timedelta(days=days),
        )
    return {"school": school, "chamber": chamber, "company": company, "events": events}


def log_in(page):
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill("schule-stade")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: "/anmelden/" not in url)


def on_phone(page, width):
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page)


def overflow(page):
    """(page width, viewport width) and the visible elements reaching past the right edge."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const beyond = [...document.querySelectorAll("body *")]
            .filter((element) => element.getClientRects().length)
            .filter((element) => element.getBoundingClientRect().right > width + 0.5)
            .filter((element) => !element.closest("[hidden], template"))
            .map((element) => element.tagName.toLowerCase() + "." + element.className);
          return {scroll: document.documentElement.scrollWidth, width, beyond};
        }"""
    )


def assert_fits(page, width):
    """Nothing scrolls sideways: the page is as wide as the viewport (without its vertical
    scroll bar) and no element reaches past it."""
    measured = overflow(page)
    assert measured["scroll"] <= measured["width"] <= width, measured
    assert measured["beyond"] == []


def fill_required(page, day):
    page.get_by_label("Titel").fill("Praktikumsbörse im Forum")
    page.get_by_label("Beschreibung").fill("Betriebe aus der Region stellen Praktika vor.")
    page.get_by_label("Beginn (Datum und Uhrzeit)").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("Ende (Datum und Uhrzeit)").fill(f"{day:%Y-%m-%d}T14:00")


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_area_fits_the_phone_with_every_status_and_long_titles(page, world, width):
    on_phone(page, width)
    expect(page.locator("h1")).to_have_text("Mein Bereich")
    items = page.locator(".portal-own-event")
    expect(items).to_have_count(len(EventStatus.values))
    assert_fits(page, width)
    # Every badge and every link of an event lies inside the screen.
    for element in page.locator(".portal-own-event .kern-badge, .portal-own-event a").all():
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, element.inner_text()
    # A list of items, each named by its heading, with the actions the status allows.
    events = world["events"]
    list_ = page.get_by_role("list", name="Veranstaltungen")
    expect(list_.get_by_role("listitem")).to_have_count(len(EventStatus.values))
    expect(list_.get_by_role("heading", level=4)).to_have_count(len(EventStatus.values))
    # Drafts, waiting and published events can be edited (published ones through moderation).
    expect(list_.get_by_role("link", name="Bearbeiten")).to_have_count(3)
    expect(list_.get_by_role("link", name="Überarbeiten und erneut einreichen")).to_have_count(1)
    cancel = list_.get_by_role("link", name=f"Absagen: {events[EventStatus.PUBLISHED].title}")
    expect(cancel).to_be_visible()
    assert_no_axe_violations(page)

    cancel.click()
    expect(page.locator("h1")).to_have_text("Veranstaltung absagen")
    assert_fits(page, width)
    assert_no_axe_violations(page)
    assert page.problems == []


def assert_sections_laid_out(page):
    """Each section's legend stands above its first label, and every field of the section
    starts at the legend's left edge: the fields form one column under the legend. A field
    with an error keeps its box there; KERN moves its label in behind a red bar."""
    sections = page.locator("form.portal-form > fieldset.portal-form-section")
    expect(sections).to_have_count(5)
    for section in sections.all():
        name = section.locator("> legend").inner_text()
        legend = section.locator("> legend").bounding_box()
        labels = section.locator(
            ".kern-fieldset__body > .kern-form-input > label, "
            ".kern-fieldset__body > .portal-field--checkbox > input"
        )
        if not labels.count():  # the co-organisers: a list under its search box
            labels = section.locator(".portal-choices__controls label")
        assert legend["y"] + legend["height"] <= labels.first.bounding_box()["y"], name
        aligned = section.locator(
            ".kern-fieldset__body > .portal-field, "
            ".kern-fieldset__body > .kern-form-input:not(.kern-form-input--error) > label, "
            ".kern-fieldset__body > .portal-field--checkbox > input, "
            ".portal-choices__controls label, .portal-choices__list"
        )
        for element in aligned.all():
            assert abs(element.bounding_box()["x"] - legend["x"]) <= 1, (name, element.inner_text())


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_new_event_form_fits_the_phone_in_kern_sections(page, world, width):
    on_phone(page, width)
    page.goto("/mein-bereich/veranstaltungen/neu/")
    expect(page.get_by_label("Straße und Hausnummer")).to_have_value("Schulweg 1")
    assert_fits(page, width)
    assert_sections_laid_out(page)
    # The text inputs take the column's full width.
    title = page.get_by_label("Titel").bounding_box()
    legend = page.locator("legend", has_text="Veranstaltung").first.bounding_box()
    column = page.locator("form.portal-form").bounding_box()
    assert (title["x"], title["width"]) == (legend["x"], column["width"])
    assert_no_axe_violations(page)

    # With errors: still one column inside the screen, every value kept, German messages.
    page.get_by_label("Titel").fill(LONG_WORD)
    page.get_by_label("ab Jahrgang").fill("4")
    page.get_by_role("checkbox", name="IHK Stade").check()
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    summary = page.locator("#fehlerliste")
    expect(summary).to_contain_text("Bitte geben Sie einen Jahrgang von 5 bis 13 an.")
    expect(summary).to_contain_text("Bitte beschreiben Sie die Veranstaltung.")
    expect(page.get_by_label("Titel")).to_have_value(LONG_WORD)
    expect(page.get_by_role("checkbox", name="IHK Stade")).to_be_checked()
    assert_fits(page, width)
    assert_sections_laid_out(page)
    assert_no_axe_violations(page)
    assert page.problems == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_edit_form_fits_the_phone(page, world, width):
    rejected = world["events"][EventStatus.REJECTED]
    rejected.co_organisers.set([world["company"]])
    on_phone(page, width)
    page.get_by_role("link", name="Überarbeiten und erneut einreichen").click()
    expect(page.locator("h1")).to_have_text("Veranstaltung bearbeiten")
    expect(page.get_by_role("checkbox", name="Elbe-Mechatronik GmbH")).to_be_checked()
    expect(page.get_by_role("status")).to_have_text(f"Angezeigt: {OFFERED} von {OFFERED}.")
    expect(page.locator(".portal-choices__chosen")).to_have_text(
        "Ausgewählt (1): Elbe-Mechatronik GmbH."
    )
    assert_fits(page, width)
    assert_sections_laid_out(page)
    assert_no_axe_violations(page)
    assert page.problems == []


def test_co_organisers_found_and_ticked_by_keyboard_only(page, world):
    on_phone(page, 390)
    page.goto("/mein-bereich/veranstaltungen/neu/")
    day = timezone.localdate() + datetime.timedelta(days=30)
    fill_required(page, day)
    boxes = page.get_by_role("group", name="Mitveranstalter").get_by_role("checkbox")
    expect(boxes).to_have_count(OFFERED)
    search = page.get_by_label("Mitveranstalter suchen")
    count = page.get_by_role("status")
    expect(count).to_have_text(f"Angezeigt: {OFFERED} von {OFFERED}.")

    # The search box is reached with Tab from the contact phone field, as the page reads.
    page.get_by_label("Kontakt (Telefon)").focus()
    page.keyboard.press("Tab")
    expect(search).to_be_focused()
    page.keyboard.type("ihk")
    expect(count).to_have_text(f"Angezeigt: 1 von {OFFERED}.")
    expect(boxes.filter(visible=True)).to_have_count(1)
    # Only the chamber's group is left; Enter in the box does not send the form.
    expect(page.get_by_role("group", name="Kammer")).to_be_visible()
    companies = page.locator("fieldset[data-choice-group]", has_text="Elbe-Mechatronik GmbH")
    expect(companies).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page.locator("#fehlerliste")).to_have_count(0)
    page.keyboard.press("Tab")
    chamber = page.get_by_role("checkbox", name="IHK Stade")
    expect(chamber).to_be_focused()
    outline = chamber.evaluate("(box) => getComputedStyle(box).outlineStyle")
    assert outline == "solid"  # the focus is visible (KERN's focus ring)
    page.keyboard.press("Space")
    expect(chamber).to_be_checked()
    expect(page.locator(".portal-choices__chosen")).to_have_text("Ausgewählt (1): IHK Stade.")

    # A second search hides the chamber; it stays chosen. Accents and case do not matter.
    page.keyboard.press("Shift+Tab")
    expect(search).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("elbe MECHATRÓNIK")
    expect(count).to_have_text(f"Angezeigt: 1 von {OFFERED}.")
    expect(page.locator(f'input[value="{world["chamber"].pk}"]')).to_be_hidden()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Elbe-Mechatronik GmbH")).to_be_checked()
    expect(page.locator(".portal-choices__chosen")).to_have_text(
        "Ausgewählt (2): IHK Stade, Elbe-Mechatronik GmbH."
    )
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("kein solcher Name")
    expect(count).to_have_text("Kein Eintrag passt zu Ihrer Suche.")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".portal-messages")).to_contain_text("ist eingereicht")
    event = Event.objects.get(title="Praktikumsbörse im Forum")
    assert sorted(event.co_organisers.values_list("name", flat=True)) == [
        "Elbe-Mechatronik GmbH",
        "IHK Stade",
    ]
    assert page.problems == []


def test_co_organisers_without_javascript_are_plain_checkboxes(browser, live_server, world):
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page)
        page.goto("/mein-bereich/veranstaltungen/neu/")
        expect(page.get_by_role("searchbox")).to_have_count(0)
        expect(page.get_by_role("status")).to_have_count(0)
        group = page.get_by_role("group", name="Mitveranstalter")
        expect(group.get_by_role("checkbox")).to_have_count(OFFERED)
        assert_fits(page, 390)
        page.get_by_role("checkbox", name="IHK Stade").check()
        page.get_by_role("checkbox", name="Elbe-Mechatronik GmbH").check()
        # First without a title: the error comes back with both boxes still ticked.
        day = timezone.localdate() + datetime.timedelta(days=30)
        fill_required(page, day)
        page.get_by_label("Titel").fill("")
        page.get_by_role("button", name="Zur Freigabe einreichen").click()
        expect(page.locator("#fehlerliste")).to_contain_text("Bitte geben Sie einen Titel an.")
        expect(page.get_by_role("checkbox", name="IHK Stade")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Elbe-Mechatronik GmbH")).to_be_checked()
        page.get_by_label("Titel").fill("Praktikumsbörse ohne Skript")
        page.get_by_role("button", name="Zur Freigabe einreichen").click()
        expect(page.locator(".portal-messages")).to_contain_text("ist eingereicht")
    finally:
        context.close()
    event = Event.objects.get(title="Praktikumsbörse ohne Skript")
    assert sorted(event.co_organisers.values_list("name", flat=True)) == [
        "Elbe-Mechatronik GmbH",
        "IHK Stade",
    ]
