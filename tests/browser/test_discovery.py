"""The discovery pages in a real browser: offers, actors, events, search, working groups.

Every page type is checked for one exact h1, WCAG 2.1 A/AA (axe-core) and a quiet console
(no errors, no CSP violations). The offer filter is driven three ways: as a plain HTML form
with JavaScript switched off, in place with htmx, and by keyboard.

The live server only sees committed rows, hence transactional tests; the data set (the five
regions plus a few offers, actors and events in Stade and Lüneburg) is built for every test.
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
from offers.models import Event, Transition
from portal.services import regions_load
from regions.models import Municipality
from tests.browser.axe import axe_violations, format_violations
from tests.conftest import REPORT_CSP_VIOLATIONS
from tests.factories import make_actor, make_event, make_offer, make_working_group

# serialized_rollback is meant to restore the reference data of the migrations (life stages,
# topics) that the flush after each transactional test removes; see discovery_data for why this
# module loads it itself as well.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFERENCE_DATA = importlib.import_module("offers.migrations.0002_reference_data")
ALL_OFFERS = "5 Angebote gefunden"
STADE_OFFERS = "3 Angebote gefunden"


@pytest.fixture(autouse=True)
def discovery_data(transactional_db):
    """Five regions, three offers in Stade and two in Lüneburg, two events, one working group.

    While sync Playwright runs, asgiref sees a running event loop in the test thread, so
    ``connections`` hands out a second DatabaseWrapper, one without the serialized test data:
    serialized_rollback then restores nothing, and the reference data of the migrations (life
    stages, transitions, topics) is loaded here. Autouse, so that the database is set up before
    the live server starts in the first test: in the other order a SQLite connection of the
    server thread is left unclosed (ResourceWarning, an error under filterwarnings=error).
    """
    REFERENCE_DATA.load(django_apps, None)
    regions_load()
    stade = Municipality.objects.get(region__slug="stade", slug="stade")
    lueneburg = Municipality.objects.get(region__slug="lueneburg", slug="lueneburg")
    vhs_stade = make_actor(
        region=stade.region,
        municipality=stade,
        name="Kreisvolkshochschule Stade",
        kind=Actor.Kind.VHS,
        latitude=stade.latitude,
        longitude=stade.longitude,
    )
    library = make_actor(
        region=lueneburg.region,
        municipality=lueneburg,
        name="Ratsbücherei Lüneburg",
        kind=Actor.Kind.LIBRARY,
        latitude=lueneburg.latitude,
        longitude=lueneburg.longitude,
    )
    school = make_actor(
        region=stade.region,
        municipality=stade,
        name="Oberschule Campe",
        kind=Actor.Kind.OBERSCHULE,
        latitude=stade.latitude,
        longitude=stade.longitude,
    )
    language = make_offer(
        provider=vhs_stade,
        municipality=stade,
        title="Sprache spielend entdecken",
        summary="Sprachförderung mit Liedern und Reimen für Kinder von drei bis sechs Jahren.",
        life_stages=("fruehe-kindheit", "familie-und-eltern"),
        topics=("sprache-und-lesen",),
        is_free=True,
    )
    make_offer(
        provider=vhs_stade,
        municipality=stade,
        title="Bewegungsbaustelle für Kita-Kinder",
        summary="Klettern, balancieren, toben: Bewegung für Kinder in der Kita.",
        life_stages=("fruehe-kindheit",),
        topics=("gesundheit-und-bewegung",),
    )
    make_offer(
        provider=vhs_stade,
        municipality=stade,
        title="Deutsch für den Beruf",
        summary="Berufsbezogener Sprachkurs auf B2-Niveau.",
        life_stages=("beruf-und-weiterbildung",),
        topics=("sprache-und-lesen", "integration-und-migration"),
    )
    make_offer(
        provider=library,
        municipality=lueneburg,
        title="Programmieren mit dem Calliope",
        summary="Erste Schritte im Programmieren für Grundschulkinder.",
        life_stages=("grundschulzeit",),
        topics=("mint", "digitale-bildung"),
    )
    application = make_offer(
        provider=library,
        municipality=lueneburg,
        title="Bewerbungstraining in der Bücherei",
        summary="Anschreiben, Lebenslauf und Vorstellungsgespräch üben.",
        life_stages=("uebergang-schule-beruf",),
        topics=("berufsorientierung",),
    )
    application.transitions.set(Transition.objects.filter(slug="schule-beruf"))
    starts_at = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    careers_day = make_event(
        organiser=school,
        municipality=stade,
        title="Berufsinformationstag Stade",
        kind=Event.Kind.CAREERS_DAY,
        starts_at=starts_at + datetime.timedelta(days=14),
        grade_min=8,
        grade_max=10,
    )
    make_event(
        organiser=library,
        municipality=lueneburg,
        title="Fachtag Leseförderung",
        kind=Event.Kind.CAREERS_DAY,
        starts_at=starts_at + datetime.timedelta(days=21),
        grade_min=5,
        grade_max=6,
        offer=application,
    )
    group = make_working_group(
        region=stade.region,
        name="AG Sprachbildung",
        purpose="Sprache und Lesen von der Kita bis zur Grundschule gemeinsam fördern.",
    )
    return {
        "offer": language,
        "actor": vhs_stade,
        "event": careers_day,
        "group": group,
    }


def discovery_pages(data):
    """Page key → (path, the exact text of the page's h1)."""
    return {
        "offer-list": ("/angebote/", "Bildungsangebote"),
        "offer-list-filtered": (
            "/angebote/?region=stade&lebensphase=fruehe-kindheit&q=Sprache",
            "Bildungsangebote",
        ),
        "offer-list-empty": ("/angebote/?region=wesermarsch", "Bildungsangebote"),
        "offer-list-error": ("/angebote/?plz=99999", "Bildungsangebote"),
        "offer-detail": (f"/angebote/{data['offer'].slug}/", "Sprache spielend entdecken"),
        "lifestage": ("/lebensphasen/fruehe-kindheit/", "Frühe Kindheit"),
        "transition": ("/uebergaenge/schule-beruf/", "Übergang Schule – Beruf"),
        "actor-list": ("/akteure/", "Akteure"),
        "actor-list-radius": ("/akteure/?plz=21682&umkreis=10", "Akteure"),
        "actor-detail": (f"/akteure/{data['actor'].slug}/", "Kreisvolkshochschule Stade"),
        "event-list": ("/veranstaltungen/", "Veranstaltungen"),
        "event-list-grade": ("/veranstaltungen/?jahrgang=9", "Veranstaltungen"),
        "event-list-radius": ("/veranstaltungen/?plz=21682&umkreis=10", "Veranstaltungen"),
        "event-detail": (f"/veranstaltungen/{data['event'].slug}/", "Berufsinformationstag Stade"),
        "search": ("/suche/?q=Sprache", "Suche"),
        "working-group": (
            f"/regionen/stade/arbeitsgruppen/{data['group'].slug}/",
            "AG Sprachbildung",
        ),
    }


# The pages are visited in three groups, each test with one fresh data set: a test per page
# would spend most of its time building the data set again.
PAGE_GROUPS = {
    "angebote": [
        "offer-list",
        "offer-list-filtered",
        "offer-list-empty",
        "offer-list-error",
        "offer-detail",
        "lifestage",
        "transition",
    ],
    "akteure-veranstaltungen": [
        "actor-list",
        "actor-list-radius",
        "actor-detail",
        "event-list",
        "event-list-grade",
        "event-list-radius",
        "event-detail",
    ],
    "suche-arbeitsgruppen": ["search", "working-group"],
}

# Page key → the exact text of the result heading (#ergebnis-titel) on the listing pages.
RESULT_HEADINGS = {
    "offer-list": ALL_OFFERS,
    "offer-list-filtered": "1 Angebot gefunden",
    "offer-list-empty": "0 Angebote gefunden",
    "event-list": "3 Veranstaltungen",
    "event-list-grade": "2 Veranstaltungen",
}


def open_page(page, path):
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path}: HTTP {response.status}"
    return response


