"""English names (and summaries) of the life stages, transitions and topics, and the summary of
"Familie und Eltern" without the words the pages put before it.

The English follows the portal's English catalogue (locale/en/LC_MESSAGES/django.po: US
spelling, "career guidance", "daycare center"); each entry was checked against its German
name and summary in 0002_reference_data. Rows are matched by slug, and only empty English
fields are filled, so translations edited in the admin stay.
"""

from django.db import migrations, models

LIFE_STAGES = {
    # slug: (English name, English summary)
    "fruehe-kindheit": (
        "Early childhood",
        "Nursery, daycare and family: the first places of learning – language, movement, "
        "curiosity.",
    ),
    "grundschulzeit": (
        "Elementary school years",
        "Reading, writing, arithmetic and discovering the world – at school, in after-school "
        "care and in the afternoon.",
    ),
    "sekundarstufe": (
        "Secondary school",
        "Oberschule, Gymnasium, comprehensive school: going deeper into subjects, finding "
        "interests, trying things out.",
    ),
    "uebergang-schule-beruf": (
        "From school to work",
        "Career guidance, internships, applications: the way from school into vocational "
        "training or university.",
    ),
    "ausbildung-und-studium": (
        "Vocational training and university",
        "Vocational training in a company and at a vocational school (BBS), studying at a "
        "university.",
    ),
    "beruf-und-weiterbildung": (
        "Work and continuing education",
        "Continuing education, retraining, language courses and school qualifications for "
        "adults – learning during working life.",
    ),
    "familie-und-eltern": (
        "Family and parents",
        "Parent education, family centers and advice on everything to do with children's "
        "education.",
    ),
    "aeltere-menschen": (
        "Older people",
        "Learning in later life: courses, volunteering, digital participation and meeting "
        "others.",
    ),
}

TRANSITIONS = {
    "kita-grundschule": (
        "Transition from daycare to elementary school",
        "From the last year of daycare into first grade: language support, school visits and "
        "parents' evenings make starting school easier.",
    ),
    "grundschule-weiterfuehrende-schule": (
        "Transition from elementary to secondary school",
        "Finding the right school after grade 4: information evenings, taster days and advice.",
    ),
    "schule-beruf": (
        "Transition from school to work",
        "From school into vocational training or university: career guidance, internships and "
        "application training.",
    ),
}

TOPICS = {
    "sprache-und-lesen": "Language and reading",
    "mint": "STEM",
    "kulturelle-bildung": "Cultural education",
    "berufsorientierung": "Career guidance",
    "digitale-bildung": "Digital education",
    "gesundheit-und-bewegung": "Health and exercise",
    "inklusion": "Inclusion",
    "integration-und-migration": "Integration and migration",
    "demokratie-und-gesellschaft": "Democracy and society",
    "umwelt-und-nachhaltigkeit": "Environment and sustainability",
    "elternbildung": "Parent education",
    "abschluesse-und-qualifizierung": "Qualifications and certificates",
}

# The start page says "Begleitet alle Lebensphasen." before a cross-cutting stage's summary;
# the summary of 0002 began with the same words ("Begleitet alle Phasen: …").
FAMILY_SUMMARY_OLD = (
    "Begleitet alle Phasen: Elternbildung, Familienzentren und Beratung rund um die Bildung der "
    "Kinder."
)
FAMILY_SUMMARY = "Elternbildung, Familienzentren und Beratung rund um die Bildung der Kinder."


def _fill(model, table, with_summary):
    for row in model.objects.filter(slug__in=table):
        english = table[row.slug]
        name, summary = english if with_summary else (english, "")
        changed = []
        if not row.name_en:
            row.name_en = name
            changed.append("name_en")
        if with_summary and not row.summary_en:
            row.summary_en = summary
            changed.append("summary_en")
        if changed:
            row.save(update_fields=changed)


def load(apps, schema_editor):
    LifeStage = apps.get_model("offers", "LifeStage")
    _fill(LifeStage, LIFE_STAGES, with_summary=True)
    _fill(apps.get_model("offers", "Transition"), TRANSITIONS, with_summary=True)
    _fill(apps.get_model("offers", "Topic"), TOPICS, with_summary=False)
    LifeStage.objects.filter(slug="familie-und-eltern", summary=FAMILY_SUMMARY_OLD).update(
        summary=FAMILY_SUMMARY
    )


def unload(apps, schema_editor):
    apps.get_model("offers", "LifeStage").objects.filter(
        slug="familie-und-eltern", summary=FAMILY_SUMMARY
    ).update(summary=FAMILY_SUMMARY_OLD)


class Migration(migrations.Migration):

    dependencies = [
        ('offers', '0010_mask_bits'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicallifestage',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Fassung der Seiten; leer: der deutsche Name.', max_length=120, verbose_name='Name auf Englisch'),
        ),
        migrations.AddField(
            model_name='historicallifestage',
            name='summary_en',
            field=models.TextField(blank=True, help_text='Für die englische Fassung der Seiten; leer: die deutsche Kurzbeschreibung.', verbose_name='Kurzbeschreibung auf Englisch'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Fassung der Seiten; leer: der deutsche Name.', max_length=120, verbose_name='Name auf Englisch'),
        ),
        migrations.AddField(
            model_name='historicaltransition',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Fassung der Seiten; leer: der deutsche Name.', max_length=120, verbose_name='Name auf Englisch'),
        ),
        migrations.AddField(
            model_name='historicaltransition',
            name='summary_en',
            field=models.TextField(blank=True, help_text='Für die englische Fassung der Seiten; leer: die deutsche Kurzbeschreibung.', verbose_name='Kurzbeschreibung auf Englisch'),
        ),
        migrations.AddField(
            model_name='lifestage',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Fassung der Seiten; leer: der deutsche Name.', max_length=120, verbose_name='Name auf Englisch'),
        ),
        migrations.AddField(
            model_name='lifestage',
            name='summary_en',
            field=models.TextField(blank=True, help_text='Für die englische Fassung der Seiten; leer: die deutsche Kurzbeschreibung.', verbose_name='Kurzbeschreibung auf Englisch'),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Fassung der Seiten; leer: der deutsche Name.', max_length=120, verbose_name='Name auf Englisch'),
        ),
        migrations.AddField(
            model_name='transition',
            name='name_en',
            field=models.CharField(blank=True, help_text='Für die englische Fassung der Seiten; leer: der deutsche Name.', max_length=120, verbose_name='Name auf Englisch'),
        ),
        migrations.AddField(
            model_name='transition',
            name='summary_en',
            field=models.TextField(blank=True, help_text='Für die englische Fassung der Seiten; leer: die deutsche Kurzbeschreibung.', verbose_name='Kurzbeschreibung auf Englisch'),
        ),
        migrations.RunPython(load, unload),
    ]
