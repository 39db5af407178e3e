"""Taking over an account of another region: the coordinator of region A × an account that
works for A only / for A and B / for B only, on every admin URL of a user account.

An account belongs to every region it works for (staff and institution memberships); the
coordinator of A may change it only if all of them are A's. Passwords of other people are never
set in the admin by staff: a link to choose a new one is sent instead.
"""

import re

import pytest
from django.urls import reverse

from actors.models import InstitutionMembership
from bildungsregion.models import User
from regions.models import StaffMembership
from regions.scoping import within_regions
from tests.admin.conftest import make_user
from tests.admin.test_admin_features import form_data
from tests.factories import committed

pytestmark = pytest.mark.django_db

EDITOR = StaffMembership.Role.EDITOR
COORDINATOR = StaffMembership.Role.COORDINATOR
PASSWORD = "Altes-Passwort-der-Zielperson-1"

# account → (view, change, password, delete) for the coordinator of A.
MATRIX = {
    "only_a": (200, 302, 403, 403),
    "a_and_b": (200, 403, 403, 403),
    "a_staff_b_school": (200, 403, 403, 403),
    "only_b": (404, 404, 403, 404),
}


@pytest.fixture
def accounts(users, world_a, world_b, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    only_a = make_user("nur-stade", region=world_a.region, role=EDITOR, password=PASSWORD)
    # The Lüneburg coordinator who also edits for Stade (the "buero-lueneburg").
    a_and_b = make_user("buero-lueneburg", region=world_b.region, role=COORDINATOR)
    a_and_b.set_password(PASSWORD)
    a_and_b.save()
    StaffMembership.objects.create(user=a_and_b, region=world_a.region, role=EDITOR)
    a_staff_b_school = make_user(
        "stade-und-schule-lueneburg", region=world_a.region, role=EDITOR, password=PASSWORD
    )
    InstitutionMembership.objects.create(user=a_staff_b_school, actor=world_b.objects["school"])
    only_b = make_user("nur-lueneburg", region=world_b.region, role=EDITOR, password=PASSWORD)
    return {
        "only_a": only_a,
        "a_and_b": a_and_b,
        "a_staff_b_school": a_staff_b_school,
        "only_b": only_b,
    }


def user_url(kind, user):
    if kind == "password":
        return reverse("admin:auth_user_password_change", args=[user.pk])
    return reverse(f"admin:bildungsregion_user_{kind}", args=[user.pk])


def change_data(client, user, **changes):
    """The unchanged change form of ``user`` as the coordinator of A sees it, with changes."""
    response = client.get(user_url("change", user))
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in [formset.management_form, *formset.forms]:
            data.update({form.add_prefix(name): value for name, value in form_data(form).items()})
    return {**data, **changes}


@pytest.mark.parametrize("target", list(MATRIX))
def test_account_takeover_matrix_coordinator_of_a(client, users, accounts, target):
    """Issue item: the coordinator of Stade took over a Lüneburg coordinator's account."""
    view, change, password, delete = MATRIX[target]
    user = accounts[target]
    client.force_login(users["coordinator_a"])

    assert client.get(user_url("change", user)).status_code == view
    assert client.get(user_url("password", user)).status_code == password
    assert client.get(user_url("delete", user)).status_code == delete
    assert client.post(user_url("delete", user), {"post": "yes"}).status_code == delete

    posted_password = client.post(
        user_url("password", user),
        {
            "usable_password": "true",
            "password1": "Neues-Passwort-des-Angreifers-9",
            "password2": "Neues-Passwort-des-Angreifers-9",
        },
    )
    assert posted_password.status_code == password

    data = (
        change_data(client, user, email="angreifer@example.org", is_active="on")
        if view == 200
        else {"username": user.username, "email": "angreifer@example.org"}
    )
    assert client.post(user_url("change", user), data).status_code == change

    user = User.objects.get(pk=user.pk)
    assert user.check_password(PASSWORD)
    assert user.email == (
        "angreifer@example.org" if change == 302 else f"{user.username}@example.org"
    )


@pytest.mark.parametrize("target", ["a_and_b", "a_staff_b_school"])
def test_account_of_another_region_too_is_read_only_for_the_coordinator(
    client, users, accounts, target
):
    client.force_login(users["coordinator_a"])
    response = client.get(user_url("change", accounts[target]))
    assert response.context["has_change_permission"] is False
    assert [f.formset.can_delete for f in response.context["inline_admin_formsets"]] == [False]
    assert [f.has_add_permission for f in response.context["inline_admin_formsets"]] == [False]


def test_account_of_own_region_shows_no_password_field_to_the_coordinator(client, users, accounts):
    client.force_login(users["coordinator_a"])
    response = client.get(user_url("change", accounts["only_a"]))
    assert "password" not in response.context["adminform"].form.fields
    assert "../password/" not in response.content.decode()


def test_superuser_may_still_set_a_password(client, users, accounts):
    client.force_login(users["superuser"])
    user = accounts["a_and_b"]
    response = client.post(
        user_url("password", user),
        {
            "usable_password": "true",
            "password1": "Neues-Passwort-vom-Land-2026",
            "password2": "Neues-Passwort-vom-Land-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("Neues-Passwort-vom-Land-2026")


def test_password_reset_link_action_sends_only_to_accounts_the_coordinator_may_change(
    client, users, accounts, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://bildung.landkreis-stade.de"
    client.force_login(users["coordinator_a"])
    only_a, a_and_b = accounts["only_a"], accounts["a_and_b"]

    with committed():
        response = client.post(
            reverse("admin:bildungsregion_user_changelist"),
            {"action": "send_password_reset", "_selected_action": [only_a.pk, a_and_b.pk]},
            follow=True,
        )

    assert [str(m) for m in response.context["messages"]] == [
        "Links für ein neues Passwort verschickt: 1",
        "Kein Link (nur für aktive Konten mit E-Mail-Adresse und Passwort, die Sie bearbeiten "
        "dürfen): buero-lueneburg",
    ]
    assert [m.to for m in mailoutbox] == [["nur-stade@example.org"]]
    mail = mailoutbox[0]
    assert mail.subject == "Neues Passwort für das Bildungsportal"
    assert "Ihr Bildungsbüro hat für Ihr Konto" in mail.body
    link = re.search(r"https://bildung\.landkreis-stade\.de(/passwort-neu/\S+/)", mail.body)
    assert link is not None
    client.logout()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    assert User.objects.get(pk=only_a.pk).check_password(PASSWORD)


def test_password_reset_link_base_is_the_request_without_portal_base_url(
    client, users, accounts, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = ""
    client.force_login(users["coordinator_a"])
    with committed():
        client.post(
            reverse("admin:bildungsregion_user_changelist"),
            {"action": "send_password_reset", "_selected_action": [accounts["only_a"].pk]},
        )
    assert [m.to for m in mailoutbox] == [["nur-stade@example.org"]]
    assert "http://testserver/passwort-neu/" in mailoutbox[0].body


def test_staff_membership_inline_offers_only_regions_the_user_coordinates(
    client, users, accounts, world_a, world_b
):
    coordinator = users["coordinator_a"]
    # Works for Lüneburg as well, but only as editor: no roles to give there.
    StaffMembership.objects.create(user=coordinator, region=world_b.region, role=EDITOR)
    client.force_login(coordinator)
    response = client.get(user_url("change", accounts["only_a"]))
    (inline,) = response.context["inline_admin_formsets"]
    assert list(inline.formset.empty_form.fields["region"].queryset) == [world_a.region]

    data = change_data(client, accounts["only_a"])
    data.update(
        {
            "staff_memberships-TOTAL_FORMS": "2",
            "staff_memberships-1-region": str(world_b.region.pk),
            "staff_memberships-1-role": COORDINATOR,
            "staff_memberships-1-user": str(accounts["only_a"].pk),
        }
    )
    response = client.post(user_url("change", accounts["only_a"]), data)
    assert response.status_code == 200
    assert list(accounts["only_a"].staff_memberships.values_list("region", "role")) == [
        (world_a.region.pk, EDITOR)
    ]


def test_within_regions_keeps_accounts_all_of_whose_regions_are_given(
    users, accounts, world_a, world_b
):
    region_a = {world_a.region.pk}
    inside_a = within_regions(
        User.objects.filter(pk__in=[a.pk for a in accounts.values()]), region_a
    )
    assert list(inside_a) == [accounts["only_a"]]
    both = {world_a.region.pk, world_b.region.pk}
    everyone = User.objects.filter(pk__in=[a.pk for a in accounts.values()]).order_by("pk")
    assert list(within_regions(everyone, both)) == list(everyone)


# --- the invitation does not reveal accounts of other regions --------------------------------


def invite(client, world, email):
    return client.post(
        reverse("admin:bildungsregion_user_invite"),
        {"email": email, "institutions": [world.objects["school"].pk]},
    )


def test_invitation_does_not_reveal_an_account_of_another_region(
    client, users, world_a, world_b, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users["coordinator_a"])
    neutral = {
        "email": [
            "Für diese E-Mail-Adresse kann keine Einladung angelegt werden. Bitte wenden Sie "
            "sich an die Verwaltung des Portals."
        ]
    }
    elsewhere = world_b.objects["school_user"].email  # a teacher in Lüneburg
    accounts_before = sorted(User.objects.values_list("username", flat=True))
    memberships_before = sorted(InstitutionMembership.objects.values_list("user", "actor"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answers = {
            "account in another region": invite(client, world_a, elsewhere.upper()),
            "a superuser's account": invite(client, world_a, users["superuser"].email),
            "no valid username": invite(client, world_a, "o'brien@example.org"),
        }

    assert {key: r.status_code for key, r in answers.items()} == dict.fromkeys(answers, 200)
    assert {key: r.templates[0].name for key, r in answers.items()} == dict.fromkeys(
        answers, "admin/bildungsregion/user/invite.html"
    )
    assert {key: r.context["form"].errors for key, r in answers.items()} == dict.fromkeys(
        answers, neutral
    )
    assert "schon ein Konto" not in "".join(r.content.decode() for r in answers.values())
    assert (callbacks, mailoutbox) == ([], [])
    assert sorted(User.objects.values_list("username", flat=True)) == accounts_before
    assert sorted(InstitutionMembership.objects.values_list("user", "actor")) == (
        memberships_before
    )


def test_invitation_names_an_existing_account_the_coordinator_can_see(
    client, users, world_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users["coordinator_a"])
    teacher = world_a.objects["school_user"]
    accounts_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world_a, teacher.email)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": [
            "Zu dieser E-Mail-Adresse gibt es schon ein Konto. Ordnen Sie es unter „Zugänge "
            "für Einrichtungen“ der Einrichtung zu."
        ]
    }
    assert mailoutbox == []
    assert User.objects.count() == accounts_before
    assert list(teacher.institution_memberships.values_list("actor", flat=True)) == [
        world_a.objects["school"].pk
    ]


def test_invitation_of_a_new_address_creates_the_school_account_and_sends_one_mail(
    client, users, world_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users["coordinator_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world_a, "neue.lehrkraft@oberschule-stade.test")

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:bildungsregion_user_changelist"),
    )
    account = User.objects.get(email="neue.lehrkraft@oberschule-stade.test")
    assert (
        account.username,
        account.is_staff,
        account.is_superuser,
        account.has_usable_password(),
    ) == ("neue.lehrkraft@oberschule-stade.test", False, False, False)
    assert list(account.staff_memberships.all()) == []
    assert list(account.institution_memberships.values_list("actor", flat=True)) == [
        world_a.objects["school"].pk
    ]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["neue.lehrkraft@oberschule-stade.test"],
            "Einladung ins Bildungsportal: die Einträge Ihrer Einrichtung pflegen",
        )
    ]
    assert "/einladung/" in mailoutbox[0].body
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "Die Einladung an neue.lehrkraft@oberschule-stade.test ist verschickt."
    ]


@pytest.mark.parametrize("user_key", ["editor_a", "staff_without_region"])
def test_invitation_is_refused_to_staff_without_the_coordinators_rights(
    client, users, world_a, mailoutbox, django_capture_on_commit_callbacks, user_key
):
    client.force_login(users[user_key])
    url = reverse("admin:bildungsregion_user_invite")
    assert client.get(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world_a, "neue.lehrkraft@oberschule-stade.test")
    assert response.status_code == 403
    assert not User.objects.filter(email="neue.lehrkraft@oberschule-stade.test").exists()
    assert mailoutbox == []


def test_invitation_for_a_school_of_another_region_is_refused(
    client, users, world_a, world_b, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users["coordinator_a"])
    school_b = world_b.objects["school"]
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world_b, "neue.lehrkraft@oberschule-stade.test")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "institutions": [
            f"Bitte eine gültige Auswahl treffen. {school_b.pk} ist keine gültige Auswahl."
        ]
    }
    assert not User.objects.filter(email="neue.lehrkraft@oberschule-stade.test").exists()
    assert mailoutbox == []
