"""The real facts of the five launch regions, as plain data.

Sources: the regions' own web pages (shared/seeds), the Kreisverwaltungen's addresses, and the
GeoNames postcode gazetteer (CC BY 4.0) for postcode centres. `regions.services.regions_load`
writes this into the database; nothing here touches the ORM.

Municipalities are the Einheitsgemeinden and Städte and, for Samtgemeinden, their member
Gemeinden (the unit people name as their place); "samtgemeinde" records the Samtgemeinde a
member belongs to. Coordinates are WGS84 (latitude, longitude), four decimals. Every
municipality lists all of its postcodes as (code, place, latitude, longitude); the first one is
the main postcode.
"""

from datetime import date

# Stable keys of the regions, in the order of the DESIGN document.
REGION_SLUGS = ["wesermarsch", "hameln-pyrmont", "stade", "osnabrueck", "lueneburg"]

REGIONS = [
    {
        "slug": "wesermarsch",
        "name": "Wesermarsch",
        "district": "Landkreis Wesermarsch",
        "tagline": "Bildungserfolg für Kinder und Jugendliche – gemeinsam mit dem Land Niedersachsen",
        "summary": (
            "Der Landkreis Wesermarsch und das Land Niedersachsen bauen gemeinsam die "
            "Bildungsregion Wesermarsch auf. Im Mittelpunkt steht der Übergang von der Schule "
            "in den Beruf."
        ),
        "description": (
            "Der Landkreis Wesermarsch treibt gemeinsam mit dem Land Niedersachsen einen "
            "langfristig angelegten Prozess zur Förderung der Bildung im Landkreis voran. Beide "
            "Kooperationspartner haben sich zur Bildungsregion zusammengeschlossen, um die "
            "Bildungsqualität in der Wesermarsch zu verbessern, indem alle Lernchancen "
            "ausgestaltet werden. Gemeinsames Ziel ist eine überdurchschnittlich gebildete "
            "Bevölkerung.\n\n"
            "Nahezu alle Schulen des Landkreises sowie Unternehmen, Kammern, Behörden und "
            "Eltern- und Schülervertretungen wollen das regionale Bildungsnetzwerk weiter "
            "ausbauen und langfristig zusammenarbeiten, damit zukunftsfähige Bildungsangebote "
            "gebündelt werden. So sollen alle Menschen – unabhängig von sozialer Ausgangslage "
            "und Herkunft – die besten Entwicklungschancen erhalten, und junge Menschen werden "
            "ermutigt, ihre Zukunft selbst in die Hand zu nehmen.\n\n"
            "Das Bildungsbüro ist die regionale Geschäftsstelle des Landkreises: Es koordiniert "
            "und unterstützt die Maßnahmen, die in der Bildungsregion abgestimmt werden."
        ),
        "focus": (
            "Übergang von der Schule in den Beruf: Transparenz und Anschlussfähigkeit der "
            "Bildungsangebote durch systematische Zusammenarbeit aller am Bildungsprozess "
            "Beteiligten."
        ),
        "cooperation_since": None,
        "cooperation_history": (
            "Landkreis Wesermarsch und Land Niedersachsen haben sich zur Bildungsregion "
            "zusammengeschlossen. Die Transferagentur Niedersachsen hat zur Ermittlung der "
            "Ausgangslage eine Ist-Stand-Analyse durchgeführt und begleitet die weiteren "
            "Schritte „Individuelle Modelllösung“ und „Transferprozess“."
        ),
        "office_name": "Bildungsbüro",
        "office_department": "",
        "office_street": "Poggenburger Straße 15",
        "office_postcode": "26919",
        "office_city": "Brake (Unterweser)",
        "office_phone": "",
        "office_phone_alt": "",
        "office_email": "",
        "website": "https://www.landkreis-wesermarsch.de/",
        "latitude": 53.3262,
        "longitude": 8.4770,
        "last_reviewed": None,
    },
    {
        "slug": "hameln-pyrmont",
        "name": "Hameln-Pyrmont",
        "district": "Landkreis Hameln-Pyrmont",
        "tagline": "Bildung aus einer Hand",
        "summary": (
            "Landkreis, Städte und Gemeinden, der Verein SAM e.V. und das Land Niedersachsen "
            "arbeiten in der Bildungsregion Hameln-Pyrmont gemeinsam an einer guten, vernetzten "
            "und abgestimmten Bildungslandschaft."
        ),
        "description": (
            "In der Bildungsregion Hameln-Pyrmont haben sich Kooperationspartner aus den "
            "Kommunen (Landkreis Hameln-Pyrmont sowie die Städte und Gemeinden), für Bildung "
            "Engagierte (Verein SAM e.V.) und das Land Niedersachsen zusammengetan.\n\n"
            "Die Bildungsregion folgt einem ganzheitlichen Bildungsbegriff: Neben der formalen "
            "Bildung in Schulen und Einrichtungen mit anerkannten Abschlüssen zählen die "
            "non-formale Bildung, etwa in Volkshochschule und Musikschule, und das informelle "
            "Lernen im persönlichen Umfeld. Bildung wird als lebenslanger Weg verstanden; "
            "besonders im Blick sind die Übergänge – zwischen Kita und Grundschule, Grundschule "
            "und weiterführender Schule und in den Beruf.\n\n"
            "Übergeordnetes Ziel ist Bildungsgerechtigkeit. In der Landkreisverwaltung wurde "
            "dafür eine Geschäftsstelle eingerichtet, das Bildungsbüro; dort arbeitet eine an "
            "das Bildungsbüro abgeordnete Lehrkraft als Bildungskoordinatorin. Die strategische "
            "Ausrichtung plant die Steuergruppe der Bildungsregion."
        ),
        "focus": (
            "Bildungsgerechtigkeit, Vernetzung der Bildungsanbieter neben der Schule und die "
            "Übergänge entlang der Bildungsbiografie."
        ),
        "cooperation_since": None,
        "cooperation_history": (
            "Landkreis Hameln-Pyrmont, seine Städte und Gemeinden, der Verein SAM e.V. und das "
            "Land Niedersachsen bilden gemeinsam die Bildungsregion. Unterstützt wird sie durch "
            "die Transferagentur Niedersachsen. Anlässlich des Weltbildungstages am "
            "8. September findet jedes Jahr eine „Lange Woche der Bildung“ statt."
        ),
        "office_name": "Bildungsbüro",
        "office_department": "",
        "office_street": "Süntelstraße 9",
        "office_postcode": "31785",
        "office_city": "Hameln",
        "office_phone": "",
        "office_phone_alt": "",
        "office_email": "",
        "website": "https://www.hameln-pyrmont.de/",
        "latitude": 52.1067,
        "longitude": 9.3540,
        "last_reviewed": None,
    },
    {
        "slug": "stade",
        "name": "Stade",
        "district": "Landkreis Stade",
        "tagline": "Es gibt Dinge, die kann man nicht alleine machen.",
        "summary": (
            "In der Bildungsregion Landkreis Stade stimmen sich Kitas, Schulen, Bibliotheken, "
            "Hochschulen und Wirtschaft ab, um Bildung in allen Facetten und für alle "
            "Altersgruppen zu gestalten. Das Bildungsbüro des Landkreises ist ihre "
            "Geschäftsstelle."
        ),
        "description": (
            "Zu einer Bildungsregion gehören viele Menschen und Einrichtungen, die sich mit "
            "Bildung in allen Facetten und für alle Altersgruppen befassen. Im Landkreis Stade "
            "stimmen sich zum Beispiel Kindertagesstätten mit Grundschulen und Bibliotheken ab, "
            "um für die Kinder der Region ein passgenaues Bildungsangebot zu entwickeln; die "
            "Hochschulen arbeiten mit der lokalen Wirtschaft zusammen. In verschiedenen "
            "Netzwerken tauschen sich Akteure aus und entwickeln neue Ideen.\n\n"
            "Das Bildungsbüro des Landkreises Stade ist die Geschäftsstelle der "
            "Bildungsregion. Es koordiniert die Akteure, organisiert Netzwerktreffen und "
            "Veranstaltungen und informiert Einrichtungen und Organisationen, zum Beispiel mit "
            "dem Journal „Bildung im Blick“. Sein Auftrag ist, die erarbeitete "
            "Bildungsstrategie umzusetzen – mit dem Ziel, ein in der Metropolregion Hamburg "
            "herausragender Bildungsstandort zu sein, der für Menschen und Unternehmen "
            "attraktiv ist."
        ),
        "focus": (
            "Vier Handlungsfelder: Übergänge gestalten, Fachkräfte sichern, Bildungsqualität "
            "sowie Vernetzung und Unterstützung der Akteure (zweiter Bildungsbericht, "
            "S. 11–14)."
        ),
        # The page gives "seit September 2014" for the Handlungskonzept of the Land; the day
        # is not given, so the first of the month stands for it.
        "cooperation_since": date(2014, 9, 1),
        "cooperation_since_precision": "monat",
        "cooperation_history": (
            "Die Bildungsregion Landkreis Stade arbeitet seit 2010 zusammen. Gefördert durch "
            "das Bundesprogramm „Lernen vor Ort“ entstand eine engagierte Bildungsregion mit "
            "aktiven Netzwerken. Als das Programm 2014 endete, hielt der Landkreis daran fest "
            "und behielt das Bildungsbüro bei. Seit September 2014 ist die Arbeit in das "
            "Handlungskonzept Bildungsregion des Niedersächsischen Kultusministeriums "
            "eingebettet."
        ),
        "office_name": "Bildungsbüro",
        "office_department": "Amt für Wirtschaft, Verkehr und Schulen",
        "office_street": "Am Sande 2",
        "office_postcode": "21682",
        "office_city": "Stade",
        "office_phone": "04141 12-4040",
        "office_phone_alt": "04141 12-4041",
        "office_email": "bildungsregion@landkreis-stade.de",
        "website": "https://www.landkreis-stade.de/",
        "latitude": 53.5985,
        "longitude": 9.4745,
        # The region's page says "Stand 26.07.2018".
        "last_reviewed": date(2018, 7, 26),
    },
    {
        "slug": "osnabrueck",
        "name": "Osnabrück",
        "district": "Landkreis Osnabrück",
        "tagline": "Bildung schafft Perspektiven – und macht Spaß",
        "summary": (
            "Der Landkreis Osnabrück setzt auf ein datenbasiertes Bildungsmanagement und "
            "Bildungsmonitoring. Seit 2015 wird die Bildungsregion in enger Kooperation mit "
            "dem Land Niedersachsen gefördert."
        ),
        "description": (
            "Lernen von der Kita bis zum Berufsleben: Der Landkreis will den Menschen der "
            "Region von klein auf gerechte Bildungschancen eröffnen, sorgt für eine vernetzte "
            "Bildungslandschaft und schafft so gute Voraussetzungen für die Fachkräfte von "
            "morgen. Bildung beginnt in der Familie als erstem Bildungsort und begleitet die "
            "Menschen ein Leben lang; der Landkreis schafft Strukturen, die lebenslanges "
            "Lernen ermöglichen und Übergänge erleichtern – zum Beispiel von der Schule in den "
            "Beruf.\n\n"
            "Das Bildungsmanagement des Landkreises vernetzt alle im Bildungsbereich "
            "Handelnden und koordiniert Angebote und Maßnahmen. Grundlage ist das "
            "Bildungsmonitoring, das wesentliche Daten erfasst, etwa zur Dynamik des "
            "demografischen Wandels. Im Flächenlandkreis ist der offene Austausch mit den "
            "kreisangehörigen Kommunen besonders wichtig, damit Bildung am Bedarf ausgerichtet "
            "werden kann; das Team wirkt dabei wie ein „Seismograph“.\n\n"
            "Andere Kommunen können von den Erfahrungen des Landkreises lernen: Die 2015 auf "
            "seine Initiative eingerichtete Transferagentur Kommunales Bildungsmanagement "
            "Niedersachsen unterstützt Kommunen landesweit beim datenbasierten "
            "Bildungsmanagement."
        ),
        "focus": (
            "Datenbasiertes Bildungsmanagement und Bildungsmonitoring; Übergang Schule–Beruf "
            "mit dem Übergangsmanagement der MaßArbeit und der Ausbildungsregion Osnabrück."
        ),
        # The page gives only the year 2015; the first of January stands for it.
        "cooperation_since": date(2015, 1, 1),
        "cooperation_since_precision": "jahr",
        "cooperation_history": (
            "Bis 2014 setzte der Landkreis das Bundesprogramm „Lernen vor Ort“ um. Seit 2015 "
            "wird die Bildungsregion Landkreis Osnabrück durch die enge Kooperation mit dem "
            "Land Niedersachsen gefördert; im selben Jahr wurde auf Initiative des Landkreises "
            "die Transferagentur Kommunales Bildungsmanagement Niedersachsen eingerichtet. "
            "2020 gründeten das Übergangsmanagement der MaßArbeit und regionale Partner die "
            "Ausbildungsregion Osnabrück."
        ),
        "office_name": "Bildungsbüro",
        "office_department": "",
        "office_street": "Am Schölerberg 1",
        "office_postcode": "49082",
        "office_city": "Osnabrück",
        "office_phone": "",
        "office_phone_alt": "",
        "office_email": "",
        "website": "https://www.landkreis-osnabrueck.de/",
        "latitude": 52.2570,
        "longitude": 8.0580,
        "last_reviewed": None,
    },
    {
        "slug": "lueneburg",
        "name": "Lüneburg",
        "district": "Landkreis Lüneburg",
        "tagline": "Wir verstehen uns als regionale Verantwortungsgemeinschaft",
        "summary": (
            "Das Land Niedersachsen und der Landkreis Lüneburg bauen die Region gemeinsam zur "
            "Bildungsregion Lüneburg aus; der Kooperationsvertrag wurde am 8. August 2016 "
            "unterzeichnet."
        ),
        "description": (
            "Bildung findet nicht nur formal in Schulen und Betrieben statt, sondern "
            "lebensbegleitend in zahlreichen außerschulischen Einrichtungen und im Alltag. Wenn "
            "diese Bildungsakteure vernetzt und die regionalen Ressourcen genutzt werden, "
            "verbessern sich die Bildungschancen aller und die Lebensqualität in der Region.\n\n"
            "Ein besonderes Anliegen ist, allen Menschen der Region – unabhängig von ihrer "
            "sozialen Herkunft – den Zugang zu den regionalen Bildungseinrichtungen und "
            "Akteuren zu ermöglichen. Aufgabe des Bildungs- und Integrationsbüros (BIB) und "
            "der vom Land abgeordneten Bildungskoordinatorin ist es, über die Bildungsakteure "
            "zu informieren, sie weiter zu vernetzen und Maßnahmen und Projekte zu "
            "koordinieren, die die Bildungschancen in der Region verbessern.\n\n"
            "Der Landkreis fördert mit einem Förderfonds von 50.000 Euro außerschulische "
            "Maßnahmen der kulturellen Bildung von Schulen und Kitas."
        ),
        "focus": (
            "Kulturelle Bildung, Inklusion, die Zusammenarbeit allgemein- und berufsbildender "
            "Schulen in der Region des Lernens sowie Eltern in der Berufsorientierung."
        ),
        "cooperation_since": date(2016, 8, 8),
        "cooperation_history": (
            "Am 8. August 2016 unterzeichneten der Landrat des Landkreises Lüneburg und die "
            "Niedersächsische Kultusministerin den Kooperationsvertrag über die "
            "Bildungsregion Lüneburg."
        ),
        "office_name": "Bildungs- und Integrationsbüro (BIB)",
        "office_department": "",
        "office_street": "Auf dem Michaelisklosterhof 4",
        "office_postcode": "21335",
        "office_city": "Lüneburg",
        "office_phone": "",
        "office_phone_alt": "",
        "office_email": "",
        "website": "https://www.landkreis-lueneburg.de/",
        "latitude": 53.2466,
        "longitude": 10.4027,
        "last_reviewed": None,
    },
]

