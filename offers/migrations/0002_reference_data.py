"""The fixed vocabulary of the portal: life stages, transitions and topics.

Production needs these as much as the demo does, so they come with the schema.
Re-running is harmless: rows are matched by slug and updated.
"""

from django.db import migrations

LIFE_STAGES = [
    # slug, name, position, age_from, age_to, cross-cutting, summary
    ("fruehe-kindheit", "Frühe Kindheit", 1, 0, 6, False,
     "Krippe, Kita und Familie: die ersten Bildungsorte – Sprache, Bewegung, Neugier."),
    ("grundschulzeit", "Grundschulzeit", 2, 6, 10, False,
     "Lesen, Schreiben, Rechnen und die Welt entdecken – in der Schule, im Hort und am Nachmittag."),
    ("sekundarstufe", "Sekundarstufe", 3, 10, 16, False,
     "Oberschule, Gymnasium, Gesamtschule: Fächer vertiefen, Interessen finden, sich ausprobieren."),
    ("uebergang-schule-beruf", "Übergang Schule–Beruf", 4, 14, 20, False,
     "Berufsorientierung, Praktika, Bewerbung: der Weg von der Schule in Ausbildung oder Studium."),
    ("ausbildung-und-studium", "Ausbildung und Studium", 5, 16, 30, False,
     "Berufsausbildung im Betrieb und an der BBS, Studium an der Hochschule."),
    ("beruf-und-weiterbildung", "Beruf und Weiterbildung", 6, 25, 67, False,
     "Weiterbildung, Umschulung, Sprachkurse und Abschlüsse nachholen – Lernen im Berufsleben."),
    ("familie-und-eltern", "Familie und Eltern", 7, None, None, True,
     "Begleitet alle Phasen: Elternbildung, Familienzentren und Beratung rund um die Bildung der Kinder."),
    ("aeltere-menschen", "Ältere Menschen", 8, 60, None, False,
     "Lernen im Alter: Kurse, Ehrenamt, digitale Teilhabe und Begegnung."),
]

TRANSITIONS = [
    ("kita-grundschule", "Übergang Kita – Grundschule", "fruehe-kindheit", "grundschulzeit",
     "Vom letzten Kita-Jahr in die erste Klasse: Sprachförderung, Schulbesuche und Elternabende "
     "machen den Schulstart leichter."),
    ("grundschule-weiterfuehrende-schule", "Übergang Grundschule – weiterführende Schule",
     "grundschulzeit", "sekundarstufe",
     "Nach Klasse 4 die passende Schule finden: Informationsabende, Schnuppertage und Beratung."),
    ("schule-beruf", "Übergang Schule – Beruf", "sekundarstufe", "ausbildung-und-studium",
     "Von der Schule in Ausbildung oder Studium: Berufsorientierung, Praktika und "
     "Bewerbungstraining."),
]

TOPICS = [
    ("sprache-und-lesen", "Sprache und Lesen", "Sprachförderung, Lesen, Deutsch als Zweitsprache."),
    ("mint", "MINT", "Mathematik, Informatik, Naturwissenschaften und Technik."),
    ("kulturelle-bildung", "Kulturelle Bildung", "Musik, Kunst, Theater, Tanz und Medien."),
    ("berufsorientierung", "Berufsorientierung", "Berufe kennenlernen, Praktika, Bewerbung."),
    ("digitale-bildung", "Digitale Bildung", "Medienkompetenz und digitale Werkzeuge."),
    ("gesundheit-und-bewegung", "Gesundheit und Bewegung", "Sport, Ernährung, seelische Gesundheit."),
    ("inklusion", "Inklusion", "Lernen mit und ohne Behinderung, sonderpädagogische Unterstützung."),
    ("integration-und-migration", "Integration und Migration",
     "Ankommen, Sprache, Anerkennung von Abschlüssen."),
    ("demokratie-und-gesellschaft", "Demokratie und Gesellschaft",
     "Politische Bildung, Beteiligung, Ehrenamt."),
    ("umwelt-und-nachhaltigkeit", "Umwelt und Nachhaltigkeit", "Natur, Klima, Bildung für nachhaltige Entwicklung."),
    ("elternbildung", "Elternbildung", "Erziehung, Familienalltag, Bildungswege der Kinder."),
    ("abschluesse-und-qualifizierung", "Abschlüsse und Qualifizierung",
     "Schulabschlüsse nachholen, Umschulung, berufliche Qualifizierung."),
]


def load(apps, schema_editor):
    LifeStage = apps.get_model("offers", "LifeStage")
    Transition = apps.get_model("offers", "Transition")
    Topic = apps.get_model("offers", "Topic")
    stages = {}
    for slug, name, position, age_from, age_to, cross, summary in LIFE_STAGES:
        stages[slug], _ = LifeStage.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "age_from": age_from,
                "age_to": age_to,
                "is_cross_cutting": cross,
                "summary": summary,
            },
        )
    for slug, name, from_slug, to_slug, summary in TRANSITIONS:
        Transition.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "from_stage": stages[from_slug],
                "to_stage": stages[to_slug],
                "summary": summary,
            },
        )
    for slug, name, description in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
