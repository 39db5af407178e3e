"""A funding call in the browser at 390 px: the public call page, then a school's application
form – empty, with errors, and submitted; axe-core finds nothing, no CSP violations."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import Actor, InstitutionMembership
from funding.models import Application, Call, Criterion, Question
from regions.models import FundingProgramme
from tests.admin.conftest import make_user
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_actor, make_region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Ein-langes-Testpasswort-42"


@pytest.fixture(autouse=True)
def people(transactional_db):
    region = make_region(name="Lüneburg", slug="lueneburg")
    school = make_actor(region, name="Grundschule Am Sande", kind=Actor.Kind.PRIMARY_SCHOOL)
    teacher = make_user("schule-lueneburg", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    programme = FundingProgramme.objects.create(
        region=region,
        title="Förderfonds kulturelle Bildung",
        slug="foerderfonds-kulturelle-bildung",
        description="Förderung",
        eligible="Schulen und Kitas",
    )
    call = Call.objects.create(
        programme=programme,
        title="Förderfonds für mehr kulturelle Bildung",
        slug="foerderfonds-kultur",
        summary="Außerschulische Maßnahmen der kulturellen Bildung.",
        budget=Decimal("50000.00"),
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        eligible_kinds=["kita", "grundschule"],
        eligibility="Allgemeinbildende Schulen und Kitas im Landkreis Lüneburg.",
    )
    Criterion.objects.create(call=call, name="Kulturelle Teilhabe")
    Question.objects.create(call=call, text="Wie erreichen Sie die Kinder?")


def test_call_page_and_application_pass_axe_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/foerderung/")
    page.get_by_role("link", name="Förderfonds für mehr kulturelle Bildung").click()
    expect(page).to_have_title(re.compile(r"^Förderfonds für mehr kulturelle Bildung"))
    expect(page.get_by_text("50.000 €").first).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Online beantragen").click()
    page.get_by_label("Benutzername").fill("schule-lueneburg")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Förderantrag: Förderfonds für mehr kulturelle Bildung"
    )
    assert_no_axe_violations(page)

    page.get_by_label("Titel des Vorhabens").fill("Theater am Sande")
    page.get_by_label("Ziele").fill("Kinder spielen Theater.")
    page.get_by_role("button", name="Speichern und einreichen").click()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    assert page.get_by_label("Ziele").input_value() == "Kinder spielen Theater."
    assert_no_axe_violations(page)

    page.get_by_label("Zielgruppe").fill("Klassen 3 und 4")
    page.get_by_label("Zeitplan").fill("Frühjahr")
    page.get_by_label("Beantragter Betrag (EUR)").fill("1500")
    page.get_by_label("Posten", exact=True).first.fill("Honorar")
    page.get_by_label("Betrag (EUR)", exact=True).first.fill("1500")
    page.get_by_label("Wie erreichen Sie die Kinder?").fill("Über die Klassen.")
    page.get_by_role("button", name="Speichern und einreichen").click()
    expect(page.get_by_text("„Theater am Sande“ ist eingereicht.")).to_be_visible()
    assert_no_axe_violations(page)
    assert Application.objects.get().status == "eingereicht"
    assert page.problems == []
