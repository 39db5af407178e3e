"""Both roles of a Bildungsbüro keep the occupational fields of their region's events (as
they keep the events). Copied here on purpose (a migration must not import code that changes
later)."""

from django.db import migrations

GROUPS = ["Bildungsbüro: Redaktion", "Bildungsbüro: Koordination"]
CODENAMES = [
    f"{action}_eventoccupationfield" for action in ("view", "add", "change", "delete")
]


def _permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="portal", codename__in=CODENAMES)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = list(_permissions(apps))
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    gone = Permission.objects.filter(content_type__app_label="portal", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*gone)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_event_occupation_field"),
        ("bildungsregion", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
