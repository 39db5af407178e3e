"""The link check (bildungsregion.linkcheck): the checked addresses, their uses in entries and
the office's list "Defekte Links" (a proxy of the uses), which both roles of a Bildungsbüro
may view (scoped to their region by regions.scoping). The uses of existing entries are made by
the first ``manage.py check_links`` (``linkcheck.rebuild()``); a migration does not import the
registry, which changes with the code."""

import django.db.models.deletion
from django.db import migrations, models

ROLES = ["Bildungsbüro: Redaktion", "Bildungsbüro: Koordination"]
PERMISSIONS = [("bildungsregion", "brokenlink", "view_brokenlink")]


def grant_view(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = [
        Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        for app_label, model, codename in PERMISSIONS
    ]
    for name in ROLES:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke_view(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="bildungsregion", codename="view_brokenlink"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("bildungsregion", "0005_thesaurus_mythes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="CheckedLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("url", models.TextField(verbose_name="Adresse")),
                (
                    "url_hash",
                    models.CharField(
                        max_length=64, unique=True, verbose_name="Prüfsumme der Adresse"
                    ),
                ),
                (
                    "result",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "noch nicht geprüft"),
                            ("ok", "in Ordnung"),
                            ("defekt", "Fehlerseite"),
                            ("nicht-erreichbar", "nicht erreichbar"),
                            ("zeitueberschreitung", "Zeitüberschreitung"),
                            ("weiterleitung", "Weiterleitung ins Leere"),
                            ("nicht-erlaubt", "nicht öffentlich erreichbar"),
                        ],
                        default="",
                        max_length=20,
                        verbose_name="Ergebnis",
                    ),
                ),
                (
                    "status_code",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="HTTP-Status"
                    ),
                ),
                (
                    "detail",
                    models.CharField(
                        blank=True,
                        help_text="Was die Verbindung meldete, z. B. „Connection refused“.",
                        max_length=300,
                        verbose_name="Fehlermeldung",
                    ),
                ),
                ("final_url", models.TextField(blank=True, verbose_name="Ziel der Weiterleitung")),
                (
                    "checked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="zuletzt geprüft"),
                ),
                (
                    "first_failed_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Die erste der Prüfungen, die seit der letzten erfolgreichen fehlschlugen.",
                        null=True,
                        verbose_name="fehlerhaft seit",
                    ),
                ),
                (
                    "consecutive_failures",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="Fehlschläge in Folge"
                    ),
                ),
            ],
            options={
                "verbose_name": "geprüfter Link",
                "verbose_name_plural": "geprüfte Links",
                "ordering": ["url"],
                "indexes": [
                    models.Index(fields=["checked_at"], name="checkedlink_checked_at_idx"),
                    models.Index(fields=["consecutive_failures"], name="checkedlink_failures_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "result__in",
                                [
                                    "",
                                    "ok",
                                    "defekt",
                                    "nicht-erreichbar",
                                    "zeitueberschreitung",
                                    "weiterleitung",
                                    "nicht-erlaubt",
                                ],
                            )
                        ),
                        name="checkedlink_result_valid",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="LinkUse",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="Nummer des Eintrags")),
                ("field", models.CharField(max_length=64, verbose_name="Feld")),
                (
                    "region_id",
                    models.PositiveBigIntegerField(blank=True, null=True, verbose_name="Region"),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="contenttypes.contenttype",
                        verbose_name="Art des Eintrags",
                    ),
                ),
                (
                    "link",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="uses",
                        to="bildungsregion.checkedlink",
                        verbose_name="Link",
                    ),
                ),
            ],
            options={
                "verbose_name": "Link in einem Eintrag",
                "verbose_name_plural": "Links in Einträgen",
                "ordering": ["content_type", "object_id", "field"],
            },
        ),
        migrations.CreateModel(
            name="BrokenLink",
            fields=[],
            options={
                "verbose_name": "defekter Link",
                "verbose_name_plural": "Defekte Links",
                "ordering": ["-link__first_failed_at", "content_type", "object_id", "field"],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("bildungsregion.linkuse",),
        ),
        migrations.AddIndex(
            model_name="linkuse",
            index=models.Index(fields=["region_id"], name="linkuse_region_idx"),
        ),
        migrations.AddConstraint(
            model_name="linkuse",
            constraint=models.UniqueConstraint(
                fields=("content_type", "object_id", "field", "link"), name="linkuse_unique"
            ),
        ),
        migrations.RunPython(grant_view, revoke_view),
    ]
