# The offers' languages as language codes ("de,tr") instead of German names ("Deutsch, Türkisch"):
# JSON-LD inLanguage needs codes, and the names follow the visitor's language.

import bildungsregion.fields
from django.db import migrations

from bildungsregion.languages import LANGUAGES, code_of


def _codes(text, *, where):
    codes, unknown = [], []
    for part in str(text or "").split(","):
        if not part.strip():
            continue
        code = code_of(part)
        if code is None:
            unknown.append(part.strip())
        elif code not in codes:
            codes.append(code)
    if unknown:
        print(f"\n  {where}: no language code for {', '.join(unknown)!r}, left out")
    return codes or ["de"]


def names_to_codes(apps, schema_editor):
    for name in ("Offer", "HistoricalOffer"):
        model = apps.get_model("offers", name)
        # Read the stored text as it is: the column holds names until this runs.
        rows = model.objects.values_list("pk", "languages")
        for pk, value in rows.iterator():
            text = ",".join(value) if isinstance(value, list) else value
            model.objects.filter(pk=pk).update(languages=_codes(text, where=f"{name} {pk}"))
    ChangeRequest = apps.get_model("offers", "ChangeRequest")
    for change in ChangeRequest.objects.all().iterator():
        touched = False
        for side in (change.before, change.after):
            if isinstance(side.get("languages"), str):
                side["languages"] = _codes(side["languages"], where=f"ChangeRequest {change.pk}")
                touched = True
        if touched:
            change.save(update_fields=["before", "after"])


def codes_to_names(apps, schema_editor):
    for name in ("Offer", "HistoricalOffer"):
        model = apps.get_model("offers", name)
        for pk, codes in model.objects.values_list("pk", "languages").iterator():
            text = ", ".join(LANGUAGES.get(code, code) for code in codes)
            model.objects.filter(pk=pk).update(languages=text)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0016_review_reminder"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicaloffer",
            name="languages",
            field=bildungsregion.fields.LanguagesField(
                default=bildungsregion.fields.default_languages,
                max_length=200,
                verbose_name="Sprachen",
            ),
        ),
        migrations.AlterField(
            model_name="offer",
            name="languages",
            field=bildungsregion.fields.LanguagesField(
                default=bildungsregion.fields.default_languages,
                max_length=200,
                verbose_name="Sprachen",
            ),
        ),
        migrations.RunPython(names_to_codes, codes_to_names, elidable=True),
    ]