# region slug -> municipalities. "postcodes": [(code, place, latitude, longitude), ...]
MUNICIPALITIES = {
    "wesermarsch": [
        {
            "name": "Berne",
            "kind": "gemeinde",
            "latitude": 53.1814,
            "longitude": 8.4822,
            "postcodes": [("27804", "Berne", 53.1814, 8.4822)],
        },
        {
            "name": "Brake (Unterweser)",
            "kind": "stadt",
            "latitude": 53.3252,
            "longitude": 8.4650,
            "postcodes": [("26919", "Brake (Unterweser)", 53.3252, 8.4650)],
        },
        {
            "name": "Butjadingen",
            "kind": "gemeinde",
            "latitude": 53.5472,
            "longitude": 8.3350,
            "postcodes": [("26969", "Butjadingen", 53.5472, 8.3350)],
        },
        {
            "name": "Elsfleth",
            "kind": "stadt",
            "latitude": 53.2375,
            "longitude": 8.4566,
            "postcodes": [("26931", "Elsfleth", 53.2375, 8.4566)],
        },
        {
            "name": "Jade",
            "kind": "gemeinde",
            "latitude": 53.3844,
            "longitude": 8.2410,
            "postcodes": [("26349", "Jade", 53.3844, 8.2410)],
        },
        {
            "name": "Lemwerder",
            "kind": "gemeinde",
            "latitude": 53.1667,
            "longitude": 8.6167,
            "postcodes": [("27809", "Lemwerder", 53.1667, 8.6167)],
        },
        {
            "name": "Nordenham",
            "kind": "stadt",
            "latitude": 53.4861,
            "longitude": 8.4809,
            "postcodes": [("26954", "Nordenham", 53.4861, 8.4809)],
        },
        {
            "name": "Ovelgönne",
            "kind": "gemeinde",
            "latitude": 53.3419,
            "longitude": 8.4218,
            "postcodes": [("26939", "Ovelgönne", 53.3419, 8.4218)],
        },
        {
            "name": "Stadland",
            "kind": "gemeinde",
            "latitude": 53.3833,
            "longitude": 8.3833,
            "postcodes": [
                ("26935", "Stadland", 53.3833, 8.3833),
                ("26936", "Stadland", 53.3833, 8.3833),
                ("26937", "Stadland", 53.3833, 8.3833),
            ],
        },
    ],
    "hameln-pyrmont": [
        {
            "name": "Aerzen",
            "kind": "flecken",
            "latitude": 52.0495,
            "longitude": 9.2586,
            "postcodes": [("31855", "Aerzen", 52.0495, 9.2586)],
        },
        {
            "name": "Bad Münder am Deister",
            "kind": "stadt",
            "latitude": 52.1955,
            "longitude": 9.4642,
            "postcodes": [("31848", "Bad Münder am Deister", 52.1955, 9.4642)],
        },
        {
            "name": "Bad Pyrmont",
            "kind": "stadt",
            "latitude": 51.9859,
            "longitude": 9.2525,
            "postcodes": [("31812", "Bad Pyrmont", 51.9859, 9.2525)],
        },
        {
            "name": "Coppenbrügge",
            "kind": "flecken",
            "latitude": 52.1185,
            "longitude": 9.5487,
            "postcodes": [("31863", "Coppenbrügge", 52.1185, 9.5487)],
        },
        {
            "name": "Emmerthal",
            "kind": "gemeinde",
            "latitude": 52.0449,
            "longitude": 9.4001,
            "postcodes": [("31860", "Emmerthal", 52.0449, 9.4001)],
        },
        {
            "name": "Hameln",
            "kind": "stadt",
            "latitude": 52.1037,
            "longitude": 9.3577,
            "postcodes": [
                ("31785", "Hameln", 52.1037, 9.3676),
                ("31787", "Hameln", 52.1150, 9.3388),
                ("31789", "Hameln", 52.0988, 9.3950),
            ],
        },
        {
            "name": "Hessisch Oldendorf",
            "kind": "stadt",
            "latitude": 52.1727,
            "longitude": 9.2491,
            "postcodes": [("31840", "Hessisch Oldendorf", 52.1727, 9.2491)],
        },
        {
            "name": "Salzhemmendorf",
            "kind": "flecken",
            "latitude": 52.0887,
            "longitude": 9.6312,
            "postcodes": [("31020", "Salzhemmendorf", 52.0887, 9.6312)],
        },
    ],
    "stade": [
        {
            "name": "Agathenburg",
            "kind": "gemeinde",
            "samtgemeinde": "Horneburg",
            "latitude": 53.5607,
            "longitude": 9.5318,
            "postcodes": [("21684", "Agathenburg", 53.5607, 9.5318)],
        },
        {
            "name": "Ahlerstedt",
            "kind": "gemeinde",
            "samtgemeinde": "Harsefeld",
            "latitude": 53.4000,
            "longitude": 9.4500,
            "postcodes": [("21702", "Ahlerstedt", 53.4000, 9.4500)],
        },
        {
            "name": "Apensen",
            "kind": "gemeinde",
            "samtgemeinde": "Apensen",
            "latitude": 53.4333,
            "longitude": 9.6167,
            "postcodes": [("21641", "Apensen", 53.4333, 9.6167)],
        },
        {
            "name": "Balje",
            "kind": "gemeinde",
            "samtgemeinde": "Nordkehdingen",
            "latitude": 53.8333,
            "longitude": 9.1333,
            "postcodes": [("21730", "Balje", 53.8333, 9.1333)],
        },
        {
            "name": "Bargstedt",
            "kind": "gemeinde",
            "samtgemeinde": "Harsefeld",
            "latitude": 53.4667,
            "longitude": 9.4500,
            "postcodes": [("21698", "Bargstedt", 53.4667, 9.4500)],
        },
        {
            "name": "Beckdorf",
            "kind": "gemeinde",
            "samtgemeinde": "Apensen",
            "latitude": 53.4167,
            "longitude": 9.6167,
            "postcodes": [("21643", "Beckdorf", 53.4167, 9.6167)],
        },
        {
            "name": "Bliedersdorf",
            "kind": "gemeinde",
            "samtgemeinde": "Horneburg",
            "latitude": 53.4833,
            "longitude": 9.5667,
            "postcodes": [("21640", "Bliedersdorf", 53.4833, 9.5667)],
        },
        {
            "name": "Brest",
            "kind": "gemeinde",
            "samtgemeinde": "Harsefeld",
            "latitude": 53.4500,
            "longitude": 9.3833,
            "postcodes": [("21698", "Brest", 53.4500, 9.3833)],
        },
        {
            "name": "Burweg",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.6248,
            "longitude": 9.2663,
            "postcodes": [("21709", "Burweg", 53.6248, 9.2663)],
        },
        {
            "name": "Buxtehude",
            "kind": "hansestadt",
            "latitude": 53.4672,
            "longitude": 9.6864,
            "postcodes": [("21614", "Buxtehude", 53.4672, 9.6864)],
        },
        {
            "name": "Deinste",
            "kind": "gemeinde",
            "samtgemeinde": "Fredenbeck",
            "latitude": 53.5290,
            "longitude": 9.4438,
            "postcodes": [("21717", "Deinste", 53.5290, 9.4438)],
        },
        {
            "name": "Dollern",
            "kind": "gemeinde",
            "samtgemeinde": "Horneburg",
            "latitude": 53.5333,
            "longitude": 9.5500,
            "postcodes": [("21739", "Dollern", 53.5333, 9.5500)],
        },
        {
            "name": "Drochtersen",
            "kind": "gemeinde",
            "latitude": 53.7101,
            "longitude": 9.3846,
            "postcodes": [("21706", "Drochtersen", 53.7101, 9.3846)],
        },
        {
            "name": "Düdenbüttel",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.5904,
            "longitude": 9.3500,
            "postcodes": [("21709", "Düdenbüttel", 53.5904, 9.3500)],
        },
        {
            "name": "Engelschoff",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.6667,
            "longitude": 9.3333,
            "postcodes": [("21710", "Engelschoff", 53.6667, 9.3333)],
        },
        {
            "name": "Estorf",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.5760,
            "longitude": 9.2027,
            "postcodes": [("21727", "Estorf", 53.5760, 9.2027)],
        },
        {
            "name": "Fredenbeck",
            "kind": "gemeinde",
            "samtgemeinde": "Fredenbeck",
            "latitude": 53.5236,
            "longitude": 9.4035,
            "postcodes": [("21717", "Fredenbeck", 53.5236, 9.4035)],
        },
        {
            "name": "Freiburg (Elbe)",
            "kind": "flecken",
            "samtgemeinde": "Nordkehdingen",
            "latitude": 53.8333,
            "longitude": 9.2833,
            "postcodes": [("21729", "Freiburg (Elbe)", 53.8333, 9.2833)],
        },
        {
            "name": "Großenwörden",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.6833,
            "longitude": 9.2667,
            "postcodes": [("21712", "Großenwörden", 53.6833, 9.2667)],
        },
        {
            "name": "Grünendeich",
            "kind": "gemeinde",
            "samtgemeinde": "Lühe",
            "latitude": 53.5695,
            "longitude": 9.6122,
            "postcodes": [("21720", "Grünendeich", 53.5695, 9.6122)],
        },
        {
            "name": "Guderhandviertel",
            "kind": "gemeinde",
            "samtgemeinde": "Lühe",
            "latitude": 53.5492,
            "longitude": 9.6096,
            "postcodes": [("21720", "Guderhandviertel", 53.5492, 9.6096)],
        },
        {
            "name": "Hammah",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.6167,
            "longitude": 9.3667,
            "postcodes": [("21714", "Hammah", 53.6167, 9.3667)],
        },
        {
            "name": "Harsefeld",
            "kind": "flecken",
            "samtgemeinde": "Harsefeld",
            "latitude": 53.4540,
            "longitude": 9.5030,
            "postcodes": [("21698", "Harsefeld", 53.4540, 9.5030)],
        },
        {
            "name": "Heinbockel",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.5833,
            "longitude": 9.3333,
            "postcodes": [("21726", "Heinbockel", 53.5833, 9.3333)],
        },
        {
            "name": "Himmelpforten",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.6141,
            "longitude": 9.3052,
            "postcodes": [("21709", "Himmelpforten", 53.6141, 9.3052)],
        },
        {
            "name": "Hollern-Twielenfleth",
            "kind": "gemeinde",
            "samtgemeinde": "Lühe",
            "latitude": 53.6000,
            "longitude": 9.5500,
            "postcodes": [("21723", "Hollern-Twielenfleth", 53.6000, 9.5500)],
        },
        {
            "name": "Horneburg",
            "kind": "flecken",
            "samtgemeinde": "Horneburg",
            "latitude": 53.5067,
            "longitude": 9.5755,
            "postcodes": [("21640", "Horneburg", 53.5067, 9.5755)],
        },
        {
            "name": "Jork",
            "kind": "gemeinde",
            "latitude": 53.5320,
            "longitude": 9.6808,
            "postcodes": [("21635", "Jork", 53.5320, 9.6808)],
        },
        {
            "name": "Kranenburg",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.6065,
            "longitude": 9.2060,
            "postcodes": [("21726", "Kranenburg", 53.6065, 9.2060)],
        },
        {
            "name": "Krummendeich",
            "kind": "gemeinde",
            "samtgemeinde": "Nordkehdingen",
            "latitude": 53.8308,
            "longitude": 9.2038,
            "postcodes": [("21732", "Krummendeich", 53.8308, 9.2038)],
        },
        {
            "name": "Kutenholz",
            "kind": "gemeinde",
            "samtgemeinde": "Fredenbeck",
            "latitude": 53.4815,
            "longitude": 9.3212,
            "postcodes": [("27449", "Kutenholz", 53.4815, 9.3212)],
        },
        {
            "name": "Mittelnkirchen",
            "kind": "gemeinde",
            "samtgemeinde": "Lühe",
            "latitude": 53.5422,
            "longitude": 9.6232,
            "postcodes": [("21720", "Mittelnkirchen", 53.5422, 9.6232)],
        },
        {
            "name": "Neuenkirchen",
            "kind": "gemeinde",
            "samtgemeinde": "Lühe",
            "latitude": 53.5167,
            "longitude": 9.6000,
            "postcodes": [("21640", "Neuenkirchen", 53.5167, 9.6000)],
        },
        {
            "name": "Nottensdorf",
            "kind": "gemeinde",
            "samtgemeinde": "Horneburg",
            "latitude": 53.4833,
            "longitude": 9.6000,
            "postcodes": [("21640", "Nottensdorf", 53.4833, 9.6000)],
        },
        {
            "name": "Oederquart",
            "kind": "gemeinde",
            "samtgemeinde": "Nordkehdingen",
            "latitude": 53.8027,
            "longitude": 9.2368,
            "postcodes": [("21734", "Oederquart", 53.8027, 9.2368)],
        },
        {
            "name": "Oldendorf",
            "kind": "gemeinde",
            "samtgemeinde": "Oldendorf-Himmelpforten",
            "latitude": 53.5833,
            "longitude": 9.2500,
            "postcodes": [("21726", "Oldendorf", 53.5833, 9.2500)],
        },
        {
            "name": "Sauensiek",
            "kind": "gemeinde",
            "samtgemeinde": "Apensen",
            "latitude": 53.3833,
            "longitude": 9.6000,
            "postcodes": [("21644", "Sauensiek", 53.3833, 9.6000)],
        },
        {
            "name": "Stade",
            "kind": "hansestadt",
            "latitude": 53.5995,
            "longitude": 9.4760,
            "postcodes": [
                ("21680", "Stade", 53.5908, 9.4848),
                ("21682", "Stade", 53.6084, 9.4688),
                ("21683", "Stade", 53.6000, 9.4833),
                ("21684", "Stade", 53.6000, 9.4833),
            ],
        },
        {
            "name": "Steinkirchen",
            "kind": "gemeinde",
            "samtgemeinde": "Lühe",
            "latitude": 53.5660,
            "longitude": 9.6111,
            "postcodes": [("21720", "Steinkirchen", 53.5660, 9.6111)],
        },
        {
            "name": "Wischhafen",
            "kind": "gemeinde",
            "samtgemeinde": "Nordkehdingen",
            "latitude": 53.7833,
            "longitude": 9.3167,
            "postcodes": [("21737", "Wischhafen", 53.7833, 9.3167)],
        },
    ],
    "osnabrueck": [
        {
            "name": "Alfhausen",
            "kind": "gemeinde",
            "samtgemeinde": "Bersenbrück",
            "latitude": 52.5000,
            "longitude": 7.9500,
            "postcodes": [("49594", "Alfhausen", 52.5000, 7.9500)],
        },
        {
            "name": "Ankum",
            "kind": "gemeinde",
            "samtgemeinde": "Bersenbrück",
            "latitude": 52.5500,
            "longitude": 7.8833,
            "postcodes": [("49577", "Ankum", 52.5500, 7.8833)],
        },
        {
            "name": "Bad Essen",
            "kind": "gemeinde",
            "latitude": 52.3208,
            "longitude": 8.3386,
            "postcodes": [("49152", "Bad Essen", 52.3208, 8.3386)],
        },
        {
            "name": "Bad Iburg",
            "kind": "stadt",
            "latitude": 52.1549,
            "longitude": 8.0422,
            "postcodes": [("49186", "Bad Iburg", 52.1549, 8.0422)],
        },
        {
            "name": "Bad Laer",
            "kind": "gemeinde",
            "latitude": 52.1000,
            "longitude": 8.0833,
            "postcodes": [("49196", "Bad Laer", 52.1000, 8.0833)],
        },
        {
            "name": "Bad Rothenfelde",
            "kind": "gemeinde",
            "latitude": 52.1167,
            "longitude": 8.1667,
            "postcodes": [("49214", "Bad Rothenfelde", 52.1167, 8.1667)],
        },
        {
            "name": "Badbergen",
            "kind": "gemeinde",
            "samtgemeinde": "Artland",
            "latitude": 52.6333,
            "longitude": 7.9833,
            "postcodes": [("49635", "Badbergen", 52.6333, 7.9833)],
        },
        {
            "name": "Belm",
            "kind": "gemeinde",
            "latitude": 52.3000,
            "longitude": 8.1333,
            "postcodes": [("49191", "Belm", 52.3000, 8.1333)],
        },
        {
            "name": "Berge",
            "kind": "gemeinde",
            "samtgemeinde": "Fürstenau",
            "latitude": 52.6233,
            "longitude": 7.7455,
            "postcodes": [("49626", "Berge", 52.6233, 7.7455)],
        },
        {
            "name": "Bersenbrück",
            "kind": "stadt",
            "samtgemeinde": "Bersenbrück",
            "latitude": 52.5516,
            "longitude": 7.9484,
            "postcodes": [("49593", "Bersenbrück", 52.5516, 7.9484)],
        },
        {
            "name": "Bippen",
            "kind": "gemeinde",
            "samtgemeinde": "Fürstenau",
            "latitude": 52.5833,
            "longitude": 7.7333,
            "postcodes": [("49626", "Bippen", 52.5833, 7.7333)],
        },
        {
            "name": "Bissendorf",
            "kind": "gemeinde",
            "latitude": 52.2333,
            "longitude": 8.1667,
            "postcodes": [("49143", "Bissendorf", 52.2333, 8.1667)],
        },
        {
            "name": "Bohmte",
            "kind": "gemeinde",
            "latitude": 52.3667,
            "longitude": 8.3167,
            "postcodes": [("49163", "Bohmte", 52.3667, 8.3167)],
        },
        {
            "name": "Bramsche",
            "kind": "stadt",
            "latitude": 52.4088,
            "longitude": 7.9729,
            "postcodes": [("49565", "Bramsche", 52.4088, 7.9729)],
        },
        {
            "name": "Dissen am Teutoburger Wald",
            "kind": "stadt",
            "latitude": 52.1167,
            "longitude": 8.2000,
            "postcodes": [("49201", "Dissen am Teutoburger Wald", 52.1167, 8.2000)],
        },
        {
            "name": "Eggermühlen",
            "kind": "gemeinde",
            "samtgemeinde": "Bersenbrück",
            "latitude": 52.5667,
            "longitude": 7.8167,
            "postcodes": [("49577", "Eggermühlen", 52.5667, 7.8167)],
        },
        {
            "name": "Fürstenau",
            "kind": "stadt",
            "samtgemeinde": "Fürstenau",
            "latitude": 52.5167,
            "longitude": 7.6767,
            "postcodes": [("49584", "Fürstenau", 52.5167, 7.6767)],
        },
        {
            "name": "Gehrde",
            "kind": "gemeinde",
            "samtgemeinde": "Bersenbrück",
            "latitude": 52.5768,
            "longitude": 8.0034,
            "postcodes": [("49596", "Gehrde", 52.5768, 8.0034)],
        },
        {
            "name": "Georgsmarienhütte",
            "kind": "stadt",
            "latitude": 52.2030,
            "longitude": 8.0448,
            "postcodes": [("49124", "Georgsmarienhütte", 52.2030, 8.0448)],
        },
        {
            "name": "Glandorf",
            "kind": "gemeinde",
            "latitude": 52.0847,
            "longitude": 7.9994,
            "postcodes": [("49219", "Glandorf", 52.0847, 7.9994)],
        },
        {
            "name": "Hagen am Teutoburger Wald",
            "kind": "gemeinde",
            "latitude": 52.2094,
            "longitude": 7.9206,
            "postcodes": [("49170", "Hagen am Teutoburger Wald", 52.2094, 7.9206)],
        },
        {
            "name": "Hasbergen",
            "kind": "gemeinde",
            "latitude": 52.2375,
            "longitude": 7.9611,
            "postcodes": [("49205", "Hasbergen", 52.2375, 7.9611)],
        },
        {
            "name": "Hilter am Teutoburger Wald",
            "kind": "gemeinde",
            "latitude": 52.1644,
            "longitude": 8.1468,
            "postcodes": [("49176", "Hilter am Teutoburger Wald", 52.1644, 8.1468)],
        },
        {
            "name": "Kettenkamp",
            "kind": "gemeinde",
            "samtgemeinde": "Bersenbrück",
            "latitude": 52.5833,
            "longitude": 7.8333,
            "postcodes": [("49577", "Kettenkamp", 52.5833, 7.8333)],
        },
        {
            "name": "Melle",
            "kind": "stadt",
            "latitude": 52.2036,
            "longitude": 8.3380,
            "postcodes": [
                ("49324", "Melle", 52.1977, 8.3389),
                ("49326", "Melle", 52.2000, 8.3500),
                ("49328", "Melle", 52.2000, 8.3500),
            ],
        },
        {
            "name": "Menslage",
            "kind": "gemeinde",
            "samtgemeinde": "Artland",
            "latitude": 52.6833,
            "longitude": 7.8167,
            "postcodes": [("49637", "Menslage", 52.6833, 7.8167)],
        },
        {
            "name": "Merzen",
            "kind": "gemeinde",
            "samtgemeinde": "Neuenkirchen",
            "latitude": 52.4833,
            "longitude": 7.8333,
            "postcodes": [("49586", "Merzen", 52.4833, 7.8333)],
        },
        {
            "name": "Neuenkirchen",
            "kind": "gemeinde",
            "samtgemeinde": "Neuenkirchen",
            "latitude": 52.4171,
            "longitude": 7.8389,
            "postcodes": [("49586", "Neuenkirchen", 52.4171, 7.8389)],
        },
        {
            "name": "Nortrup",
            "kind": "gemeinde",
            "samtgemeinde": "Artland",
            "latitude": 52.6150,
            "longitude": 7.8607,
            "postcodes": [("49638", "Nortrup", 52.6150, 7.8607)],
        },
        {
            "name": "Ostercappeln",
            "kind": "gemeinde",
            "latitude": 52.3500,
            "longitude": 8.2333,
            "postcodes": [("49179", "Ostercappeln", 52.3500, 8.2333)],
        },
        {
            "name": "Quakenbrück",
            "kind": "stadt",
            "samtgemeinde": "Artland",
            "latitude": 52.6750,
            "longitude": 7.9498,
            "postcodes": [("49610", "Quakenbrück", 52.6750, 7.9498)],
        },
        {
            "name": "Rieste",
            "kind": "gemeinde",
            "samtgemeinde": "Bersenbrück",
            "latitude": 52.4833,
            "longitude": 8.0167,
            "postcodes": [("49597", "Rieste", 52.4833, 8.0167)],
        },
        {
            "name": "Voltlage",
            "kind": "gemeinde",
            "samtgemeinde": "Neuenkirchen",
            "latitude": 52.4333,
            "longitude": 7.7500,
            "postcodes": [("49599", "Voltlage", 52.4333, 7.7500)],
        },
        {
            "name": "Wallenhorst",
            "kind": "gemeinde",
            "latitude": 52.3500,
            "longitude": 8.0167,
            "postcodes": [("49134", "Wallenhorst", 52.3500, 8.0167)],
        },
    ],
    "lueneburg": [
        {
            "name": "Adendorf",
            "kind": "gemeinde",
            "latitude": 53.2819,
            "longitude": 10.4379,
            "postcodes": [("21365", "Adendorf", 53.2819, 10.4379)],
        },
        {
            "name": "Amelinghausen",
            "kind": "gemeinde",
            "samtgemeinde": "Amelinghausen",
            "latitude": 53.1240,
            "longitude": 10.2127,
            "postcodes": [("21385", "Amelinghausen", 53.1240, 10.2127)],
        },
        {
            "name": "Amt Neuhaus",
            "kind": "gemeinde",
            "latitude": 53.2864,
            "longitude": 10.9283,
            "postcodes": [("19273", "Amt Neuhaus", 53.2864, 10.9283)],
        },
        {
            "name": "Artlenburg",
            "kind": "flecken",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.3718,
            "longitude": 10.4879,
            "postcodes": [("21380", "Artlenburg", 53.3718, 10.4879)],
        },
        {
            "name": "Bardowick",
            "kind": "flecken",
            "samtgemeinde": "Bardowick",
            "latitude": 53.2935,
            "longitude": 10.3881,
            "postcodes": [("21357", "Bardowick", 53.2935, 10.3881)],
        },
        {
            "name": "Barendorf",
            "kind": "gemeinde",
            "samtgemeinde": "Ostheide",
            "latitude": 53.2290,
            "longitude": 10.5216,
            "postcodes": [("21397", "Barendorf", 53.2290, 10.5216)],
        },
        {
            "name": "Barnstedt",
            "kind": "gemeinde",
            "samtgemeinde": "Ilmenau",
            "latitude": 53.1333,
            "longitude": 10.3667,
            "postcodes": [("21406", "Barnstedt", 53.1333, 10.3667)],
        },
        {
            "name": "Barum",
            "kind": "gemeinde",
            "samtgemeinde": "Bardowick",
            "latitude": 53.3500,
            "longitude": 10.4000,
            "postcodes": [("21357", "Barum", 53.3500, 10.4000)],
        },
        {
            "name": "Betzendorf",
            "kind": "gemeinde",
            "samtgemeinde": "Amelinghausen",
            "latitude": 53.1375,
            "longitude": 10.3127,
            "postcodes": [("21386", "Betzendorf", 53.1375, 10.3127)],
        },
        {
            "name": "Bleckede",
            "kind": "stadt",
            "latitude": 53.2897,
            "longitude": 10.7337,
            "postcodes": [("21354", "Bleckede", 53.2897, 10.7337)],
        },
        {
            "name": "Boitze",
            "kind": "gemeinde",
            "samtgemeinde": "Dahlenburg",
            "latitude": 53.1500,
            "longitude": 10.7500,
            "postcodes": [("21368", "Boitze", 53.1500, 10.7500)],
        },
        {
            "name": "Brietlingen",
            "kind": "gemeinde",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.3333,
            "longitude": 10.4500,
            "postcodes": [("21382", "Brietlingen", 53.3333, 10.4500)],
        },
        {
            "name": "Dahlem",
            "kind": "gemeinde",
            "samtgemeinde": "Dahlenburg",
            "latitude": 53.2000,
            "longitude": 10.7500,
            "postcodes": [("21368", "Dahlem", 53.2000, 10.7500)],
        },
        {
            "name": "Dahlenburg",
            "kind": "flecken",
            "samtgemeinde": "Dahlenburg",
            "latitude": 53.1877,
            "longitude": 10.7365,
            "postcodes": [("21368", "Dahlenburg", 53.1877, 10.7365)],
        },
        {
            "name": "Deutsch Evern",
            "kind": "gemeinde",
            "samtgemeinde": "Ilmenau",
            "latitude": 53.2000,
            "longitude": 10.4333,
            "postcodes": [("21407", "Deutsch Evern", 53.2000, 10.4333)],
        },
        {
            "name": "Echem",
            "kind": "gemeinde",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.3333,
            "longitude": 10.5333,
            "postcodes": [("21379", "Echem", 53.3333, 10.5333)],
        },
        {
            "name": "Embsen",
            "kind": "gemeinde",
            "samtgemeinde": "Ilmenau",
            "latitude": 53.1761,
            "longitude": 10.3463,
            "postcodes": [("21409", "Embsen", 53.1761, 10.3463)],
        },
        {
            "name": "Handorf",
            "kind": "gemeinde",
            "samtgemeinde": "Bardowick",
            "latitude": 53.3408,
            "longitude": 10.3465,
            "postcodes": [("21447", "Handorf", 53.3408, 10.3465)],
        },
        {
            "name": "Hittbergen",
            "kind": "gemeinde",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.3445,
            "longitude": 10.5891,
            "postcodes": [("21522", "Hittbergen", 53.3445, 10.5891)],
        },
        {
            "name": "Hohnstorf (Elbe)",
            "kind": "gemeinde",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.3667,
            "longitude": 10.5500,
            "postcodes": [("21522", "Hohnstorf (Elbe)", 53.3667, 10.5500)],
        },
        {
            "name": "Kirchgellersen",
            "kind": "gemeinde",
            "samtgemeinde": "Gellersen",
            "latitude": 53.2333,
            "longitude": 10.3000,
            "postcodes": [("21394", "Kirchgellersen", 53.2333, 10.3000)],
        },
        {
            "name": "Lüdersburg",
            "kind": "gemeinde",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.3214,
            "longitude": 10.5742,
            "postcodes": [("21379", "Lüdersburg", 53.3214, 10.5742)],
        },
        {
            "name": "Lüneburg",
            "kind": "hansestadt",
            "latitude": 53.2509,
            "longitude": 10.4143,
            "postcodes": [
                ("21335", "Lüneburg", 53.2329, 10.4078),
                ("21337", "Lüneburg", 53.2558, 10.4398),
                ("21339", "Lüneburg", 53.2604, 10.3968),
            ],
        },
        {
            "name": "Mechtersen",
            "kind": "gemeinde",
            "samtgemeinde": "Bardowick",
            "latitude": 53.2833,
            "longitude": 10.3167,
            "postcodes": [("21358", "Mechtersen", 53.2833, 10.3167)],
        },
        {
            "name": "Melbeck",
            "kind": "gemeinde",
            "samtgemeinde": "Ilmenau",
            "latitude": 53.1833,
            "longitude": 10.4000,
            "postcodes": [("21406", "Melbeck", 53.1833, 10.4000)],
        },
        {
            "name": "Nahrendorf",
            "kind": "gemeinde",
            "samtgemeinde": "Dahlenburg",
            "latitude": 53.1739,
            "longitude": 10.8138,
            "postcodes": [("21369", "Nahrendorf", 53.1739, 10.8138)],
        },
        {
            "name": "Neetze",
            "kind": "gemeinde",
            "samtgemeinde": "Ostheide",
            "latitude": 53.2652,
            "longitude": 10.6213,
            "postcodes": [("21398", "Neetze", 53.2652, 10.6213)],
        },
        {
            "name": "Oldendorf (Luhe)",
            "kind": "gemeinde",
            "samtgemeinde": "Amelinghausen",
            "latitude": 53.1500,
            "longitude": 10.2167,
            "postcodes": [("21385", "Oldendorf (Luhe)", 53.1500, 10.2167)],
        },
        {
            "name": "Radbruch",
            "kind": "gemeinde",
            "samtgemeinde": "Bardowick",
            "latitude": 53.3167,
            "longitude": 10.2833,
            "postcodes": [("21449", "Radbruch", 53.3167, 10.2833)],
        },
        {
            "name": "Rehlingen",
            "kind": "gemeinde",
            "samtgemeinde": "Amelinghausen",
            "latitude": 53.1057,
            "longitude": 10.2209,
            "postcodes": [("21385", "Rehlingen", 53.1057, 10.2209)],
        },
        {
            "name": "Reinstorf",
            "kind": "gemeinde",
            "samtgemeinde": "Ostheide",
            "latitude": 53.2345,
            "longitude": 10.5732,
            "postcodes": [("21400", "Reinstorf", 53.2345, 10.5732)],
        },
        {
            "name": "Reppenstedt",
            "kind": "gemeinde",
            "samtgemeinde": "Gellersen",
            "latitude": 53.2500,
            "longitude": 10.3500,
            "postcodes": [("21391", "Reppenstedt", 53.2500, 10.3500)],
        },
        {
            "name": "Rullstorf",
            "kind": "gemeinde",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.2865,
            "longitude": 10.5297,
            "postcodes": [("21379", "Rullstorf", 53.2865, 10.5297)],
        },
        {
            "name": "Scharnebeck",
            "kind": "gemeinde",
            "samtgemeinde": "Scharnebeck",
            "latitude": 53.2924,
            "longitude": 10.5019,
            "postcodes": [("21379", "Scharnebeck", 53.2924, 10.5019)],
        },
        {
            "name": "Soderstorf",
            "kind": "gemeinde",
            "samtgemeinde": "Amelinghausen",
            "latitude": 53.1428,
            "longitude": 10.1481,
            "postcodes": [("21388", "Soderstorf", 53.1428, 10.1481)],
        },
        {
            "name": "Südergellersen",
            "kind": "gemeinde",
            "samtgemeinde": "Gellersen",
            "latitude": 53.2167,
            "longitude": 10.3000,
            "postcodes": [("21394", "Südergellersen", 53.2167, 10.3000)],
        },
        {
            "name": "Thomasburg",
            "kind": "gemeinde",
            "samtgemeinde": "Ostheide",
            "latitude": 53.2333,
            "longitude": 10.6667,
            "postcodes": [("21401", "Thomasburg", 53.2333, 10.6667)],
        },
        {
            "name": "Tosterglope",
            "kind": "gemeinde",
            "samtgemeinde": "Dahlenburg",
            "latitude": 53.2098,
            "longitude": 10.8193,
            "postcodes": [("21371", "Tosterglope", 53.2098, 10.8193)],
        },
        {
            "name": "Vastorf",
            "kind": "gemeinde",
            "samtgemeinde": "Ostheide",
            "latitude": 53.1980,
            "longitude": 10.5456,
            "postcodes": [("21397", "Vastorf", 53.1980, 10.5456)],
        },
        {
            "name": "Vögelsen",
            "kind": "gemeinde",
            "samtgemeinde": "Bardowick",
            "latitude": 53.2745,
            "longitude": 10.3537,
            "postcodes": [("21360", "Vögelsen", 53.2745, 10.3537)],
        },
        {
            "name": "Wendisch Evern",
            "kind": "gemeinde",
            "samtgemeinde": "Ostheide",
            "latitude": 53.2167,
            "longitude": 10.4667,
            "postcodes": [("21403", "Wendisch Evern", 53.2167, 10.4667)],
        },
        {
            "name": "Westergellersen",
            "kind": "gemeinde",
            "samtgemeinde": "Gellersen",
            "latitude": 53.2333,
            "longitude": 10.2500,
            "postcodes": [("21394", "Westergellersen", 53.2333, 10.2500)],
        },
        {
            "name": "Wittorf",
            "kind": "gemeinde",
            "samtgemeinde": "Bardowick",
            "latitude": 53.3333,
            "longitude": 10.3833,
            "postcodes": [("21357", "Wittorf", 53.3333, 10.3833)],
        },
    ],
}

