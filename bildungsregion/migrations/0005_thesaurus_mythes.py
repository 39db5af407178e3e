"""The thesaurus rows taken from mythes-de (OpenThesaurus' broader terms, source
``mythes-de:<line>``) for databases seeded before they were in bildungsregion/data/
thesaurus.csv; a database seeded after has them already (added once, nothing duplicated)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "thesaurus.csv"


def seed(apps, schema_editor):
    entry = apps.get_model("bildungsregion", "ThesaurusEntry")
    rows = []
    with DATA.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if not row["source"].startswith("mythes-de:"):
                continue
            for related in row["related"].split("|"):
                rows.append(
                    entry(
                        term=row["term"],
                        kind=row["kind"],
                        related=related.strip(),
                        source=row["source"],
                    )
                )
    entry.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("bildungsregion", "0004_thesaurus_seed"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
