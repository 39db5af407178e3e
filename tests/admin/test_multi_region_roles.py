"""A user who works for two regions with different roles: each role applies in its own region
only. The ``two_roles`` user (tests/admin/conftest.py) edits for one region and coordinates the
other, both ways round; whatever only coordinators may do (publish, archive, delete, accounts,
staff and institution memberships, municipalities) they may do in the coordinated region and
nowhere else, and what editors do not see there stays hidden from them.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from actors.models import InstitutionMembership, Meeting, WorkingGroupMembership
from bildungsregion.models import User
from offers.models import EditorialStatus, Event, EventStatus, Offer
from regions.auth import ROLE_GROUPS, regions_with_permission
from regions.models import Document, Municipality, StaffMembership
from tests.admin.conftest import fixtures_built_once
from tests.admin.test_admin_features import form_data
from tests.factories import make_event, make_offer

pytestmark = pytest.mark.django_db


# The fixtures of tests/admin/conftest.py, from the rows built once for this module.
world_a, world_b, users = fixtures_built_once()


EDITOR = StaffMembership.Role.EDITOR
COORDINATOR = StaffMembership.Role.COORDINATOR


def admin_url(obj, kind="change"):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{kind}", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def page_data(response, **changes):
    """What a browser posts back for the unchanged form of ``response``, with its inlines."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for form in [formset.management_form, *formset.forms]:
            data.update({form.add_prefix(name): value for name, value in form_data(form).items()})
    return {**data, **changes}


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- the permission backend ----------------------------------------------------------------


def test_two_roles_object_permissions_are_those_of_the_role_in_the_objects_region(two_roles):
    user = two_roles.user
    checks = {
        "offers.publish_offer": "offers.offer",
        "offers.archive_offer": "offers.offer",
        "offers.delete_offer": "offers.offer",
        "offers.change_offer": "offers.offer",
        "offers.publish_event": "offers.event",
        "offers.delete_event": "offers.event",
        "actors.delete_actor": "actors.actor",
        "regions.change_region": "regions.region",
        "regions.add_municipality": "regions.municipality",
        "regions.change_municipality": "regions.municipality",
        "regions.delete_document": "regions.document",
        "regions.view_staffmembership": "regions.staffmembership",
        "actors.add_institutionmembership": "actors.institutionmembership",
        "actors.view_institutionmembership": "actors.institutionmembership",
    }
    granted = {
        perm: (
            user.has_perm(perm, two_roles.edited.objects[label]),
            user.has_perm(perm, two_roles.coordinated.objects[label]),
        )
        for perm, label in checks.items()
    }
    # (in the edited region, in the coordinated region): only change_offer is an editor's.
    assert granted == {perm: (perm == "offers.change_offer", True) for perm in checks}


def test_two_roles_group_permissions_are_those_of_the_role_in_the_objects_region(two_roles):
    def group_permissions(role):
        rows = Group.objects.get(name=ROLE_GROUPS[role]).permissions.values_list(
            "content_type__app_label", "codename"
        )
        return {f"{app_label}.{codename}" for app_label, codename in rows}

    user = two_roles.user
    editing, coordinating = group_permissions(EDITOR), group_permissions(COORDINATOR)
    assert user.get_group_permissions(two_roles.edited.objects["offers.offer"]) == editing
    assert user.get_group_permissions(two_roles.coordinated.objects["offers.offer"]) == (
        coordinating
    )
    assert user.get_group_permissions() == editing | coordinating


def test_two_roles_accounts_of_one_region_follow_that_regions_role(two_roles):
    user = two_roles.user
    school_edited = two_roles.edited.objects["school_user"]
    school_coordinated = two_roles.coordinated.objects["school_user"]
    assert [user.has_perm("bildungsregion.view_user", u) for u in (school_edited, user)] == [
        False,
        True,  # works for the coordinated region, too: seen
    ]
    assert [user.has_perm("bildungsregion.change_user", u) for u in (school_edited, user)] == [
        False,
        False,  # changing needs the right in every region of the account
    ]
    assert user.has_perm("bildungsregion.change_user", school_coordinated) is True


@pytest.mark.parametrize(
    "perm",
    [
        "offers.publish_offer",
        "offers.delete_offer",
        "offers.archive_event",
        "bildungsregion.add_user",
        "regions.add_staffmembership",
        "regions.change_region",
    ],
)
def test_two_roles_regions_with_a_coordinators_permission_is_the_coordinated_one(two_roles, perm):
    assert regions_with_permission(two_roles.user, perm) == {two_roles.coordinated.region.pk}


