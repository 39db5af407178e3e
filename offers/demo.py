"""Demo data of the portal: actors, offers, events, meetings and accounts.

Everything here is fictitious apart from the regions' seed facts (regions, municipalities,
focus areas, partners and working groups come from ``portal.services.regions_load``). The
data is deterministic: a fixed seed, deterministic slugs and "create only what is missing", so
a second run changes nothing. Contacts use the reserved ``.example`` domain.

The module has two halves: pure builders (data tables and functions that turn the database's
regions and municipalities into row specifications) and :func:`demo_data_load`, which writes the
missing rows in bulk. Offers go in as raw multi-row INSERTs, so nothing runs per row (no
signals, no history): the whole run is one ``deferred_indexing(full=True)`` block, which
rebuilds the search index at its end. ``DemoResult.offer_ids`` holds the ids of the offers a
run created.
"""

import os
import random
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.text import capfirst

from actors.models import Actor, InstitutionMembership, Meeting, WorkingGroup
from bildungsregion.fields import LanguagesField
from bildungsregion.models import DemoMark
from bildungsregion.text import german_slugify
from offers.indexing import deferred_indexing
from offers.models import Event, LifeStage, Offer, Topic, Transition
from regions.models import Municipality, PostalCode, Region, StaffMembership
from regions.services import located_coordinates_fill

SEED = 20260
BATCH_SIZE = 2000
BERLIN = ZoneInfo("Europe/Berlin")
MAIL_DOMAIN = "bildungsportal.example"

# --- Regions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionFacts:
    label: str
    towns: tuple  # preferred towns, most important first; matched against the municipalities
    area_code: str  # fallback phone area code
    coastal: bool = False


REGION_FACTS = {
    "wesermarsch": RegionFacts(
        "Wesermarsch",
        ("Brake", "Nordenham", "Elsfleth", "Berne", "Lemwerder", "Stadland", "Butjadingen"),
        "04401",
        coastal=True,
    ),
    "hameln-pyrmont": RegionFacts(
        "Hameln-Pyrmont",
        ("Hameln", "Bad Pyrmont", "Hessisch Oldendorf", "Bad Münder", "Aerzen", "Emmerthal"),
        "05151",
    ),
    "stade": RegionFacts(
        "Stade",
        ("Stade", "Buxtehude", "Harsefeld", "Drochtersen", "Jork", "Horneburg", "Fredenbeck"),
        "04141",
        coastal=True,
    ),
    "osnabrueck": RegionFacts(
        "Osnabrück",
        ("Melle", "Georgsmarienhütte", "Bramsche", "Quakenbrück", "Bad Iburg", "Wallenhorst"),
        "05401",
    ),
    "lueneburg": RegionFacts(
        "Lüneburg",
        ("Lüneburg", "Adendorf", "Bleckede", "Bardowick", "Amelinghausen", "Scharnebeck"),
        "04131",
    ),
}

# Phone area codes (Vorwahlen) of the towns, by short name.
_AREA_CODES = {
    # Wesermarsch
    "Brake": "04401", "Nordenham": "04731", "Elsfleth": "04404", "Berne": "04406",
    "Lemwerder": "0421", "Ovelgönne": "04480", "Stadland": "04732", "Butjadingen": "04733",
    "Jade": "04454",
    # Hameln-Pyrmont
    "Hameln": "05151", "Bad Pyrmont": "05281", "Aerzen": "05154", "Bad Münder": "05042",
    "Bad Münder am Deister": "05042", "Coppenbrügge": "05156", "Emmerthal": "05155",
    "Hessisch Oldendorf": "05152", "Salzhemmendorf": "05153",
    # Stade
    "Stade": "04141", "Buxtehude": "04161", "Harsefeld": "04164", "Drochtersen": "04143",
    "Jork": "04162", "Horneburg": "04163", "Apensen": "04167", "Fredenbeck": "04149",
    "Himmelpforten": "04144", "Oldendorf": "04144", "Nordkehdingen": "04779", "Lühe": "04142",
    "Agathenburg": "04141", "Ahlerstedt": "04166", "Balje": "04753", "Bargstedt": "04164",
    "Beckdorf": "04167", "Bliedersdorf": "04163", "Brest": "04762", "Burweg": "04144",
    "Deinste": "04149", "Dollern": "04163", "Düdenbüttel": "04144", "Engelschoff": "04144",
    "Estorf": "04140", "Freiburg": "04779", "Großenwörden": "04775", "Grünendeich": "04141",
    "Guderhandviertel": "04142", "Hammah": "04144", "Heinbockel": "04144",
    "Hollern-Twielenfleth": "04141", "Kranenburg": "04140", "Krummendeich": "04779",
    "Kutenholz": "04762", "Mittelnkirchen": "04142", "Nottensdorf": "04163",
    "Oederquart": "04779", "Sauensiek": "04169", "Steinkirchen": "04142", "Wischhafen": "04770",
    # Landkreis Osnabrück
    "Melle": "05422", "Georgsmarienhütte": "05401", "Bramsche": "05461", "Quakenbrück": "05431",
    "Bad Iburg": "05403", "Wallenhorst": "05407", "Belm": "05406", "Bissendorf": "05402",
    "Hasbergen": "05405", "Hagen am Teutoburger Wald": "05401",
    "Hilter am Teutoburger Wald": "05424", "Dissen am Teutoburger Wald": "05421",
    "Bad Rothenfelde": "05424", "Bad Laer": "05424", "Glandorf": "05426", "Bad Essen": "05472",
    "Bohmte": "05471", "Ostercappeln": "05473", "Fürstenau": "05901", "Bersenbrück": "05439",
    "Artland": "05431", "Neuenkirchen": "05465", "Ankum": "05462", "Badbergen": "05433",
    "Menslage": "05437", "Nortrup": "05436", "Alfhausen": "05464", "Rieste": "05464",
    "Gehrde": "05439", "Eggermühlen": "05462", "Kettenkamp": "05462", "Merzen": "05466",
    "Voltlage": "05467", "Berge": "05435", "Bippen": "05435",
    # Lüneburg
    "Lüneburg": "04131", "Adendorf": "04131", "Bleckede": "05852", "Bardowick": "04131",
    "Amelinghausen": "04132", "Scharnebeck": "04136", "Dahlenburg": "05851",
    "Amt Neuhaus": "038841", "Gellersen": "04131", "Reppenstedt": "04131", "Ilmenau": "04134",
    "Ostheide": "04137", "Barendorf": "04137", "Embsen": "04134", "Melbeck": "04134",
    "Artlenburg": "04139", "Barnstedt": "04134", "Barum": "04133", "Betzendorf": "04138",
    "Boitze": "05851", "Brietlingen": "04133", "Dahlem": "05851", "Deutsch Evern": "04131",
    "Echem": "04139", "Handorf": "04133", "Hittbergen": "04139", "Hohnstorf": "04139",
    "Kirchgellersen": "04135", "Lüdersburg": "04139", "Mechtersen": "04178",
    "Nahrendorf": "05855", "Neetze": "05850", "Radbruch": "04178", "Rehlingen": "04132",
    "Reinstorf": "04137", "Rullstorf": "04136", "Soderstorf": "04132", "Südergellersen": "04135",
    "Thomasburg": "05859", "Tosterglope": "05853", "Vastorf": "04137", "Vögelsen": "04131",
    "Wendisch Evern": "04131", "Westergellersen": "04135", "Wittorf": "04133",
}  # fmt: skip

STREETS = (
    "Hauptstraße", "Schulstraße", "Bahnhofstraße", "Kirchstraße", "Am Markt", "Lindenallee",
    "Gartenstraße", "Wallstraße", "Mühlenweg", "Birkenweg", "Am Sportplatz", "Schützenstraße",
    "Breite Straße", "Neue Straße", "Rosenstraße", "Poststraße", "Ringstraße", "Am Stadtpark",
    "Friedrich-Ebert-Straße", "Goethestraße", "Schillerstraße", "Wiesenweg", "Eichenweg",
    "Am Rathaus", "Lange Straße", "Bürgermeister-Müller-Straße", "Kastanienallee",
)  # fmt: skip
COASTAL_STREETS = ("Deichstraße", "Am Hafen", "Weserstraße", "Strandallee", "Sielstraße")

KITA_NAMES = (
    "Regenbogen", "Sonnenschein", "Pusteblume", "Kunterbunt", "Löwenzahn", "Wirbelwind",
    "Sternschnuppe", "Arche Noah", "Zwergenland", "Sonnenblume", "Schatzkiste", "Rappelkiste",
)  # fmt: skip
PRIMARY_SCHOOL_NAMES = (
    "Grundschule am Wall", "Grundschule an der Kirche", "Grundschule Am Sportplatz",
    "Lindenschule – Grundschule", "Grundschule am Park", "Grundschule Mühlenweg",
    "Grundschule Am Rosenhof", "Astrid-Lindgren-Grundschule", "Grundschule an der Linde",
)  # fmt: skip

