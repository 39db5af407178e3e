"""Every admin URL of every model × anonymous / other region / wrong role / right role.

Expected rights come from the role definitions of migration bildungsregion.0002_staff_roles:
what a role lacks must be a 403, what it has a 200; another region's entries, and entries of a
kind the role may not see in their region, are a 404 and never appear in lists or autocomplete
answers.

The two regions and the users are built once for this module (about 0.1 s each time, for some
600 cases); every case runs in its own transaction on top, rolled back after it, with its own
copy of the objects.
"""

import importlib

import pytest
from django.contrib import admin
from django.urls import reverse

from regions.scoping import REGION_PATHS, regions_of
from tests.admin.conftest import fixtures_built_once

roles = importlib.import_module("bildungsregion.migrations.0002_staff_roles")
link_checks = importlib.import_module("bildungsregion.migrations.0006_link_checks")

change_request_roles = importlib.import_module("offers.migrations.0015_change_request_roles")
funding_roles = importlib.import_module("funding.migrations.0002_roles")
careers_roles = importlib.import_module("careers.migrations.0002_search_vector_roles_occupations")
usage_roles = importlib.import_module("usage.migrations.0002_roles_view_page_feedback")


def _with_later_grants(permissions, group):
    """A role's permissions of 0002, with those later migrations gave it: the link check's
    (both roles), those on the providers' changes (offers/0015) and on funding (funding/0002)."""
    merged = {app: dict(models) for app, models in permissions.items()}
    for app_label, model, codename in link_checks.PERMISSIONS:
        action = codename.removesuffix(f"_{model}")
        merged.setdefault(app_label, {}).setdefault(model, [])
        merged[app_label][model] = [*merged[app_label][model], action]
    merged["offers"]["changerequest"] = [
        codename.split("_")[0] for codename in change_request_roles.GRANTS[group]
    ]
    for codename in funding_roles.GRANTS[group]:
        action, _, model = codename.partition("_")
        merged.setdefault("funding", {}).setdefault(model, []).append(action)
    for codename in careers_roles.GRANTS[group]:
        action, _, model = codename.partition("_")
        merged.setdefault("careers", {}).setdefault(model, []).append(action)
    for codename in usage_roles.CODENAMES:  # both roles
        action, _, model = codename.partition("_")
        merged.setdefault("usage", {}).setdefault(model, []).append(action)
    return merged


EDITOR_PERMISSIONS = _with_later_grants(roles.EDITOR_PERMISSIONS, roles.EDITOR)
COORDINATOR_PERMISSIONS = _with_later_grants(roles.COORDINATOR_PERMISSIONS, roles.COORDINATOR)
ROLE_PERMISSIONS = {
    "editor_a": EDITOR_PERMISSIONS,
    "coordinator_a": COORDINATOR_PERMISSIONS,
    "coordinator_b": COORDINATOR_PERMISSIONS,
}
# Adding is refused to staff for these, whatever the role says.
SUPERUSER_ONLY_ADD = {"regions.accessibilityfeedback"}
# PostalCode is edited only inline (in its municipality), all others have their own admin.
INLINE_ONLY = {
    "regions.postalcode",
    "funding.criterion",
    "funding.question",
    "funding.costline",
    "funding.answer",
    "funding.attachment",
    "funding.reportfile",
    "funding.review",
    "funding.score",
    # Edited in the admin of events only (portal.admin.EventOccupationFieldInline).
    "portal.eventoccupationfield",
}
# Kept at Land level only (superusers): refused to everybody else, whatever their region.
LAND_LEVEL = {"bildungsregion.thesaurusentry", "regions.legaldetails"}
# One row for the whole portal: never added a second time, never deleted, not even by
# superusers.
SINGLETON = {"regions.legaldetails"}
# Made by the provider area and decided with their buttons: never added or deleted in the
# admin, not even by superusers.
NOT_ADDED_NOR_DELETED = {"offers.changerequest", "funding.application"}
# Answers of visitors ("War diese Seite hilfreich?"): never added or changed in the admin, only
# viewed and deleted.
VISITORS_ANSWERS = {"usage.pagefeedback"}
# Derived data (the link check's list): only viewed, by everybody who may see it.
DERIVED = {"bildungsregion.brokenlink"}
LABELS = sorted(set(REGION_PATHS) - INLINE_ONLY)
KINDS = ["changelist", "add", "change", "delete", "history"]
pytestmark = pytest.mark.django_db


