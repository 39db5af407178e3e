"""The scoping functions and the role backend on their own, and the admin's pieces that depend
on how many regions and which role a user has: inactive and de-flagged accounts hold no role,
a teacher at two schools of one region is one row, actions and filters follow the role."""

import pytest
from django.contrib.admin import AdminSite
from django.contrib.admin import site as admin_site
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from actors.models import Actor, InstitutionMembership
from bildungsregion.models import User
from offers import services
from offers.models import EditorialStatus, Event, Offer
from regions.admin_scoping import ScopedModelAdmin
from regions.auth import ROLE_GROUPS, regions_with_permission, viewable
from regions.models import Municipality, StaffMembership
from regions.scoping import (
    for_regions,
    region_roles,
    regions_of,
    scope_queryset,
    within_regions,
)
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_offer

pytestmark = pytest.mark.django_db


# --- accounts that hold no role ------------------------------------------------------------


def test_inactive_staff_holds_no_role_and_sees_no_row(users, world_a):
    coordinator = users["coordinator_a"]
    coordinator.is_active = False
    coordinator.save()
    coordinator = User.objects.get(pk=coordinator.pk)  # no cached roles

    assert region_roles(coordinator) == {}
    assert list(scope_queryset(Offer.objects.all(), coordinator)) == []
    assert regions_with_permission(coordinator, "offers.publish_offer") == set()
    assert coordinator.has_perm("offers.publish_offer", world_a.objects["offers.offer"]) is False


def test_inactive_superuser_is_not_unscoped(users, world_a, world_b):
    superuser = users["superuser"]
    superuser.is_active = False
    superuser.save()

    assert list(scope_queryset(Offer.objects.all(), superuser)) == []
    assert regions_with_permission(superuser, "offers.publish_offer") == set()
    assert list(viewable(Offer.objects.all(), superuser)) == []


def test_account_without_the_staff_flag_keeps_no_right_of_its_role(users, world_a):
    """Taking the staff flag away locks an account out of its role, memberships or not."""
    coordinator = users["coordinator_a"]
    coordinator.is_staff = False
    coordinator.save()
    coordinator = User.objects.get(pk=coordinator.pk)
    draft = make_offer(
        provider=world_a.objects["actors.actor"],
        status=EditorialStatus.DRAFT,
        published_at=None,
    )

    assert coordinator.has_perm("offers.publish_offer", draft) is False
    assert coordinator.get_all_permissions() == set()
    assert regions_with_permission(coordinator, "offers.publish_offer") == set()
    with pytest.raises(PermissionDenied):
        services.offer_publish(offer=draft, by=coordinator)
    assert Offer.objects.get(pk=draft.pk).status == EditorialStatus.DRAFT


def test_superuser_is_unscoped(users, world_a, world_b):
    superuser = users["superuser"]
    assert regions_with_permission(superuser, "offers.publish_offer") is None
    assert set(viewable(Offer.objects.all(), superuser)) == set(Offer.objects.all())
    assert set(scope_queryset(Offer.objects.all(), superuser)) == set(Offer.objects.all())


# --- rows of several regions, or reached by several paths ----------------------------------


@pytest.fixture
def teacher_at_two_schools(users, world_a):
    """Two institutions in one region, one teacher at both (and staff in the same region)."""
    second_school = make_actor(world_a.region, name="Gymnasium Stade", kind="gymnasium")
    teacher = world_a.objects["school_user"]
    InstitutionMembership.objects.create(user=teacher, actor=second_school)
    return teacher


def test_teacher_at_two_schools_of_one_region_is_one_row(
    client, users, world_a, teacher_at_two_schools
):
    region = {world_a.region.pk}
    accounts = User.objects.filter(username__in=["schule-stade-test", "redaktion-a"])
    assert sorted(for_regions(accounts, region).values_list("username", flat=True)) == [
        "redaktion-a",
        "schule-stade-test",
    ]
    assert regions_of(User.objects.get(pk=teacher_at_two_schools.pk)) == region

    client.force_login(users["coordinator_a"])
    response = client.get(reverse("admin:bildungsregion_user_changelist"))
    assert sorted(u.username for u in response.context["cl"].result_list) == [
        "koordination-a",
        "redaktion-a",
        "schule-stade-test",
    ]


