"""The search thesaurus' starter set: the rows of bildungsregion/data/thesaurus.csv (terms of
the education field: abbreviations, synonyms, broader terms), added once. Later changes are made
in the admin (superusers); the file is read as it is when this migration runs."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "thesaurus.csv"


def seed(apps, schema_editor):
    entry = apps.get_model("bildungsregion", "ThesaurusEntry")
    rows = {}
    with DATA.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            for related in row["related"].split("|"):  # several related terms per row
                rows.setdefault((row["term"], row["kind"], related.strip()), row["source"])
    entry.objects.bulk_create(
        [
            entry(term=term, kind=kind, related=related, source=source)
            for (term, kind, related), source in sorted(rows.items())
            if related and related != term
        ],
        ignore_conflicts=True,
    )


def unseed(apps, schema_editor):
    apps.get_model("bildungsregion", "ThesaurusEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bildungsregion", "0003_thesaurus"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
