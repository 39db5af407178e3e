import pytest
from django.db.models import Count

from careers.demo import careers_demo_load
from careers.models import Place
from portal.services import regions_load

pytestmark = pytest.mark.django_db

REGION_SLUGS = {"wesermarsch", "hameln-pyrmont", "stade", "osnabrueck", "lueneburg"}


def test_careers_demo_fills_every_region_and_is_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    regions_load()
    first = careers_demo_load(password="pw")

    places = Place.objects.public()
    assert first.places == places.count() >= 150
    per_region = dict(places.values_list("region__slug").annotate(n=Count("pk")))
    assert set(per_region) == REGION_SLUGS
    assert min(per_region.values()) >= 30
    assert places.values("occupation__field").distinct().count() >= 12
    assert places.values("kind").distinct().count() == 6
    assert not places.filter(latitude__isnull=True).exists()
    assert all(p.search_text for p in places)
    assert not places.exclude(contact_email__endswith=".example").exists()
    assert {username for username, _r, _e in first.accounts} == {
        f"betrieb-{slug}" for slug in REGION_SLUGS
    }

    again = careers_demo_load(password="pw")
    assert (again.places, again.employers) == (0, 0)
    assert Place.objects.count() == first.places