def test_within_regions_keeps_staff_without_institutions(users, world_a, world_b):
    """An account with staff memberships only: its missing institution is no region."""
    staff = User.objects.filter(username__in=["redaktion-a", "koordination-b"])
    assert list(within_regions(staff, {world_a.region.pk}).values_list("username", flat=True)) == [
        "redaktion-a"
    ]


def test_regions_of_a_user_are_those_of_staff_and_institution_memberships(users, world_a, world_b):
    teacher = world_b.objects["school_user"]
    StaffMembership.objects.create(user=teacher, region=world_a.region, role="redaktion")
    assert regions_of(User.objects.get(pk=teacher.pk)) == {world_a.region.pk, world_b.region.pk}
    assert regions_of(users["superuser"]) == set()
    assert regions_of(world_a.region) == {world_a.region.pk}
    assert regions_of(world_a.objects["regions.postalcode"]) == {world_a.region.pk}


def test_for_regions_of_regions_and_reached_rows(world_a, world_b):
    from regions.models import PostalCode, Region

    assert list(for_regions(Region.objects.all(), {world_b.region.pk})) == [world_b.region]
    assert list(for_regions(PostalCode.objects.all(), {world_a.region.pk})) == [
        world_a.objects["regions.postalcode"]
    ]
    assert list(for_regions(Region.objects.all(), set())) == []


# --- the admin's list pieces follow the role -----------------------------------------------


def action_names(response):
    """The actions the list offers (none: no action form at all)."""
    form = response.context["action_form"]
    return None if form is None else [name for name, _ in form.fields["action"].choices]


def test_confirm_current_is_offered_only_where_the_role_may_change(client, users, world_a):
    url = reverse("admin:regions_municipality_changelist")
    client.force_login(users["editor_a"])  # may only look at municipalities
    assert action_names(client.get(url)) is None
    client.force_login(users["coordinator_a"])
    assert action_names(client.get(url)) == ["", "confirm_current"]


def filter_titles(response):
    return [str(spec.title) for spec in response.context["cl"].filter_specs]


def test_region_filter_only_for_users_of_several_regions(client, users, two_roles):
    url = reverse("admin:regions_municipality_changelist")
    client.force_login(users["coordinator_a"])
    assert filter_titles(client.get(url)) == ["Art", "Stand"]
    client.force_login(two_roles.user)
    assert filter_titles(client.get(url)) == ["Region", "Art", "Stand"]
    client.force_login(users["superuser"])
    assert filter_titles(client.get(url)) == ["Region", "Art", "Stand"]


def test_staff_inline_of_an_account_shows_only_memberships_the_coordinator_sees(
    client, users, world_a, world_b
):
    account = make_user("stade-und-lueneburg", region=world_b.region, role="koordination")
    mine = StaffMembership.objects.create(user=account, region=world_a.region, role="redaktion")
    client.force_login(users["coordinator_a"])
    response = client.get(reverse("admin:bildungsregion_user_change", args=[account.pk]))
    (inline,) = response.context["inline_admin_formsets"]
    assert list(inline.formset.queryset) == [mine]


def test_municipality_list_of_the_coordinator_holds_only_the_own_region(client, users, world_a):
    client.force_login(users["coordinator_a"])
    response = client.get(reverse("admin:regions_municipality_changelist"))
    assert list(response.context["cl"].result_list) == list(
        Municipality.objects.filter(region=world_a.region)
    )


