"""The roles' rights on the funding calls and applications. Both roles of a Bildungsbüro keep
their region's calls (with criteria and questions) and see the applications; both review them
(``review_application``, their own scores and comments); the coordination decides
(``decide_application``). Copied here on purpose (a migration must not import code that
changes later)."""

from django.db import migrations

EDITOR = "Bildungsbüro: Redaktion"
COORDINATOR = "Bildungsbüro: Koordination"

_CALL = [
    f"{action}_{model}"
    for model in ("call", "criterion", "question")
    for action in ("view", "add", "change", "delete")
]
_READ_APPLICATION = [
    f"view_{model}" for model in ("application", "costline", "answer", "attachment")
]
_REVIEW = [
    "review_application",
    *(f"{action}_{model}" for model in ("review", "score") for action in ("view", "add", "change")),
]
GRANTS = {
    EDITOR: [*_CALL, *_READ_APPLICATION, *_REVIEW],
    COORDINATOR: [*_CALL, *_READ_APPLICATION, *_REVIEW, "change_application", "decide_application"],
}


def _permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("funding")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="funding")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = {p.codename: p for p in _permissions(apps)}
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    gone = Permission.objects.filter(content_type__app_label="funding")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*gone)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("bildungsregion", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
