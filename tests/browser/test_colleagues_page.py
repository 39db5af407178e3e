"""The colleagues page in the browser: axe-core on the list with the invitation form, on the
form with errors and after an invitation; no console errors or CSP violations."""

import re

import pytest
from playwright.sync_api import expect

from actors.models import Actor, InstitutionMembership
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
    """Autouse: the database is set up before the live server starts (as in
    tests/browser/test_school_journey.py)."""
    region = make_region(name="Stade", slug="stade")
    vhs = make_actor(region, name="Kreisvolkshochschule Stade", kind=Actor.Kind.VHS)
    kita = make_actor(region, name="Kita Regenbogen Stade", kind=Actor.Kind.KITA)
    head = make_user("anbieter-stade", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=head, actor=vhs, can_invite=True)
    InstitutionMembership.objects.create(user=head, actor=kita, can_invite=True)
    return {"head": head}


def test_colleagues_page_invites_and_passes_axe(page):
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill("anbieter-stade")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: "/anmelden/" not in url)

    page.get_by_role("link", name="Kolleginnen und Kollegen").click()
    page.wait_for_url("**/mein-bereich/kolleginnen-und-kollegen/")
    assert page.get_by_role("heading", name="Kreisvolkshochschule Stade").is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("E-Mail-Adresse").fill("keine-adresse")
    page.get_by_role("button", name="Einladung senden").click()
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    assert page.get_by_label("E-Mail-Adresse").input_value() == "keine-adresse"
    assert_no_axe_violations(page)

    page.get_by_label("E-Mail-Adresse").fill("nora.neu@vhs-stade.example")
    page.get_by_role("checkbox", name="Kreisvolkshochschule Stade").check()
    page.get_by_role("button", name="Einladung senden").click()
    expect(
        page.get_by_text("Die Einladung an nora.neu@vhs-stade.example ist verschickt.")
    ).to_be_visible()
    assert_no_axe_violations(page)
    assert page.problems == []
