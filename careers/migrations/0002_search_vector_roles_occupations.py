"""PostgreSQL: the hidden weighted tsvector column search_vector with a GIN index on places
(written by careers.search from the same lexemes as SQLite's search_text). The roles' rights:
both roles of a Bildungsbüro keep their region's places and see the occupations (kept at Land
level). The occupational fields and the occupations of careers/data/ (with their sources).
Copied here on purpose: a migration must not import code that changes later."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
EDITOR = "Bildungsbüro: Redaktion"
COORDINATOR = "Bildungsbüro: Koordination"
_PLACE = [f"{action}_place" for action in ("view", "add", "change", "delete")]
_READ = ["view_occupation", "view_occupationfield"]
GRANTS = {EDITOR: [*_PLACE, *_READ], COORDINATOR: [*_PLACE, *_READ]}


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE careers_place ADD COLUMN search_vector tsvector")
    schema_editor.execute("CREATE INDEX place_search_vector_idx ON careers_place USING gin (search_vector)")


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS place_search_vector_idx")
    schema_editor.execute("ALTER TABLE careers_place DROP COLUMN IF EXISTS search_vector")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("careers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = {p.codename: p for p in Permission.objects.filter(content_type__app_label="careers")}
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    gone = Permission.objects.filter(content_type__app_label="careers")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*gone)


def _rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def load_occupations(apps, schema_editor):
    OccupationField = apps.get_model("careers", "OccupationField")
    Occupation = apps.get_model("careers", "Occupation")
    fields = {}
    for row in _rows("occupation_fields.csv"):
        fields[row["slug"]], _ = OccupationField.objects.update_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "interests": row["interests"], "description": row["description"]},
        )
    for row in _rows("occupations.csv"):
        Occupation.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "field": fields[row["field"]],
                "short_description": row["short_description"],
                "typical_certificate": row["typical_certificate"],
                "duration": row["duration"],
                "source_name": row["source_name"],
                "source_url": row["source_url"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("bildungsregion", "0002_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(add_vector, drop_vector),
        migrations.RunPython(grant, revoke),
        migrations.RunPython(load_occupations, migrations.RunPython.noop),
    ]
