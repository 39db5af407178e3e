""" "War diese Seite hilfreich?" in a real browser: the browser's own Sec-Fetch-Site header lets
the token-less feedback form through, the form is accessible and keeps what was typed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_offer, make_region
from usage.models import PageFeedback

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def offer(transactional_db):
    return make_offer(region=make_region(name="Geest", slug="geest"), title="Lesepaten")


def test_feedback_form_is_accessible_keeps_input_and_stores_the_answer(page, offer):
    page.goto(offer.get_absolute_url())
    form = page.locator("#rueckmeldung")
    expect(form.get_by_role("group", name="War diese Seite hilfreich?")).to_be_visible()
    assert_no_axe_violations(page)

    form.get_by_label("Was hat gefehlt, was können wir besser machen?").fill("Uhrzeit fehlt")
    with page.expect_navigation():
        form.get_by_role("button", name="Rückmeldung senden").click()
    expect(page).to_have_title(re.compile(r"^Fehler: Rückmeldung zu „Lesepaten“"))
    expect(page.locator("#rueckmeldung_hilfreich_error")).to_have_text(
        "Bitte wählen Sie „Ja“ oder „Nein“."
    )
    comment = page.get_by_label("Was hat gefehlt, was können wir besser machen?")
    expect(comment).to_have_value("Uhrzeit fehlt")
    assert_no_axe_violations(page)

    page.get_by_label("Nein", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Rückmeldung senden").click()
    expect(page.get_by_text("Vielen Dank für Ihre Rückmeldung!", exact=True)).to_be_visible()
    assert page.url.endswith(offer.get_absolute_url())
    assert list(PageFeedback.objects.values_list("helpful", "comment")) == [
        (False, "Uhrzeit fehlt")
    ]
    assert page.problems == []
