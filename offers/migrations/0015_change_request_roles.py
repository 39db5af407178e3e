"""The roles' rights on the providers' changes (offers.ChangeRequest, offers.moderation): both
roles of a Bildungsbüro see them; the coordination approves and rejects them
(``moderate_changerequest``), as it publishes offers and approves events. Copied here on purpose
(a migration must not import code that changes later)."""

from django.db import migrations

EDITOR = "Bildungsbüro: Redaktion"
COORDINATOR = "Bildungsbüro: Koordination"

GRANTS = {
    EDITOR: ["view_changerequest"],
    COORDINATOR: ["view_changerequest", "moderate_changerequest"],
}


def _permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("offers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="offers", content_type__model="changerequest"
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = {p.codename: p for p in _permissions(apps)}
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    gone = Permission.objects.filter(
        content_type__app_label="offers", content_type__model="changerequest"
    )
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*gone)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0014_change_requests"),
        ("bildungsregion", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
