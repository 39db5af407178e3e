"""The legal pages' texts as the templates had them (templates/pages/impressum.html,
datenschutz.html, barrierefreiheit.html before this migration), moved into the one row of
LegalDetails, where Land-level staff edit them in the admin.

The operator's own details (which Landkreis, its address, representative, contacts, the person
responsible under § 18 Abs. 2 MStV, the data protection officer, the retention of the web
server's logs, the contact for accessibility feedback) are not known here: they stay empty,
and an empty part is a placeholder the pages and ``manage.py check --deploy`` report. The
address of the Schlichtungsstelle nach § 9d NBGG was not found in a source and stays empty too.

Facts filled in, with their sources:
- supervisory authority of a Landkreis: the Ministry of the Interior as Kommunalaufsichtsbehörde,
  § 171 Abs. 1 NKomVG (https://www.mi.niedersachsen.de/themen/kommunen/kommunalaufsicht/63117.html);
  its address from https://service.niedersachsen.de/en/static?t=datenschutz;
- data protection authority: https://www.lfd.niedersachsen.de/wir_ueber_uns/datenschutzerklaerung/datenschutzerklaerung-56146.html;
- the Schlichtungsstelle is set up "bei der oder dem Landesbeauftragten für Menschen mit
  Behinderungen": SchVO-NBGG § 1 (http://schure.de/84200/schvo-nbgg.htm).
"""

import datetime

from django.db import migrations

