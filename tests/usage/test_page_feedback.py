""" "War diese Seite hilfreich?" on offer and event pages: the form, what it stores (nothing
about the person), its refusals, and the office's list scoped to the page's region."""

import pytest
from django.urls import reverse

from offers.models import EditorialStatus
from tests.admin.conftest import make_user
from tests.conftest import forget_cached_content
from tests.factories import make_event, make_offer, make_region
from usage.models import PageFeedback

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}
STORED = ["region", "kind", "page_path", "page_title", "helpful", "comment"]


def _rows():
    return list(PageFeedback.objects.order_by("pk").values_list(*STORED))


@pytest.fixture
def offer():
    return make_offer(region=make_region(name="Geest", slug="geest"), title="Lesepaten")


def test_offer_page_shows_the_form_and_stays_cached_without_cookies(client, offer, settings):
    settings.PAGE_CACHE_SECONDS = 300
    forget_cached_content()
    first = client.get(offer.get_absolute_url())
    second = client.get(offer.get_absolute_url())
    forget_cached_content()
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not first.cookies
    page = first.content.decode()
    form = page.split('id="rueckmeldung"')[1].split("</section>")[0]
    assert f'action="/rueckmeldung/angebote/{offer.slug}/" method="post"' in form
    assert "csrfmiddlewaretoken" not in form
    assert '<legend class="kern-label">War diese Seite hilfreich?</legend>' in form
    assert 'type="radio" name="hilfreich" value="ja"' in form
    assert '<label class="kern-label" for="rueckmeldung_kommentar">' in form
    assert "Bitte schreiben Sie keine persönlichen Daten hinein" in form


def test_an_answer_is_stored_without_anything_about_the_person(client, offer):
    client.cookies["besuch"] = "cookie-wert-4711"
    response = client.post(
        reverse("offers:offer-feedback", args=[offer.slug]),
        {"hilfreich": "nein", "kommentar": "  Die Uhrzeit fehlt.  ", "homepage": ""},
        HTTP_USER_AGENT="Mozilla/5.0 Firefox/128.0",
        REMOTE_ADDR="203.0.113.9",
        **SAME_SITE,
    )
    assert response.status_code == 302
    assert response["Location"] == offer.get_absolute_url()
    assert _rows() == [
        (
            offer.region_id,
            "angebot",
            offer.get_absolute_url(),
            "Lesepaten",
            False,
            "Die Uhrzeit fehlt.",
        )
    ]
    stored = " ".join(str(value) for value in PageFeedback.objects.values_list().get())
    for trace in ["203.0.113", "Firefox", "cookie-wert"]:
        assert trace not in stored
    page = client.get(response["Location"]).content.decode()
    assert "Vielen Dank für Ihre Rückmeldung!" in page


def test_event_pages_take_answers_too(client):
    event = make_event(title="Praktikumsbörse")
    response = client.get(event.get_absolute_url())
    assert f'action="/rueckmeldung/veranstaltungen/{event.slug}/"' in response.content.decode()
    client.post(
        reverse("offers:event-feedback", args=[event.slug]), {"hilfreich": "ja"}, **SAME_SITE
    )
    assert _rows() == [
        (event.region_id, "veranstaltung", event.get_absolute_url(), "Praktikumsbörse", True, "")
    ]