def test_a_role_that_may_change_but_not_view_a_kind_still_sees_its_rows(client, users, world_a):
    """Superusers may adjust the role groups; as in Django's admin, changing implies seeing."""
    group = Group.objects.get(name=ROLE_GROUPS[StaffMembership.Role.EDITOR])
    group.permissions.remove(
        Permission.objects.get(content_type__app_label="offers", codename="view_offer")
    )
    client.force_login(users["editor_a"])
    response = client.get(reverse("admin:offers_offer_changelist"))
    assert list(response.context["cl"].result_list) == [world_a.objects["offers.offer"]]
    assert list(viewable(Offer.objects.all(), users["editor_a"])) == [
        world_a.objects["offers.offer"]
    ]


def test_object_of_a_model_the_scoping_table_does_not_know_grants_nothing(users):
    coordinator = users["coordinator_a"]
    group = Group.objects.get(name=ROLE_GROUPS[StaffMembership.Role.COORDINATOR])
    assert coordinator.get_all_permissions(group) == set()
    assert coordinator.has_perm("offers.change_offer", group) is False
    assert "offers.change_offer" in coordinator.get_all_permissions()


def test_module_permissions_are_those_of_the_roles(users):
    apps = ["auth", "bildungsregion", "offers", "regions"]
    # Editors see one list of bildungsregion: the broken links of their region.
    assert {key: [users[key].has_module_perms(app) for app in apps] for key in users} == {
        "superuser": [True, True, True, True],
        "coordinator_a": [False, True, True, True],
        "editor_a": [False, True, True, True],
        "coordinator_b": [False, True, True, True],
        "staff_without_region": [False, False, False, False],
    }


# --- the choices of a relation follow the related model's admin ------------------------------


def test_relation_choices_are_ordered_like_the_related_admin_and_scoped(rf, users, world_a):
    """A foreign key's and a many-to-many field's choices come in the order the related
    model's admin lists them (here: names backwards), and hold only the user's region's rows."""

    class ActorsBackwards(ScopedModelAdmin):
        ordering = ["-name"]

    site = AdminSite(name="ordering-test")
    site.register(Actor, ActorsBackwards)
    site.register(Offer, ScopedModelAdmin)
    site.register(Event, ScopedModelAdmin)
    request = rf.get("/")
    request.user = users["coordinator_a"]
    region_a = world_a.region
    make_actor(region_a, name="Aaa Verein")
    make_actor(region_a, name="Zzz Verein")
    backwards = list(
        Actor.objects.filter(region=region_a).order_by("-name").values_list("name", flat=True)
    )

    provider = site._registry[Offer].formfield_for_foreignkey(
        Offer._meta.get_field("provider"), request
    )
    co_organisers = site._registry[Event].formfield_for_manytomany(
        Event._meta.get_field("co_organisers"), request
    )

    assert [actor.name for actor in provider.queryset] == backwards
    assert [actor.name for actor in co_organisers.queryset] == backwards
    assert backwards[0] == "Zzz Verein" and backwards[-1] == "Aaa Verein"


def test_an_entry_of_another_region_is_not_found_and_the_404_says_why(rf, users, world_a, world_b):
    """The change, delete and history views ask get_object: an entry the user does not see
    answers like one that does not exist, with a German reason (shown with DEBUG on)."""
    model_admin = admin_site._registry[Offer]
    request = rf.get("/admin/")
    request.user = users["editor_a"]
    own, other = world_a.objects["offers.offer"], world_b.objects["offers.offer"]

    assert model_admin.get_object(request, str(own.pk)) == own
    with pytest.raises(Http404) as refused:
        model_admin.get_object(request, str(other.pk))
    assert str(refused.value) == (
        "Diesen Eintrag gibt es nicht oder er gehört zu einer anderen Region."
    )
    # By another field (the admin's ?_to_field=): the same rule.
    assert model_admin.get_object(request, own.slug, "slug") == own
    with pytest.raises(Http404):
        model_admin.get_object(request, other.slug, "slug")
