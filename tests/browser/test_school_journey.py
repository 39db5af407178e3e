"""The school area in the browser: a school registers an event, the Bildungsbüro approves (or
rejects) it in the admin, it appears in the calendar; a published event is cancelled. axe-core
on the login, password reset, the area and the form (also with errors)."""

import datetime
import importlib
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Actor, InstitutionMembership
from offers.models import Event, EventStatus
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_actor, make_event, make_region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Ein-langes-Testpasswort-42"


roles = importlib.import_module("bildungsregion.migrations.0002_staff_roles")


def ensure_role_groups():
    """The role groups of migration 0002_staff_roles. The flush after an earlier transactional
    test empties auth_group, and while Playwright runs serialized_rollback restores nothing
    (see tests/browser/test_discovery.py), so the groups are made here."""
    for app_label, model, codename, name in roles.CUSTOM_PERMISSIONS:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    for group_name, spec in (
        (roles.EDITOR, roles.EDITOR_PERMISSIONS),
        (roles.COORDINATOR, roles.COORDINATOR_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(
            Permission.objects.get(
                content_type__app_label=app_label,
                content_type__model=model,
                codename=f"{action}_{model}",
            )
            for app_label, models in spec.items()
            for model, actions in models.items()
            for action in actions
        )


@pytest.fixture(autouse=True)
def people(transactional_db):
    """Autouse, so that the database is set up before the live server starts (else a SQLite
    connection of the server thread is left unclosed, see tests/browser/test_discovery.py)."""
    ensure_role_groups()
    region = make_region(
        name="Stade", slug="stade", office_name="Bildungsbüro", office_email="bb@stade.test"
    )
    school = make_actor(
        region,
        name="Oberschule Buxtehude",
        kind=Actor.Kind.OBERSCHULE,
        street="Schulweg 1",
        postcode="21614",
        city="Buxtehude",
    )
    make_actor(region, name="IHK Stade", kind=Actor.Kind.CHAMBER)
    teacher = make_user("schule-stade", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    coordinator = make_user(
        "buero-stade",
        region=region,
        role=StaffMembership.Role.COORDINATOR,
        password=PASSWORD,
    )
    return {"region": region, "school": school, "teacher": teacher, "coordinator": coordinator}


def log_in(page, username):
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: "/anmelden/" not in url)


def log_out(page):
    if page.url.rstrip("/").endswith("/admin") or "/admin/" in page.url:
        page.goto("/admin/")
        page.locator("#logout-form button").click()
    else:
        page.goto("/mein-bereich/")
        page.get_by_role("button", name="Abmelden").click()


def admin_action(page, event, action):
    page.goto("/admin/offers/event/?freigabe=wartet")
    page.locator(f'input[name="_selected_action"][value="{event.pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.locator('button[name="index"]').click()


def test_school_registers_event_staff_approves_it_appears_in_calendar(page, people, mailoutbox):
    page.goto("/anmelden/")
    assert_no_axe_violations(page)
    log_in(page, "schule-stade")
    expect(page).to_have_url(re.compile(r"/mein-bereich/$"))
    expect(page.locator("h1")).to_have_text("Mein Bereich")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Veranstaltung anmelden").click()
    expect(page.get_by_label("Straße und Hausnummer")).to_have_value("Schulweg 1")
    assert_no_axe_violations(page)
    day = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Art der Veranstaltung").select_option(label="Praktikumsbörse")
    page.get_by_label("Titel").fill("Praktikumsbörse im Forum")
    page.get_by_label("Beschreibung").fill("Betriebe aus der Region stellen Praktika vor.")
    page.get_by_label("Beginn (Datum und Uhrzeit)").fill(f"{day:%Y-%m-%d}T10:00")
    # First with an end before the start: a German error, every value kept.
    page.get_by_label("Ende (Datum und Uhrzeit)").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("ab Jahrgang").fill("4")
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    summary = page.locator("#fehlerliste")
    expect(summary).to_contain_text("Das Ende muss nach dem Beginn liegen.")
    expect(summary).to_contain_text("Bitte geben Sie einen Jahrgang von 5 bis 13 an.")
    expect(page.get_by_label("Titel")).to_have_value("Praktikumsbörse im Forum")
    assert page.title().startswith("Fehler:")
    assert_no_axe_violations(page)

    page.get_by_label("Ende (Datum und Uhrzeit)").fill(f"{day:%Y-%m-%d}T14:00")
    page.get_by_label("ab Jahrgang").fill("8")
    page.get_by_role("checkbox", name="IHK Stade").check()
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".portal-messages")).to_contain_text("ist eingereicht")
    expect(page.locator(".portal-own-events")).to_contain_text("wartet auf Freigabe")
    event = Event.objects.get()
    assert (event.status, event.submitted_by) == (EventStatus.REVIEW, people["teacher"])
    assert [m.to for m in mailoutbox] == [["bb@stade.test"]]
    assert page.request.get("/veranstaltungen/kalender.ics").text().count("BEGIN:VEVENT") == 0

    log_out(page)
    log_in(page, "buero-stade")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".portal-moderation-count")).to_have_text("1")
    admin_action(page, event, "approve")
    expect(page.locator(".messagelist")).to_contain_text("Freigegeben: 1")
    assert mailoutbox[-1].subject == "Freigegeben: Praktikumsbörse im Forum"
    assert mailoutbox[-1].to == ["schule-stade@example.org"]

    page.goto("/veranstaltungen/")
    expect(page.get_by_role("link", name="Praktikumsbörse im Forum")).to_be_visible()
    ics = page.request.get("/veranstaltungen/kalender.ics").text()
    assert "SUMMARY:Praktikumsbörse im Forum" in ics
    assert page.problems == []


