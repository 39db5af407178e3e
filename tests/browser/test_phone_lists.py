"""The public lists on a phone (issue 13): results first, filters behind a disclosure, no page
wider than the screen, a live filter that keeps what the visitor types, a skip link to the
results and cancelled events read once.

Phone: 390 x 844 CSS pixels (and 320 for the width checks). Chromium draws a scrollbar, so the
page's own width is the document's clientWidth, not the window's.

The live server only sees committed rows, hence transactional tests; the data set (the five
regions, offers around Stade and in Lüneburg, an actor with a long e-mail address, events, one
of them cancelled) is built for every test.
"""

import datetime
import importlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Actor
from offers.models import Event
from portal.services import regions_load
from regions.models import Municipality, postcode_point
from tests.browser.axe import axe_violations, format_violations
from tests.conftest import ABORT_REPORTS, REPORT_CSP_VIOLATIONS
from tests.factories import make_actor, make_event, make_offer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFERENCE_DATA = importlib.import_module("offers.migrations.0002_reference_data")
PHONE = {"width": 390, "height": 844}
LISTS = ["/angebote/", "/akteure/", "/veranstaltungen/"]
LONG_WORD = "a" * 5000
# About 5.5 km north of the centre of the postcode 21682 (Stade): inside 10 km, outside 1 km.
NORTH_KM = 0.05


@pytest.fixture(autouse=True)
def lists_data(transactional_db):
    """As tests/browser/test_discovery.py's data set: the reference data of the migrations is
    loaded here because serialized_rollback restores nothing under sync Playwright."""
    REFERENCE_DATA.load(django_apps, None)
    regions_load()
    stade = Municipality.objects.get(region__slug="stade", slug="stade")
    lueneburg = Municipality.objects.get(region__slug="lueneburg", slug="lueneburg")
    centre = postcode_point("21682")
    vhs = make_actor(
        region=stade.region,
        municipality=stade,
        name="Kreisvolkshochschule Stade",
        kind=Actor.Kind.VHS,
        street="Am Hafen 12",
        postcode="21682",
        city="Stade",
        phone="04141 12 3456",
        email="anmeldung-weiterbildung@kreisvolkshochschule-landkreis-stade.example",
        website="https://www.kreisvolkshochschule-landkreis-stade.example/",
        latitude=centre.latitude,
        longitude=centre.longitude,
    )
    library = make_actor(
        region=lueneburg.region,
        municipality=lueneburg,
        name="Ratsbücherei Lüneburg",
        kind=Actor.Kind.LIBRARY,
        latitude=lueneburg.latitude,
        longitude=lueneburg.longitude,
    )
    make_offer(
        provider=vhs,
        municipality=stade,
        title="Sprache spielend entdecken",
        summary="Sprachförderung mit Liedern, Reimen und Bilderbüchern für Kinder von drei bis "
        "sechs Jahren und ihre Eltern, jeden Dienstagnachmittag.",
        life_stages=("fruehe-kindheit", "familie-und-eltern"),
        latitude=centre.latitude,
        longitude=centre.longitude,
    )
    make_offer(
        provider=vhs,
        municipality=stade,
        title="Deutsch für den Beruf",
        summary="Berufsbezogener Sprachkurs auf B2-Niveau mit Bewerbungstraining, abends und "
        "samstags, gefördert durch das Bundesamt.",
        latitude=centre.latitude + NORTH_KM,
        longitude=centre.longitude,
    )
    make_offer(
        provider=library,
        municipality=lueneburg,
        title="Programmieren mit dem Calliope",
        summary="Erste Schritte im Programmieren für Grundschulkinder in der Bücherei.",
        life_stages=("grundschulzeit",),
        latitude=lueneburg.latitude,
        longitude=lueneburg.longitude,
    )
    soon = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    make_event(
        organiser=vhs,
        municipality=stade,
        title="Infoabend Weiterbildung",
        kind=Event.Kind.CAREERS_DAY,
        starts_at=soon + datetime.timedelta(days=3),
        status=Event.Status.CANCELLED,
    )
    make_event(
        organiser=vhs,
        municipality=stade,
        title="Berufsinformationstag Stade",
        kind=Event.Kind.CAREERS_DAY,
        starts_at=soon + datetime.timedelta(days=14),
        grade_min=8,
        grade_max=10,
    )
    make_event(
        organiser=library,
        municipality=lueneburg,
        title="Fachtag Leseförderung",
        kind=Event.Kind.CAREERS_DAY,
        starts_at=soon + datetime.timedelta(days=21),
    )
    return {"actor": vhs}