def test_two_roles_regions_with_an_editors_permission_are_both(two_roles):
    assert regions_with_permission(two_roles.user, "offers.change_offer") == {
        two_roles.edited.region.pk,
        two_roles.coordinated.region.pk,
    }


# --- workflow actions and views ------------------------------------------------------------


def test_two_roles_publish_action_publishes_only_in_the_coordinated_region(client, two_roles):
    drafts = {
        world: make_offer(
            provider=getattr(two_roles, world).objects["actors.actor"],
            title=f"Entwurf {world}",
            status=EditorialStatus.DRAFT,
            published_at=None,
        )
        for world in ("edited", "coordinated")
    }
    client.force_login(two_roles.user)

    response = client.post(
        changelist(Offer),
        {"action": "publish", "_selected_action": [o.pk for o in drafts.values()]},
        follow=True,
    )

    assert response.redirect_chain == [(changelist(Offer), 302)]
    assert messages_of(response) == [
        "Veröffentlicht: 1",
        "Nicht möglich bei: „Entwurf edited“",
    ]
    assert {w: Offer.objects.get(pk=o.pk).status for w, o in drafts.items()} == {
        "edited": EditorialStatus.DRAFT,
        "coordinated": EditorialStatus.PUBLISHED,
    }


def test_two_roles_approve_action_approves_only_in_the_coordinated_region(client, two_roles):
    submitted = {
        world: make_event(
            organiser=getattr(two_roles, world).objects["school"],
            title=f"Eingereicht {world}",
            status=EventStatus.REVIEW,
        )
        for world in ("edited", "coordinated")
    }
    client.force_login(two_roles.user)

    response = client.post(
        changelist(Event),
        {"action": "approve", "_selected_action": [e.pk for e in submitted.values()]},
        follow=True,
    )

    assert messages_of(response) == ["Freigegeben: 1", "Nicht möglich bei: „Eingereicht edited“"]
    assert {w: Event.objects.get(pk=e.pk).status for w, e in submitted.items()} == {
        "edited": EventStatus.REVIEW,
        "coordinated": EventStatus.PUBLISHED,
    }


@pytest.mark.parametrize(
    ("taken", "edited_inlines"),
    [
        # without any right on meetings: no meeting inline in the edited region
        (["view", "change", "add", "delete"], [WorkingGroupMembership]),
        # the right to change them shows them, too
        (["view"], [WorkingGroupMembership, Meeting]),
    ],
)
def test_two_roles_inlines_follow_the_role_in_the_parents_region(
    client, two_roles, taken, edited_inlines
):
    editors = Group.objects.get(name=ROLE_GROUPS[EDITOR])
    editors.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="actors", codename__in=[f"{a}_meeting" for a in taken]
        )
    )
    client.force_login(two_roles.user)

    def inlines(world):
        response = client.get(admin_url(world.objects["actors.workinggroup"]))
        return [inline.opts.model for inline in response.context["inline_admin_formsets"]]

    assert inlines(two_roles.edited) == edited_inlines
    assert inlines(two_roles.coordinated) == [WorkingGroupMembership, Meeting]


def test_two_roles_meeting_inline_is_read_only_where_the_role_may_not_change_meetings(
    client, two_roles
):
    """The working group may be changed in both regions, its meetings only where the role may:
    without the editors' rights to change and delete meetings, the edited region's inline shows
    them read-only and without delete boxes (new ones may still be added)."""
    editors = Group.objects.get(name=ROLE_GROUPS[EDITOR])
    editors.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="actors", codename__in=["change_meeting", "delete_meeting"]
        )
    )
    client.force_login(two_roles.user)

    def meetings_inline(world):
        response = client.get(admin_url(world.objects["actors.workinggroup"]))
        assert response.context["has_change_permission"] is True
        (inline,) = [
            i for i in response.context["inline_admin_formsets"] if i.opts.model is Meeting
        ]
        (meeting,) = [row for row in inline if row.original]  # the group's one meeting
        rights = ("view", "change", "add", "delete")
        return {
            "rights": [getattr(inline, f"has_{right}_permission") for right in rights],
            "can_delete": inline.formset.can_delete,
            "read_only": list(meeting.readonly_fields),
        }

    assert meetings_inline(two_roles.edited) == {
        "rights": [True, False, True, False],
        "can_delete": False,
        "read_only": ["title", "location", "starts_at", "ends_at", "minutes_public"],
    }
    assert meetings_inline(two_roles.coordinated) == {
        "rights": [True, True, True, True],
        "can_delete": True,
        "read_only": [],
    }


