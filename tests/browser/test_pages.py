"""The public pages as a browser shows them: content, accessibility (axe-core), keyboard, CSP.

The live server runs in another thread and only sees committed rows, hence transactional
tests: every test loads the regions afresh and the database is emptied after it.
"""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from portal.services import regions_load
from regions.models import AccessibilityFeedback
from tests.browser.axe import assert_no_axe_violations

# serialized_rollback restores the reference data of the migrations (life stages, topics)
# that the flush after each transactional test removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# path → the exact text of the page's h1
PAGES = {
    "/": "Bildung ein Leben lang",
    "/regionen/stade/": "Bildungsregion Stade",
    "/regionen/hameln-pyrmont/": "Bildungsregion Hameln-Pyrmont",
    "/barrierefreiheit/": "Erklärung zur Barrierefreiheit",
}
PAGE_PARAMS = [pytest.param(path, heading, id=path) for path, heading in PAGES.items()]
MOBILE_WIDTH = 390
HAMELN_PYRMONT_WORKING_GROUPS = [
    "AG Schulabsentismus",
    "AG Schule-Beruf",
    "Bündnis gegen Kinderarmut",
    "Steuergruppe der Bildungsregion",
]


@pytest.fixture(autouse=True)
def regions(transactional_db):
    regions_load()


def open_page(page, path):
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path}: HTTP {response.status}"
    return response


@pytest.mark.parametrize(("path", "heading"), PAGE_PARAMS)
def test_page_renders_accessibly_under_strict_csp(page, path, heading):
    response = open_page(page, path)
    csp = response.headers.get("content-security-policy", "")

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert_no_axe_violations(page)
    # Every stylesheet, script, image and font has loaded; none was blocked by the policy.
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_pages_skip_link_is_first_focusable_element(page):
    focused = {}
    for path in PAGES:
        open_page(page, path)
        page.keyboard.press("Tab")
        focused[path] = page.evaluate(
            "() => [document.activeElement.getAttribute('href'),"
            " document.activeElement.textContent.trim()]"
        )

    assert focused == {path: ["#inhalt", "Zum Inhalt springen"] for path in PAGES}


def test_pages_skip_link_moves_focus_to_main_content(page):
    open_page(page, "/regionen/stade/")
    page.keyboard.press("Tab")

    expect(page.locator(":focus")).to_be_visible()
    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement.id") == "inhalt"


def test_pages_have_no_horizontal_overflow_on_narrow_screen(page):
    page.set_viewport_size({"width": MOBILE_WIDTH, "height": 844})
    scroll_widths = {}
    for path in PAGES:
        open_page(page, path)
        scroll_widths[path] = page.evaluate("() => document.documentElement.scrollWidth")

    too_wide = {path: width for path, width in scroll_widths.items() if width > MOBILE_WIDTH}
    assert too_wide == {}


def test_region_page_stade_shows_bildungsbuero_phone(page):
    open_page(page, "/regionen/stade/")

    office = page.locator("#bildungsbuero")
    phone = office.get_by_role("link", name="04141 12-4040", exact=True)
    expect(phone).to_be_visible()
    expect(phone).to_have_attribute("href", "tel:04141124040")


def test_region_page_hameln_pyrmont_shows_working_groups(page):
    open_page(page, "/regionen/hameln-pyrmont/")

    groups = page.locator("#arbeitsgruppen").get_by_role("heading", level=3)
    expect(groups).to_have_text(HAMELN_PYRMONT_WORKING_GROUPS)


def test_accessibility_feedback_empty_message_shows_error_and_keeps_input(page):
    open_page(page, "/barrierefreiheit/")

    page.get_by_label("Ihr Name").fill("Erika Mustermann")
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").click()

    message = page.get_by_label("Ihre Nachricht")
    expect(page).to_have_title(re.compile(r"^Fehler: Erklärung zur Barrierefreiheit"))
    expect(page.locator("#id_message_error")).to_have_text(
        "Bitte schreiben Sie uns eine Nachricht."
    )
    expect(page.locator("#id_message_error")).to_be_visible()
    expect(message).to_have_attribute("aria-invalid", "true")
    expect(message).to_have_value("")
    expect(page.get_by_label("Ihr Name")).to_have_value("Erika Mustermann")
    assert_no_axe_violations(page)
    assert page.problems == []
    assert AccessibilityFeedback.objects.count() == 0


def test_accessibility_feedback_valid_message_is_stored_and_confirmed(page):
    open_page(page, "/barrierefreiheit/")

    page.get_by_label("Ihr Name").fill("Erika Mustermann")
    page.get_by_label("Ihre Nachricht").fill("Die Links im Fußbereich haben zu wenig Kontrast.")
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").click()

    expect(
        page.get_by_text(
            "Vielen Dank! Ihre Rückmeldung ist beim Bildungsbüro eingegangen. "
            "Wenn Sie eine E-Mail-Adresse angegeben haben, erhalten Sie eine Antwort.",
            exact=True,
        )
    ).to_be_visible()
    # Post/Redirect/Get: the page shown is a fresh GET of the statement with an empty form.
    assert urlsplit(page.url).path == "/barrierefreiheit/"
    expect(page.get_by_label("Ihre Nachricht")).to_have_value("")
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.name, feedback.email, feedback.region, feedback.message) == (
        "Erika Mustermann",
        "",
        None,
        "Die Links im Fußbereich haben zu wenig Kontrast.",
    )
    assert page.problems == []
