"""The permission matrix of provider accounts (issue 14, items 1 and 9): every kind of provider
× own institution / another institution of the same region / an institution of another region
× who invites (the office of the region, the office of another region, a member who may invite,
a member who may not, anonymous), through the admin's invitation and the colleagues page; and
that the staff of another region see none of a region's provider accounts in the admin.

Real rows and the test client, no mocks. The rows are built once for the module; each test
runs in its own transaction on top (tests.conftest.fixture_built_once).
"""

import pytest
from django.urls import reverse

from actors.models import Actor, InstitutionMembership
from bildungsregion.models import User
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.conftest import fixture_built_once
from tests.factories import make_actor, make_region

pytestmark = pytest.mark.django_db

KINDS = [
    Actor.Kind.KITA,
    Actor.Kind.VHS,
    Actor.Kind.ASSOCIATION,
    Actor.Kind.COMPANY,
    Actor.Kind.CHAMBER,
    Actor.Kind.AUTHORITY,
    Actor.Kind.MUSIC_SCHOOL,
    Actor.Kind.OBERSCHULE,
]
TARGETS = ["own", "same_region", "other_region"]
COLLEAGUES = "/mein-bereich/kolleginnen-und-kollegen/"
NEW_ADDRESS = "neue.person@einrichtung.example"


def _build():
    """Per kind: the member's institution, another of the same region (Stade) and one of
    Lüneburg; the members of the first; the offices of both regions."""
    stade = make_region(name="Stade", slug="stade-matrix")
    lueneburg = make_region(name="Lüneburg", slug="lueneburg-matrix")
    people = {
        "office": make_user("buero-stade-m", region=stade, role=StaffMembership.Role.COORDINATOR),
        "other_office": make_user(
            "buero-lueneburg-m", region=lueneburg, role=StaffMembership.Role.COORDINATOR
        ),
        "office_editor": make_user(
            "redaktion-stade-m", region=stade, role=StaffMembership.Role.EDITOR
        ),
    }
    kinds = {}
    for kind in KINDS:
        own = make_actor(stade, name=f"{kind} Stade eins", kind=kind)
        same_region = make_actor(stade, name=f"{kind} Stade zwei", kind=kind)
        other_region = make_actor(lueneburg, name=f"{kind} Lüneburg", kind=kind)
        inviter = make_user(f"einladend-{kind}", is_staff=False, password="x" * 12)
        InstitutionMembership.objects.create(user=inviter, actor=own, can_invite=True)
        plain = make_user(f"ohne-recht-{kind}", is_staff=False, password="x" * 12)
        InstitutionMembership.objects.create(user=plain, actor=own, can_invite=False)
        # A member in Lüneburg, so that both regions have provider accounts of each kind.
        elsewhere = make_user(f"lueneburg-{kind}", is_staff=False, password="x" * 12)
        InstitutionMembership.objects.create(user=elsewhere, actor=other_region)
        kinds[kind] = {
            "own": own,
            "same_region": same_region,
            "other_region": other_region,
            "member_inviter": inviter,
            "member_plain": plain,
            "elsewhere": elsewhere,
        }
    return {"people": people, "kinds": kinds}


_rows, world = fixture_built_once("world", _build)


def _memberships_of(email):
    return sorted(
        InstitutionMembership.objects.filter(user__email=email).values_list("actor", "can_invite")
    )


# --- the office's invitation in the admin ------------------------------------------------------

# who → target → outcome: "invited" (302, account and membership) or "refused" (the form's
# choice of institutions does not offer it; no account, no mail).
ADMIN_MATRIX = {
    "office": {"own": "invited", "same_region": "invited", "other_region": "refused"},
    "other_office": {"own": "refused", "same_region": "refused", "other_region": "invited"},
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("who", list(ADMIN_MATRIX))
def test_office_invites_for_every_kind_only_in_its_region(
    client, world, mailoutbox, django_capture_on_commit_callbacks, kind, target, who
):
    institution = world["kinds"][kind][target]
    client.force_login(world["people"][who])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:bildungsregion_user_invite"),
            {"email": NEW_ADDRESS, "institutions": [institution.pk], "can_invite": "on"},
        )
    if ADMIN_MATRIX[who][target] == "invited":
        assert response.status_code == 302
        assert _memberships_of(NEW_ADDRESS) == [(institution.pk, True)]
        assert [m.to for m in mailoutbox] == [[NEW_ADDRESS]]
        assert f"- {institution.name}" in mailoutbox[0].body
    else:
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["institutions"]
        assert not User.objects.filter(email=NEW_ADDRESS).exists()
        assert mailoutbox == []