# The fixtures of tests/admin/conftest.py, from the rows built once for this module.
world_a, world_b, users = fixtures_built_once()


def url_for(label, kind, obj):
    app_label, model_name = label.split(".")
    name = f"admin:{app_label}_{model_name}_{kind}"
    if kind in {"changelist", "add"}:
        return reverse(name)
    return reverse(name, args=[obj.pk])


def may(user_key, label, action):
    if label in SINGLETON | NOT_ADDED_NOR_DELETED and action in {"add", "delete"}:
        return False
    if label in DERIVED and action != "view":
        return False
    if label in VISITORS_ANSWERS and action == "add":
        return False
    if user_key == "superuser":
        return True
    if action == "add" and label in SUPERUSER_ONLY_ADD:
        return False
    app_label, model_name = label.split(".")
    granted = ROLE_PERMISSIONS.get(user_key, {}).get(app_label, {}).get(model_name, [])
    if action == "view":
        return "view" in granted or "change" in granted
    return action in granted


def expected_status(user_key, label, kind):
    object_kinds = {"change", "delete", "history"}
    hidden = user_key == "coordinator_b" or not may(user_key, label, "view")
    if kind in object_kinds and REGION_PATHS[label] is not None and hidden:
        # Another region's entry, or one of a kind the role does not see in its region.
        return 404
    action = {"changelist": "view", "change": "view", "history": "view"}.get(kind, kind)
    return 200 if may(user_key, label, action) else 403


def test_every_model_of_the_admin_is_in_the_scoping_table():
    ours = {"regions", "actors", "offers", "funding", "careers", "usage", "bildungsregion"}
    registered = {m._meta.label_lower for m in admin.site._registry if m._meta.app_label in ours}
    assert registered == set(REGION_PATHS) - INLINE_ONLY


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("label", LABELS)
def test_admin_url_anonymous_is_sent_to_login(client, users, world_a, label, kind):
    url = url_for(label, kind, world_a.objects[label])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "user_key", ["superuser", "coordinator_a", "editor_a", "coordinator_b", "staff_without_region"]
)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("label", LABELS)
def test_admin_url_status_by_region_and_role(client, users, world_a, label, kind, user_key):
    client.force_login(users[user_key])
    obj = world_a.objects[label]
    response = client.get(url_for(label, kind, obj))
    if user_key == "staff_without_region":
        # Sees no entry at all: lists are refused, entries of any region are not found.
        expected = 403 if kind in {"changelist", "add"} or label in LAND_LEVEL else 404
        assert response.status_code == expected
        return
    assert response.status_code == expected_status(user_key, label, kind)


@pytest.mark.parametrize("label", LABELS)
def test_changelist_of_other_region_shows_none_of_its_rows(client, users, world_a, world_b, label):
    client.force_login(users["coordinator_b"])
    response = client.get(url_for(label, "changelist", None))
    if response.status_code == 403:
        assert not may("coordinator_b", label, "view")
        return
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown, "world B has a row of every kind"
    if REGION_PATHS[label] is not None:
        assert {rid for obj in shown for rid in regions_of(obj)} == {world_b.region.pk}
        assert world_a.objects[label].pk not in {obj.pk for obj in shown}