def test_errors_are_german_and_keep_what_was_typed(client, offer):
    response = client.post(
        reverse("offers:offer-feedback", args=[offer.slug]),
        {"kommentar": "Zu lang " + "x" * 500},
        **SAME_SITE,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Fehler: Rückmeldung zu „Lesepaten“" in page
    assert "Bitte wählen Sie „Ja“ oder „Nein“." in page
    assert "Ihr Kommentar hat 508 Zeichen; möglich sind höchstens 500." in page
    assert "Zu lang xxxx" in page
    assert _rows() == []


def test_a_post_from_another_site_is_refused(client, offer):
    url = reverse("offers:offer-feedback", args=[offer.slug])
    for headers in [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://boese.example"},
        {"HTTP_REFERER": "https://boese.example/seite/"},
        {},
    ]:
        response = client.post(url, {"hilfreich": "ja"}, **headers)
        assert response.status_code == 403
        assert "kam nicht von einer Seite des Bildungsportals" in response.content.decode()
    for headers in [{"HTTP_ORIGIN": "http://testserver"}, {"HTTP_REFERER": "http://testserver/x/"}]:
        assert client.post(url, {"hilfreich": "ja"}, **headers).status_code == 302
    assert len(_rows()) == 2


def test_too_many_answers_from_one_client_get_a_german_refusal(client, offer, settings):
    settings.PAGE_FEEDBACK_LIMIT_PER_CLIENT = 1
    url = reverse("offers:offer-feedback", args=[offer.slug])
    assert client.post(url, {"hilfreich": "ja"}, **SAME_SITE).status_code == 302
    response = client.post(url, {"hilfreich": "nein", "kommentar": "Noch was"}, **SAME_SITE)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Zu viele Anfragen. Bitte versuchen Sie es in" in page
    assert "Noch was" in page
    assert len(_rows()) == 1


def test_a_filled_trap_field_stores_nothing(client, offer):
    url = reverse("offers:offer-feedback", args=[offer.slug])
    response = client.post(url, {"hilfreich": "ja", "homepage": "http://spam.example"}, **SAME_SITE)
    assert response.status_code == 302
    assert _rows() == []


def test_unpublished_offers_take_no_answers(client):
    draft = make_offer(status=EditorialStatus.DRAFT)
    url = reverse("offers:offer-feedback", args=[draft.slug])
    assert client.post(url, {"hilfreich": "ja"}, **SAME_SITE).status_code == 404
    assert client.get(url).status_code == 404


# --- The office's list -------------------------------------------------------------------------

LIST_URL = "/admin/usage/pagefeedback/"


@pytest.fixture
def answers():
    geest = make_region(name="Geest", slug="geest")
    marsch = make_region(name="Marsch", slug="marsch")
    lesen = make_offer(region=geest, title="Lesepaten")
    hafen = make_offer(region=marsch, title="Hafenführung")
    for offer, helpful in [(lesen, True), (lesen, False), (lesen, False), (hafen, True)]:
        PageFeedback.objects.create(
            region=offer.region,
            kind="angebot",
            page_path=offer.get_absolute_url(),
            page_title=offer.title,
            helpful=helpful,
        )
    return {"geest": geest, "marsch": marsch, "lesen": lesen, "hafen": hafen}


def _listed(response):
    return sorted(obj.page_title for obj in response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("who", "status", "listed", "per_page"),
    [
        ("anonymous", 302, None, None),
        ("other-office", 200, ["Hafenführung"], [("Hafenführung", 1, 0)]),
        ("own-office", 200, ["Lesepaten"] * 3, [("Lesepaten", 1, 2)]),
        (
            "superuser",
            200,
            ["Hafenführung", "Lesepaten", "Lesepaten", "Lesepaten"],
            [("Lesepaten", 1, 2), ("Hafenführung", 1, 0)],
        ),
    ],
)
def test_feedback_list_is_scoped_to_the_region(client, answers, who, status, listed, per_page):
    users = {
        "other-office": lambda: make_user("m", region=answers["marsch"], role="redaktion"),
        "own-office": lambda: make_user("g", region=answers["geest"], role="koordination"),
        "superuser": lambda: make_user("land", is_superuser=True),
    }
    if who in users:
        client.force_login(users[who]())
    response = client.get(LIST_URL)
    assert response.status_code == status
    if listed is None:
        return
    assert _listed(response) == listed
    assert [(p["page_title"], p["yes"], p["no"]) for p in response.context["per_page"]] == per_page
    lesen = PageFeedback.objects.filter(page_title="Lesepaten").first()
    detail = client.get(f"{LIST_URL}{lesen.pk}/change/")
    assert detail.status_code == (404 if who == "other-office" else 200)


def test_feedback_list_filters_by_answer(client, answers, django_assert_max_num_queries):
    client.force_login(make_user("g", region=answers["geest"], role="redaktion"))
    client.get(LIST_URL)
    with django_assert_max_num_queries(14):
        response = client.get(LIST_URL, {"helpful__exact": "0"})
    assert _listed(response) == ["Lesepaten", "Lesepaten"]
    assert [(p["yes"], p["no"]) for p in response.context["per_page"]] == [(0, 2)]