# region slug -> focus areas in their order.
FOCUS_AREAS = {
    "wesermarsch": [
        {
            "kind": "handlungsfeld",
            "title": "Übergang Schule–Beruf",
            "description": (
                "Der Übergang von der Schule in den Beruf steht im Fokus der Bildungsregion. Seine "
                "Gestaltung soll Transparenz und Anschlussfähigkeit der Bildungsangebote fördern."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Regionales Bildungsnetzwerk",
            "description": (
                "Schulen, Unternehmen, Kammern, Behörden sowie Eltern- und Schülervertretungen "
                "bauen das regionale Bildungsnetzwerk aus und arbeiten langfristig zusammen, damit "
                "zukunftsfähige Bildungsangebote gebündelt werden."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Entwicklungschancen für alle",
            "description": (
                "Allen Menschen sollen unabhängig von sozialer Ausgangslage und Herkunft optimale "
                "Entwicklungschancen offenstehen; junge Menschen werden ermutigt, ihre Zukunft "
                "eigeninitiativ zu gestalten."
            ),
        },
    ],
    "hameln-pyrmont": [
        {
            "kind": "handlungsschwerpunkt",
            "title": "Förderung der frühkindlichen Bildung und der Elternbildung",
            "description": (
                "Bildung beginnt vor der Schule: Die Bildungsregion stärkt die frühkindliche "
                "Bildung und unterstützt Eltern in ihrer Rolle."
            ),
        },
        {
            "kind": "handlungsschwerpunkt",
            "title": "Senkung von Schulabbrecherquote und Schulvermeidungsfällen",
            "description": (
                "Weniger Jugendliche sollen die Schule ohne Abschluss verlassen oder dem "
                "Unterricht fernbleiben; daran arbeitet unter anderem die AG Schulabsentismus."
            ),
        },
        {
            "kind": "handlungsschwerpunkt",
            "title": (
                "Verbesserung des Übergangs zwischen den Bildungsabschnitten, vor allem zwischen "
                "Schule und Beruf"
            ),
            "description": (
                "Die Übergänge zwischen Kita und Grundschule, Grundschule und weiterführender "
                "Schule und vor allem von der Schule in den Beruf sollen gelingen; dafür arbeitet "
                "die AG Schule-Beruf."
            ),
        },
        {
            "kind": "handlungsschwerpunkt",
            "title": "Förderung der Ausbildungsfähigkeit von jungen Menschen",
            "description": (
                "Junge Menschen sollen gut vorbereitet in eine Ausbildung starten können."
            ),
        },
        {
            "kind": "handlungsschwerpunkt",
            "title": "Verbesserung der Vereinbarkeit von Familie und Beruf",
            "description": (
                "Familie und Beruf sollen sich im Landkreis besser vereinbaren lassen."
            ),
        },
    ],
    "stade": [
        {
            "kind": "handlungsfeld",
            "title": "Übergänge gestalten",
            "description": (
                "Eines der vier Handlungsfelder der Bildungsstrategie des Landkreises Stade; "
                "beschrieben im zweiten Bildungsbericht (S. 11–14)."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Fachkräfte sichern",
            "description": (
                "Eines der vier Handlungsfelder der Bildungsstrategie: Die Region will ein "
                "attraktiver Bildungsstandort für Menschen und Unternehmen sein."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Bildungsqualität",
            "description": (
                "Eines der vier Handlungsfelder der Bildungsstrategie des Landkreises Stade; "
                "beschrieben im zweiten Bildungsbericht (S. 11–14)."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Vernetzung und Unterstützung der Akteure",
            "description": (
                "Das Bildungsbüro koordiniert die Akteure, organisiert Netzwerktreffen und "
                "Veranstaltungen und informiert, etwa mit dem Journal „Bildung im Blick“."
            ),
        },
    ],
    "osnabrueck": [
        {
            "kind": "handlungsfeld",
            "title": "Datenbasiertes Bildungsmanagement",
            "description": (
                "Das Bildungsmanagement des Landkreises vernetzt alle im Bildungsbereich "
                "Handelnden und koordiniert Angebote und Maßnahmen im engen Austausch mit den "
                "kreisangehörigen Kommunen."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Bildungsmonitoring",
            "description": (
                "Das Bildungsmonitoring erfasst die für den Bildungsbereich wesentlichen Daten, "
                "zum Beispiel zur Dynamik des demografischen Wandels, und ist Basis für "
                "gesteuertes Handeln."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Übergang Schule–Beruf und Ausbildungsregion",
            "description": (
                "Das Übergangsmanagement der MaßArbeit begleitet Jugendliche auf dem Weg in den "
                "passenden Beruf. Die 2020 gegründete Ausbildungsregion Osnabrück bündelt "
                "Angebote für Jugendliche, Eltern, Schulen und Betriebe."
            ),
        },
    ],
    "lueneburg": [
        {
            "kind": "handlungsfeld",
            "title": "Kulturelle Bildung",
            "description": (
                "Ein Förderfonds des Landkreises von 50.000 Euro unterstützt außerschulische "
                "Maßnahmen der kulturellen Bildung von allgemeinbildenden Schulen und "
                "Kindertagesstätten."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Inklusion",
            "description": (
                "Die Bildungsregion will die Interessen von Kindern und Jugendlichen mit "
                "sonderpädagogischem Unterstützungsbedarf in Schulen unterstützen."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Region des Lernens",
            "description": (
                "Die Leitstelle Region des Lernens verbessert die Zusammenarbeit zwischen "
                "allgemeinbildenden und berufsbildenden Schulen, um die Berufswahlkompetenz von "
                "Jugendlichen zu fördern."
            ),
        },
        {
            "kind": "handlungsfeld",
            "title": "Eltern und Berufsorientierung",
            "description": (
                "Eltern sind auch in der Berufsorientierung die Experten ihrer Kinder; die "
                "Bildungsregion bezieht sie ein."
            ),
        },
    ],
}

# region slug -> documents. No files and no addresses in the web: none are known for certain.
DOCUMENTS = {
    "wesermarsch": [
        {
            "kind": "analyse",
            "title": "Ist-Stand-Analyse der Transferagentur Niedersachsen",
            "published_on": None,
            "description": (
                "Analyse der Ausgangslage der Bildungsregion Wesermarsch durch die "
                "Transferagentur Niedersachsen; weitere Schritte sind „Individuelle "
                "Modelllösung“ und „Transferprozess“."
            ),
        },
    ],
    "stade": [
        {
            "kind": "journal",
            "title": "Bildung im Blick",
            "published_on": None,
            "description": (
                "Journal des Bildungsbüros, mit dem es Einrichtungen und Organisationen über die "
                "Arbeit der Bildungsregion informiert."
            ),
        },
        {
            "kind": "bericht",
            "title": "Zweiter Bildungsbericht",
            "published_on": None,
            "description": (
                "Bildungsbericht des Landkreises Stade; die Bildungsstrategie und die vier "
                "Handlungsfelder stehen auf den Seiten 11 bis 14."
            ),
        },
    ],
    "lueneburg": [
        {
            "kind": "leitlinie",
            "title": "Leitlinien der Zusammenarbeit in der Bildungsregion Lüneburg",
            "published_on": None,
            "description": "Die gemeinsamen Leitlinien der Partner der Bildungsregion Lüneburg.",
        },
        {
            "kind": "vertrag",
            "title": "Kooperationsvertrag Bildungsregion Lüneburg",
            "published_on": date(2016, 8, 8),
            "description": (
                "Kooperationsvertrag zwischen dem Land Niedersachsen und dem Landkreis Lüneburg, "
                "unterzeichnet am 8. August 2016 vom Landrat und der Kultusministerin."
            ),
        },
    ],
}

FUNDING_PROGRAMMES = {
    "lueneburg": [
        {
            "slug": "foerderfonds-kulturelle-bildung",
            "title": "Förderfonds kulturelle Bildung",
            "description": (
                "Der Landkreis Lüneburg hat einen mit 50.000 Euro ausgestatteten Förderfonds "
                "aufgelegt, um außerschulische Maßnahmen der kulturellen Bildung in Schulen und "
                "Kitas zu fördern."
            ),
            "budget": "50000.00",
            "eligible": ("Allgemeinbildende Schulen und Kindertagesstätten im Landkreis Lüneburg."),
            "purpose": ("Außerschulische Maßnahmen, die dem Ziel der kulturellen Bildung dienen."),
            "how_to_apply": (
                "Mit einem Antrag beim Bildungs- und Integrationsbüro (BIB) des Landkreises "
                "Lüneburg; dort gibt es auch genauere Informationen zu Förderumfang und "
                "Antragstellung."
            ),
        },
    ],
}

# Actors named in the region pages. "municipality" is the slug of the municipality in the
# same region (None where the seat lies outside the Landkreis or is not known).
ACTORS = [
    # Wesermarsch
    {
        "region": "wesermarsch",
        "slug": "bildungsbuero-landkreis-wesermarsch",
        "name": "Bildungsbüro Landkreis Wesermarsch",
        "kind": "behoerde",
        "municipality": "brake-unterweser",
        "street": "Poggenburger Straße 15",
        "postcode": "26919",
        "city": "Brake (Unterweser)",
        "latitude": 53.3262,
        "longitude": 8.4770,
        "website": "https://www.landkreis-wesermarsch.de/",
        "description": (
            "Die regionale Geschäftsstelle des Landkreises Wesermarsch für die Bildungsregion."
        ),
        "partner_role": (
            "Geschäftsstelle der Bildungsregion: koordiniert und unterstützt die Umsetzung der "
            "abgestimmten Maßnahmen."
        ),
    },
    {
        "region": "wesermarsch",
        "slug": "landkreis-wesermarsch",
        "name": "Landkreis Wesermarsch",
        "kind": "behoerde",
        "municipality": "brake-unterweser",
        "street": "Poggenburger Straße 15",
        "postcode": "26919",
        "city": "Brake (Unterweser)",
        "latitude": 53.3262,
        "longitude": 8.4770,
        "website": "https://www.landkreis-wesermarsch.de/",
        "description": "Die Kreisverwaltung des Landkreises Wesermarsch.",
        "partner_role": (
            "Kooperationspartner des Landes Niedersachsen: treibt den Ausbau der Bildungsregion "
            "voran."
        ),
    },
    {
        "region": "wesermarsch",
        "slug": "transferagentur-niedersachsen-wesermarsch",
        "name": "Transferagentur Niedersachsen",
        "kind": "sonstige",
        "municipality": None,
        "description": (
            "Unterstützt Kommunen in Niedersachsen beim Aufbau eines kommunalen "
            "Bildungsmanagements."
        ),
        "partner_role": (
            "Hat zur Ermittlung der Ausgangslage die Ist-Stand-Analyse durchgeführt und begleitet "
            "die weiteren Schritte „Individuelle Modelllösung“ und „Transferprozess“."
        ),
    },
    # Hameln-Pyrmont
    {
        "region": "hameln-pyrmont",
        "slug": "bildungsbuero-landkreis-hameln-pyrmont",
        "name": "Bildungsbüro Landkreis Hameln-Pyrmont",
        "kind": "behoerde",
        "municipality": "hameln",
        "street": "Süntelstraße 9",
        "postcode": "31785",
        "city": "Hameln",
        "latitude": 52.1067,
        "longitude": 9.3540,
        "website": "https://www.hameln-pyrmont.de/",
        "description": (
            "Die in der Landkreisverwaltung eingerichtete Geschäftsstelle der Bildungsregion. Dort "
            "arbeitet eine abgeordnete Lehrkraft als Bildungskoordinatorin."
        ),
        "partner_role": (
            "Geschäftsstelle der Bildungsregion und Geschäftsführung der Steuergruppe."
        ),
    },
    {
        "region": "hameln-pyrmont",
        "slug": "landkreis-hameln-pyrmont",
        "name": "Landkreis Hameln-Pyrmont",
        "kind": "behoerde",
        "municipality": "hameln",
        "street": "Süntelstraße 9",
        "postcode": "31785",
        "city": "Hameln",
        "latitude": 52.1067,
        "longitude": 9.3540,
        "website": "https://www.hameln-pyrmont.de/",
        "description": "Die Kreisverwaltung des Landkreises Hameln-Pyrmont.",
        "partner_role": "Kooperationspartner der Bildungsregion und Mitglied der Steuergruppe.",
    },
    {
        "region": "hameln-pyrmont",
        "slug": "staedte-und-gemeinden-hameln-pyrmont",
        "name": "Städte und Gemeinden im Landkreis Hameln-Pyrmont",
        "kind": "behoerde",
        "municipality": None,
        "description": (
            "Die kreisangehörigen Städte und Gemeinden: Hameln, Bad Pyrmont, Bad Münder am "
            "Deister, Hessisch Oldendorf, Aerzen, Coppenbrügge, Emmerthal und Salzhemmendorf."
        ),
        "partner_role": (
            "Kooperationspartner der Bildungsregion; in der Steuergruppe durch Vertretungen der "
            "Kommunen beteiligt."
        ),
    },
    {
        "region": "hameln-pyrmont",
        "slug": "sam-ev",
        "name": "SAM e.V.",
        "kind": "verein",
        "municipality": None,
        "description": "Verein, der sich in der Bildungsregion Hameln-Pyrmont für Bildung engagiert.",
        "partner_role": (
            "Kooperationspartner der Bildungsregion für die „für Bildung Engagierten“ und "
            "Mitglied der Steuergruppe."
        ),
    },
    {
        "region": "hameln-pyrmont",
        "slug": "drk-kreisverband-hameln-pyrmont",
        "name": "DRK Kreisverband Hameln-Pyrmont",
        "kind": "verein",
        "municipality": None,
        "description": "Der Kreisverband des Deutschen Roten Kreuzes im Landkreis Hameln-Pyrmont.",
        "partner_role": "Mitglied der Steuergruppe der Bildungsregion.",
    },
    {
        "region": "hameln-pyrmont",
        "slug": "agentur-fuer-arbeit-hameln",
        "name": "Agentur für Arbeit Hameln",
        "kind": "arbeitsagentur",
        "municipality": "hameln",
        "description": "Die Agentur für Arbeit für den Landkreis Hameln-Pyrmont.",
        "partner_role": "Mitglied der Steuergruppe der Bildungsregion.",
    },
    {
        "region": "hameln-pyrmont",
        "slug": "jobcenter-hameln-pyrmont",
        "name": "Jobcenter Hameln-Pyrmont",
        "kind": "arbeitsagentur",
        "municipality": "hameln",
        "description": "Das Jobcenter im Landkreis Hameln-Pyrmont.",
        "partner_role": "Mitglied der Steuergruppe der Bildungsregion.",
    },
    {
        "region": "hameln-pyrmont",
        "slug": "niedersaechsische-landesschulbehoerde-hameln-pyrmont",
        "name": "Niedersächsische Landesschulbehörde",
        "kind": "behoerde",
        "municipality": None,
        "description": (
            "Schulbehörde des Landes Niedersachsen. Seit Dezember 2020 nehmen die Regionalen "
            "Landesämter für Schule und Bildung ihre Aufgaben wahr."
        ),
        "partner_role": "Vertritt das Land in der Steuergruppe der Bildungsregion.",
    },
    {
        "region": "hameln-pyrmont",
        "slug": "wirtschaft-hameln-pyrmont",
        "name": "Vertretung der Wirtschaft im Landkreis Hameln-Pyrmont",
        "kind": "sonstige",
        "municipality": None,
        "description": "Vertretung der regionalen Wirtschaft in der Bildungsregion Hameln-Pyrmont.",
        "partner_role": "Bringt die Sicht der Wirtschaft in die Steuergruppe der Bildungsregion ein.",
    },
    {
        "region": "hameln-pyrmont",
        "slug": "transferagentur-niedersachsen-hameln-pyrmont",
        "name": "Transferagentur Niedersachsen",
        "kind": "sonstige",
        "municipality": None,
        "description": (
            "Unterstützt Kommunen in Niedersachsen beim Aufbau eines kommunalen "
            "Bildungsmanagements."
        ),
        "partner_role": "Unterstützt die Bildungsregion Hameln-Pyrmont.",
    },
    # Stade
    {
        "region": "stade",
        "slug": "bildungsbuero-landkreis-stade",
        "name": "Bildungsbüro Landkreis Stade",
        "kind": "behoerde",
        "municipality": "stade",
        "street": "Am Sande 2",
        "postcode": "21682",
        "city": "Stade",
        "latitude": 53.5985,
        "longitude": 9.4745,
        "phone": "04141 12-4040",
        "email": "bildungsregion@landkreis-stade.de",
        "website": "https://www.landkreis-stade.de/",
        "description": (
            "Das Bildungsbüro im Amt für Wirtschaft, Verkehr und Schulen des Landkreises Stade. Es "
            "gibt das Journal „Bildung im Blick“ heraus."
        ),
        "partner_role": (
            "Geschäftsstelle der Bildungsregion: koordiniert die Akteure, organisiert "
            "Netzwerktreffen und Veranstaltungen und informiert mit dem Journal „Bildung im "
            "Blick“."
        ),
    },
    {
        "region": "stade",
        "slug": "landkreis-stade",
        "name": "Landkreis Stade",
        "kind": "behoerde",
        "municipality": "stade",
        "street": "Am Sande 2",
        "postcode": "21682",
        "city": "Stade",
        "latitude": 53.5985,
        "longitude": 9.4745,
        "website": "https://www.landkreis-stade.de/",
        "description": "Die Kreisverwaltung des Landkreises Stade.",
        "partner_role": (
            "Träger der Bildungsregion seit 2010; hat das Bildungsbüro nach dem Ende von „Lernen "
            "vor Ort“ beibehalten."
        ),
    },
    # Osnabrück
    {
        "region": "osnabrueck",
        "slug": "bildungsbuero-landkreis-osnabrueck",
        "name": "Bildungsbüro Landkreis Osnabrück",
        "kind": "behoerde",
        "municipality": None,
        "street": "Am Schölerberg 1",
        "postcode": "49082",
        "city": "Osnabrück",
        "latitude": 52.2570,
        "longitude": 8.0580,
        "website": "https://www.landkreis-osnabrueck.de/",
        "description": (
            "Das Team Bildungsmanagement des Landkreises Osnabrück: vernetzt die Akteure, "
            "koordiniert Angebote und betreibt das Bildungsmonitoring."
        ),
        "partner_role": (
            "Geschäftsstelle der Bildungsregion; wirkt mit seiner Netzwerkarbeit als eine Art "
            "„Seismograph“."
        ),
    },
    {
        "region": "osnabrueck",
        "slug": "landkreis-osnabrueck",
        "name": "Landkreis Osnabrück",
        "kind": "behoerde",
        "municipality": None,
        "street": "Am Schölerberg 1",
        "postcode": "49082",
        "city": "Osnabrück",
        "latitude": 52.2570,
        "longitude": 8.0580,
        "website": "https://www.landkreis-osnabrueck.de/",
        "description": "Die Kreisverwaltung des Landkreises Osnabrück.",
        "partner_role": "Kooperationspartner des Landes Niedersachsen in der Bildungsregion seit 2015.",
    },
    {
        "region": "osnabrueck",
        "slug": "massarbeit-kaoer",
        "name": "MaßArbeit kAöR",
        "kind": "arbeitsagentur",
        "municipality": None,
        "description": (
            "Kommunale Anstalt des öffentlichen Rechts des Landkreises Osnabrück; ihr "
            "Übergangsmanagement unterstützt Jugendliche auf dem Weg in den passenden Beruf."
        ),
        "partner_role": (
            "Übergangsmanagement Schule–Beruf; hat 2020 mit regionalen Partnern die "
            "Ausbildungsregion Osnabrück gegründet."
        ),
    },
    {
        "region": "osnabrueck",
        "slug": "transferagentur-kommunales-bildungsmanagement-niedersachsen",
        "name": "Transferagentur Kommunales Bildungsmanagement Niedersachsen",
        "kind": "sonstige",
        "municipality": None,
        "description": (
            "2015 auf Initiative des Landkreises Osnabrück eingerichtet; unterstützt Kommunen "
            "dabei, ein datenbasiertes Bildungsmanagement einzurichten oder "
            "weiterzuentwickeln."
        ),
        "partner_role": (
            "Trägt die Erfahrungen des Landkreises Osnabrück in andere Kommunen Niedersachsens."
        ),
    },
    {
        "region": "osnabrueck",
        "slug": "ausbildungsregion-osnabrueck",
        "name": "Ausbildungsregion Osnabrück",
        "kind": "sonstige",
        "municipality": None,
        "website": "https://www.ausbildungsregion-os.de/",
        "description": (
            "Portal mit Berufsbildern, Berufsorientierungsmaßnahmen, einem Berufswahl-Check und "
            "einer Praktikums- und Ausbildungsdatenbank für Jugendliche, Eltern, Schulen und "
            "Betriebe."
        ),
        "partner_role": (
            "Bündelt seit 2020 die Angebote zum Übergang Schule–Beruf im Landkreis Osnabrück."
        ),
    },
    # Lüneburg
    {
        "region": "lueneburg",
        "slug": "bildungs-und-integrationsbuero-landkreis-lueneburg",
        "name": "Bildungs- und Integrationsbüro (BIB) Landkreis Lüneburg",
        "kind": "behoerde",
        "municipality": "lueneburg",
        "street": "Auf dem Michaelisklosterhof 4",
        "postcode": "21335",
        "city": "Lüneburg",
        "latitude": 53.2466,
        "longitude": 10.4027,
        "website": "https://www.landkreis-lueneburg.de/",
        "description": (
            "Informiert über die an Bildung beteiligten Akteure, vernetzt sie und koordiniert "
            "Maßnahmen und Projekte; betreut den Förderfonds kulturelle Bildung."
        ),
        "partner_role": (
            "Geschäftsstelle der Bildungsregion, gemeinsam mit der vom Land abgeordneten "
            "Bildungskoordinatorin."
        ),
    },
    {
        "region": "lueneburg",
        "slug": "landkreis-lueneburg",
        "name": "Landkreis Lüneburg",
        "kind": "behoerde",
        "municipality": "lueneburg",
        "street": "Auf dem Michaelisklosterhof 4",
        "postcode": "21335",
        "city": "Lüneburg",
        "latitude": 53.2466,
        "longitude": 10.4027,
        "website": "https://www.landkreis-lueneburg.de/",
        "description": "Die Kreisverwaltung des Landkreises Lüneburg.",
        "partner_role": (
            "Vertragspartner des Landes im Kooperationsvertrag vom 8. August 2016 und Träger des "
            "Förderfonds kulturelle Bildung."
        ),
    },
    {
        "region": "lueneburg",
        "slug": "leitstelle-region-des-lernens-lueneburg",
        "name": "Leitstelle Region des Lernens",
        "kind": "sonstige",
        "municipality": None,
        "description": (
            "Unterstützt und verbessert die Zusammenarbeit zwischen allgemeinbildenden und "
            "berufsbildenden Schulen, um die Berufswahlkompetenz von Jugendlichen zu fördern."
        ),
        "partner_role": (
            "Verbindet allgemein- und berufsbildende Schulen in der Berufsorientierung."
        ),
    },
]

# region slug -> working groups with members as (actor slug, role, note).
WORKING_GROUPS = {
    "wesermarsch": [
        {
            "slug": "bildungsnetzwerk-wesermarsch",
            "name": "Bildungsnetzwerk Wesermarsch",
            "kind": "netzwerk",
            "purpose": (
                "Nahezu alle Schulen des Landkreises sowie Unternehmen, Kammern, Behörden und "
                "Eltern- und Schülervertretungen bauen das regionale Bildungsnetzwerk aus und "
                "arbeiten langfristig zusammen, damit zukunftsfähige Bildungsangebote gebündelt "
                "werden – mit dem Schwerpunkt Übergang Schule–Beruf."
            ),
            "members": [
                ("bildungsbuero-landkreis-wesermarsch", "geschaeftsfuehrung", ""),
                ("landkreis-wesermarsch", "mitglied", ""),
                (
                    "transferagentur-niedersachsen-wesermarsch",
                    "beratend",
                    "Ist-Stand-Analyse und Transferprozess",
                ),
            ],
        },
    ],
    "hameln-pyrmont": [
        {
            "slug": "ag-schule-beruf",
            "name": "AG Schule-Beruf",
            "kind": "ag",
            "purpose": (
                "Arbeitet im Sinne der Bildungsregion an einem besseren Übergang von der Schule "
                "in den Beruf und an der Ausbildungsfähigkeit junger Menschen."
            ),
            "members": [],
        },
        {
            "slug": "ag-schulabsentismus",
            "name": "AG Schulabsentismus",
            "kind": "ag",
            "purpose": (
                "Arbeitet im Sinne der Bildungsregion daran, Schulabbrüche und "
                "Schulvermeidung zu verringern."
            ),
            "members": [],
        },
        {
            "slug": "buendnis-gegen-kinderarmut",
            "name": "Bündnis gegen Kinderarmut",
            "kind": "buendnis",
            "purpose": (
                "Setzt sich im Sinne der Bildungsregion und ihres Ziels der Bildungsgerechtigkeit "
                "gegen Kinderarmut ein."
            ),
            "members": [],
        },
        {
            "slug": "steuergruppe",
            "name": "Steuergruppe der Bildungsregion",
            "kind": "steuergruppe",
            "purpose": (
                "Plant die strategische Ausrichtung der Arbeit der Bildungsregion Hameln-Pyrmont."
            ),
            "members": [
                ("bildungsbuero-landkreis-hameln-pyrmont", "geschaeftsfuehrung", ""),
                ("landkreis-hameln-pyrmont", "mitglied", ""),
                ("staedte-und-gemeinden-hameln-pyrmont", "mitglied", "Vertretungen der Kommunen"),
                ("niedersaechsische-landesschulbehoerde-hameln-pyrmont", "mitglied", ""),
                ("sam-ev", "mitglied", ""),
                ("drk-kreisverband-hameln-pyrmont", "mitglied", ""),
                ("agentur-fuer-arbeit-hameln", "mitglied", ""),
                ("jobcenter-hameln-pyrmont", "mitglied", ""),
                ("wirtschaft-hameln-pyrmont", "mitglied", "vertritt die Wirtschaft"),
            ],
        },
    ],
    "stade": [
        {
            "slug": "netzwerk-bildungsregion-stade",
            "name": "Netzwerk der Bildungsregion Stade",
            "kind": "netzwerk",
            "purpose": (
                "In den Netzwerken der Bildungsregion tauschen sich gleichgesinnte Akteure aus "
                "und besprechen neue Ideen – etwa Kitas, Grundschulen und Bibliotheken, die ein "
                "passgenaues Bildungsangebot für Kinder entwickeln, oder Hochschulen und "
                "Wirtschaft. Das Bildungsbüro organisiert die Netzwerktreffen."
            ),
            "members": [
                ("bildungsbuero-landkreis-stade", "geschaeftsfuehrung", "organisiert die Treffen"),
                ("landkreis-stade", "mitglied", ""),
            ],
        },
    ],
    "osnabrueck": [
        {
            "slug": "ausbildungsregion-osnabrueck",
            "name": "Ausbildungsregion Osnabrück",
            "kind": "netzwerk",
            "purpose": (
                "2020 vom Übergangsmanagement der MaßArbeit mit vielen regionalen Partnern "
                "gegründet, um Jugendliche auf dem Weg in den passenden Beruf zu unterstützen. "
                "Das Portal der Ausbildungsregion bündelt Angebote für Jugendliche, Eltern, "
                "Schulen und Betriebe."
            ),
            "members": [
                ("massarbeit-kaoer", "geschaeftsfuehrung", "Übergangsmanagement"),
                ("landkreis-osnabrueck", "mitglied", ""),
                ("bildungsbuero-landkreis-osnabrueck", "mitglied", ""),
            ],
        },
    ],
    "lueneburg": [
        {
            "slug": "region-des-lernens",
            "name": "Netzwerk Region des Lernens",
            "kind": "netzwerk",
            "purpose": (
                "Allgemeinbildende und berufsbildende Schulen arbeiten zusammen, um die "
                "Berufswahlkompetenz von Jugendlichen zu fördern; die Leitstelle Region des "
                "Lernens unterstützt und verbessert diese Zusammenarbeit."
            ),
            "members": [
                ("leitstelle-region-des-lernens-lueneburg", "geschaeftsfuehrung", ""),
                ("bildungs-und-integrationsbuero-landkreis-lueneburg", "mitglied", ""),
            ],
        },
    ],
}

# The Lange Woche der Bildung of Hameln-Pyrmont, around the Weltbildungstag on 8 September.
EDUCATION_WEEK = {
    "region": "hameln-pyrmont",
    "organiser": "bildungsbuero-landkreis-hameln-pyrmont",
    "municipality": "hameln",
    "kind": "lange-woche",
    "slug_prefix": "lange-woche-der-bildung",
    "title": "Lange Woche der Bildung",
    "day": (9, 8),  # (month, day) of the Weltbildungstag
    "description": (
        "Anlässlich des Weltbildungstages am 8. September lädt die Bildungsregion "
        "Hameln-Pyrmont zur Langen Woche der Bildung ein: Bildungsanbieter im ganzen Landkreis "
        "zeigen, wie vielfältig Lernen ist – formal, non-formal und informell, von der Kita "
        "bis ins Alter."
    ),
    "venue": "an vielen Orten im Landkreis Hameln-Pyrmont",
    "registration": "Das Programm und die Anmeldung stehen bei den einzelnen Angeboten.",
}
