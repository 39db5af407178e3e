import pytest
from django.urls import reverse

from portal.services import regions_load
from regions.models import AccessibilityFeedback, Region
from tests.conftest import fixture_built_once
from tests.html import attributes_of

pytestmark = pytest.mark.django_db


def _load_regions():
    """The five regions of ``load_regions`` by slug (loaded once for this module; what a test
    changes is rolled back after it)."""
    regions_load()
    return {region.slug: region for region in Region.objects.all()}


_rows, regions = fixture_built_once("regions", _load_regions)


def test_home_lists_the_five_regions_and_the_life_stages(client, regions):
    response = client.get("/")
    assert response.status_code == 200
    assert [r.slug for r in response.context["regions"]] == [
        "hameln-pyrmont",
        "lueneburg",
        "osnabrueck",
        "stade",
        "wesermarsch",
    ]
    assert [s.slug for s in response.context["life_stages"]] == [
        "fruehe-kindheit",
        "grundschulzeit",
        "sekundarstufe",
        "uebergang-schule-beruf",
        "ausbildung-und-studium",
        "beruf-und-weiterbildung",
        "familie-und-eltern",
        "aeltere-menschen",
    ]
    body = response.content.decode()
    assert 'href="/lebensphasen/fruehe-kindheit/"' in body
    assert 'action="/suche/"' in body


