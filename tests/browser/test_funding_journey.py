"""An application to Lüneburg's Förderfonds from draft to decision, in the browser (issue 16,
item 6).

The call is the one ``load_regions`` loads (regions/data/funding_calls.json, 50.000 €, schools
and Kitas of the Landkreis Lüneburg). Its source gives no deadline and no criteria; the test
adds both, as the Bildungsbüro does in the admin before it takes applications online.

A teacher of a Lüneburg primary school opens the public call page, starts an application,
fills it in (project, aims, target group, schedule, partners, two cost lines, own share,
requested amount, the call's question), saves a draft, reloads and finds every value kept,
submits it before the deadline and sees "eingereicht". The coordinator of the Bildungsbüro
Lüneburg reviews it in the admin (…/bewerten/), grants an amount within the budget with a
reason (…/entscheiden/); the school sees "bewilligt" in its list, the decision mail with the
PDF letter is in the outbox, the call page shows what the budget still holds. axe-core on the
call page, the application form and the applicant's status page. A second test: a grant
beyond what the call still holds is refused with a German message, the typed values kept.
"""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Actor, InstitutionMembership
from funding.models import Application, Call, Criterion, Question
from portal.services import regions_load
from regions.models import Region, StaffMembership
from tests.admin.conftest import make_user
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_school_journey import PASSWORD, ensure_role_groups, log_in, log_out
from tests.conftest import offers_reference_restore
from tests.factories import make_actor
from tests.funding.conftest import make_application

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CALL_SLUG = "foerderfonds-kulturelle-bildung-lueneburg"

funding_roles = importlib.import_module("funding.migrations.0002_roles")
report_roles = importlib.import_module("funding.migrations.0005_report_roles")


def ensure_funding_role_groups():
    """The role groups with their funding rights (funding/0002_roles, 0005_report_roles): the
    flush of an earlier transactional test empties auth_group (see ensure_role_groups). The
    permissions themselves are made again by the flush's post_migrate."""
    ensure_role_groups()
    grants = {name: list(codenames) for name, codenames in funding_roles.GRANTS.items()}
    for name in report_roles.GROUPS:
        grants[name] += report_roles.CODENAMES
    for name, codenames in grants.items():
        Group.objects.get(name=name).permissions.add(
            *Permission.objects.filter(content_type__app_label="funding", codename__in=codenames)
        )


