"""The "Stand" reminder's link in a browser on a phone (390 px): the page lists the entries,
the button confirms them, and the page is axe-core clean before and after."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actors.models import InstitutionMembership
from offers import freshness
from offers.models import ReviewReminder
from tests.admin.conftest import make_user
from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_actor, make_offer, make_region

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def test_open_the_link_and_confirm_on_a_phone(page):
    region = make_region(name="Cuxhaven", slug="cux-br")
    actor = make_actor(region=region, name="VHS Cuxhaven")
    InstitutionMembership.objects.create(user=make_user("vhs-br", is_staff=False), actor=actor)
    offer = make_offer(
        provider=actor,
        title="Deutschkurs",
        last_reviewed=timezone.localdate() - datetime.timedelta(days=200),
    )
    reminder = ReviewReminder.objects.create(
        actor=actor, expires_at=timezone.now() + freshness.TOKEN_MAX_AGE
    )
    reminder.offers.set([offer])
    page.set_viewport_size(PHONE)
    response = page.goto(f"/mein-bereich/bestaetigen/{freshness.make_token(reminder)}/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Einträge als aktuell bestätigen")
    expect(page.locator("main")).to_contain_text("Deutschkurs")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Alle als aktuell bestätigen").click()
    expect(page.get_by_role("status")).to_contain_text("heutigen Stand")
    assert_no_axe_violations(page)
    offer.refresh_from_db()
    assert offer.last_reviewed == timezone.localdate()
