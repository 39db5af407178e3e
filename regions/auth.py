"""Permissions of Bildungsbüro staff, computed from their staff memberships.

Why a backend and not group membership: the role lives in one place, ``StaffMembership.role``
(per region). Copying it into ``User.groups`` would need a sync on every save, bulk insert and
delete of a membership (the demo data, imports, the admin inline), and a stale copy would grant
rights in a region the user has left. The backend instead reads the memberships and gives a
user, for each region, the permissions of the group that stands for the role there
(``ROLE_GROUPS``; the groups and their permissions are created by migration
``bildungsregion.0002_staff_roles`` and can be adjusted by superusers in the admin).

Object permissions are per region: ``user.has_perm("offers.publish_offer", offer)`` is true only
if the user's role *in the offer's region* carries the permission. Without an object the answer
is the union over the user's regions (what the admin index and changelists need).

A user account belongs to every region it works for (staff and institution memberships). Such
a row may be *seen* by a role in any of its regions, but changed (or anything else) only by
someone whose role carries the permission in *every* one of them.

What a user *sees* of a kind of entry is per region too (``viewable``): the rows of the regions
where their role may view or change that kind, so that coordinating one region does not show
the accounts of another region in which the user is only an editor.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import Permission

from .scoping import REGION_PATHS, for_regions, region_roles, regions_of, scope_queryset

# StaffMembership.Role value → name of the group holding that role's permissions.
ROLE_GROUPS = {
    "redaktion": "Bildungsbüro: Redaktion",
    "koordination": "Bildungsbüro: Koordination",
}


def role_permissions(user):
    """{role: {"app_label.codename", …}} for the roles the user holds; cached on the user."""
    cached = getattr(user, "_role_permissions_cache", None)
    if cached is None:
        roles = set(region_roles(user).values())
        cached = {role: set() for role in roles}
        names = {ROLE_GROUPS[role]: role for role in roles if role in ROLE_GROUPS}
        if names:
            rows = Permission.objects.filter(group__name__in=names).values_list(
                "group__name", "content_type__app_label", "codename"
            )
            for group_name, app_label, codename in rows:
                cached[names[group_name]].add(f"{app_label}.{codename}")
        user._role_permissions_cache = cached
    return cached


class RegionRoleBackend(BaseBackend):
    """Grants staff the permissions of their role, per region (see the module docstring)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or not user_obj.is_staff:
            return set()
        roles = region_roles(user_obj)
        if not roles:
            return set()
        by_role = role_permissions(user_obj)
        if obj is None:
            held = set(roles.values())
        else:
            label = obj._meta.label_lower
            if label not in REGION_PATHS:
                return set()
            if REGION_PATHS[label] is None:  # reference data: the same for every region
                held = set(roles.values())
            elif isinstance(REGION_PATHS[label], tuple):  # a row of several regions: users
                return _permissions_in_every_region(roles, by_role, regions_of(obj))
            else:
                held = {roles[rid] for rid in regions_of(obj) if rid in roles}
        permissions = set()
        for role in held:
            permissions |= by_role.get(role, set())
        return permissions

    def get_group_permissions(self, user_obj, obj=None):
        return self.get_all_permissions(user_obj, obj)

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        prefix = f"{app_label}."
        return any(perm.startswith(prefix) for perm in self.get_all_permissions(user_obj))


def _permissions_in_every_region(roles, by_role, region_ids):
    """The permissions on a row that belongs to several regions (a user account): viewing it
    needs a role in one of them, anything else the permission in every one. Otherwise the
    coordinator of one region could take over an account that also works for another."""
    per_region = [by_role.get(roles.get(rid), set()) for rid in region_ids]
    if not per_region:
        return set()
    everywhere = set.intersection(*per_region)
    viewing = {perm for perm in set().union(*per_region) if ".view_" in perm}
    return everywhere | viewing


def regions_with_permission(user, perm):
    """Ids of the regions in which ``user``'s role carries ``perm`` (None: all, for superusers)."""
    if user.is_active and user.is_superuser:
        return None
    if not user.is_active or not user.is_staff:
        return set()
    by_role = role_permissions(user)
    return {rid for rid, role in region_roles(user).items() if perm in by_role.get(role, set())}


def viewable(queryset, user):
    """The rows of ``queryset`` that ``user`` may see: of a region-scoped model those of the
    regions where the user's role carries its view or change permission (a role elsewhere adds
    nothing), of reference data what ``scope_queryset`` gives (everything to staff)."""
    opts = queryset.model._meta
    if REGION_PATHS.get(opts.label_lower) is None:
        return scope_queryset(queryset, user)
    region_ids = set()
    for action in ("view", "change"):
        perm = f"{opts.app_label}.{get_permission_codename(action, opts)}"
        ids = regions_with_permission(user, perm)
        if ids is None:
            return queryset
        region_ids |= ids
    return for_regions(queryset, region_ids)
