"""The permission matrix of the provider area (issue 14, item 9): every kind of provider ×
every page of /mein-bereich/ × who asks, with exact answers.

Who asks, about the entries of institution "own" (of the kind under test):
- anonymous → 302 to the login;
- its member → 200;
- a member of another institution of the same region, or of one in another region → 200 on
  the overview and the new-entry forms (their own), 404 on anything of "own";
- the staff of another region's Bildungsbüro (no institution) → 200 on the overview (a note),
  403 on every other page; and they see nothing of "own".
A POST of somebody else changes nothing (404 / 403 as for GET).
"""

import pytest
from django.urls import reverse

from actors.models import Actor, InstitutionMembership
from offers.models import ChangeRequest, EventStatus
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_event, make_offer, make_region

pytestmark = pytest.mark.django_db

KINDS = [
    Actor.Kind.KITA,
    Actor.Kind.OBERSCHULE,
    Actor.Kind.VHS,
    Actor.Kind.MUSIC_SCHOOL,
    Actor.Kind.LIBRARY,
    Actor.Kind.ASSOCIATION,
    Actor.Kind.CHAMBER,
    Actor.Kind.COMPANY,
    Actor.Kind.AUTHORITY,
]
WHO = ["anonymous", "member", "same_region_member", "other_region_member", "other_region_staff"]
VIEWS = [
    "area",
    "offer-create",
    "offer-edit",
    "offer-copy",
    "offer-end",
    "event-create",
    "event-edit",
    "event-copy",
    "event-cancel",
    "profile",
    "colleagues",
]
OWN_ENTRY_VIEWS = {
    "offer-edit",
    "offer-copy",
    "offer-end",
    "event-edit",
    "event-copy",
    "event-cancel",
    "profile",
}
OPEN_TO_EVERY_MEMBER = {"area", "offer-create", "event-create", "colleagues"}


def build(kind):
    region = make_region(name=f"Region {kind}", slug=f"region-{kind}")
    other_region = make_region(name=f"Andere {kind}", slug=f"andere-{kind}")
    own = make_actor(region, name=f"Eigene {kind}", kind=kind)
    neighbour = make_actor(region, name=f"Nachbar {kind}", kind=kind)
    foreign = make_actor(other_region, name=f"Fremd {kind}", kind=kind)
    users = {"anonymous": None}
    for who, actor in (
        ("member", own),
        ("same_region_member", neighbour),
        ("other_region_member", foreign),
    ):
        users[who] = make_user(f"{who}-{kind}", is_staff=False)
        InstitutionMembership.objects.create(user=users[who], actor=actor)
    users["other_region_staff"] = make_user(
        f"buero-{kind}", region=other_region, role=StaffMembership.Role.COORDINATOR
    )
    offer = make_offer(provider=own, title=f"Geheimes Angebot {kind}")
    event = make_event(organiser=own, title=f"Geheime Veranstaltung {kind}")
    return {"own": own, "offer": offer, "event": event, "users": users}


def url_of(view, world):
    pks = {
        "offer": world["offer"].pk,
        "event": world["event"].pk,
        "profile": world["own"].pk,
    }
    if view == "area":
        return reverse("offers:provider-area")
    if view == "colleagues":
        return reverse("actors:colleagues")
    if view.endswith("-create"):
        return reverse(f"offers:provider-{view}")
    if view == "profile":
        return reverse("offers:provider-profile", args=[pks["profile"]])
    return reverse(f"offers:provider-{view}", args=[pks[view.split("-")[0]]])


def expected(who, view, url):
    if who == "anonymous":
        return 302, f"/anmelden/?next={url}"
    if who == "other_region_staff":
        return (200 if view == "area" else 403), None
    if who == "member" or view in OPEN_TO_EVERY_MEMBER:
        return 200, None
    return 404, None


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("kind", KINDS)
def test_provider_area_permission_matrix(client, kind, who, view):
    world = build(kind)
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    url = url_of(view, world)

    response = client.get(url)

    assert (response.status_code, response.get("Location")) == expected(who, view, url)
    html = response.content.decode()
    shown = who == "member" and view in {"area", "offer-edit", "offer-copy", "offer-end"}
    assert (world["offer"].title in html) == shown
    shown = who == "member" and view in {"area", "event-edit", "event-copy", "event-cancel"}
    assert (world["event"].title in html) == shown


@pytest.mark.parametrize(
    "view", ["offer-edit", "offer-end", "event-edit", "event-cancel", "profile"]
)
@pytest.mark.parametrize("who", [w for w in WHO if w != "member"])
@pytest.mark.parametrize("kind", [Actor.Kind.KITA, Actor.Kind.COMPANY, Actor.Kind.OBERSCHULE])
def test_nobody_else_can_post_to_an_institutions_entries(client, kind, who, view):
    world = build(kind)
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    url = url_of(view, world)
    data = {
        "title": "Übernommen",
        "name": "Übernommen",
        "description": "Übernommen",
        "institution": world["own"].pk,
    }

    response = client.post(url, data)

    assert (response.status_code, response.get("Location")) == expected(who, view, url)
    world["offer"].refresh_from_db()
    world["event"].refresh_from_db()
    world["own"].refresh_from_db()
    assert (world["offer"].title, world["offer"].valid_until) == (f"Geheimes Angebot {kind}", None)
    assert (world["event"].title, world["event"].status) == (
        f"Geheime Veranstaltung {kind}",
        EventStatus.PUBLISHED,
    )
    assert world["own"].name == f"Eigene {kind}"
    assert ChangeRequest.objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_new_entries_cannot_be_made_for_another_institution(client, kind):
    world = build(kind)
    client.force_login(world["users"]["same_region_member"])
    for view in ("offer-create", "event-create"):
        response = client.post(
            url_of(view, world), {"institution": world["own"].pk, "title": "Untergeschoben"}
        )
        assert response.status_code == 200
        assert "Bitte wählen Sie eine Ihrer Einrichtungen." in response.content.decode()
    assert world["own"].offers.count() == 1
    assert world["own"].events.count() == 1


def test_the_rule_of_a_users_institutions_is_one_queryset_method():
    region = make_region()
    vhs, library = make_actor(region, kind="vhs"), make_actor(region, kind="bibliothek")
    user = make_user("zwei-einrichtungen", is_staff=False)
    InstitutionMembership.objects.create(user=user, actor=vhs, can_invite=False)
    InstitutionMembership.objects.create(user=user, actor=library)
    colleague = make_user("kollegin", is_staff=False)
    InstitutionMembership.objects.create(user=colleague, actor=vhs, can_invite=True)
    assert set(Actor.objects.of_member(user)) == {vhs, library}
    # may_invite holds for the user's own membership, not for a colleague's
    assert list(Actor.objects.of_member(user, may_invite=True)) == [library]
    user.is_active = False
    assert list(Actor.objects.of_member(user)) == []