OTHER_VENUES = (
    "Bürgerhaus {town}", "Rathaus {town}, Sitzungssaal", "Gemeindezentrum {town}",
    "Dorfgemeinschaftshaus {town}", "Mehrzweckhalle {town}", "Jugendzentrum {town}",
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A municipality as the builders see it."""

    id: int
    name: str
    short: str  # "Brake" for "Brake (Unterweser)"
    kind: str
    latitude: float
    longitude: float
    postcodes: tuple  # (code, place, latitude, longitude), at least one


@dataclass
class Address:
    street: str
    postcode: str
    city: str
    latitude: float
    longitude: float


@dataclass
class ActorSpec:
    region_slug: str
    kind: str
    name: str
    place: Place
    address: Address
    phone: str
    email: str
    website: str
    description: str
    id: int | None = None
    region_id: int | None = None
    slug: str = ""


def short_name(name):
    """'Brake (Unterweser)' -> 'Brake', 'Samtgemeinde Harsefeld' -> 'Harsefeld'."""
    name = name.split("(")[0].strip()
    for prefix in ("Samtgemeinde ", "Hansestadt ", "Stadt ", "Gemeinde ", "Flecken "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name.strip()


AREA_CODES = {german_slugify(town): code for town, code in _AREA_CODES.items()}


def domain_for(name):
    """A reserved, never-routable domain for an institution: 'kita-regenbogen-brake.example'."""
    label = german_slugify(name.replace("&", "und"), max_length=55)
    return f"{label}.example"


def area_code(place, region_slug):
    slug = german_slugify(place.short)
    return (
        AREA_CODES.get(slug)
        or AREA_CODES.get(slug.split("-")[0])
        or REGION_FACTS[region_slug].area_code
    )


def phone_number(rng, code):
    digits = 10 - len(code)  # local numbers get shorter as area codes get longer
    return f"{code} {rng.randint(2 * 10 ** (digits - 1), 10**digits - 1)}"


def address_in(place, rng, coastal=False, street=None):
    """An address in ``place``: in its main town (the one its short name says, as the names of
    the demo institutions and venues do), where one of its postcodes belongs to it."""
    main_town = [postcode for postcode in place.postcodes if postcode[1] == place.short]
    code, city, lat, lon = rng.choice(main_town or place.postcodes)
    streets = STREETS + COASTAL_STREETS if coastal else STREETS
    street = street or f"{rng.choice(streets)} {rng.randint(1, 48)}"
    return Address(
        street=street,
        postcode=code,
        city=city or place.short,
        latitude=round(lat + rng.uniform(-0.008, 0.008), 6),
        longitude=round(lon + rng.uniform(-0.012, 0.012), 6),
    )


def resolve_towns(places, towns):
    """The places named in ``towns`` (in that order), then the others by name."""
    by_slug = {german_slugify(p.short): p for p in places}
    chosen = []
    for town in towns:
        key = german_slugify(town)
        match = by_slug.get(key) or next(
            (p for slug, p in sorted(by_slug.items()) if slug.startswith(key + "-")), None
        )
        if match and match not in chosen:
            chosen.append(match)
    chosen += [p for p in sorted(places, key=lambda p: p.name) if p not in chosen]
    return chosen


# --- Actors -------------------------------------------------------------------------------------

# Named institutions per region: (kind, name, index into the region's resolved towns).
REGION_SPECIALS = {
    "wesermarsch": [
        ("hochschule", "Maritimer Hochschulcampus Elsfleth", 2),
        ("unternehmen", "Weserwerft Nordenham GmbH", 1),
        ("unternehmen", "Unterweser Hafenlogistik GmbH", 0),
        ("unternehmen", "Pflegezentrum Am Deich Berne", 3),
        ("unternehmen", "Butjadinger Milchhof eG", 6),
    ],
    "hameln-pyrmont": [
        ("hochschule", "Hochschulcampus Weserbergland", 0),
        ("unternehmen", "Weserbergland Metallbau GmbH", 0),
        ("unternehmen", "Kurpark Pflege gGmbH Bad Pyrmont", 1),
        ("unternehmen", "Deister Elektrotechnik GmbH", 3),
        ("unternehmen", "Emmerthaler Holzbau GmbH", 5),
    ],
    "stade": [
        ("gymnasium", "Gymnasium Athenaeum", 0),
        ("hochschule", "Hochschulcampus Buxtehude", 1),
        ("unternehmen", "Elbe-Mechatronik GmbH", 0),
        ("unternehmen", "Obsthof Altes Land Ausbildungsbetrieb", 4),
        ("unternehmen", "Kehdinger Pflegeverbund gGmbH", 3),
        ("unternehmen", "Geest-Bau Harsefeld GmbH", 2),
    ],
    "osnabrueck": [
        ("hochschule", "Hochschulzentrum Osnabrücker Land", 0),
        ("unternehmen", "Teutoburger Antriebstechnik GmbH", 0),
        ("unternehmen", "Artland Agrartechnik GmbH", 3),
        ("unternehmen", "Hasetal Pflege gGmbH", 2),
        ("unternehmen", "Südkreis Metallverarbeitung GmbH", 1),
    ],
    "lueneburg": [
        ("hochschule", "Hochschulcampus Lüneburger Heide", 0),
        ("unternehmen", "Salzstadt Elektrotechnik GmbH", 0),
        ("unternehmen", "Elbtalaue Landhandel eG", 2),
        ("unternehmen", "Heide-Holzbau Amelinghausen GmbH", 4),
        ("unternehmen", "Pflegeverbund Ilmenau gGmbH", 1),
    ],
}

# Institutions every region gets: (kind, name template, town index). {town} is the town,
# {label} the Landkreis.
REGION_COMMON = [
    ("oberschule", "Oberschule {town}", 0),
    ("oberschule", "Oberschule {town}-Süd", 1),
    ("oberschule", "Oberschule {town}", 3),
    ("gymnasium", "Gymnasium {town}", 1),
    ("gymnasium", "Gymnasium am Markt {town}", 0),
    ("igs", "IGS {town}", 2),
    ("igs", "KGS {town}", 4),
    ("foerderschule", "Schule am Park – Förderschule {town}", 0),
    ("bbs", "Berufsbildende Schulen {town}", 0),
    ("bbs", "BBS {town}", 1),
    ("vhs", "Kreisvolkshochschule {label}", 0),
    ("vhs", "VHS-Außenstelle {town}", 1),
    ("musikschule", "Kreismusikschule {label}", 0),
    ("musikschule", "Musikschule {town}", 1),
    ("kammer", "IHK-Geschäftsstelle {town}", 0),
    ("kammer", "Kreishandwerkerschaft {label}", 1),
    ("unternehmen", "Pflegedienst Lebensbaum {town}", 2),
    ("behoerde", "Fachdienst Jugend und Familie Landkreis {label}", 0),
    ("behoerde", "Schulverwaltung Stadt {town}", 1),
    ("arbeitsagentur", "Berufsberatung der Agentur für Arbeit {town}", 0),
    ("arbeitsagentur", "Jobcenter {label} – Standort {town}", 1),
    ("verein", "TuS {town} von 1898 e.V.", 1),
    ("verein", "Leseförderverein {town} e.V.", 0),
    ("verein", "Naturschutzgruppe {town} e.V.", 2),
    ("jugendhilfe", "Familienzentrum {town}", 0),
    ("jugendhilfe", "Familienzentrum {town}", 2),
    ("jugendhilfe", "Jugendhaus {town}", 1),
    ("vertretung", "Kreiselternrat {label}", 0),
    ("vertretung", "Kreisschülerrat {label}", 0),
    ("sonstige", "Seniorenbüro {town}", 0),
    ("sonstige", "Mehrgenerationenhaus {town}", 1),
]

KIND_DESCRIPTIONS = {
    "kita": "Kindertagesstätte mit Krippe und Kindergarten in {town}. Schwerpunkte sind "
    "Sprache, Bewegung und Naturerfahrung; Eltern sind im Alltag willkommen.",
    "grundschule": "Verlässliche Grundschule in {town} mit offenem Ganztag, Schulbücherei und "
    "enger Zusammenarbeit mit den Kitas im Einzugsgebiet.",
    "oberschule": "Oberschule mit Ganztagsangebot in {town}: Hauptschul- und Realschulabschluss, "
    "Berufsorientierung ab Jahrgang 7 mit Praxistagen in Betrieben der Region.",
    "gymnasium": "Gymnasium in {town} mit naturwissenschaftlichem und musischem Profil, "
    "Oberstufe und Kooperationen mit Hochschulen und Unternehmen.",
    "igs": "Gesamtschule in {town}: gemeinsames Lernen von Jahrgang 5 bis zum Abitur, "
    "inklusiver Unterricht und Ganztag.",
    "foerderschule": "Förderschule und Beratungszentrum für Inklusion in {town}: "
    "sonderpädagogische Unterstützung für Schulen, Kinder und Eltern.",
    "bbs": "Berufsbildende Schulen in {town}: Berufsschule, Berufsfachschulen, Fachoberschule "
    "und Berufliches Gymnasium unter einem Dach.",
    "hochschule": "Hochschulstandort in {town} mit Studiengängen in Technik, Wirtschaft und "
    "Sozialem, auch dual und berufsbegleitend.",
    "vhs": "Volkshochschule für {town} und Umgebung: Sprachen, Beruf, Gesundheit, Kultur, "
    "Schulabschlüsse und Integrationskurse.",
    "musikschule": "Öffentliche Musikschule in {town}: Früherziehung, Instrumentalunterricht, "
    "Ensembles und Kooperationen mit Kitas und Schulen.",
    "bibliothek": "Öffentliche Bibliothek in {town} mit Kinder- und Jugendbereich, "
    "Leseförderung, Medien zum Ausleihen und offenen Lernplätzen.",
    "kammer": "Ansprechstelle für Ausbildung und Weiterbildung in {town}: Beratung für "
    "Betriebe, Auszubildende und Schulen.",
    "unternehmen": "Ausbildungsbetrieb in {town}, der Praktika, Betriebserkundungen und "
    "Ausbildungsplätze anbietet.",
    "behoerde": "Verwaltung in {town}, zuständig für Bildung, Jugend und Familie.",
    "arbeitsagentur": "Beratung zu Berufswahl, Ausbildung, Studium und Weiterbildung in {town}; "
    "Sprechstunden auch in den Schulen.",
    "verein": "Gemeinnütziger Verein in {town}, getragen von Ehrenamtlichen, mit Angeboten für "
    "alle Generationen.",
    "jugendhilfe": "Treffpunkt und Beratung für Kinder, Jugendliche und Familien in {town}.",
    "vertretung": "Gewählte Vertretung im Landkreis {label}: bringt die Sicht von Eltern bzw. "
    "Schülerinnen und Schülern in die Bildungsregion ein.",
    "sonstige": "Offener Treffpunkt in {town} mit Kursen, Beratung und Begegnung für alle "
    "Generationen.",
}

CITY_KINDS = {"stadt", "hansestadt"}


def actor_specs(region_slug, places, rng):
    """All demo actors of one region, every Actor.Kind included, unique by name."""
    facts = REGION_FACTS[region_slug]
    towns = resolve_towns(places, facts.towns)
    key_towns = towns[: max(len(facts.towns), 1)]
    entries = []  # (kind, name, place)
    for kind, name, index in REGION_SPECIALS[region_slug]:
        place = key_towns[index % len(key_towns)]
        if kind == "gymnasium" and place.short not in name:
            name = f"{name} {place.short}"
        entries.append((kind, name, place))
    for kind, template, index in REGION_COMMON:
        place = key_towns[index % len(key_towns)]
        entries.append((kind, template.format(town=place.short, label=facts.label), place))
    for number, place in enumerate(sorted(places, key=lambda p: p.name)):
        kitas = 2 if place in key_towns[:3] else 1
        for k in range(kitas):
            kita = KITA_NAMES[(number * 2 + k) % len(KITA_NAMES)]
            entries.append(("kita", f"Kita {kita} {place.short}", place))
        schools = 2 if place in key_towns[:2] else 1
        for k in range(schools):
            school = PRIMARY_SCHOOL_NAMES[(number + k * 4) % len(PRIMARY_SCHOOL_NAMES)]
            entries.append(("grundschule", f"{school} {place.short}", place))
        library = "Stadtbibliothek" if place.kind in CITY_KINDS else "Gemeindebücherei"
        entries.append(("bibliothek", f"{library} {place.short}", place))

    specs, seen = [], set()
    for kind, name, place in entries:
        if name in seen:
            continue
        seen.add(name)
        domain = domain_for(name)
        specs.append(
            ActorSpec(
                region_slug=region_slug,
                kind=kind,
                name=name,
                place=place,
                address=address_in(place, rng, coastal=facts.coastal),
                phone=phone_number(rng, area_code(place, region_slug)),
                email=f"info@{domain}",
                website=f"https://www.{domain}/",
                description=KIND_DESCRIPTIONS[kind].format(town=place.short, label=facts.label),
            )
        )
    return specs


# --- Offers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferTemplate:
    kinds: tuple
    setting: str
    stages: tuple
    topics: tuple
    title: str
    summary: str
    ages: tuple = (None, None)
    transitions: tuple = ()
    formats: tuple = ("praesenz",)
    free: float = 0.5  # probability of being free of charge
    costs: tuple = (25, 40, 60, 89)
    schedules: tuple = ("nach Vereinbarung",)
    registration: bool = True
    languages: tuple = ()
    in_town: bool = True


FK, GS, SEK, USB = "fruehe-kindheit", "grundschulzeit", "sekundarstufe", "uebergang-schule-beruf"
AUS, BER, FAM, ALT = (
    "ausbildung-und-studium",
    "beruf-und-weiterbildung",
    "familie-und-eltern",
    "aeltere-menschen",
)
KITA_GS, GS_SEK, SCHULE_BERUF = (
    "kita-grundschule",
    "grundschule-weiterfuehrende-schule",
    "schule-beruf",
)
FORMAL, NON_FORMAL, INFORMAL = "formal", "non-formal", "informell"
AFTERNOON = ("montags 15–16.30 Uhr", "dienstags 15–16.30 Uhr", "donnerstags 14.30–16 Uhr")
EVENING = (
    "dienstags 18.30–20.45 Uhr",
    "montags und mittwochs 18–20.15 Uhr",
    "donnerstags 19–21 Uhr",
)
MIGRANT_LANGUAGES = ("ar", "uk", "tr", "ru", "pl", "en")  # bildungsregion.languages codes

T = OfferTemplate
OFFER_TEMPLATES = (
    T(("kita",), NON_FORMAL, (FK,), ("sprache-und-lesen",), "Sprachförderung im Kita-Alltag",
      "Alltagsintegrierte Sprachbildung: Singen, Erzählen und Bilderbücher "
      "für Kinder von 3 bis 6 Jahren.", (3, 6), free=1, schedules=("täglich im Kita-Alltag",),
      registration=False),
    T(("kita",), NON_FORMAL, (FK, GS), ("sprache-und-lesen", "mint"),
      "Vorschulgruppe: fit für die Schule",
      "Im letzten Kita-Jahr üben die Vorschulkinder Zählen, Zuhören und "
      "Stifthaltung und besuchen die Grundschule.", (5, 7), (KITA_GS,), free=1,
      schedules=("mittwochs 9–10.30 Uhr",), registration=False),
    T(("kita",), NON_FORMAL, (FK,), ("umwelt-und-nachhaltigkeit", "gesundheit-und-bewegung"),
      "Waldgruppe: draußen lernen",
      "Bei jedem Wetter draußen: Die Waldgruppe entdeckt Pflanzen, Tiere und "
      "Jahreszeiten.", (3, 6), free=1, schedules=("montags bis freitags 8–12 Uhr",)),
    T(("kita",), NON_FORMAL, (FK,), ("mint",), "Forscherecke: Experimente mit Wasser und Luft",
      "Kleine Forscherinnen und Forscher stellen Fragen und probieren aus – angeleitet von "
      "Fachkräften.", (4, 6), free=1, schedules=("donnerstags 9.30–11 Uhr",),
      registration=False),
    T(("grundschule",), NON_FORMAL, (FK, GS), ("sprache-und-lesen",),
      "Schnuppertag für Vorschulkinder",
      "Die künftigen Erstklässlerinnen und Erstklässler lernen ihre neue Schule kennen: "
      "Klassenraum, Pause und eine erste Unterrichtsstunde.", (5, 6), (KITA_GS,), free=1,
      schedules=("an zwei Vormittagen im Frühjahr",)),
    T(("grundschule",), FORMAL, (GS,), ("sprache-und-lesen", "mint"),
      "Verlässliche Grundschule mit offenem Ganztag",
      "Unterricht von Klasse 1 bis 4 und am Nachmittag Arbeitsgemeinschaften, "
      "Hausaufgabenhilfe und Bewegung.", (6, 10), free=1,
      schedules=("montags bis freitags 8–15.30 Uhr",)),
    T(("grundschule",), NON_FORMAL, (GS, FAM), ("elternbildung",),
      "Infoabend: Welche Schule nach Klasse 4?",
      "Die Schule informiert Eltern der vierten Klassen über Oberschule, Gymnasium und "
      "Gesamtschule im Landkreis.", (9, 10), (GS_SEK,), free=1,
      schedules=("im Januar, 19–20.30 Uhr",), registration=False),
    T(("grundschule", "bibliothek"), NON_FORMAL, (GS,), ("sprache-und-lesen",),
      "Leseclub am Nachmittag",
      "Gemeinsam lesen, vorlesen und über Bücher reden – der Leseclub für "
      "Kinder von 6 bis 10 Jahren.", (6, 10), free=1, schedules=AFTERNOON),
    T(("oberschule",), FORMAL, (SEK,), ("abschluesse-und-qualifizierung",),
      "Oberschule mit Ganztag: Hauptschul- und Realschulabschluss",
      "Die Schule führt zum Hauptschul- und Realschulabschluss, mit Ganztag, "
      "Profilkursen und Berufsorientierung.", (10, 16), free=1,
      schedules=("Schuljahr ab August",)),
    T(("oberschule", "igs"), NON_FORMAL, (SEK, USB), ("berufsorientierung",),
      "Praxistage in Betrieben ab Klasse 8",
      "Ein Tag pro Woche im Betrieb: Die Schule vermittelt Praxistage bei "
      "Ausbildungsbetrieben der Region.", (13, 16), (SCHULE_BERUF,), free=1,
      schedules=("mittwochs, ganztägig",)),
    T(("oberschule", "igs", "gymnasium"), NON_FORMAL, (GS, SEK), ("elternbildung",),
      "Schnuppertag für Viertklässlerinnen und Viertklässler",
      "Kinder der vierten Klassen besuchen mit ihren Eltern die Schule: Unterricht "
      "ausprobieren, Fragen stellen, Schule erleben.", (9, 11), (GS_SEK,), free=1,
      schedules=("an einem Samstag im Februar, 10–13 Uhr",)),
    T(("gymnasium",), NON_FORMAL, (SEK,), ("mint", "digitale-bildung"),
      "Schülerlabor Robotik",
      "Roboter bauen und programmieren: Die Robotik-AG nimmt an "
      "Wettbewerben teil.", (11, 18), free=1, schedules=AFTERNOON),
    T(("gymnasium", "igs"), NON_FORMAL, (SEK,), ("kulturelle-bildung",),
      "Theater-AG: Bühne frei",
      "Spielen, schreiben, Bühnenbild bauen – die Theater-AG zeigt jedes Jahr "
      "ein eigenes Stück.", (10, 18), free=1, schedules=("freitags 14–16 Uhr",)),
    T(("igs",), FORMAL, (SEK,), ("inklusion", "abschluesse-und-qualifizierung"),
      "Gemeinsam lernen: inklusiver Unterricht bis zum Abitur",
      "Die Schule unterrichtet Kinder mit und ohne Unterstützungsbedarf gemeinsam – alle "
      "Abschlüsse bis zum Abitur.", (10, 19), free=1, schedules=("Schuljahr ab August",)),
    T(("foerderschule",), NON_FORMAL, (GS, FAM), ("inklusion", "elternbildung"),
      "Beratung zur sonderpädagogischen Unterstützung",
      "Das Beratungszentrum berät Eltern und Schulen zu Förderbedarf, "
      "Nachteilsausgleich und inklusiver Beschulung.", (6, 16), free=1,
      formats=("praesenz", "online")),
    T(("bbs",), FORMAL, (AUS,), ("berufsorientierung", "gesundheit-und-bewegung"),
      "Berufsfachschule Pflege",
      "Generalistische Pflegeausbildung mit Praxisphasen in Kliniken und Pflegediensten – "
      "Theorie in der Schule.", (16, 30), free=1, schedules=("Beginn jeweils 1. August",)),
    T(("bbs",), FORMAL, (USB, AUS), ("abschluesse-und-qualifizierung", "berufsorientierung"),
      "Berufseinstiegsschule: Abschluss nachholen",
      "Ein Schuljahr lang: Hauptschulabschluss verbessern, Berufsfelder kennenlernen "
      "und in Ausbildung starten.", (15, 20), (SCHULE_BERUF,), free=1,
      schedules=("Beginn jeweils 1. August",)),
    T(("bbs",), FORMAL, (AUS,), ("mint", "digitale-bildung"),
      "Fachoberschule Technik",
      "In zwei Jahren zur Fachhochschulreife: Schwerpunkt Informationstechnik."
      "", (16, 22), free=1, schedules=("Beginn jeweils 1. August",)),
    T(("hochschule",), NON_FORMAL, (USB, AUS), ("mint", "berufsorientierung"),
      "Schnupperstudium MINT",
      "Eine Woche Hochschule ausprobieren: Vorlesungen, Labore und Gespräche mit "
      "Studierenden.", (16, 20), (SCHULE_BERUF,), free=1,
      schedules=("in den Osterferien, 9–15 Uhr",)),
    T(("hochschule",), FORMAL, (BER,), ("abschluesse-und-qualifizierung",),
      "Berufsbegleitendes Studium Soziale Arbeit",
      "Bachelor in Teilzeit: Präsenzwochenenden und Online-Phasen, passend zum "
      "Beruf.", (25, 55), formats=("hybrid",), free=0, costs=(290, 350),
      schedules=("Start zum Wintersemester",), in_town=False),
    T(("vhs",), NON_FORMAL, (BER,), ("sprache-und-lesen", "integration-und-migration"),
      "Deutschkurs B1 am Abend",
      "Deutsch für Alltag und Beruf auf Niveau B1, mit Abschlussprüfung "
      "„Deutsch-Test für Zuwanderer“.", (18, 67), free=0.2, costs=(95, 120, 149),
      schedules=EVENING, languages=MIGRANT_LANGUAGES),
    T(("vhs",), FORMAL, (AUS, BER), ("abschluesse-und-qualifizierung",),
      "Abendrealschule: Realschulabschluss nachholen",
      "In zwei Semestern zum Realschulabschluss – Abendunterricht, "
      "Prüfung als Externe.", (18, 45), free=0.6, costs=(45, 60),
      schedules=("montags bis donnerstags 18–21 Uhr",)),
    T(("vhs",), NON_FORMAL, (BER, FAM), ("integration-und-migration", "sprache-und-lesen"),
      "Integrationskurs mit Kinderbetreuung",
      "Sprach- und Orientierungskurs; während des Unterrichts werden "
      "kleine Kinder betreut.", (18, 67), free=0.7, costs=(165,),
      schedules=("montags bis freitags 8.30–12.30 Uhr",), languages=MIGRANT_LANGUAGES),
    T(("vhs",), NON_FORMAL, (BER,), ("digitale-bildung",), "Tabellenkalkulation für den Beruf",
      "Formeln, Diagramme und Auswertungen: ein Praxiskurs für Beschäftigte "
      "und Wiedereinsteigende.", (25, 67), formats=("praesenz", "online", "hybrid"), free=0,
      costs=(59, 79, 99), schedules=EVENING),
    T(("vhs", "sonstige", "bibliothek"), INFORMAL, (ALT,), ("digitale-bildung",),
      "Smartphone-Sprechstunde für Ältere",
      "Fragen rund um Smartphone und Tablet: Ehrenamtliche helfen geduldig weiter."
      "", (60, None), free=1, schedules=("jeden ersten Dienstag im Monat, 10–12 Uhr",),
      registration=False),
    T(("bibliothek",), INFORMAL, (FK, GS), ("sprache-und-lesen",), "Vorlesestunde für Kinder ab 4",
      "Vorlesen, Mitmachen, Bilderbuchkino: jede Woche.", (4, 8), free=1,
      schedules=("mittwochs 16–16.45 Uhr",), registration=False),
    T(("bibliothek",), INFORMAL, (GS, SEK), ("mint", "digitale-bildung"),
      "Makerspace: Programmieren mit dem Mikrocontroller",
      "Tüfteln, programmieren, 3D-Drucken: offene Werkstatt für Kinder und Jugendliche."
      "", (8, 14), free=1, schedules=("freitags 15–17 Uhr",), registration=False),
    T(("bibliothek", "sonstige"), INFORMAL, (BER, ALT), ("integration-und-migration",),
      "Sprachcafé: Deutsch im Gespräch",
      "Ins Gespräch kommen und Deutsch üben – offener Treff mit Ehrenamtlichen."
      "", (16, None), free=1, schedules=("donnerstags 17–18.30 Uhr",),
      registration=False, languages=MIGRANT_LANGUAGES),
    T(("musikschule",), NON_FORMAL, (FK,), ("kulturelle-bildung",), "Musikalische Früherziehung",
      "Singen, Bewegen, erste Instrumente: Gruppenunterricht für Kinder von 4 bis "
      "6 Jahren.", (4, 6), free=0, costs=(29, 35), schedules=AFTERNOON),
    T(("musikschule",), NON_FORMAL, (SEK,), ("kulturelle-bildung",), "Bandwerkstatt für Jugendliche",
      "Gemeinsam proben, Songs schreiben, auftreten: Lehrkräfte der Musikschule coachen Schülerbands.",
      (12, 18), free=0.3, costs=(25, 39), schedules=("freitags 16–18 Uhr",)),
    T(("kammer",), NON_FORMAL, (SEK, USB), ("berufsorientierung",),
      "Ausbildungsbotschafter im Unterricht",
      "Auszubildende berichten in Schulklassen von ihrem Beruf – vermittelt von der Kammer."
      "", (14, 18), (SCHULE_BERUF,), free=1, schedules=("nach Absprache mit der Schule",),
      in_town=False),
    T(("kammer",), FORMAL, (BER,), ("abschluesse-und-qualifizierung",),
      "Vorbereitung auf die Meisterprüfung",
      "Teile III und IV der Meisterprüfung in Voll- oder Teilzeit.",
      (21, 60), formats=("praesenz", "hybrid"), free=0, costs=(1450, 2200),
      schedules=("freitags 17–21 Uhr und samstags 8–15 Uhr",)),
    T(("unternehmen",), NON_FORMAL, (USB,), ("berufsorientierung", "gesundheit-und-bewegung"),
      "Praktikum in der Pflege",
      "Zwei bis drei Wochen Pflege erleben: Schülerpraktikum in einem Betrieb der Region mit fester "
      "Ansprechperson.", (15, 20), (SCHULE_BERUF,), free=1, schedules=("ganzjährig nach Absprache",)),
    T(("unternehmen",), FORMAL, (AUS,), ("mint", "berufsorientierung"),
      "Ausbildung Mechatronik (m/w/d)",
      "Dreieinhalb Jahre Ausbildung in einem Betrieb der Region, Berufsschule an der BBS im Landkreis.",
      (16, 25), free=1, schedules=("Beginn jeweils 1. August",)),
    T(("unternehmen",), NON_FORMAL, (SEK,), ("mint", "berufsorientierung"),
      "Zukunftstag: Technik zum Anfassen",
      "Am Zukunftstag öffnet der Betrieb seine Werkstätten für Schülerinnen und Schüler ab "
      "Klasse 5.", (10, 14), free=1, schedules=("am Zukunftstag im April, 8–14 Uhr",)),
    T(("arbeitsagentur",), NON_FORMAL, (USB,), ("berufsorientierung",),
      "Berufsberatung in der Schule",
      "Sprechstunde in der Schule: Interessen klären, Berufe und Studiengänge "
      "finden, Bewerbung planen.", (14, 20), (SCHULE_BERUF,), free=1,
      formats=("praesenz", "online"), schedules=("alle zwei Wochen dienstags, 8–13 Uhr",)),
    T(("arbeitsagentur",), NON_FORMAL, (BER,), ("abschluesse-und-qualifizierung",),
      "Weiterbildungsberatung: Umschulung und Förderung",
      "Welche Weiterbildung passt, wer übernimmt die Kosten? Persönliche Beratung, auch online.",
      (25, 60), free=1, formats=("praesenz", "online")),
    T(("jugendhilfe",), INFORMAL, (FAM, FK), ("elternbildung",), "Elterncafé",
      "Frühstücken, austauschen, Fragen stellen: offener Treff für Eltern mit kleinen Kindern."
      "", free=1, schedules=("freitags 9–11 Uhr",), registration=False,
      languages=MIGRANT_LANGUAGES),
    T(("jugendhilfe",), INFORMAL, (SEK,), ("digitale-bildung", "demokratie-und-gesellschaft"),
      "Medienprojekt: Podcast aus dem Jugendhaus",
      "Jugendliche planen, sprechen und schneiden eigene Podcast-Folgen.",
      (12, 18), free=1, schedules=("dienstags 16–18 Uhr",)),
    T(("verein",), NON_FORMAL, (FK, FAM), ("gesundheit-und-bewegung",), "Eltern-Kind-Turnen",
      "Klettern, balancieren, toben – Bewegung für Kinder von 1 bis 4 Jahren mit einem "
      "Elternteil.", (1, 4), free=0.3, costs=(4, 6, 8),
      schedules=("samstags 9.30–10.30 Uhr",)),
    T(("verein",), NON_FORMAL, (GS,), ("umwelt-und-nachhaltigkeit",), "Naturerlebnistage für Kinder",
      "Spurensuche, Bachforschung und Vogelkunde: Ferienprogramm draußen in der Natur.", (7, 12),
      free=0.4, costs=(10, 15), schedules=("in den Sommerferien, 9–13 Uhr",)),
    T(("verein", "sonstige"), INFORMAL, (BER, ALT), ("demokratie-und-gesellschaft",),
      "Einstieg ins Ehrenamt",
      "Wo kann ich mich engagieren? Einsatzfelder in der Nähe kennenlernen; erfahrene "
      "Ehrenamtliche begleiten den Start.", (16, None), free=1, schedules=("jeden zweiten Montag im Monat, 18 Uhr",),
      registration=False),
    T(("behoerde",), NON_FORMAL, (SEK,), ("demokratie-und-gesellschaft",),
      "Jugendparlament: mitreden im Landkreis",
      "Jugendliche bringen ihre Anliegen in die Kommunalpolitik ein – begleitet von der Verwaltung."
      "", (12, 18), free=1, schedules=("einmal im Monat, donnerstags 17 Uhr",),
      in_town=False),
    T(("behoerde",), NON_FORMAL, (BER,), ("integration-und-migration", "abschluesse-und-qualifizierung"),
      "Anerkennungsberatung für ausländische Abschlüsse",
      "Beratung, wie im Ausland erworbene Abschlüsse anerkannt werden.", (18, 67),
      free=1, formats=("praesenz", "online"), languages=MIGRANT_LANGUAGES),
    T(("vertretung",), NON_FORMAL, (FAM,), ("elternbildung", "demokratie-und-gesellschaft"),
      "Schulung für Elternvertretungen",
      "Rechte und Aufgaben im Schulelternrat, Sitzungen leiten, gut informiert mitreden – "
      "Abendseminar.", free=1, schedules=("im Oktober, 19–21 Uhr",),
      in_town=False),
    T(("vertretung",), NON_FORMAL, (SEK,), ("demokratie-und-gesellschaft",),
      "SV-Seminar: Schülervertretung stärken",
      "Zwei Tage für Klassen- und Schulsprecherinnen und -sprecher: Projekte planen, "
      "Versammlungen leiten.", (12, 19), free=1,
      schedules=("zwei Tage im November",), in_town=False),
    T(("sonstige",), INFORMAL, (ALT,), ("gesundheit-und-bewegung",),
      "Gedächtnistraining und Bewegung",
      "Denksport, Gespräch und leichte Gymnastik in der Gruppe.", (60, None),
      free=0.5, costs=(2, 3, 5), schedules=("dienstags 10–11.30 Uhr",)),
    T(("sonstige",), INFORMAL, (BER, ALT), ("umwelt-und-nachhaltigkeit",),
      "Repair-Café: Reparieren statt wegwerfen",
      "Ehrenamtliche zeigen, wie man Toaster, Fahrrad und Lieblingshose selbst repariert."
      "", free=1, schedules=("jeden letzten Samstag im Monat, 10–13 Uhr",),
      registration=False),
)  # fmt: skip
del T

# What an offer's description says beyond its summary, by the template's title: how it works,
# what to bring, who to ask. Every template has one (tests/offers/test_demo_data.py).
OFFER_DETAILS = {
    "Sprachförderung im Kita-Alltag": (
        "Die Fachkräfte greifen auf, was die Kinder erzählen, und erweitern ihren Wortschatz im "
        "Morgenkreis, beim Essen und beim Spielen. Einmal im Jahr sprechen sie mit den Eltern "
        "über die Sprachentwicklung ihres Kindes."
    ),
    "Vorschulgruppe: fit für die Schule": (
        "Die Gruppe trifft sich einmal in der Woche. Vor den Sommerferien besuchen die Kinder "
        "gemeinsam ihre künftige Schule; die Eltern erhalten eine Einladung zum Elternabend "
        "der Grundschule."
    ),
    "Waldgruppe: draußen lernen": (
        "Treffpunkt ist der Bauwagen am Waldrand. Wetterfeste Kleidung, Gummistiefel und ein "
        "Rucksack mit Frühstück gehören jeden Tag dazu."
    ),
    "Forscherecke: Experimente mit Wasser und Luft": (
        "In kleinen Gruppen von bis zu acht Kindern wird gemessen, gepustet und geschüttet. "
        "Was die Kinder herausfinden, halten sie in einem eigenen Forscherheft fest."
    ),
    "Schnuppertag für Vorschulkinder": (
        "Die Kitas im Einzugsgebiet melden ihre Vorschulkinder an. Während die Kinder im "
        "Klassenraum sind, beantwortet die Schulleitung im Foyer die Fragen der Eltern."
    ),
    "Verlässliche Grundschule mit offenem Ganztag": (
        "Der Unterricht endet verlässlich nach der fünften Stunde. Wer am Ganztag teilnimmt, "
        "bekommt ein warmes Mittagessen; die Anmeldung gilt jeweils für ein Schulhalbjahr."
    ),
    "Infoabend: Welche Schule nach Klasse 4?": (
        "Die weiterführenden Schulen stellen sich mit eigenen Ständen vor. Die Klassenlehrkräfte "
        "stehen für Fragen zur Schullaufbahnempfehlung zur Verfügung."
    ),
    "Leseclub am Nachmittag": (
        "Die Kinder suchen die Bücher selbst aus und stellen sie einander vor. Ein Leseausweis "
        "der Bücherei ist nicht nötig; die Bücher dürfen mit nach Hause."
    ),
    "Oberschule mit Ganztag: Hauptschul- und Realschulabschluss": (
        "Ab Jahrgang 7 wählen die Schülerinnen und Schüler ein Profil: Wirtschaft, Technik, "
        "Gesundheit und Soziales oder eine Fremdsprache. Der Ganztag läuft an vier Tagen bis "
        "15.30 Uhr."
    ),
    "Praxistage in Betrieben ab Klasse 8": (
        "Die Schule hilft bei der Suche nach einem Platz und besucht die Jugendlichen im "
        "Betrieb. Nach jedem Halbjahr kann der Betrieb gewechselt werden."
    ),
    "Schnuppertag für Viertklässlerinnen und Viertklässler": (
        "Die Kinder nehmen an zwei Unterrichtsstunden teil, die Eltern lernen Schulleitung und "
        "Elternvertretung kennen. Eine Anmeldung hilft bei der Planung der Gruppen."
    ),
    "Schülerlabor Robotik": (
        "Gearbeitet wird mit Baukästen und Laptops der Schule, Vorkenntnisse braucht es nicht. "
        "Die Teams bereiten sich auf den Regionalwettbewerb im Frühjahr vor."
    ),
    "Theater-AG: Bühne frei": (
        "Proben finden in der Aula statt. Vor der Aufführung kommen zwei Probenwochenenden "
        "hinzu; wer lieber hinter der Bühne arbeitet, baut Kulissen oder macht Licht und Ton."
    ),
    "Gemeinsam lernen: inklusiver Unterricht bis zum Abitur": (
        "In jeder Klasse arbeiten Lehrkräfte und Förderschullehrkräfte zusammen. Die "
        "gymnasiale Oberstufe beginnt nach Jahrgang 10 an derselben Schule."
    ),
    "Beratung zur sonderpädagogischen Unterstützung": (
        "Ein Termin dauert etwa eine Stunde; Zeugnisse und Berichte können Sie gern mitbringen. "
        "Die Beratung ist vertraulich und unabhängig von einer Antragstellung."
    ),
    "Berufsfachschule Pflege": (
        "Die Ausbildung dauert drei Jahre und endet mit dem Abschluss Pflegefachfrau oder "
        "Pflegefachmann. Voraussetzung ist der Realschulabschluss oder ein gleichwertiger "
        "Abschluss."
    ),
    "Berufseinstiegsschule: Abschluss nachholen": (
        "Der Unterricht verbindet allgemeinbildende Fächer mit Praxis in den Werkstätten der "
        "Schule. Ein Praktikum von mehreren Wochen gehört dazu."
    ),
    "Fachoberschule Technik": (
        "Die Klasse 11 verbindet Unterricht und ein Jahrespraktikum in einem Betrieb, die "
        "Klasse 12 findet ganz in der Schule statt. Aufgenommen wird mit Realschulabschluss."
    ),
    "Schnupperstudium MINT": (
        "Jeden Tag steht ein anderes Fach auf dem Plan. Die Teilnahme wird bescheinigt und kann "
        "für die Schule als Praktikum gelten."
    ),
    "Berufsbegleitendes Studium Soziale Arbeit": (
        "Das Studium dauert acht Semester und schließt mit der staatlichen Anerkennung ab. "
        "Die Präsenzwochenenden liegen etwa einmal im Monat."
    ),
    "Deutschkurs B1 am Abend": (
        "Vor Kursbeginn zeigt ein kurzer Einstufungstest, ob der Kurs passt. Das Lehrbuch wird "
        "in der ersten Stunde ausgegeben."
    ),
    "Abendrealschule: Realschulabschluss nachholen": (
        "Unterrichtet werden Deutsch, Englisch, Mathematik und ein Fach aus Natur- oder "
        "Gesellschaftswissenschaften. Vor Beginn gibt es ein Beratungsgespräch."
    ),
    "Integrationskurs mit Kinderbetreuung": (
        "Der Kurs endet mit dem Deutsch-Test für Zuwanderer und dem Test „Leben in "
        "Deutschland“. Wer eine Berechtigung des Bundesamts hat, zahlt nur einen Eigenanteil."
    ),
    "Tabellenkalkulation für den Beruf": (
        "Geübt wird an Beispielen aus dem Büroalltag, etwa Arbeitszeit, Rechnungen und "
        "Bestellungen. Ein eigener Laptop ist willkommen, aber nicht nötig."
    ),
    "Smartphone-Sprechstunde für Ältere": (
        "Bringen Sie Ihr eigenes Gerät mit und, wenn vorhanden, die Zugangsdaten Ihrer Konten. "
        "Jede Frage bekommt so viel Zeit, wie sie braucht."
    ),
    "Vorlesestunde für Kinder ab 4": (
        "Eltern und Großeltern dürfen dabeibleiben. Im Anschluss können Bücher zur Geschichte "
        "ausgeliehen werden."
    ),
    "Makerspace: Programmieren mit dem Mikrocontroller": (
        "Geräte und Material stellt die Bücherei. Wer ein eigenes Projekt hat, bringt die Idee "
        "mit; Ehrenamtliche helfen beim Löten und Programmieren."
    ),
    "Sprachcafé: Deutsch im Gespräch": (
        "Jede Woche gibt es ein anderes Thema, vom Einkaufen bis zum Arztbesuch. Alle Niveaus "
        "sind willkommen, auch ganz ohne Vorkenntnisse."
    ),
    "Musikalische Früherziehung": (
        "Die Gruppen haben höchstens zehn Kinder. Nach zwei Jahren beraten die Lehrkräfte die "
        "Eltern, welches Instrument zum Kind passt."
    ),
    "Bandwerkstatt für Jugendliche": (
        "Schlagzeug, Verstärker und Mikrofone stehen im Proberaum bereit. Zum Schuljahresende "
        "spielen die Bands ein gemeinsames Konzert."
    ),
    "Ausbildungsbotschafter im Unterricht": (
        "Ein Besuch dauert eine Doppelstunde. Die Lehrkraft vereinbart den Termin mit der "
        "Kammer und bereitet die Fragen der Klasse vor."
    ),
    "Vorbereitung auf die Meisterprüfung": (
        "Teil III behandelt Betriebswirtschaft und Recht, Teil IV die Berufs- und "
        "Arbeitspädagogik. Eine Förderung über das Aufstiegs-BAföG ist möglich."
    ),
    "Praktikum in der Pflege": (
        "Die Praktikantinnen und Praktikanten begleiten eine Pflegefachkraft im Früh- oder "
        "Spätdienst. Vorher gibt es ein Kennenlerngespräch und eine Hygieneunterweisung."
    ),
    "Ausbildung Mechatronik (m/w/d)": (
        "In der Lehrwerkstatt lernen die Auszubildenden Metallbearbeitung, Elektrotechnik und "
        "Steuerungstechnik. Bewerbungen für das nächste Ausbildungsjahr sind ab Herbst möglich."
    ),
    "Zukunftstag: Technik zum Anfassen": (
        "Die Kinder arbeiten an Werkbank und Computer und schauen den Auszubildenden über die "
        "Schulter. Schutzkleidung stellt der Betrieb."
    ),
    "Berufsberatung in der Schule": (
        "Die Termine werden über die Klassenlehrkraft vergeben. Eltern können zu einem "
        "Gespräch dazukommen."
    ),
    "Weiterbildungsberatung: Umschulung und Förderung": (
        "Im Gespräch geht es um Ihren bisherigen Weg, Ihre Ziele und mögliche Förderungen wie "
        "den Bildungsgutschein. Lebenslauf und Zeugnisse helfen bei der Beratung."
    ),
    "Elterncafé": (
        "Für die Kinder gibt es eine Spielecke. Einmal im Monat kommt eine Fachkraft aus der "
        "Erziehungsberatung dazu."
    ),
    "Medienprojekt: Podcast aus dem Jugendhaus": (
        "Mikrofone und Schnittprogramm stellt das Jugendhaus. Die fertigen Folgen laufen im "
        "Bürgerradio und sind im Jugendhaus zu hören."
    ),
    "Eltern-Kind-Turnen": (
        "Geturnt wird in der Sporthalle, bitte Turnschuhe oder rutschfeste Socken mitbringen. "
        "Zwei Schnupperstunden sind ohne Mitgliedschaft möglich."
    ),
    "Naturerlebnistage für Kinder": (
        "Jeder Tag hat ein eigenes Thema und endet mit einem gemeinsamen Picknick. Bitte "
        "wetterfeste Kleidung und eine Trinkflasche mitgeben."
    ),
    "Einstieg ins Ehrenamt": (
        "Vereine, Schulen und Pflegeeinrichtungen stellen ihre Aufgaben vor. Wer mag, vereinbart "
        "gleich einen Termin zum Hineinschnuppern."
    ),
    "Jugendparlament: mitreden im Landkreis": (
        "Gewählt wird für zwei Jahre. Die Sitzungen sind öffentlich; Anträge des "
        "Jugendparlaments beraten die Ausschüsse des Kreistags."
    ),
    "Anerkennungsberatung für ausländische Abschlüsse": (
        "Bringen Sie Zeugnisse und, wenn vorhanden, Übersetzungen mit. Die Beratung klärt, "
        "welche Stelle zuständig ist und welche Unterlagen sie braucht."
    ),
    "Schulung für Elternvertretungen": (
        "Grundlage ist das Niedersächsische Schulgesetz. Die Teilnehmenden erhalten eine "
        "Arbeitshilfe mit Mustereinladungen und Checklisten."
    ),
    "SV-Seminar: Schülervertretung stärken": (
        "Das Seminar findet in einer Jugendbildungsstätte statt, Übernachtung und Verpflegung "
        "sind inbegriffen. Die Schulen stellen die Teilnehmenden für beide Tage frei."
    ),
    "Gedächtnistraining und Bewegung": (
        "Die Übungen sind für jedes Alter und jede Beweglichkeit geeignet. Eine ausgebildete "
        "Trainerin leitet die Gruppe."
    ),
    "Repair-Café: Reparieren statt wegwerfen": (
        "Werkzeug und Ersatzteile sind vorhanden; reparieren Sie gemeinsam mit den "
        "Ehrenamtlichen. Bei Kaffee und Kuchen lässt sich die Wartezeit gut überbrücken."
    ),
}


def _features(template):
    return (
        {("stage", s) for s in template.stages}
        | {("topic", t) for t in template.topics}
        | {("transition", t) for t in template.transitions}
        | {("setting", template.setting)}
    )


def _cover_order(templates):
    """A greedy set cover: template indexes whose offers show every stage, topic, transition
    and learning setting."""
    wanted = set().union(*(_features(t) for t in templates))
    order, covered = [], set()
    while covered != wanted:
        best = max(range(len(templates)), key=lambda i: len(_features(templates[i]) - covered))
        covered |= _features(templates[best])
        order.append(best)
    return tuple(order)


COVER_ORDER = _cover_order(OFFER_TEMPLATES)

COST_NOTES = (
    "Ermäßigung mit Bildungskarte",
    "Geschwisterermäßigung möglich",
    "ermäßigt für Schülerinnen, Schüler und Studierende",
    "Kostenübernahme über Bildung und Teilhabe möglich",
    "pro Monat",
    "für den ganzen Kurs",
)
ACCESSIBLE_NOTES = (
    "Stufenloser Zugang, barrierefreies WC",
    "Aufzug vorhanden, Induktionsschleife im Saal",
    "Ebenerdiger Eingang; Unterlagen auf Wunsch in Leichter Sprache",
)
NOT_ACCESSIBLE_NOTES = (
    "",
    "Der Raum liegt im Obergeschoss ohne Aufzug.",
    "Zugang über drei Stufen; bitte melden Sie sich, wir helfen gern.",
)


@dataclass
class OfferSpec:
    fields: dict
    stages: tuple
    topics: tuple
    transitions: tuple


def _offer_template_index(rng, serial_in_region):
    if serial_in_region < len(COVER_ORDER):
        return COVER_ORDER[serial_in_region]
    return rng.randrange(len(OFFER_TEMPLATES))


def offer_specs(count, region_actors, today):
    """``count`` offer specifications, spread round-robin over the regions.

    ``region_actors`` maps region slug -> {kind: [ActorSpec]} (with ids), in a fixed order.
    Offer ``i`` depends only on ``i`` and the actors, so a larger count extends a smaller one.
    The first offers of every region together cover every life stage, topic and setting
    (``COVER_ORDER``), and they are always published. A template goes to the provider that has
    it least often; a provider's second offer of the same template is its "Gruppe 2", so no two
    offers look the same.
    """
    rng = random.Random(SEED)
    slugs = list(region_actors)
    now = datetime.combine(today, time(12), tzinfo=BERLIN)
    uses = Counter()  # (template index, provider id): offers so far
    providers = {}  # (region slug, template index): the actors of the template's kinds
    for i in range(count):
        region_slug = slugs[i % len(slugs)]
        serial = i // len(slugs)
        index = _offer_template_index(rng, serial)
        template = OFFER_TEMPLATES[index]
        candidates = providers.get((region_slug, index))
        if candidates is None:
            by_kind = region_actors[region_slug]
            candidates = [actor for kind in template.kinds for actor in by_kind.get(kind, ())]
            providers[region_slug, index] = candidates
        counts = [uses[index, actor.id] for actor in candidates]
        fewest = min(counts)
        provider = rng.choice([a for a, n in zip(candidates, counts, strict=True) if n == fewest])
        uses[index, provider.id] += 1
        yield _offer_spec(
            i,
            rng,
            template,
            provider,
            serial < len(COVER_ORDER),
            today,
            now,
            group=uses[index, provider.id],
        )


def _offer_spec(i, rng, template, provider, always_published, today, now, *, group=1):
    place = provider.place
    title = f"{template.title} in {place.short}" if template.in_town else template.title
    if not template.in_town and rng.random() < 0.5:
        title = f"{template.title} ({place.short})"
    if group > 1:
        title = f"{title} – Gruppe {group}"
    summary = template.summary
    format_ = rng.choice(template.formats)
    is_free = rng.random() < template.free
    cost = None if is_free else Decimal(rng.choice(template.costs)).quantize(Decimal("0.01"))
    cost_note = "" if is_free else rng.choice(COST_NOTES)

    if format_ == "online":
        venue, address = "Online (Zugangsdaten nach Anmeldung)", None
    elif rng.random() < 0.7:
        venue, address = provider.name, provider.address
    else:
        address = address_in(place, rng)
        venue = rng.choice(OTHER_VENUES).format(town=address.city)

    languages = ["de"]
    if template.languages and rng.random() < 0.6:
        languages = ["de", *rng.sample(template.languages, rng.choice((1, 1, 2)))]
    elif rng.random() < 0.08:
        languages = ["de", "en"]

    accessible = rng.random() < 0.55
    accessibility_note = rng.choice(ACCESSIBLE_NOTES if accessible else NOT_ACCESSIBLE_NOTES)

    if template.registration:
        registration = rng.choice(
            (
                f"Anmeldung per E-Mail an {provider.email} oder telefonisch unter {provider.phone}.",
                "Anmeldung über das Sekretariat; die Plätze werden nach Eingang vergeben.",
                "Bitte melden Sie sich bis eine Woche vor Beginn an.",
            )
        )
        registration_url = f"{provider.website}anmeldung/" if rng.random() < 0.3 else ""
    else:
        registration = "Ohne Anmeldung – einfach vorbeikommen."
        registration_url = ""

    roll = rng.random()
    if always_published or roll < 0.9:
        status = "veroeffentlicht"
    else:
        status = "entwurf" if roll < 0.94 else "pruefung" if roll < 0.97 else "archiviert"
    last_reviewed = today - timedelta(days=rng.randint(0, 608))  # up to 20 months back
    published_at = None
    if status in ("veroeffentlicht", "archiviert"):
        published_at = min(
            datetime.combine(
                last_reviewed - timedelta(days=rng.randint(0, 120)), time(9), tzinfo=BERLIN
            ),
            now,
        )
    valid_from = valid_until = None
    if rng.random() < 0.6:
        valid_from = today - timedelta(days=rng.randint(0, 400))
        if rng.random() < 0.4:
            valid_until = valid_from + timedelta(days=rng.randint(120, 720))

    age_min, age_max = template.ages
    # What the summary does not say; place, times, costs and contacts stand beside it on the
    # offer's page, so the description repeats none of them.
    description = OFFER_DETAILS[template.title]
    slug = f"{german_slugify(title, max_length=200)}-{i + 1}"
    fields = {
        "region_id": provider.region_id,
        "municipality_id": place.id,
        "provider_id": provider.id,
        "title": title,
        "slug": slug,
        "summary": summary,
        "description": description,
        "learning_setting": template.setting,
        "format": format_,
        "venue": venue,
        "street": address.street if address else "",
        "postcode": address.postcode if address else provider.address.postcode,
        "city": address.city if address else provider.address.city,
        "latitude": address.latitude if address else None,
        "longitude": address.longitude if address else None,
        "age_min": age_min,
        "age_max": age_max,
        "is_free": is_free,
        "cost": cost,
        "cost_note": cost_note,
        "schedule": rng.choice(template.schedules),
        "registration_required": template.registration,
        "registration": registration,
        "registration_url": registration_url,
        "contact_email": provider.email,
        "contact_phone": provider.phone,
        "is_accessible": accessible,
        "accessibility_note": accessibility_note,
        "languages": languages,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "status": status,
        "published_at": published_at,
        "last_reviewed": last_reviewed,
    }
    return OfferSpec(fields, template.stages, template.topics, template.transitions)


# --- Events -------------------------------------------------------------------------------------

CAREERS_EVENTS = (
    # kind, title template, grades, co-organiser kinds, description
    ("berufsinformationstag", "Berufsinformationstag: {school}", (8, 10),
     ("unternehmen", "kammer", "arbeitsagentur"),
     "Betriebe, Kammern und die Berufsberatung stellen Ausbildungsberufe und duale Studiengänge "
     "vor. Schülerinnen und Schüler besuchen Stände und Kurzvorträge."),
    ("praktikumsboerse", "Praktikumsbörse: {school}", (8, 9), ("unternehmen", "kammer"),
     "Betriebe aus der Region bieten Praktikumsplätze an; Jugendliche kommen direkt ins "
     "Gespräch und vereinbaren Termine."),
    ("betriebserkundung", "Betriebserkundung: {co} öffnet die Werkstatt", (7, 8),
     ("unternehmen",),
     "Eine Klasse erkundet einen Ausbildungsbetrieb: Rundgang, Ausprobieren an Stationen und "
     "Gespräch mit Auszubildenden."),
    ("bewerbungstraining", "Bewerbungstraining für den Abschlussjahrgang in {town}", (9, 10),
     ("kammer", "arbeitsagentur"),
     "Anschreiben und Lebenslauf prüfen, Vorstellungsgespräche üben: Fachleute aus Betrieben "
     "und Berufsberatung geben Rückmeldung."),
    ("elternabend-bo", "Elternabend Berufsorientierung in {town}", (7, 9),
     ("arbeitsagentur", "kammer"),
     "Wie unterstütze ich mein Kind bei der Berufswahl? Berufsberatung und Kammer informieren "
     "über Wege nach der Schule; Eltern sind die Experten ihrer Kinder."),
)  # fmt: skip

OTHER_EVENTS = (
    # kind, title template, organiser kind, description
    ("fachtag", "Fachtag Übergänge gestalten", "behoerde",
     "Fachkräfte aus Kita, Schule, Jugendhilfe und Wirtschaft tauschen sich über gelingende "
     "Übergänge aus; Workshops und Austausch."),
    ("fachtag", "Fachtag Inklusion in Kita und Schule", "foerderschule",
     "Vorträge und Praxisforen zu inklusiver Bildung, sonderpädagogischer Unterstützung und "
     "Zusammenarbeit mit Eltern."),
    ("netzwerktreffen", "Netzwerktreffen Sprachbildung", "bibliothek",
     "Kitas, Grundschulen und Bibliotheken stellen Projekte zur Sprachbildung vor und planen "
     "gemeinsame Aktionen."),
    ("netzwerktreffen", "Netzwerktreffen Schule–Wirtschaft", "kammer",
     "Schulen und Betriebe verabreden Praktika, Betriebserkundungen und Ausbildungsbotschafter "
     "für das kommende Schuljahr."),
    ("workshop", "Workshop: Digitale Medien im Unterricht", "vhs",
     "Praxisworkshop für Lehrkräfte und pädagogische Fachkräfte: Tablets, Lernplattformen, "
     "Datenschutz."),
    ("workshop", "Workshop: Singen und Musizieren in der Kita", "musikschule",
     "Lieder, Rhythmus und einfache Instrumente für den Kita-Alltag – für Erzieherinnen und "
     "Erzieher."),
    ("workshop", "Workshop: Lesefreude wecken", "bibliothek",
     "Methoden der Leseförderung für Ehrenamtliche, Eltern und Lehrkräfte."),
    ("infoveranstaltung", "Infoabend: Welche Schule nach Klasse 4?", "grundschule",
     "Oberschule, Gymnasium und Gesamtschule stellen sich vor; Eltern der vierten Klassen "
     "erhalten Antworten auf ihre Fragen."),
    ("infoveranstaltung", "Infoveranstaltung: Abschlüsse nachholen", "vhs",
     "Wege zum Haupt- und Realschulabschluss für Erwachsene, Fördermöglichkeiten und "
     "Beratung."),
)  # fmt: skip

REGION_EVENTS = {
    "wesermarsch": [
        ("fachtag", "Fachtag Übergang Schule–Beruf in der Wesermarsch", "behoerde",
         "Schulen, Betriebe, Kammern und Behörden ziehen Bilanz der Zusammenarbeit am Übergang "
         "von der Schule in den Beruf."),
    ],
    "hameln-pyrmont": [
        ("fachtag", "Fachtag Schulabsentismus: gemeinsam hinschauen", "behoerde",
         "Schulen, Jugendhilfe und Beratungsstellen stellen Wege vor, wie Schulvermeidung früh "
         "erkannt und gemeinsam begegnet wird."),
    ],
    "stade": [
        ("fachtag", "Fachtag Fachkräfte sichern", "kammer",
         "Unternehmen, Schulen und Hochschule diskutieren, wie der Landkreis Fachkräfte gewinnt "
         "und hält."),
    ],
    "osnabrueck": [
        ("infoveranstaltung", "Infoabend Ausbildungsregion: Berufswahl-Check", "arbeitsagentur",
         "Jugendliche und Eltern lernen den Berufswahl-Check und die Praktikums- und "
         "Ausbildungsdatenbank kennen."),
    ],
    "lueneburg": [
        ("infoveranstaltung", "Infoveranstaltung Förderfonds kulturelle Bildung", "behoerde",
         "Schulen und Kitas erfahren, wie sie Mittel aus dem Förderfonds für kulturelle "
         "Bildung beantragen."),
    ],
}  # fmt: skip

# Day offsets from today by position: three in the past, the rest within the next six months
# (plus the region's REGION_DAY_SHIFT).
# Positions 0–4 are the careers-guidance events of the region's demo school.
EVENT_OFFSETS = (
    8,
    15,
    22,
    29,
    84,
    -75,
    43,
    -30,
    50,
    57,
    -9,
    64,
    71,
    36,
    96,
    110,
    125,
    140,
    158,
    175,
)
# The home school's events after the first: one rejected, two waiting for moderation, one
# cancelled – its parents' evening twelve weeks ahead: cancellations neither lead the calendar
# nor come in a row (tests/offers/test_demo_data.py).
EVENT_MODERATION = {1: "abgelehnt", 2: "pruefung", 3: "pruefung", 4: "abgesagt"}
# The regions' coming events lie this many days apart (region 0, 1, 2 …), so that the calendar
# of all regions does not show five events of one kind on one day.
REGION_DAY_SHIFT = 7

# When events of a kind take place: (possible starts, possible lengths in minutes). School
# events in school hours, parents' and information evenings from 18 or 19 o'clock; every
# event ends the day it starts, by 21:30 at the latest.
EVENT_TIMES = {
    "berufsinformationstag": ((time(8), time(9)), (240, 300)),
    "praktikumsboerse": ((time(9), time(14)), (180, 240)),
    "betriebserkundung": ((time(8), time(8, 30), time(9)), (180, 240)),
    "bewerbungstraining": ((time(8), time(10)), (120, 180)),
    "elternabend-bo": ((time(19),), (90, 120)),
    "fachtag": ((time(9), time(9, 30)), (360, 420)),
    "netzwerktreffen": ((time(14), time(15)), (120, 150)),
    "workshop": ((time(9), time(14), time(18)), (150, 180)),
    "infoveranstaltung": ((time(18), time(19)), (90, 120)),
}


def event_time(kind, day, rng):
    """Start and end of an event of ``kind`` on ``day`` (EVENT_TIMES)."""
    starts, lengths = EVENT_TIMES[kind]
    starts_at = datetime.combine(day, rng.choice(starts), tzinfo=BERLIN)
    return starts_at, starts_at + timedelta(minutes=rng.choice(lengths))


def event_specs(region_slug, actors_by_kind, today, school_user_id, *, day_shift=0):
    """About twenty events of a region; status mix and dates fixed by position, the coming
    ones ``day_shift`` days later than the table says."""
    rng = random.Random(f"{SEED}-events-{region_slug}")
    schools = [
        a
        for kind in ("oberschule", "igs", "gymnasium", "bbs")
        for a in actors_by_kind.get(kind, [])
    ]
    home_school = actors_by_kind["oberschule"][0]
    # The second round at other schools in other towns, so that no title comes twice.
    others = [s for s in schools if s.place != home_school.place] or [
        s for s in schools if s != home_school
    ]
    rows = []
    partnered = set()  # (event kind, actor id)
    for n in range(2):
        for kind, title, grades, co_kinds, description in CAREERS_EVENTS:
            school = home_school if n == 0 else rng.choice(others)
            # Partners not yet at an event of this kind (the company a visit's title names).
            co = [
                rng.choice(
                    [a for a in actors_by_kind[k] if (kind, a.id) not in partnered]
                    or actors_by_kind[k]
                )
                for k in co_kinds
                if k in actors_by_kind
            ]
            partnered.update((kind, a.id) for a in co)
            co = list({a.id: a for a in rng.sample(co, min(len(co), rng.choice((1, 2))))}.values())
            title = title.format(school=school.name, co=co[0].name, town=school.place.short)
            rows.append((kind, title, school, co, grades, description))
    for kind, title, organiser_kind, description in REGION_EVENTS[region_slug]:
        organiser = actors_by_kind[organiser_kind][0]
        rows.append((kind, title, organiser, [], None, description))
    for kind, title, organiser_kind, description in OTHER_EVENTS:
        organiser = actors_by_kind[organiser_kind][0]
        title = f"{title} ({organiser.place.short})"
        rows.append((kind, title, organiser, [], None, description))

    specs = []
    for k, (kind, title, organiser, co, grades, description) in enumerate(rows):
        offset = EVENT_OFFSETS[k % len(EVENT_OFFSETS)]
        start_day = today + timedelta(days=offset + (day_shift if offset > 0 else 0))
        starts_at, ends_at = event_time(kind, start_day, rng)
        status, submitted_by, message = "veroeffentlicht", None, ""
        if k in EVENT_MODERATION:
            status = EVENT_MODERATION[k]
            submitted_by = school_user_id
            if status == "abgelehnt":
                message = (
                    "Bitte ergänzen Sie den Ort und die Anmeldung; der Termin überschneidet sich "
                    "außerdem mit der Praktikumsbörse. Reichen Sie die Veranstaltung gern erneut ein."
                )
        venue_actor = co[0] if kind == "betriebserkundung" and co else organiser
        published = status in ("veroeffentlicht", "abgesagt")
        published_at = datetime.combine(
            min(start_day, today) - timedelta(days=21), time(11), tzinfo=BERLIN
        )
        specs.append(
            {
                "fields": {
                    "region_id": organiser.region_id,
                    "municipality_id": venue_actor.place.id,
                    "organiser_id": organiser.id,
                    "kind": kind,
                    "title": title,
                    "slug": f"{german_slugify(title, max_length=190)}-{region_slug}-{k + 1}",
                    "description": description,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "venue": venue_actor.name,
                    "street": venue_actor.address.street,
                    "postcode": venue_actor.address.postcode,
                    "city": venue_actor.address.city,
                    "latitude": venue_actor.address.latitude,
                    "longitude": venue_actor.address.longitude,
                    "grade_min": grades[0] if grades else None,
                    "grade_max": grades[1] if grades else None,
                    "capacity": rng.choice((20, 25, 30, 60, 120, 200)),
                    "is_free": True,
                    "registration": rng.choice(
                        (
                            f"Anmeldung bis eine Woche vorher an {organiser.email}.",
                            "Klassenweise Anmeldung über die Schule.",
                            "Ohne Anmeldung.",
                        )
                    ),
                    "contact_name": rng.choice(
                        ("Sekretariat", "Team Berufsorientierung", "Geschäftsstelle")
                    )
                    if grades
                    else "Geschäftsstelle",
                    "contact_email": organiser.email,
                    "contact_phone": organiser.phone,
                    "status": status,
                    "submitted_by_id": submitted_by,
                    "moderation_message": message,
                    "published_at": published_at if published else None,
                    "last_reviewed": today - timedelta(days=rng.randint(0, 90)),
                },
                "co_organisers": [a.id for a in co if a.id != organiser.id],
            }
        )
    return specs


# --- Meetings of working groups -----------------------------------------------------------------

MEETINGS = (
    # title, day offset, public minutes?
    ("Arbeitssitzung: Bestandsaufnahme", -150),
    ("Arbeitssitzung: Maßnahmenplanung", -60),
    ("Arbeitssitzung: Zwischenbilanz und Ausblick", 35),
)


def meeting_specs(group_id, group_name, town, today):
    """The meetings of a working group; ``group_name`` with its article, "das Netzwerk …"."""
    past_agenda = (
        "1. Begrüßung und Protokoll der letzten Sitzung\n2. Bericht aus dem Bildungsbüro\n"
        "3. Berichte aus den Mitgliedseinrichtungen\n4. Verabredungen und nächste Schritte"
    )
    minutes = (
        (
            f"{capfirst(group_name)} hat die vorhandenen Angebote gesichtet. Das Bildungsbüro stellte "
            "die Übersicht der Angebote im Portal vor. Vereinbart: Jede Einrichtung prüft ihre "
            "Einträge bis zur nächsten Sitzung; Lücken werden gesammelt."
        ),
        (
            "Die Rückmeldungen zur Bestandsaufnahme liegen vor. Beschlossen wurden zwei "
            "Maßnahmen für das kommende Halbjahr: eine gemeinsame Informationsveranstaltung und "
            "ein Austausch der Fachkräfte. Das Bildungsbüro lädt ein und berichtet."
        ),
    )
    specs = []
    for n, (title, offset) in enumerate(MEETINGS):
        starts_at = datetime.combine(today + timedelta(days=offset), time(15), tzinfo=BERLIN)
        past = offset < 0
        specs.append(
            {
                "working_group_id": group_id,
                "title": title,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=2),
                "location": f"Kreishaus {town}, Sitzungsraum 2" if n != 1 else "Videokonferenz",
                "agenda": past_agenda
                if past
                else "1. Zwischenbilanz der Maßnahmen\n2. Planung für das nächste Jahr",
                "minutes": minutes[n] if past else "",
                "minutes_public": past,
                "last_reviewed": min(today, today + timedelta(days=offset + 7)),
            }
        )
    return specs


# --- Accounts -----------------------------------------------------------------------------------


def demo_password_resolve(*, password_file=None, env=None):
    """The one password of all demo accounts: DEMO_PASSWORD, else the file, else a new one.

    A missing password file is created with a new password (mode 600).
    """
    env = os.environ if env is None else env
    if env.get("DEMO_PASSWORD"):
        return env["DEMO_PASSWORD"]
    if password_file:
        path = Path(password_file)
        if path.exists():
            content = path.read_text(encoding="utf-8").strip()
            if content:
                return content
        password = secrets.token_urlsafe(12)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
        path.chmod(0o600)
        return password
    return secrets.token_urlsafe(12)


@dataclass
class DemoAccount:
    username: str
    role: str
    where: str


@dataclass
class DemoResult:
    created: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)
    offer_ids: list = field(default_factory=list)  # ids of offers created by this run


def _user_upsert(User, username, password, *, email, is_staff=False, is_superuser=False):
    user = User.objects.filter(username=username).first() or User(username=username)
    user.email = email
    user.is_staff = is_staff or is_superuser
    user.is_superuser = is_superuser
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


# --- Writing ------------------------------------------------------------------------------------


def _places_by_region(regions):
    codes = {}
    for code in PostalCode.objects.filter(municipality__region__in=regions).order_by(
        "code", "place", "pk"
    ):
        codes.setdefault(code.municipality_id, []).append(
            (code.code, code.place, code.latitude, code.longitude)
        )
    places = {region.pk: [] for region in regions}
    for m in Municipality.objects.filter(region__in=regions).order_by("name", "pk"):
        postcodes = tuple(codes.get(m.pk) or [(m.postcode, "", m.latitude, m.longitude)])
        postcodes = tuple(
            (c, short_name(p) or short_name(m.name), lat, lon) for c, p, lat, lon in postcodes
        )
        places[m.region_id].append(
            Place(m.pk, m.name, short_name(m.name), m.kind, m.latitude, m.longitude, postcodes)
        )
    return places


def _actors_write(regions, places, result):
    specs = []
    for region in regions:
        rng = random.Random(f"{SEED}-actors-{region.slug}")
        region_specs = actor_specs(region.slug, places[region.pk], rng)
        for spec in region_specs:
            spec.region_id = region.pk
        specs += region_specs

    existing = {
        (region_id, name): (pk, slug)
        for pk, region_id, name, slug in Actor.objects.filter(region__in=regions).values_list(
            "pk", "region_id", "name", "slug"
        )
    }
    taken = set(Actor.objects.values_list("slug", flat=True))
    new = []
    for spec in specs:
        found = existing.get((spec.region_id, spec.name))
        if found:
            spec.id, spec.slug = found
            continue
        base = german_slugify(spec.name, max_length=180)
        slug = base if base not in taken else f"{base}-{spec.region_slug}"
        number = 2
        while slug in taken:
            slug = f"{base}-{spec.region_slug}-{number}"
            number += 1
        taken.add(slug)
        spec.slug = slug
        new.append(
            Actor(
                region_id=spec.region_id,
                municipality_id=spec.place.id,
                name=spec.name,
                slug=slug,
                kind=spec.kind,
                description=spec.description,
                street=spec.address.street,
                postcode=spec.address.postcode,
                city=spec.address.city,
                latitude=spec.address.latitude,
                longitude=spec.address.longitude,
                phone=spec.phone,
                email=spec.email,
                website=spec.website,
            )
        )
    Actor.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ids = dict(Actor.objects.filter(region__in=regions).values_list("slug", "pk").order_by())
    for spec in specs:
        spec.id = ids[spec.slug]
    result.created["actors"] = len(new)
    return specs


def _accounts_write(regions, actors_by_region, password, result):
    User = get_user_model()
    _user_upsert(User, "admin", password, email=f"admin@{MAIL_DOMAIN}", is_superuser=True)
    result.accounts.append(DemoAccount("admin", "Administration (Superuser)", "alle Regionen"))
    school_users = {}
    for region in regions:
        office = _user_upsert(
            User,
            f"buero-{region.slug}",
            password,
            email=f"buero-{region.slug}@{MAIL_DOMAIN}",
            is_staff=True,
        )
        StaffMembership.objects.update_or_create(
            user=office, region=region, defaults={"role": StaffMembership.Role.COORDINATOR}
        )
        result.accounts.append(
            DemoAccount(office.username, "Bildungsbüro (Koordination)", region.name)
        )
        school = next(
            a
            for a in actors_by_region[region.slug].get(Actor.Kind.OBERSCHULE, [])
            + actors_by_region[region.slug].get(Actor.Kind.IGS, [])
        )
        teacher = _user_upsert(
            User,
            f"schule-{region.slug}",
            password,
            email=f"schule-{region.slug}@{domain_for(school.name)}",
        )
        InstitutionMembership.objects.get_or_create(user=teacher, actor_id=school.id)
        school_users[region.slug] = teacher.pk
        result.accounts.append(DemoAccount(teacher.username, "Schule", school.name))
    return school_users


def _provider_accounts_write(regions, actors_by_region, password, result):
    """``anbieter-<region>``: a provider that is not a school. Written after the offers: of the
    region's Volkshochschulen (then Familienzentren) the one with the most demo offers, so that
    its area shows something; an account that has its institution from an earlier run keeps it."""
    User = get_user_model()
    for region in regions:
        by_kind = actors_by_region[region.slug]
        candidates = by_kind.get(Actor.Kind.VHS, []) + [
            a for a in by_kind.get(Actor.Kind.YOUTH_WELFARE, []) if "Familienzentrum" in a.name
        ]
        username = f"anbieter-{region.slug}"
        kept = InstitutionMembership.objects.filter(
            user__username=username, actor_id__in=[a.id for a in candidates]
        ).first()
        if kept is not None:
            provider = next(a for a in candidates if a.id == kept.actor_id)
        else:
            offers = Counter(
                Offer.objects.filter(provider_id__in=[a.id for a in candidates]).values_list(
                    "provider_id", flat=True
                )
            )
            provider = max(candidates, key=lambda a: offers[a.id])  # the first of equals
        user = _user_upsert(
            User, username, password, email=f"{username}@{domain_for(provider.name)}"
        )
        InstitutionMembership.objects.get_or_create(user=user, actor_id=provider.id)
        kind = dict(Actor.Kind.choices)[provider.kind]
        result.accounts.append(DemoAccount(user.username, f"Anbieter ({kind})", provider.name))


class _RowInserter:
    """Multi-row INSERTs (PostgreSQL: COPY) straight through the DB-API cursor.

    ``bulk_create`` spends most of its time compiling values field by field (about 90 s for
    100,000 offers on SQLite); the demo's values are already plain Python, so only dates,
    datetimes, decimals and language lists are adapted, and each statement carries up to BATCH_SIZE rows.
    """

    ADAPTED = ("DateField", "DateTimeField", "DecimalField")

    def __init__(self, model, attnames):
        self.connection = connections[router.db_for_write(model)]
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [fields[name] for name in attnames]
        self.adapt = [
            f if f.get_internal_type() in self.ADAPTED or isinstance(f, LanguagesField) else None
            for f in self.fields
        ]
        ops = self.connection.ops
        placeholder = "?" if self.connection.vendor == "sqlite" else "%s"
        self.head = "INSERT INTO {} ({}) VALUES ".format(
            ops.quote_name(model._meta.db_table),
            ", ".join(ops.quote_name(f.column) for f in self.fields),
        )
        self.one_row = "(" + ", ".join([placeholder] * len(self.fields)) + ")"
        # PostgreSQL: COPY, several times faster than even multi-row INSERTs.
        self.copy = "COPY {} ({}) FROM STDIN".format(
            ops.quote_name(model._meta.db_table),
            ", ".join(ops.quote_name(f.column) for f in self.fields),
        )
        limit = self.connection.features.max_query_params or 65535
        self.per_statement = max(1, min(BATCH_SIZE, limit // len(self.fields)))

    def insert(self, rows):
        """Insert ``rows`` (sequences of values in the order of ``attnames``)."""
        adapt = [(i, f) for i, f in enumerate(self.adapt) if f is not None]
        if adapt:
            rows = [list(row) for row in rows]
            for row in rows:
                for i, f in adapt:
                    if row[i] is not None:
                        row[i] = f.get_db_prep_save(row[i], self.connection)
        self.connection.ensure_connection()
        cursor = self.connection.connection.cursor()
        try:
            if self.connection.vendor == "postgresql":
                with cursor.copy(self.copy) as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            for start in range(0, len(rows), self.per_statement):
                chunk = rows[start : start + self.per_statement]
                params = [value for row in chunk for value in row]
                cursor.execute(self.head + ", ".join([self.one_row] * len(chunk)), params)
        finally:
            cursor.close()


def _offers_write(count, actors_by_region, today, result):
    stage_ids = dict(LifeStage.objects.values_list("slug", "pk"))
    topic_ids = dict(Topic.objects.values_list("slug", "pk"))
    transition_ids = dict(Transition.objects.values_list("slug", "pk"))
    existing = set(Offer.objects.values_list("slug", flat=True))

    # Every stored column, so that fields added to Offer later get their defaults.
    now = timezone.now()
    columns = [f for f in Offer._meta.concrete_fields if not f.primary_key and not f.generated]
    defaults = {
        f.attname: now if f.attname in ("created_at", "updated_at") else f.get_default()
        for f in columns
    }
    attnames = [f.attname for f in columns]
    offers = _RowInserter(Offer, attnames)
    links = [
        (
            _RowInserter(Offer.life_stages.through, ["offer_id", "lifestage_id"]),
            "stages",
            stage_ids,
        ),
        (_RowInserter(Offer.topics.through, ["offer_id", "topic_id"]), "topics", topic_ids),
        (
            _RowInserter(Offer.transitions.through, ["offer_id", "transition_id"]),
            "transitions",
            transition_ids,
        ),
    ]
    created_ids = []
    batch = []

    def flush():
        if not batch:
            return
        offers.insert(
            [[spec.fields.get(name, defaults[name]) for name in attnames] for spec in batch]
        )
        ids = dict(
            Offer.objects.filter(slug__in=[spec.fields["slug"] for spec in batch])
            .values_list("slug", "pk")
            .order_by()
        )
        for inserter, attribute, id_by_slug in links:
            inserter.insert(
                [
                    (ids[spec.fields["slug"]], id_by_slug[slug])
                    for spec in batch
                    for slug in getattr(spec, attribute)
                ]
            )
        created_ids.extend(ids[spec.fields["slug"]] for spec in batch)
        batch.clear()

    for spec in offer_specs(count, actors_by_region, today):
        if spec.fields["slug"] in existing:
            continue
        batch.append(spec)
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    result.created["offers"] = len(created_ids)
    result.offer_ids = created_ids


def _events_write(regions, actors_by_region, school_users, today, result):
    specs = []
    for number, region in enumerate(regions):
        specs += event_specs(
            region.slug,
            actors_by_region[region.slug],
            today,
            school_users[region.slug],
            day_shift=number * REGION_DAY_SHIFT,
        )
    existing = set(
        Event.objects.filter(slug__in=[s["fields"]["slug"] for s in specs]).values_list(
            "slug", flat=True
        )
    )
    new = [s for s in specs if s["fields"]["slug"] not in existing]
    events = Event.objects.bulk_create([Event(**s["fields"]) for s in new], batch_size=BATCH_SIZE)
    Link = Event.co_organisers.through
    Link.objects.bulk_create(
        [
            Link(event_id=event.pk, actor_id=actor_id)
            for event, spec in zip(events, new, strict=True)
            for actor_id in spec["co_organisers"]
        ],
        batch_size=BATCH_SIZE,
    )
    result.created["events"] = len(events)


def _meetings_write(regions, places, today, result):
    groups = WorkingGroup.objects.filter(region__in=regions).select_related("region")
    existing = set(
        Meeting.objects.filter(working_group__in=groups).values_list("working_group_id", "title")
    )
    new = []
    for group in groups.order_by("region__slug", "slug"):
        towns = resolve_towns(places[group.region_id], REGION_FACTS[group.region.slug].towns)
        town = towns[0].short if towns else group.region.name
        for spec in meeting_specs(group.pk, group.name_with_article, town, today):
            if (group.pk, spec["title"]) not in existing:
                new.append(Meeting(**spec))
    Meeting.objects.bulk_create(new, batch_size=BATCH_SIZE)
    result.created["meetings"] = len(new)


def demo_data_load(*, offers=600, password, today=None):
    """Create whatever demo rows are missing; return what was created and the accounts.

    The regions (with municipalities, postcodes, focus areas, partners and working groups)
    must be loaded first (``portal.services.regions_load``).
    """
    today = today or timezone.localdate()
    result = DemoResult()
    regions = list(Region.objects.filter(slug__in=REGION_FACTS).order_by("pk"))
    missing = sorted(set(REGION_FACTS) - {r.slug for r in regions})
    if missing:
        raise ValueError(f"Regionen fehlen: {', '.join(missing)}")
    regions.sort(key=lambda r: list(REGION_FACTS).index(r.slug))
    # Bulk inserts send no signals: the whole search index is rebuilt at the end of the block.
    with transaction.atomic(), deferred_indexing(full=True):
        # From now on this installation mails example domains only (bildungsregion.mail).
        DemoMark.objects.get_or_create(pk=1)
        places = _places_by_region(regions)
        empty = [r.slug for r in regions if not places[r.pk]]
        if empty:
            raise ValueError(f"Regionen ohne Städte und Gemeinden: {', '.join(empty)}")
        specs = _actors_write(regions, places, result)
        actors_by_region = {r.slug: {} for r in regions}
        for spec in specs:
            actors_by_region[spec.region_slug].setdefault(spec.kind, []).append(spec)
        school_users = _accounts_write(regions, actors_by_region, password, result)
        _offers_write(offers, actors_by_region, today, result)
        _provider_accounts_write(regions, actors_by_region, password, result)
        _events_write(regions, actors_by_region, school_users, today, result)
        _meetings_write(regions, places, today, result)
        for model in (Actor, Offer, Event):  # bulk writes bypass LocatedModel.save
            located_coordinates_fill(queryset=model.objects.all())
    result.totals = {
        "actors": Actor.objects.count(),
        "offers": Offer.objects.count(),
        "events": Event.objects.count(),
        "meetings": Meeting.objects.count(),
    }
    return result