@pytest.mark.parametrize("label", ["offers.offer", "offers.event", "actors.actor"])
def test_two_roles_delete_view_only_in_the_coordinated_region(client, two_roles, label):
    edited = two_roles.edited.objects[label]
    coordinated = two_roles.coordinated.objects[label]
    client.force_login(two_roles.user)

    assert client.get(admin_url(edited, "delete")).status_code == 403
    assert client.post(admin_url(edited, "delete"), {"post": "yes"}).status_code == 403
    assert client.get(admin_url(coordinated, "delete")).status_code == 200
    assert type(edited).objects.filter(pk=edited.pk).exists()


def test_two_roles_change_form_shows_the_delete_link_only_in_the_coordinated_region(
    client, two_roles
):
    client.force_login(two_roles.user)
    pages = {
        world: client.get(admin_url(getattr(two_roles, world).objects["offers.offer"]))
        for world in ("edited", "coordinated")
    }
    assert {w: p.context["has_delete_permission"] for w, p in pages.items()} == {
        "edited": False,
        "coordinated": True,
    }
    assert {w: p.context["has_change_permission"] for w, p in pages.items()} == {
        "edited": True,
        "coordinated": True,
    }


def test_two_roles_region_page_is_changed_only_in_the_coordinated_region(client, two_roles):
    client.force_login(two_roles.user)
    edited = two_roles.edited.region
    coordinated = two_roles.coordinated.region

    read_only = client.get(admin_url(edited))
    assert (read_only.status_code, read_only.context["has_change_permission"]) == (200, False)
    refused = client.post(admin_url(edited), {"name": "Übernommen", "summary": "x"})
    assert refused.status_code == 403
    edited.refresh_from_db()
    assert edited.name != "Übernommen"

    page = client.get(admin_url(coordinated))
    data = page_data(page, summary="Neue Kurzbeschreibung")
    assert client.post(admin_url(coordinated), data).status_code == 302
    coordinated.refresh_from_db()
    assert coordinated.summary == "Neue Kurzbeschreibung"


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("offers.offer", "Erfolgreich 1 Angebot gelöscht."),
        ("offers.event", "Erfolgreich 1 Veranstaltung gelöscht."),
        ("regions.document", "Erfolgreich 1 Dokument gelöscht."),
    ],
)
def test_two_roles_bulk_delete_removes_only_rows_of_the_coordinated_region(
    client, two_roles, label, message
):
    """Issue item: a bulk delete limited to the regions where the role may delete."""
    edited = two_roles.edited.objects[label]
    coordinated = two_roles.coordinated.objects[label]
    model = type(edited)
    selection = {"action": "delete_selected", "_selected_action": [edited.pk, coordinated.pk]}
    client.force_login(two_roles.user)

    confirmation = client.post(changelist(model), selection)

    assert confirmation.status_code == 200
    assert list(confirmation.context["queryset"]) == [coordinated]
    assert confirmation.context["perms_lacking"] == set()
    deleted = client.post(changelist(model), {**selection, "post": "yes"}, follow=True)
    assert deleted.redirect_chain == [(changelist(model), 302)]
    assert messages_of(deleted) == [message]
    assert list(model.objects.filter(pk__in=[edited.pk, coordinated.pk])) == [edited]


