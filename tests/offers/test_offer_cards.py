"""The cards of the offer list show the index's copies (title, place, provider) and follow a
rename. Their own module: the rows of test_offer_list.py are built once for that module."""

import pytest

from tests.factories import committed, make_actor, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def titles(response):
    return [card.title for card in response.context["cards"]]


def test_offer_list_cards_link_to_the_offer_pages_and_show_the_index_copies(client):
    region = make_region(name="Stade", slug="stade")
    place = make_municipality(region, name="Buxtehude", slug="buxtehude")
    provider = make_actor(region, name="VHS Stade")
    with_place = make_offer(provider=provider, title="Lesen am Abend", municipality=place)
    with_city = make_offer(provider=provider, title="Schreiben lernen", city="Hollern-Twielenfleth")
    html = client.get(URL).content.decode()

    for offer in (with_place, with_city):
        assert f'<a class="kern-link" href="{offer.get_absolute_url()}">{offer.title}</a>' in html
    assert '<span class="kern-sr-only">Ort: </span>Buxtehude</li>' in html
    assert "<li>Hollern-Twielenfleth</li>" in html
    assert html.count('<span class="kern-sr-only">Anbieter: </span>VHS Stade</li>') == 2


def test_offer_list_renaming_a_provider_renames_it_on_the_cards_and_in_the_search(client):
    provider = make_actor(make_region(), name="VHS Stade")
    make_offer(provider=provider, title="Lesen am Abend")

    provider.name = "Kreisvolkshochschule Stade"
    with committed():
        provider.save()

    html = client.get(URL).content.decode()
    assert "</span>Kreisvolkshochschule Stade</li>" in html
    assert "</span>VHS Stade</li>" not in html
    found = client.get(URL, {"q": "Kreisvolkshochschule"})
    assert titles(found) == ["Lesen am Abend"]