def new_page(browser, live_server, *, width=PHONE["width"], javascript=True):
    """A page in a German context of the given width (844 px high), its console errors, page
    errors and CSP violations collected in ``page.problems``."""
    context = browser.new_context(
        java_script_enabled=javascript,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        base_url=live_server.url,
        viewport={"width": width, "height": PHONE["height"]},
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.problems.append(message.text),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


def problems_besides_aborts(page):
    """The page's problems other than htmx's reports of a request replaced by a newer one (on
    a slow machine one more request can be superseded than the test plans)."""
    return [problem for problem in page.problems if problem not in ABORT_REPORTS]


@pytest.fixture
def phone(browser, live_server):
    page = new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def phone_without_js(browser, live_server):
    page = new_page(browser, live_server, javascript=False)
    yield page
    page.context.close()


def open_page(page, path):
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path}: HTTP {response.status}"


def visible_text(locator):
    """The text a sighted visitor reads: without the parts only screen readers get."""
    return locator.evaluate(
        """(element) => {
          const copy = element.cloneNode(true);
          copy.querySelectorAll('.kern-sr-only').forEach((part) => part.remove());
          return copy.textContent.replace(/\\s+/g, ' ').trim();
        }"""
    )


def bottom(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"]


def first_result_link(page):
    return page.locator("#ergebnisse > li").first.get_by_role("link").first


# --- 1. Results first, filters behind "Filter (n)" -------------------------------------------


@pytest.mark.parametrize("path", LISTS)
def test_phone_list_shows_first_result_on_first_screen_and_filters_closed(phone, path):
    open_page(phone, path)

    toggle = phone.locator("summary.portal-filter__toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Filter")
    expect(phone.locator("#filter-felder")).to_be_hidden()
    title = first_result_link(phone)
    expect(title).to_be_visible()
    # The whole title of the first result is on the first screen, below the disclosure.
    assert bottom(toggle) <= title.bounding_box()["y"]
    assert bottom(title) <= PHONE["height"]
    found = axe_violations(phone)
    assert found == [], format_violations(found)

    toggle.click()

    expect(phone.locator("#filter-felder")).to_be_visible()
    found = axe_violations(phone)
    assert found == [], format_violations(found)
    assert phone.problems == []


def test_phone_offer_list_counts_active_filters_on_the_disclosure(phone):
    open_page(phone, "/angebote/?region=stade&lebensphase=fruehe-kindheit")

    toggle = phone.locator("summary.portal-filter__toggle")
    assert visible_text(toggle) == "Filter (2)"
    expect(toggle).to_have_accessible_name("Filter (2) aktiv")
    expect(phone.locator("#filter-felder")).to_be_hidden()
    assert bottom(first_result_link(phone)) <= PHONE["height"]


def test_phone_start_page_search_is_on_first_screen(phone):
    open_page(phone, "/")

    search = phone.get_by_role(
        "searchbox", name="Angebote, Akteure und Veranstaltungen durchsuchen"
    )
    expect(search).to_be_visible()
    assert bottom(search) <= PHONE["height"]
    assert bottom(phone.get_by_role("button", name="Suchen")) <= PHONE["height"]


def test_phone_filter_disclosure_works_without_javascript(phone_without_js):
    page = phone_without_js
    open_page(page, "/angebote/")
    toggle = page.locator("summary.portal-filter__toggle")
    expect(page.locator("#filter-region")).to_be_hidden()

    toggle.click()
    page.locator("#filter-region").select_option("stade")
    page.locator("#filter-lebensphase").select_option("fruehe-kindheit")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter anwenden").click()

    assert parse_qs(urlsplit(page.url).query)["region"] == ["stade"]
    expect(page.locator("#ergebnis-titel")).to_have_text("1 Angebot gefunden")
    # After the search the results come first again; the disclosure shows the two filters.
    assert visible_text(toggle) == "Filter (2)"
    expect(page.locator("#filter-region")).to_be_hidden()
    assert bottom(first_result_link(page)) <= PHONE["height"]

    toggle.click()

    expect(page.locator("#filter-region")).to_have_value("stade")
    expect(page.locator("#filter-lebensphase")).to_have_value("fruehe-kindheit")


def test_phone_filter_disclosure_is_open_with_an_error(phone_without_js):
    open_page(phone_without_js, "/angebote/?plz=99999")

    expect(phone_without_js.locator("#fehlerliste")).to_be_visible()
    expect(phone_without_js.locator("#id_plz")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_wide_screen_shows_filters_as_open_sidebar(browser, live_server, javascript):
    page = new_page(browser, live_server, width=1280, javascript=javascript)
    open_page(page, "/angebote/")

    expect(page.locator("#filter-region")).to_be_visible()
    expect(page.locator("summary.portal-filter__toggle")).to_be_hidden()
    form = page.locator("form.portal-filter-form").bounding_box()
    results = page.locator("#angebote-liste").bounding_box()
    assert form["x"] + form["width"] <= results["x"]
    page.context.close()


# --- 2. No page wider than the screen ------------------------------------------------------


@pytest.mark.parametrize("width", [320, 390])
def test_phone_pages_are_not_wider_than_the_screen(browser, live_server, lists_data, width):
    page = new_page(browser, live_server, width=width)
    paths = [
        "/",
        *LISTS,
        lists_data["actor"].get_absolute_url(),
        f"/angebote/?q={LONG_WORD}",
        f"/akteure/?q={LONG_WORD}",
        f"/suche/?q={LONG_WORD}",
    ]
    too_wide = {}
    for path in paths:
        open_page(page, path)
        if width == 390 and path.startswith("/angebote/?q="):
            page.locator("summary.portal-filter__toggle").click()
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide[path[:40]] = (scroll, client)

    assert too_wide == {}
    page.context.close()


def test_phone_pages_have_no_axe_violations(phone, lists_data):
    violations = {}
    for path in ["/", lists_data["actor"].get_absolute_url(), f"/angebote/?q={LONG_WORD}"]:
        open_page(phone, path)
        found = axe_violations(phone)
        if found:
            violations[path[:40]] = format_violations(found)

    assert violations == {}
    assert phone.problems == []


def test_actor_contact_box_is_aligned_and_keeps_the_e_mail_inside(browser, live_server, lists_data):
    page = new_page(browser, live_server, width=320)
    open_page(page, lists_data["actor"].get_absolute_url())
    contact = page.locator(".portal-contact")

    expect(contact.locator("dt")).to_have_text(["Telefon", "E-Mail", "Website"])
    expect(contact.locator("dd")).to_have_text(
        [
            "04141 12 3456",
            "anmeldung-weiterbildung@kreisvolkshochschule-landkreis-stade.example",
            "https://www.kreisvolkshochschule-landkreis-stade.example/",
        ]
    )
    assert contact.locator(".portal-contact__address").inner_text() == "Am Hafen 12\n21682 Stade"
    assert contact.evaluate("(element) => getComputedStyle(element).fontStyle") == "normal"
    terms = [box["x"] for box in (dt.bounding_box() for dt in contact.locator("dt").all())]
    values = [box["x"] for box in (dd.bounding_box() for dd in contact.locator("dd").all())]
    assert len(set(terms)) == 1
    assert len(set(values)) == 1
    box = contact.bounding_box()
    mail = contact.get_by_role("link", name="anmeldung-weiterbildung@").bounding_box()
    assert mail["x"] + mail["width"] <= box["x"] + box["width"]
    page.context.close()


# --- 3. The live filter keeps what the visitor types ------------------------------------------


class HeldRequests:
    """htmx requests of the page held back until the test lets each one go: a slow network
    whose order the test decides."""

    def __init__(self, page):
        self.page = page
        self.routes = []
        page.route("**/angebote/**", self._hold)

    def _hold(self, route):
        if route.request.headers.get("hx-request") == "true":
            self.routes.append(route)
        else:
            route.continue_()

    def wait_for(self, count):
        for _attempt in range(100):
            if len(self.routes) >= count:
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"{len(self.routes)} held requests, expected {count}")

    def release(self, index):
        route = self.routes[index]
        route.continue_()
        return parse_qs(urlsplit(route.request.url).query)


def stop_the_clock(page):
    """The page's timers (the filter's debounce, htmx's settling) run only when the test says
    so, however slow the machine."""
    start = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    page.clock.install(time=start)
    page.clock.pause_at(start + datetime.timedelta(seconds=1))


def debounce_passes(page):
    """The page's own clock (paused) moves past the filter's debounce and htmx's settling."""
    page.clock.run_for(1000)


def shown_titles(page):
    return page.locator("#ergebnisse > li h3").all_inner_texts()


def expected_titles(browser, live_server, query):
    """The results a fresh page load of the same address shows."""
    page = new_page(browser, live_server, width=1280, javascript=False)
    open_page(page, f"/angebote/?{query}")
    titles = shown_titles(page)
    page.context.close()
    return titles


def test_live_filter_keeps_the_radius_typed_while_a_request_runs(browser, live_server, phone):
    page = phone
    stop_the_clock(page)
    open_page(page, "/angebote/?plz=21682")
    held = HeldRequests(page)
    page.locator("summary.portal-filter__toggle").click()

    page.locator("#filter-region").select_option("stade")
    debounce_passes(page)
    held.wait_for(1)
    radius = page.locator("#id_umkreis")
    radius.click()
    page.keyboard.type("1")
    # The answer to the region arrives while "1" is not sent yet.
    assert held.release(0) == {"plz": ["21682"], "region": ["stade"]}
    expect(page.locator("#ergebnis-titel")).to_have_text("2 Angebote gefunden")

    expect(radius).to_have_value("1")
    assert page.evaluate("() => document.activeElement.id") == "id_umkreis"
    page.keyboard.type("0")
    debounce_passes(page)
    held.wait_for(2)
    assert held.release(1) == {"plz": ["21682"], "region": ["stade"], "umkreis": ["10"]}

    expect(page).to_have_url(f"{live_server.url}/angebote/?region=stade&plz=21682&umkreis=10")
    expect(radius).to_have_value("10")
    expect(page.locator("#filter-region")).to_have_value("stade")
    assert shown_titles(page) == expected_titles(
        browser, live_server, "plz=21682&region=stade&umkreis=10"
    )
    assert len(shown_titles(page)) == 2
    assert problems_besides_aborts(page) == []


def test_live_filter_keeps_a_region_chosen_while_a_request_runs(browser, live_server, phone):
    page = phone
    stop_the_clock(page)
    open_page(page, "/angebote/?plz=21682")
    held = HeldRequests(page)
    page.locator("summary.portal-filter__toggle").click()

    radius = page.locator("#id_umkreis")
    radius.fill("1")
    debounce_passes(page)
    held.wait_for(1)
    page.locator("#filter-region").select_option("stade")
    # The answer to the radius arrives while the region is not sent yet.
    assert held.release(0) == {"plz": ["21682"], "umkreis": ["1"]}
    expect(page.locator("#ergebnis-titel")).to_have_text("1 Angebot gefunden")

    expect(page.locator("#filter-region")).to_have_value("stade")
    debounce_passes(page)
    held.wait_for(2)
    assert held.release(1) == {"plz": ["21682"], "region": ["stade"], "umkreis": ["1"]}

    expect(page).to_have_url(f"{live_server.url}/angebote/?region=stade&plz=21682&umkreis=1")
    expect(page.locator("#filter-region")).to_have_value("stade")
    expect(radius).to_have_value("1")
    assert shown_titles(page) == ["Sprache spielend entdecken"]
    assert shown_titles(page) == expected_titles(
        browser, live_server, "plz=21682&umkreis=1&region=stade"
    )
    assert problems_besides_aborts(page) == []


def test_live_filter_lets_a_newer_answer_win(phone):
    """Two requests run; the older one, answered last, must not replace the newer one's
    results: hx-sync aborts it when the newer one starts."""
    page = phone
    stop_the_clock(page)
    open_page(page, "/angebote/")
    held = HeldRequests(page)
    page.locator("summary.portal-filter__toggle").click()

    page.locator("#filter-region").select_option("lueneburg")
    debounce_passes(page)
    held.wait_for(1)
    page.locator("#filter-region").select_option("stade")
    debounce_passes(page)
    held.wait_for(2)
    assert held.release(1) == {"region": ["stade"]}
    expect(page.locator("#ergebnis-titel")).to_have_text("2 Angebote gefunden")
    held.release(0)
    page.wait_for_timeout(500)
    debounce_passes(page)

    expect(page.locator("#ergebnis-titel")).to_have_text("2 Angebote gefunden")
    expect(page.locator("#filter-region")).to_have_value("stade")
    expect(page).to_have_url(page.url.split("?")[0] + "?region=stade")
    # The only problem on the console: htmx's report of the request it aborted.
    assert page.problems == [
        "htmx:afterRequest, [object HTMLElement]",
        "htmx:sendAbort, [object HTMLElement]",
    ]


# --- 4. Skip link to the results, cancelled events read once --------------------------------


@pytest.mark.parametrize("path", LISTS)
def test_skip_link_reaches_the_first_result(phone, path):
    open_page(phone, path)
    first_href = first_result_link(phone).get_attribute("href")

    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    focused = phone.evaluate(
        "() => [document.activeElement.getAttribute('href'),"
        " document.activeElement.textContent.trim()]"
    )
    assert focused == ["#ergebnisse", "Zu den Ergebnissen"]
    expect(phone.locator(":focus")).to_be_visible()
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")

    assert phone.evaluate("() => document.activeElement.getAttribute('href')") == first_href


@pytest.mark.parametrize("path", ["/veranstaltungen/", "actor"])
def test_cancelled_event_is_read_once(phone, lists_data, path):
    open_page(phone, lists_data["actor"].get_absolute_url() if path == "actor" else path)
    cancelled = phone.locator(".portal-event--cancelled")
    expect(cancelled).to_have_count(1)

    # What a screen reader reads out, in order: every text not hidden from it.
    spoken = cancelled.evaluate(
        """(item) => {
          const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
          const parts = [];
          while (walker.nextNode()) {
            if (!walker.currentNode.parentElement.closest('[aria-hidden="true"]')) {
              parts.push(walker.currentNode.textContent);
            }
          }
          return parts.join(' ').replace(/\\s+/g, ' ').trim();
        }"""
    )

    assert spoken.lower().count("abgesagt") == 1, spoken
    expect(cancelled.get_by_role("link")).to_have_accessible_name(
        "Abgesagt: Infoabend Weiterbildung"
    )
    expect(cancelled.locator(".kern-badge")).to_be_visible()
    expect(cancelled.locator(".kern-badge")).to_have_text(re.compile("^abgesagt$", re.I))