@pytest.fixture(autouse=True)
def people(transactional_db):
    """Autouse, so that the database is set up before the live server starts (see
    tests/browser/test_school_journey.py)."""
    offers_reference_restore()
    ensure_funding_role_groups()
    regions_load()
    region = Region.objects.get(slug="lueneburg")
    call = Call.objects.get(slug=CALL_SLUG)
    call.deadline = timezone.localdate() + datetime.timedelta(days=21)
    call.save()
    criterion = Criterion.objects.create(call=call, name="Kulturelle Teilhabe", max_score=5)
    question = Question.objects.create(call=call, text="Wie erreichen Sie die Kinder?")
    school = make_actor(
        region,
        name="Grundschule Am Kreideberg",
        kind=Actor.Kind.PRIMARY_SCHOOL,
        street="Kreidebergweg 1",
        postcode="21339",
        city="Lüneburg",
    )
    teacher = make_user("schule-lueneburg", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    coordinator = make_user(
        "buero-lueneburg",
        region=region,
        role=StaffMembership.Role.COORDINATOR,
        password=PASSWORD,
    )
    return {
        "region": region,
        "call": call,
        "criterion": criterion,
        "question": question,
        "school": school,
        "teacher": teacher,
        "coordinator": coordinator,
    }


FILLED = {
    "Titel des Vorhabens": "Theaterwerkstatt am Kreideberg",
    "Ziele": "Die Kinder entwickeln mit einer Theaterpädagogin ein eigenes Stück.",
    "Zielgruppe": "Die 48 Kinder der Klassen 3a und 3b.",
    "Zeitplan": "Proben von März bis Mai, Aufführung im Juni.",
    "Partner": "Theaterpädagogin des Theaters Lüneburg, Förderverein der Schule.",
    "Wie erreichen Sie die Kinder?": "Im Unterricht, alle Kinder der Klassen machen mit.",
}


def field(page, label):
    """The form field labelled ``label`` (optional fields add "– optional" to it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( – optional)?$"))


def fill_application(page):
    for label, value in FILLED.items():
        field(page, label).fill(value)
    lines = page.locator("fieldset fieldset")
    lines.nth(0).get_by_label("Posten", exact=True).fill("Honorar Theaterpädagogin")
    lines.nth(0).get_by_label("Betrag (EUR)", exact=True).fill("2400,00")
    lines.nth(1).get_by_label("Posten", exact=True).fill("Kostüme und Requisiten")
    lines.nth(1).get_by_label("Betrag (EUR)", exact=True).fill("600,00")
    field(page, "Eigenanteil (EUR)").fill("500,00")
    field(page, "Beantragter Betrag (EUR)").fill("2500,00")


def expect_filled(page):
    for label, value in FILLED.items():
        expect(field(page, label)).to_have_value(value)
    lines = page.locator("fieldset fieldset")
    expect(lines.nth(0).get_by_label("Posten", exact=True)).to_have_value(
        "Honorar Theaterpädagogin"
    )
    expect(lines.nth(0).get_by_label("Betrag (EUR)", exact=True)).to_have_value("2400,00")
    expect(lines.nth(1).get_by_label("Posten", exact=True)).to_have_value("Kostüme und Requisiten")
    expect(lines.nth(1).get_by_label("Betrag (EUR)", exact=True)).to_have_value("600,00")
    expect(field(page, "Eigenanteil (EUR)")).to_have_value("500,00")
    expect(field(page, "Beantragter Betrag (EUR)")).to_have_value("2500,00")


def fact(scope, term):
    """The <dd> of the term ``term`` in the first list of facts inside ``scope``."""
    facts = scope.locator("dl.portal-facts").first
    return facts.locator("dt", has_text=re.compile(rf"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def test_lueneburg_school_applies_and_the_office_grants_within_the_budget(page, people, mailoutbox):
    call = people["call"]
    # The public call page: open, 50.000 € all still available.
    page.goto(f"/foerderung/{CALL_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    expect(page.locator(".portal-lead")).to_have_text("Anträge sind möglich.")
    eckdaten = page.locator(".portal-detail__facts")
    expect(fact(eckdaten, "Fördersumme")).to_have_text("50.000 €")
    expect(fact(eckdaten, "Noch verfügbar")).to_have_text("50.000 €")
    assert_no_axe_violations(page)

    # "Online beantragen" asks for the login and comes back to the new application.
    page.get_by_role("link", name="Online beantragen").click()
    page.get_by_label("Benutzername").fill("schule-lueneburg")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Förderantrag: {call.title}")
    expect(page.get_by_label("Einrichtung")).to_have_text("Grundschule Am Kreideberg")
    assert_no_axe_violations(page)

    fill_application(page)
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.locator(".portal-messages")).to_contain_text("Der Entwurf ist gespeichert.")
    expect(page).to_have_url(re.compile(r"/mein-bereich/foerderantraege/\d+/bearbeiten/$"))
    application = Application.objects.get()
    assert (application.status, application.institution) == ("entwurf", people["school"])
    assert application.submitted_at is None
    assert mailoutbox == []

    # Reloaded from the server (a GET of the draft's address), every value is still there.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Förderantrag: {call.title}")
    expect(page.locator(".portal-messages")).to_have_count(0)
    expect_filled(page)
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Speichern und einreichen").click()
    expect(page.locator(".portal-messages")).to_contain_text(
        "„Theaterwerkstatt am Kreideberg“ ist eingereicht. Das Bildungsbüro prüft den Antrag."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Theaterwerkstatt am Kreideberg")
    expect(fact(page, "Status")).to_have_text("eingereicht")
    expect(fact(page, "Beantragter Betrag")).to_have_text("2.500 €")
    expect(fact(page, "Eigenanteil")).to_have_text("500 €")
    expect(page.locator("#kosten").locator("..")).to_contain_text("Kostüme und Requisiten")
    assert_no_axe_violations(page)
    application.refresh_from_db()
    assert application.status == "eingereicht"
    assert application.submitted_at.date() <= call.deadline
    assert application.requested_amount == Decimal("2500.00")
    assert application.own_share == Decimal("500.00")
    assert sorted((line.item, line.amount) for line in application.cost_lines.all()) == [
        ("Honorar Theaterpädagogin", Decimal("2400.00")),
        ("Kostüme und Requisiten", Decimal("600.00")),
    ]
    assert [a.text for a in application.answers.all()] == [FILLED["Wie erreichen Sie die Kinder?"]]
    # The submission goes to the office; the Lüneburg page names no office address, so there
    # is no recipient and no mail.
    assert mailoutbox == []

    # The coordinator of the Bildungsbüro Lüneburg reviews and decides in the admin.
    log_out(page)
    log_in(page, "buero-lueneburg")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto("/admin/funding/application/")
    page.get_by_role("link", name="Theaterwerkstatt am Kreideberg").click()
    page.get_by_role("link", name="Antrag bewerten").click()
    expect(page).to_have_url(re.compile(rf"/admin/funding/application/{application.pk}/bewerten/$"))
    expect(page.locator("#content-main")).to_contain_text("Grundschule Am Kreideberg")
    page.get_by_label("Kulturelle Teilhabe").fill("4")
    page.get_by_label("Kommentar").fill("Alle Kinder beider Klassen machen mit.")
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.locator(".messagelist")).to_contain_text("Ihre Bewertung ist gespeichert.")
    application.refresh_from_db()
    assert application.status == "in_pruefung"
    review = application.reviews.get()
    assert (review.reviewer, review.scores.get().score) == (people["coordinator"], 4)

    page.get_by_role("link", name="Über den Antrag entscheiden (Koordination)").click()
    expect(page).to_have_url(
        re.compile(rf"/admin/funding/application/{application.pk}/entscheiden/$")
    )
    content = page.locator("#content-main")
    expect(content).to_contain_text("Noch verfügbar")
    expect(content).to_contain_text("50.000 €")
    expect(content.locator("table tbody")).to_contain_text("Alle Kinder beider Klassen machen mit.")
    page.get_by_label("bewilligen").check()
    page.get_by_label("Bewilligter Betrag (EUR)").fill("2000,00")
    page.get_by_label("Begründung").fill(
        "Überzeugendes Konzept; die Kostüme trägt der Förderverein."
    )
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.locator(".messagelist")).to_contain_text("Die Entscheidung ist gespeichert.")
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == ("bewilligt", Decimal("2000.00"))
    assert application.decided_by == people["coordinator"]
    call.refresh_from_db()
    assert call.available == Decimal("48000.00")

    # The decision mail, with the letter as PDF, went to the school's member.
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["schule-lueneburg@example.org"], "Bewilligt: Theaterwerkstatt am Kreideberg")
    ]
    letter = mailoutbox[0]
    assert "2.000 €" in letter.body
    assert "Überzeugendes Konzept; die Kostüme trägt der Förderverein." in letter.body
    assert f"/mein-bereich/foerderantraege/{application.pk}/" in letter.body
    ((filename, content, mimetype),) = letter.attachments
    assert (filename, mimetype) == (
        f"bescheid-foerderantrag-{application.pk}.pdf",
        "application/pdf",
    )
    assert content.startswith(b"%PDF-")

    # The school sees the decision; the call page shows what the budget still holds.
    log_out(page)
    log_in(page, "schule-lueneburg")
    page.goto("/mein-bereich/foerderantraege/")
    item = page.locator(".portal-item", has_text="Theaterwerkstatt am Kreideberg")
    expect(fact(item, "Status")).to_have_text("bewilligt")
    item.get_by_role("link", name="Theaterwerkstatt am Kreideberg").click()
    expect(fact(page, "Status")).to_have_text("bewilligt")
    expect(fact(page, "Bewilligter Betrag")).to_have_text("2.000 €")
    expect(fact(page, "Begründung")).to_contain_text("Überzeugendes Konzept")
    assert_no_axe_violations(page)
    page.goto(f"/foerderung/{CALL_SLUG}/")
    expect(fact(page.locator(".portal-detail__facts"), "Noch verfügbar")).to_have_text("48.000 €")
    assert page.problems == []


def test_a_grant_beyond_what_the_call_still_holds_is_refused_in_german(page, people, mailoutbox):
    call = people["call"]
    other = make_actor(people["region"], name="Kita Sonnenschein", kind=Actor.Kind.KITA)
    make_application(
        call,
        other,
        title="Musikgarten",
        requested_amount=Decimal("49500.00"),
        status="bewilligt",
        granted_amount=Decimal("49500.00"),
        decision_reason="Gut.",
        decided_at=timezone.now(),
    )
    application = make_application(
        call,
        people["school"],
        title="Theaterwerkstatt am Kreideberg",
        requested_amount=Decimal("2500.00"),
        status="eingereicht",
    )
    log_in(page, "buero-lueneburg")
    page.goto(f"/admin/funding/application/{application.pk}/entscheiden/")
    expect(page.locator("#content-main")).to_contain_text("Noch verfügbar")
    expect(page.locator("#content-main dl")).to_contain_text("500 €")
    page.get_by_label("bewilligen").check()
    page.get_by_label("Bewilligter Betrag (EUR)").fill("1000,00")
    page.get_by_label("Begründung").fill("Gutes Vorhaben.")
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.locator("#content-main")).to_contain_text(
        "Die Ausschreibung hat nur noch 500,00 € verfügbar."
    )
    expect(page.get_by_label("Bewilligter Betrag (EUR)")).to_have_value("1000,00")
    expect(page.get_by_label("Begründung")).to_have_value("Gutes Vorhaben.")
    expect(page.get_by_label("bewilligen")).to_be_checked()
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == ("eingereicht", None)
    assert Call.objects.get(pk=call.pk).available == Decimal("500.00")
    assert mailoutbox == []
    assert page.problems == []