@pytest.mark.parametrize("who", ["office_editor", "member_inviter", "member_plain"])
def test_admin_invitation_is_refused_to_editors_and_members(
    client, world, mailoutbox, django_capture_on_commit_callbacks, who
):
    kind = Actor.Kind.VHS
    user = world["people"].get(who) or world["kinds"][kind][who]
    client.force_login(user)
    url = reverse("admin:bildungsregion_user_invite")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": NEW_ADDRESS, "institutions": [world["kinds"][kind]["own"].pk]}
        )
    # Members are no staff: the admin sends them to its login (not to any other page, which
    # could be a success page); editors lack the right.
    expected = (403, None) if who == "office_editor" else (302, f"/admin/login/?next={url}")
    assert (response.status_code, response.get("Location")) == expected
    assert not User.objects.filter(email=NEW_ADDRESS).exists()
    assert mailoutbox == []


# --- the colleagues page -----------------------------------------------------------------------

# who → target → outcome on POST /mein-bereich/kolleginnen-und-kollegen/:
#   "invited": 302 back to the page, the new account is a member of the institution;
#   "not_offered": 200, the form does not offer the institution (error on "institutions");
#   "forbidden": 403 (no right to invite, or no institution at all);
#   "login": 302 to the login.
COLLEAGUE_MATRIX = {
    "member_inviter": {
        "own": "invited",
        "same_region": "not_offered",
        "other_region": "not_offered",
    },
    "member_plain": dict.fromkeys(TARGETS, "forbidden"),
    # The office has no institution of its own: it invites in the admin.
    "office": dict.fromkeys(TARGETS, "forbidden"),
    "other_office": dict.fromkeys(TARGETS, "forbidden"),
    "anonymous": dict.fromkeys(TARGETS, "login"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("who", list(COLLEAGUE_MATRIX))
def test_colleague_invitation_matrix(
    client, world, mailoutbox, django_capture_on_commit_callbacks, kind, target, who
):
    people = world["kinds"][kind]
    institution = people[target]
    if who != "anonymous":
        client.force_login(people.get(who) or world["people"][who])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            COLLEAGUES,
            {"email": NEW_ADDRESS, "last_name": "Neu", "institutions": [institution.pk]},
        )
    outcome = COLLEAGUE_MATRIX[who][target]
    if outcome == "invited":
        assert (response.status_code, response["Location"]) == (302, COLLEAGUES)
        assert _memberships_of(NEW_ADDRESS) == [(institution.pk, False)]
        assert [m.to for m in mailoutbox] == [[NEW_ADDRESS]]
        return
    if outcome == "not_offered":
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "institutions": ["Bitte wählen Sie nur Ihre eigenen Einrichtungen."]
        }
        assert response.context["form"]["email"].value() == NEW_ADDRESS
    elif outcome == "forbidden":
        assert response.status_code == 403
    else:
        assert (response.status_code, response["Location"]) == (
            302,
            f"/anmelden/?next={COLLEAGUES}",
        )
    assert not User.objects.filter(email=NEW_ADDRESS).exists()
    assert mailoutbox == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["member_inviter", "member_plain"])
def test_colleagues_page_lists_only_own_institutions_people(client, world, kind, who):
    people = world["kinds"][kind]
    client.force_login(people[who])
    response = client.get(COLLEAGUES)
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g["institution"] for g in groups] == [people["own"]]
    assert sorted(m.user.username for m in groups[0]["members"]) == sorted(
        [people["member_inviter"].username, people["member_plain"].username]
    )
    html = response.content.decode()
    assert people["elsewhere"].email not in html
    assert people["same_region"].name not in html
    assert (response.context["form"] is not None) == (who == "member_inviter")


# --- who sees the accounts in the admin --------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_other_regions_staff_see_none_of_a_regions_provider_accounts(client, world, kind):
    people = world["kinds"][kind]
    stade_accounts = {people["member_inviter"].pk, people["member_plain"].pk}
    listed = {}
    for who in ("office", "other_office"):
        client.force_login(world["people"][who])
        users = client.get(reverse("admin:bildungsregion_user_changelist"), {"q": kind})
        memberships = client.get(
            reverse("admin:actors_institutionmembership_changelist"), {"q": kind}
        )
        listed[who] = (
            {u.pk for u in users.context["cl"].result_list},
            {m.user_id for m in memberships.context["cl"].result_list},
        )
        for account in stade_accounts:
            change = client.get(reverse("admin:bildungsregion_user_change", args=[account]))
            assert change.status_code == (200 if who == "office" else 404)
    assert listed["office"] == (stade_accounts, stade_accounts)
    assert listed["other_office"] == ({people["elsewhere"].pk}, {people["elsewhere"].pk})
