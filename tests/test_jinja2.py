"""The offer list is rendered with Jinja2 (bildungsregion/jinja_env.py), the rest of the portal
with Django's templates: both must give the same page frame, and the list's copies of names
(OfferIndex) must follow the entries they come from."""

import re

import pytest
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse

from actors.models import Actor
from offers.search import index_instance
from tests.factories import make_actor, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db


def _part(html, tag):
    """The element <tag …>…</tag> (header, footer, head), whitespace between tags removed."""
    match = re.search(rf"<{tag}[ >].*?</{tag}>", html, re.S)
    assert match, f"no <{tag}> in the page"
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", match.group(0))).strip()


def _frame(html):
    header = _part(html, "header")
    # Differences that belong to the page: where the language switch returns to, and which
    # navigation entry is current.
    header = re.sub(r'name="next" value="[^"]*"', 'name="next" value=""', header)
    header = header.replace(' aria-current="page"', "")
    return header, _part(html, "footer")


@pytest.fixture
def region():
    return make_region(name="Stade", slug="stade")


@pytest.mark.parametrize("language", ["de", "en"])
def test_offer_list_has_the_same_header_and_footer_as_django_template_pages(
    client, region, language
):
    jinja_page = client.get("/angebote/", HTTP_ACCEPT_LANGUAGE=language)
    django_page = client.get("/impressum/", HTTP_ACCEPT_LANGUAGE=language)
    assert [t.name for t in jinja_page.templates] == ["offers/offer_list.html"]
    assert jinja_page.context["page_obj"].paginator.count == 0

    jinja_html, django_html = jinja_page.content.decode(), django_page.content.decode()
    assert _frame(jinja_html) == _frame(django_html)
    assert f'<html lang="{language}"' in jinja_html
    assert '<a href="/regionen/stade/">Stade</a>' in jinja_html  # footer: the regions
    # The same stylesheets, fonts and scripts in <head> (the list adds its own stylesheet).
    assets = re.compile(r"<(?:link|script)[^>]*>")
    assert set(assets.findall(_part(jinja_html, "head"))) - set(
        assets.findall(_part(django_html, "head"))
    ) == {f'<link rel="stylesheet" href="{static("css/lists.css")}">'}


def test_offer_list_marks_its_navigation_entry_current(client, region):
    html = client.get("/angebote/").content.decode()
    assert '<a class="portal-nav__link" href="/angebote/" aria-current="page">' in html
    assert html.count('aria-current="page"') == 1


def test_language_switch_returns_to_the_list_with_its_filters(client, region):
    html = client.get("/angebote/?region=stade&q=Lesen").content.decode()
    assert '<input type="hidden" name="next" value="/angebote/?region=stade&amp;q=Lesen">' in html


def test_offer_cards_link_to_the_offer_pages_and_show_the_index_copies(client, region):
    place = make_municipality(region, name="Buxtehude", slug="buxtehude")
    provider = make_actor(region, name="VHS Stade")
    with_place = make_offer(provider=provider, title="Lesen am Abend", municipality=place)
    with_city = make_offer(provider=provider, title="Schreiben lernen", city="Hollern-Twielenfleth")
    html = client.get("/angebote/").content.decode()

    for offer in (with_place, with_city):
        assert f'<a class="kern-link" href="{offer.get_absolute_url()}">{offer.title}</a>' in html
    assert '<span class="kern-sr-only">Ort: </span>Buxtehude</li>' in html
    assert "<li>Hollern-Twielenfleth</li>" in html
    assert html.count('<span class="kern-sr-only">Anbieter: </span>VHS Stade</li>') == 2


def test_renaming_a_provider_renames_it_on_the_cards_and_in_the_search(client, region):
    provider = make_actor(region, name="VHS Stade")
    make_offer(provider=provider, title="Lesen am Abend")

    provider.name = "Kreisvolkshochschule Stade"
    provider.save()
    index_instance(provider)  # what the admin does after saving (admin_scoping.save_related)

    html = client.get("/angebote/").content.decode()
    assert "</span>Kreisvolkshochschule Stade</li>" in html
    assert "</span>VHS Stade</li>" not in html
    found = client.get("/angebote/", {"q": "Kreisvolkshochschule"})
    assert found.context["page_obj"].paginator.count == 1
    assert Actor.objects.get().name == "Kreisvolkshochschule Stade"


@override_settings(LANGUAGE_CODE="de")
def test_translations_of_the_jinja2_templates_are_in_the_catalogue(client, region):
    make_offer(title="Lesen am Abend", is_free=True)
    html = client.get(reverse("offers:offer-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for english in (
        "Filter offers",
        "1 offer found",
        "<li>free of charge</li>",
        "Skip to content",
        "About this portal",
    ):
        assert english in html, english


@pytest.mark.parametrize(
    ("level", "variant", "label"),
    [
        ("error", "danger", "Error"),
        ("warning", "warning", "Warning"),
        ("success", "success", "Done"),
        ("info", "info", "Note"),
    ],
)
def test_messages_show_as_kern_alerts_on_django_template_pages(rf, level, variant, label):
    """templates/base.html includes the Jinja2 messages (and header, footer) with
    {% jinja2_include %}; the alert's label is translated."""
    from django.contrib import messages
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.template.loader import render_to_string
    from django.utils import translation

    request = rf.get("/impressum/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    getattr(messages, level)(request, "Gespeichert & geprüft")
    with translation.override("en"):
        html = render_to_string("base.html", {}, request=request)
    assert (
        f'<div class="kern-alert kern-alert--{variant}">'
        f'<div class="kern-alert__header">'
        f'<span class="kern-icon kern-icon--{variant}" aria-hidden="true"></span>'
        f'<span class="kern-title">{label}</span></div>'
        f'<div class="kern-alert__body"><p class="kern-body">Gespeichert &amp; geprüft</p></div>'
    ) in re.sub(r">\s+<", "><", html)
    assert '<header class="portal-header">' in html
    assert '<footer class="portal-footer">' in html
