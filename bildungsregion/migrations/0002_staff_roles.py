"""The two roles of a Bildungsbüro as permission groups (see bildungsregion/auth.py).

Redaktion: keeps the region's entries (actors, offers, events, working groups, documents …).
Koordination: also publishes and archives, deletes entries, edits the region's own page, and
manages the staff and institution accounts of the region.

Nobody is put into these groups: bildungsregion.auth.RegionRoleBackend gives a staff user the
permissions of the group named after their role in each region. The permission lists are copied
here on purpose (a migration must not import code that changes later).
"""

from django.db import migrations

EDITOR = "Bildungsbüro: Redaktion"
COORDINATOR = "Bildungsbüro: Koordination"

# Permissions not declared in any model's Meta: the steps of the editorial workflow.
CUSTOM_PERMISSIONS = [
    ("offers", "offer", "publish_offer", "Kann Angebote veröffentlichen"),
    ("offers", "offer", "archive_offer", "Kann Angebote archivieren"),
    ("offers", "event", "publish_event", "Kann Veranstaltungen freigeben und ablehnen"),
    ("offers", "event", "archive_event", "Kann Veranstaltungen archivieren"),
]

EDITOR_PERMISSIONS = {
    "regions": {
        "region": ["view"],
        "municipality": ["view"],
        "postalcode": ["view"],
        "focusarea": ["add", "change", "view"],
        "document": ["add", "change", "view"],
        "fundingprogramme": ["add", "change", "view"],
        "accessibilityfeedback": ["change", "view"],
    },
    "actors": {
        "actor": ["add", "change", "view"],
        "workinggroup": ["add", "change", "view"],
        "workinggroupmembership": ["add", "change", "delete", "view"],
        "meeting": ["add", "change", "delete", "view"],
    },
    "offers": {
        "lifestage": ["view"],
        "transition": ["view"],
        "topic": ["view"],
        "offer": ["add", "change", "view"],
        "event": ["add", "change", "view"],
    },
}

COORDINATOR_PERMISSIONS = {
    "regions": {
        "region": ["change", "view"],
        "municipality": ["add", "change", "view"],
        "postalcode": ["add", "change", "delete", "view"],
        "focusarea": ["add", "change", "delete", "view"],
        "document": ["add", "change", "delete", "view"],
        "fundingprogramme": ["add", "change", "delete", "view"],
        "staffmembership": ["add", "change", "delete", "view"],
        "accessibilityfeedback": ["change", "view"],
    },
    "actors": {
        "actor": ["add", "change", "delete", "view"],
        "institutionmembership": ["add", "change", "delete", "view"],
        "workinggroup": ["add", "change", "delete", "view"],
        "workinggroupmembership": ["add", "change", "delete", "view"],
        "meeting": ["add", "change", "delete", "view"],
    },
    "offers": {
        "lifestage": ["view"],
        "transition": ["view"],
        "topic": ["view"],
        "offer": ["add", "change", "delete", "view", "publish", "archive"],
        "event": ["add", "change", "delete", "view", "publish", "archive"],
    },
    "bildungsregion": {
        "user": ["add", "change", "view"],
    },
}


def _ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for app_label, model, codename, name in CUSTOM_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )


def create_roles(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, spec in ((EDITOR, EDITOR_PERMISSIONS), (COORDINATOR, COORDINATOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = []
        for app_label, models in spec.items():
            for model, actions in models.items():
                for action in actions:
                    permissions.append(
                        Permission.objects.get(
                            content_type__app_label=app_label,
                            content_type__model=model,
                            codename=f"{action}_{model}",
                        )
                    )
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[EDITOR, COORDINATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bildungsregion", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("regions", "0001_initial"),
        ("actors", "0002_initial"),
        ("offers", "0003_offer_search"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