def test_region_page_shows_the_bildungsbuero_and_its_facts(client, regions):
    response = client.get("/regionen/stade/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "04141 12-4040" in body
    assert "bildungsregion@landkreis-stade.de" in body
    assert "Amt für Wirtschaft, Verkehr und Schulen" in body
    assert [f.title for f in response.context["focus_areas"]] == [
        "Übergänge gestalten",
        "Fachkräfte sichern",
        "Bildungsqualität",
        "Vernetzung und Unterstützung der Akteure",
    ]
    assert "26.07.2018" in body  # the "Stand" of the seed page
    assert '<time datetime="2014-09">September 2014</time>' in body


def test_region_page_of_lueneburg_shows_the_fund(client, regions):
    response = client.get("/regionen/lueneburg/")
    body = response.content.decode()
    assert [f.title for f in response.context["funding_programmes"]] == [
        "Förderfonds kulturelle Bildung"
    ]
    assert "50.000" in body


def test_region_page_of_hameln_pyrmont_links_its_working_groups(client, regions):
    response = client.get("/regionen/hameln-pyrmont/")
    names = [g.name for g in response.context["working_groups"]]
    assert names == sorted(names)
    assert {"AG Schule-Beruf", "AG Schulabsentismus", "Bündnis gegen Kinderarmut"} <= set(names)
    group = next(g for g in response.context["working_groups"] if g.name == "AG Schule-Beruf")
    assert f'href="{group.get_absolute_url()}"' in response.content.decode()
    assert client.get(group.get_absolute_url()).status_code == 200


def test_region_page_unknown_slug_is_404(client, regions):
    assert client.get("/regionen/atlantis/").status_code == 404


def test_region_page_query_count_is_fixed(client, regions, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        client.get("/regionen/hameln-pyrmont/")


def test_accessibility_feedback_is_stored_for_the_region(client, regions):
    response = client.post(
        reverse("regions:barrierefreiheit"),
        {
            "region": regions["stade"].pk,
            "name": "Erika Muster",
            "email": "erika@example.org",
            "page_url": "/angebote/",
            "message": "Der Filter lässt sich mit der Tastatur schlecht bedienen.",
        },
    )
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.region, feedback.name, feedback.page_url) == (
        regions["stade"],
        "Erika Muster",
        "/angebote/",
    )
    follow = client.get(response["Location"])
    assert (
        "Vielen Dank! Ihre Rückmeldung ist beim Bildungsbüro eingegangen."
        in follow.content.decode()
    )


def test_accessibility_feedback_errors_are_german_and_keep_the_input(client, regions):
    response = client.post(
        reverse("regions:barrierefreiheit"),
        {"name": "Erika Muster", "email": "keine-adresse", "message": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Bitte geben Sie eine gültige E-Mail-Adresse ein."],
        "message": ["Bitte schreiben Sie uns eine Nachricht."],
    }
    body = response.content.decode()
    assert 'value="Erika Muster"' in body
    assert 'value="keine-adresse"' in body
    assert AccessibilityFeedback.objects.count() == 0


def feedback(**overrides):
    return {
        "name": "Erika Muster",
        "email": "erika@example.org",
        "message": "Der Filter lässt sich mit der Tastatur schlecht bedienen.",
        **overrides,
    }


def test_accessibility_feedback_is_limited_per_client_and_keeps_the_input(client, regions):
    """Item 7: 50 feedbacks were stored in 2.6 s. Now 5 per client and hour; then 429."""
    url = reverse("regions:barrierefreiheit")
    for i in range(5):
        assert client.post(url, feedback(email=f"e{i}@example.org")).status_code == 302
    response = client.post(url, feedback(name="Sechste Person"), HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("Zu viele Anfragen. Bitte versuchen Sie es in ")
    assert 'value="Sechste Person"' in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 5
    assert client.post(url, feedback(), REMOTE_ADDR="10.9.9.9").status_code == 302
    assert AccessibilityFeedback.objects.count() == 6


def test_accessibility_feedback_is_limited_per_address(client, regions):
    url = reverse("regions:barrierefreiheit")
    answers = [
        client.post(url, feedback(), REMOTE_ADDR=f"10.0.0.{i}").status_code for i in range(6)
    ]
    assert answers == [302] * 5 + [429]
    assert AccessibilityFeedback.objects.count() == 5


def test_accessibility_feedback_message_is_at_most_5000_characters(client, regions):
    url = reverse("regions:barrierefreiheit")
    long = "Barriere " * 556  # 5004 characters, 5003 once stripped
    response = client.post(url, feedback(message=long))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "message": [
            "Ihre Nachricht hat 5003 Zeichen; möglich sind höchstens 5000. Bitte kürzen Sie sie."
        ]
    }
    assert long.strip() in response.content.decode()
    assert 'maxlength="5000"' in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 0
    assert client.post(url, feedback(message="x" * 5000)).status_code == 302


def test_accessibility_feedback_request_of_megabytes_is_refused(client, regions):
    """The 2.4 MB feedback of the issue is refused before any form sees it."""
    response = client.post(reverse("regions:barrierefreiheit"), feedback(message="x" * 2_400_000))
    assert response.status_code == 400
    assert AccessibilityFeedback.objects.count() == 0


def test_accessibility_feedback_honeypot_stores_nothing_and_answers_as_success(client, regions):
    url = reverse("regions:barrierefreiheit")
    page = client.get(url).content.decode()
    trap = page.split("<div hidden>", 1)[1].split("</div>\n", 1)[0]
    assert '<label class="kern-label" for="id_homepage">Bitte leer lassen' in trap
    assert 'tabindex="-1"' in trap
    spam = client.post(url, feedback(homepage="https://spam.example"))
    human = client.post(url, feedback())
    assert (spam.status_code, spam["Location"]) == (human.status_code, human["Location"])
    assert "Vielen Dank!" in client.get(spam["Location"]).content.decode()
    assert list(AccessibilityFeedback.objects.values_list("email", flat=True)) == [
        "erika@example.org"
    ]


@pytest.mark.parametrize(
    "path", ["/impressum/", "/datenschutz/", "/barrierefreiheit/", "/regionen/"]
)
def test_legal_and_overview_pages_render(client, regions, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_accessibility_feedback_form_helps_the_browser_and_hides_the_trap(client, regions):
    html = client.get(reverse("regions:barrierefreiheit")).content.decode()
    assert attributes_of(html, "email")["autocomplete"] == "email"
    assert attributes_of(html, "name")["autocomplete"] == "name"
    trap = attributes_of(html, "homepage")
    assert (trap["autocomplete"], trap["tabindex"]) == ("off", "-1")
    region = html.split('name="region"', 1)[1].split("</select>", 1)[0]
    assert '<option value="" selected>alle Bildungsbüros</option>' in region


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("Zu kurz.", ["Bitte beschreiben Sie das Problem in mindestens zehn Zeichen."]),
        ("   kurz   ", ["Bitte beschreiben Sie das Problem in mindestens zehn Zeichen."]),
        ("Genau zehn", None),
    ],
)
def test_accessibility_feedback_message_needs_ten_characters_after_trimming(
    client, regions, message, error
):
    response = client.post(reverse("regions:barrierefreiheit"), feedback(message=message))
    if error is None:
        assert response.status_code == 302
        assert AccessibilityFeedback.objects.get().message == message
    else:
        assert response.status_code == 200
        assert response.context["form"].errors == {"message": error}
        assert AccessibilityFeedback.objects.count() == 0


def test_accessibility_feedback_stores_the_message_trimmed(client, regions):
    client.post(reverse("regions:barrierefreiheit"), feedback(message="  Kontrast zu schwach.  "))
    assert AccessibilityFeedback.objects.get().message == "Kontrast zu schwach."


def test_accessibility_feedback_form_names_the_page_it_was_opened_from(client, regions):
    """?seite= fills in "Welche Seite betrifft es?" (at most 500 characters, the field's limit)."""
    url = reverse("regions:barrierefreiheit")
    html = client.get(url, {"seite": "/angebote/?thema=sprache"}).content.decode()
    assert attributes_of(html, "page_url")["value"] == "/angebote/?thema=sprache"
    html = client.get(url, {"seite": "x" * 600}).content.decode()
    assert attributes_of(html, "page_url")["value"] == "x" * 500
    assert "value" not in attributes_of(client.get(url).content.decode(), "page_url")
