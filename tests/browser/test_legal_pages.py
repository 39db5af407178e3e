"""The legal pages in a browser on a phone (390 px): the notice while parts are missing, no
page wider than the screen, no axe-core violation; and an edit in the admin shows on the page.

Transactional tests (the live server runs in another thread): the flush after each test
removes the row the migration regions/0010_legal_details_texts wrote, and regions is not
serialized (TEST_NON_SERIALIZED_APPS): the fixture legal_details writes it again.
"""

import pytest
from playwright.sync_api import expect

from regions.models import LegalDetails
from tests.browser.axe import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("legal_details"),
]

PHONE = {"width": 390, "height": 844}
PAGES = {
    "/impressum/": "Impressum",
    "/datenschutz/": "Datenschutzerklärung",
    "/barrierefreiheit/": "Erklärung zur Barrierefreiheit",
}
PAGE_PARAMS = [pytest.param(path, heading, id=path) for path, heading in PAGES.items()]


def open_page(page, path):
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path}: HTTP {response.status}"


@pytest.mark.parametrize(("path", "heading"), PAGE_PARAMS)
def test_legal_page_on_a_phone_shows_the_notice_fits_and_is_accessible(page, path, heading):
    page.set_viewport_size(PHONE)
    open_page(page, path)

    expect(page.locator("h1")).to_have_text(heading)
    notice = page.locator("#angaben-unvollstaendig")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Diese Angaben sind noch nicht vollständig")
    # The notice comes right below the heading, within the first screen.
    assert notice.bounding_box()["y"] < PHONE["height"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_legal_page_filled_in_shows_no_notice_and_long_addresses_fit(page):
    LegalDetails.objects.filter(pk=LegalDetails.SINGLETON_ID).update(
        operator_name="Landkreis Musterland",
        operator_address="Kreishaus\nAm Markt 1\n12345 Musterstadt",
        operator_representative="Landrätin Erika Muster",
        operator_email="bildungsportal-der-bildungsregionen@landkreis-musterland.example",
        operator_phone="01234 56-0",
        content_responsible="Max Beispiel\nAm Markt 1\n12345 Musterstadt",
    )
    page.set_viewport_size(PHONE)
    open_page(page, "/impressum/")

    expect(page.locator("#angaben-unvollstaendig")).to_have_count(0)
    expect(page.get_by_text("Noch nicht eingetragen")).to_have_count(0)
    email = page.get_by_role(
        "link", name="bildungsportal-der-bildungsregionen@landkreis-musterland.example"
    )
    expect(email).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
    assert page.problems == []
