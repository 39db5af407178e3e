import pytest
from django.utils import timezone

from actors.models import InstitutionMembership
from bildungsregion.models import User
from careers.models import Occupation, Place
from tests.factories import make_actor, make_place, make_region

pytestmark = pytest.mark.django_db

LIST = "/mein-bereich/plaetze/"


@pytest.fixture
def employer():
    region = make_region()
    actor = make_actor(
        region=region,
        kind="unternehmen",
        name="Metallbau Nord",
        street="Hafenstraße 4",
        postcode="26954",
        city="Nordenham",
        email="info@metallbau.example",
    )
    user = User.objects.create_user("ausbilderin", password="pw", email="a@metallbau.example")
    InstitutionMembership.objects.create(user=user, actor=actor)
    return actor, user


def form_data(actor, **changes):
    data = {
        "actor": actor.pk,
        "kind": "schuelerpraktikum",
        "occupation": Occupation.objects.get(slug="metallbauer-in").pk,
        "title": "Praktikum in der Schlosserei",
        "number_of_places": "2",
        "starts_on": "2027-02-01",
        "ends_on": "2027-02-12",
    }
    data.update(changes)
    return data


def test_provider_creates_place_that_waits_for_the_office(client, employer):
    actor, user = employer
    client.force_login(user)
    response = client.post("/mein-bereich/plaetze/neu/", form_data(actor))
    assert response.status_code == 302
    place = Place.objects.get()
    assert (place.status, place.region, place.actor) == (Place.Status.REVIEW, actor.region, actor)
    # Without an address of its own the place is at its institution's, with coordinates.
    assert (place.street, place.postcode, place.city) == ("Hafenstraße 4", "26954", "Nordenham")
    assert place.has_coordinates
    assert place.slug == "praktikum-in-der-schlosserei"
    assert place.last_reviewed == timezone.localdate()


def test_provider_form_keeps_input_on_error(client, employer):
    actor, user = employer
    client.force_login(user)
    response = client.post(
        "/mein-bereich/plaetze/neu/", form_data(actor, starts_on="2027-02-12", ends_on="2027-02-01")
    )
    assert response.status_code == 200
    assert Place.objects.count() == 0
    assert "Praktikum in der Schlosserei" in response.content.decode()


def test_provider_edits_published_place_stays_public(client, employer):
    actor, user = employer
    place = make_place(actor=actor, title="Alt")
    client.force_login(user)
    response = client.post(f"/mein-bereich/plaetze/{place.pk}/bearbeiten/", form_data(actor))
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.title, place.status) == ("Praktikum in der Schlosserei", Place.Status.PUBLISHED)


def test_provider_ends_place(client, employer):
    actor, user = employer
    place = make_place(actor=actor)
    client.force_login(user)
    client.post(f"/mein-bereich/plaetze/{place.pk}/beenden/")
    place.refresh_from_db()
    assert not place.is_public


@pytest.mark.parametrize("who", ["anonymous", "no_institution", "other_institution", "member"])
def test_provider_place_permissions(client, employer, who):
    actor, user = employer
    place = make_place(actor=actor)
    foreign = make_place()
    if who == "no_institution":
        client.force_login(User.objects.create_user("niemand", password="pw"))
    elif who == "other_institution":
        other = User.objects.create_user("andere", password="pw")
        InstitutionMembership.objects.create(user=other, actor=foreign.actor)
        client.force_login(other)
    elif who == "member":
        client.force_login(user)
    edit = client.get(f"/mein-bereich/plaetze/{place.pk}/bearbeiten/")
    listing = client.get(LIST)
    expected = {
        "anonymous": (302, 302),
        "no_institution": (403, 403),
        "other_institution": (200, 404),
        "member": (200, 200),
    }[who]
    assert (listing.status_code, edit.status_code) == expected
    if who == "member":
        assert [p.title for p in listing.context["places"]] == [place.title]