def test_rejected_event_reaches_the_school_and_is_resubmitted(page, people, mailoutbox):
    event = make_event(
        organiser=people["school"],
        title="Bewerbungstraining",
        status=EventStatus.REVIEW,
        submitted_by=people["teacher"],
    )
    log_in(page, "buero-stade")
    admin_action(page, event, "reject")
    page.get_by_label("Nachricht an die Einreichenden").fill("Bitte die Uhrzeit prüfen.")
    page.get_by_role("button", name=re.compile("Ablehnen")).click()
    expect(page.locator(".messagelist")).to_contain_text("Abgelehnt: 1")
    assert [m.subject for m in mailoutbox] == ["Nicht freigegeben: Bewerbungstraining"]
    log_out(page)

    log_in(page, "schule-stade")
    expect(page.locator(".portal-own-events")).to_contain_text("Bitte die Uhrzeit prüfen.")
    page.get_by_role("link", name="Überarbeiten und erneut einreichen").click()
    expect(page.locator(".kern-alert--warning")).to_contain_text("Bitte die Uhrzeit prüfen.")
    page.get_by_label("Titel").fill("Bewerbungstraining (neue Zeit)")
    page.get_by_role("button", name="Speichern und erneut einreichen").click()
    expect(page.locator(".portal-own-events")).to_contain_text("wartet auf Freigabe")
    event.refresh_from_db()
    assert (event.title, event.status) == ("Bewerbungstraining (neue Zeit)", EventStatus.REVIEW)
    assert mailoutbox[-1].subject == "Erneut eingereicht: Bewerbungstraining (neue Zeit)"
    page.goto("/veranstaltungen/")
    expect(page.get_by_role("link", name=re.compile("Bewerbungstraining"))).to_have_count(0)
    assert page.problems == []


def test_school_cancels_published_event_shown_as_cancelled(page, people, mailoutbox):
    event = make_event(organiser=people["school"], title="Betriebserkundung Hafen")
    log_in(page, "schule-stade")
    page.get_by_role("link", name="Absagen").click()
    page.get_by_role("button", name="Ja, absagen").click()
    expect(page.locator(".portal-own-events")).to_contain_text("abgesagt")
    assert [m.subject for m in mailoutbox] == ["Abgesagt: Betriebserkundung Hafen"]

    page.goto("/veranstaltungen/")
    item = page.locator("li", has_text="Betriebserkundung Hafen").last
    expect(item).to_contain_text("bgesagt")
    ics = page.request.get(f"/veranstaltungen/{event.slug}/kalender.ics").text()
    assert "STATUS:CANCELLED" in ics
    assert "SUMMARY:Abgesagt: Betriebserkundung Hafen" in ics
    assert page.problems == []


def test_password_reset_pages_are_accessible(page, people, mailoutbox):
    page.goto("/passwort-vergessen/")
    assert_no_axe_violations(page)
    page.get_by_label("E-Mail").fill(people["teacher"].email)
    page.get_by_role("button", name="Link anfordern").click()
    expect(page.locator("h1")).to_have_text("E-Mail ist unterwegs")
    link = re.search(r"https?://[^/]+(/passwort-neu/\S+/)", mailoutbox[0].body).group(1)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Neues Passwort festlegen")
    assert_no_axe_violations(page)
    page.get_by_label("Neues Passwort", exact=True).fill("kurz")
    page.get_by_label("Neues Passwort bestätigen").fill("kurz")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.locator("#fehlerliste")).to_be_visible()
    assert_no_axe_violations(page)
    assert page.problems == []
