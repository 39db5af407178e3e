import pytest
from django.core.cache import cache

from offers.models import Offer
from offers.services import offer_publish
from tests.factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_anonymous_repeat_is_served_from_the_cache(client, page_cache, django_assert_num_queries):
    make_offer(title="Deutschkurs am Abend")
    first = client.get("/angebote/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/angebote/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_invalidates_the_cached_pages(client, page_cache, django_user_model):
    draft = make_offer(title="Neuer Kurs", status=Offer.Status.DRAFT)
    assert "Neuer Kurs" not in client.get("/angebote/").content.decode()
    offer_publish(offer=draft, by=django_user_model.objects.create_superuser("chef", password="x"))
    response = client.get("/angebote/")
    assert response["X-Page-Cache"] == "miss"
    assert "Neuer Kurs" in response.content.decode()


def test_logged_in_users_and_forms_bypass_the_cache(client, page_cache, django_user_model):
    make_offer(title="Deutschkurs")
    client.force_login(django_user_model.objects.create_user("schule", password="x"))
    assert "X-Page-Cache" not in client.get("/angebote/")
    client.logout()
    assert "X-Page-Cache" not in client.get("/barrierefreiheit/")
    assert "X-Page-Cache" not in client.post("/angebote/")


def test_languages_are_cached_apart(client, page_cache):
    german = client.get("/impressum/", headers={"Accept-Language": "de"})
    english = client.get("/impressum/", headers={"Accept-Language": "en"})
    assert english["X-Page-Cache"] == "miss"
    assert german.content != english.content


def test_values_derived_from_content_follow_a_change(client):
    """Counts and names kept per content generation (page_cache.derived), also in this
    process's memory, are computed again once the content changes."""
    from tests.factories import make_region

    region = make_region(name="Stade", slug="stade")
    make_offer(title="Deutschkurs", region=region)
    assert '<a href="/regionen/stade/">Stade</a>' in client.get("/angebote/").content.decode()
    assert client.get("/angebote/").context["facets"]["region"][0][2] == 1

    region.name = "Landkreis Stade"
    region.save()  # a signal starts a new generation
    make_offer(title="Lesekurs", region=region)

    html = client.get("/angebote/").content.decode()
    assert '<a href="/regionen/stade/">Landkreis Stade</a>' in html
    assert client.get("/angebote/").context["facets"]["region"][0][1:3] == ("Landkreis Stade", 2)


def test_generation_numbers_never_repeat_after_the_cache_lost_them():
    """Processes keep values of a generation in memory; after Redis loses its keys (restart)
    the generation must not start again at a number already used."""
    from bildungsregion import page_cache as pc

    cache.clear()
    pc._local.generation = None
    first = pc.generation()
    pc.bump()
    second = pc.generation()
    cache.clear()  # Redis restarted; this (or another) process reads the generation again
    pc._local.generation = None
    third = pc.generation()
    assert len({first, second, third}) == 3
