from django.db import migrations, models
from django.db.models import Q

MODELS = ("LifeStage", "Topic", "Transition")
MAX_BIT = 62

# A frozen copy of the masks offers.search.list_index_sql() writes, now by the bit column.
MASKS = (
    ("life_stage_mask", "offers_offer_life_stages", "lifestage_id", "offers_lifestage"),
    ("topic_mask", "offers_offer_topics", "topic_id", "offers_topic"),
    ("transition_mask", "offers_offer_transitions", "transition_id", "offers_transition"),
)


def assign_bits(apps, schema_editor):
    """Every existing row gets a bit position: 0, 1, 2 … in primary-key order."""
    for name in MODELS:
        model = apps.get_model("offers", name)
        rows = list(model.objects.order_by("pk"))
        if len(rows) > MAX_BIT + 1:
            raise RuntimeError(
                f"{len(rows)} {name} rows: the offer list's masks hold at most {MAX_BIT + 1}."
            )
        for bit, row in enumerate(rows):
            row.bit = bit
        model.objects.bulk_update(rows, ["bit"])


def copy_bits_to_history(apps, schema_editor):
    """Versions of existing rows carry the row's position; versions of deleted rows 0."""
    for name in MODELS:
        current = dict(apps.get_model("offers", name).objects.values_list("pk", "bit"))
        historical = apps.get_model("offers", f"Historical{name}")
        versions = list(historical.objects.only("id", "bit"))
        for version in versions:
            version.bit = current.get(version.id, 0)
        historical.objects.bulk_update(versions, ["bit"], batch_size=500)


def rebuild_masks(apps, schema_editor):
    """The offer list's masks from the new positions (they were primary keys)."""
    postgresql = schema_editor.connection.vendor == "postgresql"
    shift = "(1::bigint << x.bit::int)" if postgresql else "(1 << x.bit)"
    for column, through, key, target in MASKS:
        schema_editor.execute(
            f"UPDATE offers_offerindex SET {column} = COALESCE((SELECT SUM({shift}) "
            f"FROM {through} j JOIN {target} x ON x.id = j.{key} "
            f"WHERE j.offer_id = offers_offerindex.offer_id), 0)"
        )


def rebuild_masks_by_pk(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    shift = "(1::bigint << j.{key}::int)" if postgresql else "(1 << j.{key})"
    for column, through, key, _target in MASKS:
        schema_editor.execute(
            f"UPDATE offers_offerindex SET {column} = COALESCE((SELECT SUM("
            f"{shift.format(key=key)}) FROM {through} j "
            f"WHERE j.offer_id = offers_offerindex.offer_id), 0)"
        )


def bit_field(null, *, historical=False):
    return models.SmallIntegerField(
        blank=True,
        editable=False,
        help_text="Wird beim Anlegen vergeben; die Angebotsliste filtert mit ihr.",
        null=null,
        unique=not null and not historical,
        db_index=historical,
        verbose_name="Position in der Filtermaske",
    )


class Migration(migrations.Migration):
    """Bit positions of life stages, topics and transitions in a column of their own, 0 to 62
    (the masks used primary keys, and a topic with the primary key 64 filtered to nothing)."""

    dependencies = [
        ("offers", "0009_event_search_vector"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=name.lower(), name="bit", field=bit_field(True))
            for name in MODELS
        ),
        *(
            migrations.AddField(
                model_name=f"historical{name.lower()}",
                name="bit",
                field=bit_field(True, historical=True),
            )
            for name in MODELS
        ),
        migrations.RunPython(assign_bits, migrations.RunPython.noop),
        migrations.RunPython(copy_bits_to_history, migrations.RunPython.noop),
        *(
            migrations.AlterField(model_name=name.lower(), name="bit", field=bit_field(False))
            for name in MODELS
        ),
        *(
            migrations.AlterField(
                model_name=f"historical{name.lower()}",
                name="bit",
                field=bit_field(False, historical=True),
            )
            for name in MODELS
        ),
        *(
            migrations.AddConstraint(
                model_name=name.lower(),
                constraint=models.CheckConstraint(
                    condition=Q(bit__gte=0) & Q(bit__lte=MAX_BIT),
                    name=f"{name.lower()}_bit_in_range",
                ),
            )
            for name in MODELS
        ),
        migrations.RunPython(rebuild_masks, rebuild_masks_by_pk),
    ]