def test_two_roles_bulk_delete_of_edited_rows_only_deletes_nothing(client, two_roles):
    edited = two_roles.edited.objects["offers.offer"]
    client.force_login(two_roles.user)
    response = client.post(
        changelist(Offer),
        {"action": "delete_selected", "_selected_action": [edited.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert messages_of(response) == []
    assert list(Offer.objects.filter(pk=edited.pk)) == [edited]


def test_two_roles_confirm_current_only_where_the_role_may_change(client, two_roles):
    old = datetime.date(2020, 1, 1)
    municipalities = {
        world: getattr(two_roles, world).objects["regions.municipality"]
        for world in ("edited", "coordinated")
    }
    Municipality.objects.filter(pk__in=[m.pk for m in municipalities.values()]).update(
        last_reviewed=old
    )
    client.force_login(two_roles.user)

    response = client.post(
        changelist(Municipality),
        {
            "action": "confirm_current",
            "_selected_action": [m.pk for m in municipalities.values()],
        },
        follow=True,
    )

    assert messages_of(response) == ["1 Eintrag als aktuell bestätigt."]
    assert {
        w: Municipality.objects.get(pk=m.pk).last_reviewed for w, m in municipalities.items()
    } == {"edited": old, "coordinated": timezone.localdate()}


# --- what an editor does not see stays hidden ------------------------------------------------


def test_two_roles_lists_accounts_and_memberships_only_of_the_coordinated_region(client, two_roles):
    user = two_roles.user
    coordinated = two_roles.coordinated
    client.force_login(user)

    def shown(model):
        response = client.get(changelist(model))
        assert response.status_code == 200
        return sorted(str(obj) for obj in response.context["cl"].result_list)

    accounts_of = {
        "stade-test": ["koordination-a", "redaktion-a", "schule-stade-test"],
        "lueneburg-test": ["koordination-b", "schule-lueneburg-test"],
    }
    assert shown(User) == sorted([*accounts_of[coordinated.region.slug], user.username])
    assert shown(StaffMembership) == sorted(
        str(m) for m in StaffMembership.objects.filter(region=coordinated.region)
    )
    assert shown(InstitutionMembership) == [
        str(coordinated.objects["actors.institutionmembership"])
    ]


@pytest.mark.parametrize(
    "label", ["bildungsregion.user", "regions.staffmembership", "actors.institutionmembership"]
)
def test_two_roles_entries_hidden_from_the_editor_role_are_not_found(client, two_roles, label):
    """A row of the edited region that editors may not see answers like one of a third
    region: 404 on every page of it, also when the user coordinates another region."""
    key = "school_user" if label == "bildungsregion.user" else label
    hidden = two_roles.edited.objects[key]
    client.force_login(two_roles.user)
    statuses = [client.get(admin_url(hidden, kind)).status_code for kind in ("change", "delete")]
    statuses.append(client.get(admin_url(hidden, "history")).status_code)
    assert statuses == [404, 404, 404]
    assert client.get(admin_url(two_roles.coordinated.objects[key])).status_code == 200


# --- entries are placed only where the role may add them ------------------------------------


def test_two_roles_staff_membership_is_not_created_in_the_edited_region(client, two_roles):
    """Issue item: an editor in one region acts as coordinator in it because they coordinate
    another region – here by making someone a coordinator there."""
    client.force_login(two_roles.user)
    add = reverse("admin:regions_staffmembership_add")
    form = client.get(add).context["adminform"].form
    assert list(form.fields["region"].queryset) == [two_roles.coordinated.region]
    target = two_roles.coordinated.objects["school_user"]

    refused = client.post(
        add, {"user": target.pk, "region": two_roles.edited.region.pk, "role": COORDINATOR}
    )

    assert refused.status_code == 200
    assert list(refused.context["adminform"].form.errors) == ["region"]
    assert list(target.staff_memberships.all()) == []
    created = client.post(
        add, {"user": target.pk, "region": two_roles.coordinated.region.pk, "role": EDITOR}
    )
    assert (created.status_code, created["Location"]) == (302, changelist(StaffMembership))
    assert list(target.staff_memberships.values_list("region", "role")) == [
        (two_roles.coordinated.region.pk, EDITOR)
    ]


def test_two_roles_staff_membership_is_not_moved_into_the_edited_region(client, two_roles):
    membership = StaffMembership.objects.create(
        user=two_roles.coordinated.objects["school_user"],
        region=two_roles.coordinated.region,
        role=EDITOR,
    )
    client.force_login(two_roles.user)
    url = admin_url(membership)
    data = page_data(client.get(url), region=str(two_roles.edited.region.pk), role=COORDINATOR)

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert list(refused.context["adminform"].form.errors) == ["region"]
    membership.refresh_from_db()
    assert (membership.region, membership.role) == (two_roles.coordinated.region, EDITOR)


def test_two_roles_institution_account_is_not_linked_in_the_edited_region(client, two_roles):
    client.force_login(two_roles.user)
    add = reverse("admin:actors_institutionmembership_add")
    teacher = two_roles.coordinated.objects["school_user"]

    refused = client.post(add, {"user": teacher.pk, "actor": two_roles.edited.objects["school"].pk})

    assert refused.status_code == 200
    assert list(refused.context["adminform"].form.errors) == ["actor"]
    assert list(teacher.institution_memberships.values_list("actor", flat=True)) == [
        two_roles.coordinated.objects["school"].pk
    ]
    linked = client.post(
        add, {"user": teacher.pk, "actor": two_roles.coordinated.objects["actors.actor"].pk}
    )
    assert (linked.status_code, linked["Location"]) == (302, changelist(InstitutionMembership))
    assert set(teacher.institution_memberships.values_list("actor", flat=True)) == {
        two_roles.coordinated.objects["school"].pk,
        two_roles.coordinated.objects["actors.actor"].pk,
    }


def test_two_roles_municipality_is_added_only_in_the_coordinated_region(client, two_roles):
    client.force_login(two_roles.user)
    add = reverse("admin:regions_municipality_add")
    page = client.get(add)
    assert list(page.context["adminform"].form.fields["region"].queryset) == [
        two_roles.coordinated.region
    ]
    data = page_data(
        page,
        name="Neuort",
        slug="neuort",
        postcode="21680",
        latitude="53.5",
        longitude="9.4",
        last_reviewed="2026-01-01",
    )

    refused = client.post(add, {**data, "region": str(two_roles.edited.region.pk)})

    assert refused.status_code == 200
    assert list(refused.context["adminform"].form.errors) == ["region"]
    assert not Municipality.objects.filter(slug="neuort").exists()
    created = client.post(add, {**data, "region": str(two_roles.coordinated.region.pk)})
    assert (created.status_code, created["Location"]) == (302, changelist(Municipality))
    assert Municipality.objects.get(slug="neuort").region == two_roles.coordinated.region


def test_two_roles_offer_may_be_added_in_both_regions(client, two_roles):
    """Editors add offers too: both regions are offered, in the admin's order."""
    client.force_login(two_roles.user)
    form = client.get(reverse("admin:offers_offer_add")).context["adminform"].form
    assert sorted(form.fields["region"].queryset, key=lambda r: r.pk) == sorted(
        [two_roles.edited.region, two_roles.coordinated.region], key=lambda r: r.pk
    )
    assert form.initial == {}  # two regions: nothing preselected
    chosen = str(two_roles.edited.region.pk)
    page = client.get(reverse("admin:offers_offer_add"), {"region": chosen})
    assert page.context["adminform"].form.initial == {"region": chosen}  # as in the address


def test_two_roles_document_is_not_deleted_or_moved_by_the_editor_role(client, two_roles):
    document = two_roles.coordinated.objects["regions.document"]
    client.force_login(two_roles.user)
    url = admin_url(document)
    data = page_data(client.get(url), region=str(two_roles.edited.region.pk))
    # Editors may add and change documents: moving it to the edited region is allowed.
    assert client.post(url, data).status_code == 302
    assert Document.objects.get(pk=document.pk).region == two_roles.edited.region
    assert client.get(admin_url(document, "delete")).status_code == 403


# --- accounts ------------------------------------------------------------------------------


def test_two_roles_new_account_works_for_the_coordinated_region(client, two_roles):
    client.force_login(two_roles.user)
    response = client.post(
        reverse("admin:bildungsregion_user_add"),
        {
            "username": "neu-im-buero",
            "usable_password": "false",
        },
    )
    user = User.objects.get(username="neu-im-buero")
    assert (response.status_code, response["Location"]) == (302, admin_url(user))
    assert list(user.staff_memberships.values_list("region", "role")) == [
        (two_roles.coordinated.region.pk, EDITOR)
    ]


def invite(client, email, school):
    return client.post(
        reverse("admin:bildungsregion_user_invite"), {"email": email, "institutions": [school.pk]}
    )


def test_two_roles_invitation_only_for_institutions_of_the_coordinated_region(
    client, two_roles, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(two_roles.user)
    page = client.get(reverse("admin:bildungsregion_user_invite"))
    offered = {pk for pk, _label in page.context["form"].fields["institutions"].choices}
    coordinated = two_roles.coordinated.objects
    assert offered == {coordinated["actors.actor"].pk, coordinated["school"].pk}

    with django_capture_on_commit_callbacks(execute=True):
        refused = invite(client, "neu@schule.example", two_roles.edited.objects["school"])
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["institutions"]
    assert mailoutbox == []
    assert not User.objects.filter(email="neu@schule.example").exists()

    with django_capture_on_commit_callbacks(execute=True):
        invited = invite(client, "neu@schule.example", coordinated["school"])
    assert (invited.status_code, invited["Location"]) == (
        302,
        reverse("admin:bildungsregion_user_changelist"),
    )
    account = User.objects.get(email="neu@schule.example")
    assert list(account.institution_memberships.values_list("actor", flat=True)) == [
        coordinated["school"].pk
    ]
    assert [m.to for m in mailoutbox] == [["neu@schule.example"]]


def test_two_roles_invitation_does_not_reveal_an_account_of_the_edited_region(
    client, two_roles, mailoutbox, django_capture_on_commit_callbacks
):
    """Editors see no accounts: an address of the edited region gets the neutral answer."""
    client.force_login(two_roles.user)
    elsewhere = two_roles.edited.objects["school_user"].email
    school = two_roles.coordinated.objects["school"]
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, elsewhere, school)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": [
            "Für diese E-Mail-Adresse kann keine Einladung angelegt werden. Bitte wenden Sie "
            "sich an die Verwaltung des Portals."
        ]
    }
    assert mailoutbox == []
    assert not InstitutionMembership.objects.filter(user__email=elsewhere, actor=school).exists()