def _autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        fields = list(model_admin.autocomplete_fields)
        for inline in model_admin.inlines:
            fields += [(inline.model, name) for name in inline.autocomplete_fields]
        for field in fields:
            source, name = field if isinstance(field, tuple) else (model, field)
            yield pytest.param(source, name, id=f"{source._meta.label_lower}.{name}")


def autocomplete(client, source, field_name):
    return client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": source._meta.app_label,
            "model_name": source._meta.model_name,
            "field_name": field_name,
            "term": "",
        },
    )


def expected_autocomplete(related, roles_by_region):
    """(status, sorted ids) of an autocomplete of ``related`` for a user with the role
    permissions ``roles_by_region`` ({region id: permissions as in the migration}): the rows of
    the regions where the role may view or change ``related``, all reference data, 403 if the
    user may see ``related`` nowhere. Computed row by row in Python, not by the scoping query."""
    label = related._meta.label_lower
    app_label, model_name = label.split(".")
    allowed = {
        region_id
        for region_id, granted in roles_by_region.items()
        if {"view", "change"} & set(granted.get(app_label, {}).get(model_name, []))
    }
    if not allowed:
        return 403, None
    rows = related._default_manager.all()
    if label == "bildungsregion.user":
        rows = rows.filter(is_superuser=False)  # never shown to staff
    if REGION_PATHS[label] is None:
        return 200, sorted(row.pk for row in rows)
    return 200, sorted(row.pk for row in rows if regions_of(row) & allowed)


@pytest.mark.parametrize("user_key", ["coordinator_b", "editor_a"])
@pytest.mark.parametrize(("source", "field_name"), list(_autocomplete_fields()))
def test_autocomplete_never_answers_with_rows_of_another_region(
    client, users, world_a, world_b, source, field_name, user_key
):
    related = source._meta.get_field(field_name).remote_field.model
    region = {"coordinator_b": world_b.region, "editor_a": world_a.region}[user_key]
    status, ids = expected_autocomplete(related, {region.pk: ROLE_PERMISSIONS[user_key]})
    client.force_login(users[user_key])

    response = autocomplete(client, source, field_name)

    assert response.status_code == status
    if status == 403:
        # Only the account kinds are refused to editors, and the refusal carries no rows.
        assert related._meta.label_lower in {
            "bildungsregion.user",
            "regions.staffmembership",
            "actors.institutionmembership",
        }
        assert (user_key, response.get("Content-Type", "").startswith("text/html")) == (
            "editor_a",
            True,
        )
        assert '"results"' not in response.content.decode()
        return
    answer = response.json()
    assert answer["pagination"] == {"more": False}
    assert sorted(int(item["id"]) for item in answer["results"]) == ids
    assert ids, "every region has a row of every kind"


@pytest.mark.parametrize(("source", "field_name"), list(_autocomplete_fields()))
def test_autocomplete_of_a_user_with_two_roles_follows_the_role_per_region(
    client, two_roles, source, field_name
):
    related = source._meta.get_field(field_name).remote_field.model
    status, ids = expected_autocomplete(
        related,
        {
            two_roles.edited.region.pk: EDITOR_PERMISSIONS,
            two_roles.coordinated.region.pk: COORDINATOR_PERMISSIONS,
        },
    )
    client.force_login(two_roles.user)

    response = autocomplete(client, source, field_name)

    assert (response.status_code, status) == (200, 200)
    answer = response.json()
    assert answer["pagination"] == {"more": False}
    assert sorted(int(item["id"]) for item in answer["results"]) == ids
    assert ids


def test_view_on_site_redirect_of_other_region_is_404(client, users, world_a):
    from django.contrib.contenttypes.models import ContentType

    offer = world_a.objects["offers.offer"]
    content_type = ContentType.objects.get_for_model(offer)
    url = reverse("admin:view_on_site", args=[content_type.pk, offer.pk])
    client.force_login(users["coordinator_b"])
    assert client.get(url).status_code == 404
    client.force_login(users["coordinator_a"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(offer.get_absolute_url())
