"""Demo data of the Ausbildungsregion: fictitious employers, chambers, authorities and
associations in every region, with internship and apprenticeship places (idempotent). Called by
portal's ``manage.py demo_data`` after the other demo data (careers imports neither offers nor
portal). Names, streets and addresses are invented (e-mail under .example); the towns, their
postcodes and the occupations are the real ones of ``load_regions`` and careers/data/."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from bildungsregion.text import german_slugify
from regions.models import Municipality, Region
from regions.services import located_coordinates_fill

from .models import Occupation, Place, PlaceKind, PlaceStatus, SchoolCertificate
from .search import refresh_place_documents

A, S, H, P, W, D = (
    PlaceKind.APPRENTICESHIP,
    PlaceKind.SCHOOL_INTERNSHIP,
    PlaceKind.HOLIDAY_INTERNSHIP,
    PlaceKind.PRACTICE_DAY,
    PlaceKind.INTERNSHIP_WEEK,
    PlaceKind.DUAL_STUDY,
)


@dataclass
class Employer:
    name: str  # "{town}" is filled with the employer's town
    kind: str
    description: str
    street: str
    places: list = field(default_factory=list)  # (place kind, occupation slug)


EMPLOYERS = [
    Employer(
        "Tischlerei Hollmann {town}",
        Actor.Kind.COMPANY,
        "Handwerksbetrieb für Möbel, Fenster und Innenausbau mit eigener Werkstatt.",
        "Werkstattweg 3",
        [(A, "tischler-in"), (S, "tischler-in"), (W, "tischler-in"), (H, "tischler-in")],
    ),
    Employer(
        "Meyer Haustechnik GmbH",
        Actor.Kind.COMPANY,
        "Heizung, Sanitär und Elektro für Neubau und Sanierung.",
        "Gewerbering 12",
        [
            (A, "anlagenmechaniker-in-shk"),
            (A, "elektroniker-in-energie-und-gebaeudetechnik"),
            (S, "anlagenmechaniker-in-shk"),
            (P, "elektroniker-in-energie-und-gebaeudetechnik"),
        ],
    ),
    Employer(
        "Autohaus Lindemann",
        Actor.Kind.COMPANY,
        "Vertragswerkstatt und Autohandel mit Service für Pkw und Transporter.",
        "Am Kreisel 7",
        [
            (A, "kfz-mechatroniker-in"),
            (S, "kfz-mechatroniker-in"),
            (A, "kaufmann-frau-fuer-bueromanagement"),
        ],
    ),
    Employer(
        "Nordwest Metall- und Anlagenbau GmbH",
        Actor.Kind.COMPANY,
        "Mittelständischer Maschinen- und Anlagenbauer mit Ausbildungswerkstatt.",
        "Industriestraße 40",
        [
            (A, "industriemechaniker-in"),
            (A, "mechatroniker-in"),
            (D, "industriemechaniker-in"),
            (A, "industriekaufmann-frau"),
            (W, "metallbauer-in"),
            (H, "mechatroniker-in"),
        ],
    ),
    Employer(
        "Landkreisverwaltung – Ausbildungsteam",
        Actor.Kind.AUTHORITY,
        "Die Kreisverwaltung bildet in Verwaltung und IT aus.",
        "Kreishausplatz 1",
        [
            (A, "verwaltungsfachangestellte-r"),
            (A, "fachinformatiker-in"),
            (S, "verwaltungsfachangestellte-r"),
            (P, "fachinformatiker-in"),
        ],
    ),
    Employer(
        "Kreiskrankenhaus und Pflegezentrum",
        Actor.Kind.COMPANY,
        "Krankenhaus der Grundversorgung mit Pflegeschule und ambulantem Pflegedienst.",
        "Klinikweg 2",
        [
            (A, "pflegefachmann-frau"),
            (S, "pflegefachmann-frau"),
            (H, "pflegefachmann-frau"),
            (A, "medizinische-r-fachangestellte-r"),
        ],
    ),
    Employer(
        "Markt am Rathaus e. K.",
        Actor.Kind.COMPANY,
        "Lebensmittelmarkt mit Frischetheke und Backshop.",
        "Marktstraße 15",
        [
            (A, "kaufmann-frau-im-einzelhandel"),
            (A, "verkaeufer-in"),
            (S, "kaufmann-frau-im-einzelhandel"),
            (P, "baecker-in"),
        ],
    ),
    Employer(
        "Logistikzentrum Weser-Elbe GmbH",
        Actor.Kind.COMPANY,
        "Lager und Spedition für Handel und Industrie.",
        "Logistikpark 9",
        [
            (A, "fachkraft-fuer-lagerlogistik"),
            (A, "berufskraftfahrer-in"),
            (W, "fachkraft-fuer-lagerlogistik"),
        ],
    ),
    Employer(
        "Hof Harms – Milchviehbetrieb",
        Actor.Kind.COMPANY,
        "Familienbetrieb mit Milchvieh, Grünland und Hofladen.",
        "Deichweg 21",
        [(A, "landwirt-in"), (S, "landwirt-in"), (H, "gaertner-in")],
    ),
    Employer(
        "Hotel Zur Post",
        Actor.Kind.COMPANY,
        "Hotel mit Restaurant und Tagungsräumen.",
        "Bahnhofstraße 5",
        [
            (A, "koch-koechin"),
            (A, "hotelfachmann-frau"),
            (S, "koch-koechin"),
            (H, "hotelfachmann-frau"),
        ],
    ),
    Employer(
        "Sparkasse – Filiale {town}",
        Actor.Kind.COMPANY,
        "Regionales Kreditinstitut mit Ausbildung und dualem Studium.",
        "Sparkassenplatz 2",
        [(A, "bankkaufmann-frau"), (D, "bankkaufmann-frau"), (S, "bankkaufmann-frau")],
    ),
    Employer(
        "Kreishandwerkerschaft – Ausbildungsberatung",
        Actor.Kind.CHAMBER,
        "Vermittelt Praktika in Mitgliedsbetrieben des Handwerks.",
        "Handwerkerstraße 1",
        [(W, "maurer-in"), (W, "zimmerer-zimmerin"), (S, "friseur-in"), (P, "maurer-in")],
    ),
]
# Region-specific employers (the seeds: the maritime Wesermarsch, Stade's industry …).
REGION_EMPLOYERS = {
    "wesermarsch": [
        Employer(
            "Molkerei Wesermarsch eG",
            Actor.Kind.COMPANY,
            "Genossenschaftliche Molkerei: Käse, Butter und Milchpulver aus der Region.",
            "Milchhofstraße 8",
            [
                (A, "milchtechnologe-in"),
                (S, "milchtechnologe-in"),
                (A, "elektroniker-in-fuer-betriebstechnik"),
            ],
        ),
        Employer(
            "Reederei Unterweser GmbH",
            Actor.Kind.COMPANY,
            "Küstenschifffahrt und Hafendienste an der Unterweser.",
            "Am Hafen 14",
            [
                (A, "schiffsmechaniker-in"),
                (H, "schiffsmechaniker-in"),
                (A, "kaufmann-frau-fuer-bueromanagement"),
            ],
        ),
    ],
    "stade": [
        Employer(
            "Elbe Chemie Werk GmbH",
            Actor.Kind.COMPANY,
            "Chemieproduktion an der Elbe mit großer Ausbildungswerkstatt.",
            "Werkstraße 1",
            [
                (A, "chemikant-in"),
                (D, "chemikant-in"),
                (A, "elektroniker-in-fuer-betriebstechnik"),
                (W, "chemikant-in"),
            ],
        ),
        Employer(
            "Luftfahrttechnik Elbe GmbH",
            Actor.Kind.COMPANY,
            "Zulieferer für Flugzeugbauteile aus Faserverbund.",
            "Flugplatzstraße 6",
            [(A, "fluggeraetmechaniker-in"), (S, "fluggeraetmechaniker-in")],
        ),
    ],
    "osnabrueck": [
        Employer(
            "Druck und Medien Osnabrücker Land",
            Actor.Kind.COMPANY,
            "Druckerei und Agentur für Print und Web.",
            "Papiermühlenweg 3",
            [
                (A, "mediengestalter-in-digital-und-print"),
                (P, "mediengestalter-in-digital-und-print"),
            ],
        ),
        Employer(
            "Steuerkanzlei Brinkmann & Partner",
            Actor.Kind.COMPANY,
            "Steuerberatung für Betriebe und Privatleute.",
            "Schlossstraße 11",
            [(A, "steuerfachangestellte-r"), (S, "steuerfachangestellte-r")],
        ),
    ],
    "hameln-pyrmont": [
        Employer(
            "Familienzentrum Weserbergland e. V.",
            Actor.Kind.ASSOCIATION,
            "Träger von Kitas und Ganztagsangeboten.",
            "Kirchplatz 4",
            [(S, "sozialassistent-in"), (P, "sozialassistent-in"), (H, "sozialassistent-in")],
        ),
        Employer(
            "Zahnarztpraxis am Markt",
            Actor.Kind.COMPANY,
            "Zahnarztpraxis mit Prophylaxe und Kieferorthopädie.",
            "Markt 2",
            [
                (A, "zahnmedizinische-r-fachangestellte-r"),
                (S, "zahnmedizinische-r-fachangestellte-r"),
            ],
        ),
    ],
    "lueneburg": [
        Employer(
            "Heide Gartenbau GmbH",
            Actor.Kind.COMPANY,
            "Garten- und Landschaftsbau, Baumschule.",
            "Heideweg 17",
            [(A, "gaertner-in"), (S, "gaertner-in"), (W, "gaertner-in")],
        ),
        Employer(
            "IT-Service Lüneburger Heide GmbH",
            Actor.Kind.COMPANY,
            "Systemhaus für Schulen, Praxen und Betriebe.",
            "Technologiepark 5",
            [
                (A, "fachinformatiker-in"),
                (D, "fachinformatiker-in"),
                (S, "fachinformatiker-in"),
                (P, "fachinformatiker-in"),
            ],
        ),
    ],
}

KIND_WORDS = {
    A: "Ausbildung",
    S: "Schülerpraktikum",
    H: "Ferienpraktikum",
    P: "Praxistag",
    W: "Praktikumswoche",
    D: "Duales Studium",
}
CERTIFICATES = {
    A: [SchoolCertificate.HAUPTSCHULE, SchoolCertificate.REALSCHULE, SchoolCertificate.ERWEITERT],
    D: [SchoolCertificate.FACHHOCHSCHULREIFE, SchoolCertificate.ABITUR],
}


def _town_name(town):
    """The postal name of a town's main postcode, as the other demo data write it:
    "Brake (Unterweser)" is "Brake", "Samtgemeinde Harsefeld" is "Harsefeld"."""
    code = town.postal_codes.filter(code=town.postcode).first()
    name = (code.place if code else town.name).split("(")[0].strip()
    for prefix in ("Samtgemeinde ", "Hansestadt ", "Stadt ", "Gemeinde ", "Flecken "):
        name = name.removeprefix(prefix)
    return name.strip()


def _title(kind, occupation):
    if kind == D:
        return f"Duales Studium mit Ausbildung {occupation.name}"
    return f"{KIND_WORDS[kind]} {occupation.name}"


def _period(kind, rng, today, index):
    """(starts_on, ends_on, period_note) for a place of ``kind``."""
    if kind in (A, D):
        year = today.year + (1 if today.month >= 8 else 0) + (index % 2 if kind == A else 0)
        return datetime.date(year, 8, 1), None, ""
    if kind == P:
        return (
            None,
            None,
            rng.choice(["jeden Mittwoch im zweiten Halbjahr", "nach Absprache, ein Tag pro Woche"]),
        )
    if kind == S and rng.random() < 0.3:
        return None, None, "nach Absprache mit der Schule"
    start = today + datetime.timedelta(days=rng.randint(14, 300))
    start -= datetime.timedelta(days=start.weekday())  # a Monday
    length = 5 if kind == W else rng.choice([5, 10])
    days = length + (length // 5 - 1) * 2  # weekdays over one or two weeks
    return start, start + datetime.timedelta(days=days - 1), ""


@dataclass
class CareersDemoResult:
    employers: int = 0
    places: int = 0
    accounts: list = field(default_factory=list)  # (username, region name, employer name)


def careers_demo_load(*, password, today=None, seed=15):
    """Create the missing demo employers and places of every region; their first employer of
    each region gets a demo account ``betrieb-<region>`` (password ``password``)."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    occupations = {o.slug: o for o in Occupation.objects.all()}
    result = CareersDemoResult()
    User = get_user_model()
    with transaction.atomic():
        new_places = []
        for region in Region.objects.order_by("name"):
            towns = list(Municipality.objects.for_region(region).order_by("name"))
            if not towns:
                continue
            specs = EMPLOYERS + REGION_EMPLOYERS.get(region.slug, [])
            for number, spec in enumerate(specs):
                town = towns[(number * 7 + len(region.slug)) % len(towns)]
                town_name = _town_name(town)
                name = spec.name.format(town=town_name)
                actor = Actor.objects.filter(region=region, name=name).first()
                if actor is None:
                    slug_base = german_slugify(f"{name} {region.slug}")[:190]
                    actor = Actor.objects.create(
                        region=region,
                        name=name,
                        slug=slug_base,
                        kind=spec.kind,
                        description=spec.description,
                        street=spec.street,
                        postcode=town.postcode,
                        city=town_name,
                        municipality=town,
                        email=f"ausbildung@{german_slugify(name)[:40]}-{region.slug}.example",
                        phone=f"0{rng.randint(4000, 5999)} {rng.randint(10000, 99999)}",
                    )
                    result.employers += 1
                if number == 0:
                    username = f"betrieb-{region.slug}"
                    user = User.objects.filter(username=username).first()
                    if user is None:
                        user = User.objects.create_user(
                            username, email=f"{username}@demo.example", password=password
                        )
                    else:
                        user.set_password(password)
                        user.save(update_fields=["password"])
                    InstitutionMembership.objects.get_or_create(user=user, actor=actor)
                    result.accounts.append((username, region.name, actor.name))
                existing = set(actor.places.values_list("kind", "occupation__slug"))
                for index, (kind, occupation_slug) in enumerate(spec.places):
                    if (kind, occupation_slug) in existing:
                        continue
                    occupation = occupations[occupation_slug]
                    starts_on, ends_on, note = _period(kind, rng, today, index)
                    title = _title(kind, occupation)
                    new_places.append(
                        Place(
                            region=region,
                            actor=actor,
                            kind=kind,
                            occupation=occupation,
                            title=title,
                            slug=german_slugify(f"{title} {actor.slug}")[:215],
                            description=(
                                f"{spec.description} Bei uns lernen Sie den Beruf "
                                f"{occupation.name} im Alltag kennen: {occupation.short_description}"
                            ),
                            number_of_places=rng.choice([1, 1, 2, 2, 3]) if kind != D else 1,
                            starts_on=starts_on,
                            ends_on=ends_on,
                            period_note=note,
                            certificate=rng.choice(CERTIFICATES[kind])
                            if kind in CERTIFICATES
                            else "",
                            street=actor.street,
                            postcode=actor.postcode,
                            city=actor.city,
                            municipality=actor.municipality,
                            contact_name=rng.choice(
                                ["Ausbildungsleitung", "Personalabteilung", "Betriebsleitung"]
                            ),
                            contact_email=actor.email,
                            contact_phone=actor.phone,
                            how_to_apply=(
                                "Schicken Sie uns eine kurze Bewerbung mit Anschreiben, Lebenslauf "
                                "und dem letzten Zeugnis per E-Mail – oder schreiben Sie uns über "
                                "das Formular auf dieser Seite."
                            ),
                            status=PlaceStatus.PUBLISHED,
                            published_at=timezone.now(),
                            valid_until=(
                                ends_on or starts_on or today + datetime.timedelta(days=180)
                            ),
                            last_reviewed=today - datetime.timedelta(days=rng.randint(0, 120)),
                        )
                    )
        Place.objects.bulk_create(new_places)
        result.places = len(new_places)
        if new_places:  # bulk writes bypass LocatedModel.save and the search signals
            located_coordinates_fill(queryset=Place.objects.all())
            refresh_place_documents()
    return result