TEXTS = {
    "operator_legal_form": "Körperschaft des öffentlichen Rechts",
    "supervisory_authority": (
        "Niedersächsisches Ministerium für Inneres und Sport\nLavesallee 6\n30169 Hannover"
    ),
    "regional_responsibility": (
        "Für die Inhalte einer Bildungsregion ist das Bildungsbüro der jeweiligen Region "
        "zuständig; seine Kontaktdaten stehen auf der Seite der Region unter „Bildungsbüro“. "
        "Angebote und Veranstaltungen stellen die jeweiligen Einrichtungen (Kitas, Schulen, "
        "Volkshochschulen, Vereine und andere Akteure) ein; das Bildungsbüro prüft sie vor der "
        "Veröffentlichung."
    ),
    "liability": (
        "Die Inhalte werden sorgfältig erstellt und regelmäßig geprüft; jeder Eintrag zeigt, "
        "wann er zuletzt geprüft wurde („Stand“). Für Vollständigkeit und Aktualität können wir "
        "dennoch keine Gewähr übernehmen. Verweise auf Websites anderer Anbieter haben wir bei "
        "der Verlinkung geprüft; für deren Inhalte sind allein deren Anbieter verantwortlich. "
        "Wenn Ihnen ein Fehler oder ein rechtswidriger Inhalt auffällt, sagen Sie es bitte dem "
        "zuständigen Bildungsbüro."
    ),
    "copyright_notice": (
        "Texte und Bilder dieses Portals sind urheberrechtlich geschützt, soweit nicht anders "
        "angegeben. Die Gestaltung beruht auf KERN, dem offenen UX-Standard für die deutsche "
        "Verwaltung (Lizenz EUPL-1.2). Die Schrift Fira Sans steht unter der SIL Open Font "
        "License und wird von diesem Server ausgeliefert."
    ),
    "privacy_summary": (
        "Kurz gesagt: Dieses Portal beobachtet Sie nicht. Es gibt keine Reichweitenmessung, "
        "keine Werbung und keine Inhalte von anderen Servern. Wir verarbeiten nur die Daten, die "
        "für den Betrieb nötig sind oder die Sie uns selbst schicken."
    ),
    "privacy_server_logs": (
        "Wenn Sie eine Seite aufrufen, verarbeitet der Server technisch notwendig Ihre "
        "IP-Adresse, Datum und Uhrzeit, die aufgerufene Adresse, den Statuscode, die übertragene "
        "Datenmenge und die Angaben Ihres Browsers. Das dient allein dem sicheren und stabilen "
        "Betrieb, etwa um Angriffe zu erkennen. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. e "
        "DSGVO in Verbindung mit dem Niedersächsischen Datenschutzgesetz (NDSG)."
    ),
    "privacy_third_parties": (
        "Das Portal setzt keine Werkzeuge zur Reichweitenmessung oder Werbung ein und bindet "
        "keine Inhalte anderer Anbieter ein: Schriften, Stylesheets und Skripte kommen von "
        "diesem Server. Ihr Browser nimmt beim Besuch deshalb keine Verbindung zu Dritten auf. "
        "Erst wenn Sie einem Link auf eine andere Website folgen, gilt deren "
        "Datenschutzerklärung."
    ),
    "privacy_cookies": (
        "Das Portal verwendet nur Cookies, die technisch notwendig sind (§ 25 Abs. 2 Nr. 2 "
        "Telekommunikation-Digitale-Dienste-Datenschutz-Gesetz, TDDDG). Deshalb brauchen wir "
        "keine Einwilligung und zeigen kein Cookie-Banner:\n"
        "\n"
        "- csrftoken: schützt Formulare (zum Beispiel die Rückmeldung zur Barrierefreiheit oder "
        "die Sprachwahl) vor Missbrauch durch fremde Websites. Es enthält eine Zufallszahl und "
        "wird nach einem Jahr gelöscht.\n"
        "- django_language: merkt sich die Sprache, wenn Sie sie selbst wählen. Es wird "
        "gelöscht, wenn Sie den Browser schließen.\n"
        "- sessionid: nur für angemeldete Mitarbeitende der Bildungsbüros und Schulen; hält die "
        "Anmeldung aufrecht und wird nach der Abmeldung, spätestens nach zwei Wochen, ungültig."
    ),
    "privacy_feedback": (
        "Wenn Sie uns über das Formular auf der Seite „Barrierefreiheit“ schreiben, speichern wir "
        "Ihre Nachricht, die betroffene Seite, das gewählte Bildungsbüro und den Zeitpunkt des "
        "Eingangs; Name und E-Mail-Adresse nur, wenn Sie sie angeben. Wir nutzen die Angaben "
        "ausschließlich, um die gemeldete Barriere zu beheben und Ihnen zu antworten. Lesen "
        "können sie die zuständigen Mitarbeitenden des Bildungsbüros und des betreibenden "
        "Landkreises. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. c und e DSGVO in Verbindung mit "
        "dem Niedersächsischen Behindertengleichstellungsgesetz (NBGG). Die Rückmeldung wird "
        "gelöscht, wenn sie erledigt ist, spätestens zwölf Monate nach Abschluss der "
        "Bearbeitung."
    ),
    "privacy_accounts": (
        "Für Mitarbeitende, die Inhalte pflegen oder Veranstaltungen melden, speichern wir "
        "Benutzername, Name, dienstliche E-Mail-Adresse, Zugehörigkeit zu einem Bildungsbüro "
        "oder einer Einrichtung sowie den Zeitpunkt der letzten Anmeldung. Rechtsgrundlage ist "
        "Art. 6 Abs. 1 Buchst. e DSGVO. Die Daten werden gelöscht, wenn der Zugang nicht mehr "
        "gebraucht wird."
    ),
    "privacy_recipients": (
        "Ihre Daten werden nicht verkauft und nicht für Werbung genutzt. Ein technischer "
        "Dienstleister, der das Portal im Auftrag des Landkreises betreibt, ist nach Art. 28 "
        "DSGVO vertraglich gebunden. Eine Übermittlung in Länder außerhalb der Europäischen "
        "Union findet nicht statt, eine automatisierte Entscheidungsfindung ebenso wenig."
    ),
    "privacy_rights": (
        "Sie haben das Recht\n"
        "\n"
        "- auf Auskunft über die zu Ihnen gespeicherten Daten (Art. 15 DSGVO),\n"
        "- auf Berichtigung unrichtiger Daten (Art. 16 DSGVO),\n"
        "- auf Löschung (Art. 17 DSGVO) und auf Einschränkung der Verarbeitung (Art. 18 DSGVO),\n"
        "- auf Datenübertragbarkeit, soweit sie gilt (Art. 20 DSGVO),\n"
        "- der Verarbeitung aus Gründen Ihrer besonderen Situation zu widersprechen "
        "(Art. 21 DSGVO).\n"
        "\n"
        "Wenden Sie sich dazu an den betreibenden Landkreis oder an das Bildungsbüro Ihrer "
        "Region."
    ),
    "privacy_authority": (
        "Der Landesbeauftragte für den Datenschutz Niedersachsen\nPrinzenstr. 5\n"
        "30159 Hannover\npoststelle@lfd.niedersachsen.de"
    ),
    "accessibility_intro": (
        "Der Landkreis, der dieses Portal betreibt, und die Bildungsbüros der Bildungsregionen "
        "möchten, dass alle Menschen das Portal nutzen können. Diese Erklärung gilt für das "
        "Bildungsportal der Bildungsregionen in Niedersachsen.\n"
        "\n"
        "Rechtsgrundlage sind das Niedersächsische Behindertengleichstellungsgesetz (NBGG) und "
        "die Barrierefreie-Informationstechnik-Verordnung (BITV 2.0), mit denen die Richtlinie "
        "(EU) 2016/2102 umgesetzt wird. Maßstab ist die europäische Norm EN 301 549, die die "
        "Web Content Accessibility Guidelines (WCAG) 2.1 in der Stufe AA einschließt."
    ),
    "conformity": "teilweise",
    "conformity_details": (
        "Auf den Seiten selbst sind uns keine Barrieren bekannt: Sie lassen sich ganz mit der "
        "Tastatur bedienen, funktionieren ohne JavaScript, lassen sich bis 400 % vergrößern und "
        "nutzen ausreichende Kontraste. Einschränkungen kann es bei Dokumenten geben, die die "
        "Bildungsbüros bereitstellen (siehe unten)."
    ),
    "non_accessible_content": (
        "Auf den Seiten des Portals sind uns zurzeit keine nicht barrierefreien Inhalte "
        "bekannt.\n"
        "\n"
        "Dokumente im PDF-Format (zum Beispiel Bildungsberichte, Leitlinien oder Protokolle) "
        "stammen oft aus älteren Veröffentlichungen und sind möglicherweise nicht barrierefrei. "
        "Brauchen Sie ein Dokument in einer anderen Form, schreiben Sie uns über das Formular "
        "unten oder wenden Sie sich an das Bildungsbüro Ihrer Region; wir stellen Ihnen die "
        "Inhalte dann in zugänglicher Form zur Verfügung."
    ),
    "statement_date": datetime.date(2026, 11, 23),
    "statement_method": (
        "Die Erklärung beruht auf einer Selbstbewertung: automatisierten Prüfungen jeder "
        "Seitenart mit dem Prüfwerkzeug axe-core sowie Prüfungen mit Tastatur, Vergrößerung und "
        "Screenreader. Die Erklärung wird mindestens einmal im Jahr und bei wesentlichen "
        "Änderungen überprüft."
    ),
    "feedback_text": (
        "Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder brauchen Sie "
        "Informationen in einer anderen Form? Schreiben Sie uns mit dem folgenden Formular. Name "
        "und E-Mail-Adresse sind freiwillig; ohne E-Mail-Adresse können wir Ihnen aber nicht "
        "antworten. Sie können sich auch direkt an das Bildungsbüro Ihrer Region wenden; die "
        "Kontaktdaten stehen auf der Seite der Region."
    ),
    "arbitration_text": (
        "Wenn Sie auf Ihre Rückmeldung keine oder keine zufriedenstellende Antwort erhalten "
        "haben, können Sie sich an die Schlichtungsstelle nach § 9d des Niedersächsischen "
        "Behindertengleichstellungsgesetzes wenden. Sie ist bei der oder dem Landesbeauftragten "
        "für Menschen mit Behinderungen eingerichtet.\n"
        "\n"
        "Die Schlichtungsstelle hilft, Konflikte zwischen Menschen mit Behinderungen und "
        "öffentlichen Stellen des Landes Niedersachsen und der Kommunen außergerichtlich zu "
        "lösen. Das Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand. Sie können sich "
        "auch an die Schlichtungsstelle wenden, wenn Sie der Meinung sind, dass dieses Portal "
        "nicht barrierefrei ist."
    ),
}


def fill(apps, schema_editor):
    legal_details = apps.get_model("regions", "LegalDetails")
    legal_details.objects.update_or_create(pk=1, defaults=TEXTS)


def empty(apps, schema_editor):
    apps.get_model("regions", "LegalDetails").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0009_legal_details"),
    ]

    operations = [migrations.RunPython(fill, empty)]