@pytest.fixture
def nojs_page(browser, live_server):
    """Like the shared ``page`` fixture, but in a context with JavaScript switched off."""
    context = browser.new_context(
        java_script_enabled=False,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    new_page = context.new_page()
    yield new_page
    context.close()


def query_of(url):
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("group", PAGE_GROUPS)
def test_discovery_pages_render_accessibly(page, discovery_data, group):
    pages = discovery_pages(discovery_data)
    keys = PAGE_GROUPS[group]
    headings, result_headings, violations, problems = {}, {}, {}, {}
    for key in keys:
        path, _heading = pages[key]
        open_page(page, path)
        headings[key] = [text.strip() for text in page.locator("h1").all_inner_texts()]
        if key in RESULT_HEADINGS:
            result_headings[key] = page.locator("#ergebnis-titel").inner_text().strip()
        found = axe_violations(page)
        if found:
            violations[key] = f"{path}:\n{format_violations(found)}"
        # Every stylesheet, script, image and font has loaded; none was blocked by the CSP.
        page.wait_for_load_state("networkidle")
        if page.problems:
            problems[key] = list(page.problems)
            page.problems.clear()

    # Exactly one h1 per page, with the exact text.
    assert headings == {key: [pages[key][1]] for key in keys}
    assert result_headings == {key: RESULT_HEADINGS[key] for key in keys if key in RESULT_HEADINGS}
    assert violations == {}, "\n".join(violations.values())
    assert problems == {}


def test_discovery_offer_list_error_state_names_the_postcode(page, discovery_data):
    open_page(page, "/angebote/?plz=99999")

    expect(page).to_have_title(re.compile(r"^Fehler: Bildungsangebote"))
    expect(page.locator("main")).to_contain_text(
        "Die Postleitzahl 99999 kennen wir nicht. Bitte prüfen Sie sie oder geben Sie die "
        "Postleitzahl eines Nachbarorts ein."
    )
    expect(page.locator("#id_plz")).to_have_attribute("aria-invalid", "true")


def test_discovery_search_page_groups_results(page, discovery_data):
    open_page(page, "/suche/?q=Sprache")

    main = page.locator("main")
    expect(main.get_by_role("link", name="Sprache spielend entdecken")).to_be_visible()
    expect(main.get_by_role("link", name="AG Sprachbildung")).to_be_visible()


def test_discovery_event_calendar_is_served_as_icalendar(page, discovery_data):
    response = page.request.get("/veranstaltungen/kalender.ics")

    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Berufsinformationstag Stade" in body
    assert "SUMMARY:Fachtag Leseförderung" in body


def test_discovery_filter_form_works_without_javascript(nojs_page, discovery_data):
    page = nojs_page
    open_page(page, "/angebote/")
    expect(page.locator("#ergebnis-titel")).to_have_text(ALL_OFFERS)

    page.locator("#filter-region").select_option("stade")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter anwenden").click()

    assert query_of(page.url)["region"] == ["stade"]
    expect(page.locator("#ergebnis-titel")).to_have_text(STADE_OFFERS)
    remove = page.get_by_role("link", name="Region: Stade – Filter entfernen")
    expect(remove).to_have_count(1)

    with page.expect_navigation():
        remove.click()

    assert "region" not in query_of(page.url)
    expect(page.locator("#ergebnis-titel")).to_have_text(ALL_OFFERS)
    expect(page.locator("#filter-region")).to_have_value("")


def test_discovery_filter_updates_results_in_place_with_htmx(page, discovery_data):
    open_page(page, "/angebote/")
    page.wait_for_function("() => typeof window.htmx === 'object'")
    page.evaluate("() => { window.__marker = 1; }")
    expect(page.locator("#ergebnis-titel")).to_have_text(ALL_OFFERS)

    region = page.locator("#filter-region")
    region.focus()
    region.select_option("stade")

    expect(page.locator("#ergebnis-ansage")).to_have_text(STADE_OFFERS)
    expect(page.locator("#ergebnis-titel")).to_have_text(STADE_OFFERS)
    # Only the filled-in fields go into the address (static/js/portal.js).
    expect(page).to_have_url(re.compile(r"/angebote/\?region=stade$"))
    assert page.evaluate("() => window.__marker") == 1
    assert page.evaluate("() => document.activeElement.id") == "filter-region"
    expect(page.locator("#filter-region")).to_have_value("stade")

    page.go_back()

    expect(page.locator("#ergebnis-titel")).to_have_text(ALL_OFFERS)
    assert "region" not in query_of(page.url)
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_discovery_keyboard_reaches_search_field_and_submits(page, discovery_data):
    open_page(page, "/angebote/")
    page.wait_for_function("() => typeof window.htmx === 'object'")

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#inhalt"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert page.evaluate("() => document.activeElement.getAttribute('name')") == "q"
    page.keyboard.type("Sprache")
    page.keyboard.press("Enter")

    expect(page.locator("#ergebnis-titel")).to_have_text("2 Angebote gefunden")
    expect(page).to_have_url(re.compile(r"/angebote/\?q=Sprache$"))
    results = page.locator(".portal-results > li h3")
    expect(results).to_have_count(2)
    # The order is not asserted: the sorting select submits "neu" (see the report).
    assert sorted(results.all_inner_texts()) == [
        "Deutsch für den Beruf",
        "Sprache spielend entdecken",
    ]
    page.wait_for_load_state("networkidle")
    assert page.problems == []


# --- "Standort verwenden": the browser's own geolocation -------------------------------------
STADE = {"latitude": 53.6001, "longitude": 9.4762}


@pytest.fixture
def located_page(browser, live_server):
    """A page whose browser knows its position (in Stade) and may tell it to the portal; the
    list of problems as in the shared ``page`` fixture."""
    context = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        geolocation=STADE,
        permissions=["geolocation"],
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    new_page = context.new_page()
    new_page.problems = []
    new_page.on(
        "console",
        lambda message: message.type == "error" and new_page.problems.append(message.text),
    )
    new_page.on("pageerror", lambda error: new_page.problems.append(str(error)))
    yield new_page
    context.close()


def test_discovery_position_button_searches_around_the_visitor(located_page, discovery_data):
    page = located_page
    open_page(page, "/angebote/")
    page.wait_for_function("() => typeof window.htmx === 'object'")
    button = page.get_by_role("button", name="Standort verwenden")
    expect(button).to_be_visible()
    page.locator("#id_plz").fill("21614")

    button.click()

    expect(page).to_have_url(re.compile(r"/angebote/\?breite=53\.60&laenge=9\.48$"))
    expect(page.locator("#ergebnis-titel")).to_have_text(STADE_OFFERS)
    expect(page.locator(".portal-radius")).to_contain_text(
        "Umkreissuche: bis 10 km um Ihren Standort (53,60° N, 9,48° O)."
    )
    expect(page.locator("#id_plz")).to_have_value("")
    # The form came back with the results; the button is there again.
    expect(page.get_by_role("button", name="Standort verwenden")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_discovery_position_refused_is_announced(page, discovery_data):
    """Without the permission (the shared page grants none) the browser refuses the position;
    the status paragraph says so and what to do instead."""
    open_page(page, "/angebote/")
    page.get_by_role("button", name="Standort verwenden").click()

    status = page.get_by_role("status").filter(has_text="Standort")
    expect(status).to_have_text(
        "Sie haben den Zugriff auf Ihren Standort nicht erlaubt. Geben Sie stattdessen eine "
        "Postleitzahl ein."
    )
    assert "breite" not in query_of(page.url)
    assert page.problems == []


def test_discovery_position_button_is_hidden_without_javascript(nojs_page, discovery_data):
    open_page(nojs_page, "/angebote/")
    expect(nojs_page.get_by_role("button", name="Standort verwenden")).to_have_count(0)
    expect(nojs_page.locator("#id_plz")).to_be_visible()
