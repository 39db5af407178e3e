"""The openQ-cat 1.1 export (offers/openqcat.py, /export/openqcat.xml).

The openQ-cat schema is not vendored (its copyright does not allow it) and lxml is not
installed, so the tests parse the document with xml.etree and check what the schema requires:
the element order of its sequences (SEQUENCES, transcribed from openQ-cat_1.1_rc1.xsd), the
required elements, and exactly which offers are in it.
"""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import timezone

from actors.models import Actor
from offers.models import Offer
from offers.openqcat import clean
from tests.conftest import fixture_built_once
from tests.factories import make_actor, make_municipality, make_offer, make_region

URL = "/export/openqcat.xml"

# The xsd:sequence of each type the export writes, in the schema's order (the elements the
# export leaves out included, so that an order check can tell them apart). REQUIRED: the
# elements with minOccurs="1".
SEQUENCES = {
    "OPENQCAT": ["HEADER", "NEW_CATALOG"],
    "HEADER": ["GENERATOR_INFO", "CATALOG", "DOCUMENT_CREATOR", "RECIPIENT", "SUPPLIER"],
    "CATALOG": [
        "LANGUAGE",
        "CATALOG_ID",
        "CATALOG_VERSION",
        "CATALOG_NAME",
        "GENERATION_DATE",
        "TERRITORY",
        "CURRENCY",
        "MIME_ROOT",
    ],
    "SUPPLIER": [
        "SUPPLIER_ID",
        "SUPPLIER_NAME",
        "ADDRESS",
        "CONTACT",
        "KEYWORD",
        "MIME_INFO",
        "CERTIFICATE",
        "EXTENDED_INFO",
    ],
    "ADDRESS": [
        "NAME",
        "NAME2",
        "NAME3",
        "STREET",
        "ZIP",
        "BOXNO",
        "ZIPBOX",
        "CITY",
        "DISTRICT",
        "STATE",
        "COUNTRY_CODED",
        "COUNTRY",
        "PHONE",
        "MOBILE",
        "FAX",
        "EMAILS",
        "URL",
        "ADDRESS_REMARKS",
        "BARRIER_FREE_LOCATION",
        "ID_DB",
    ],
    "NEW_CATALOG": [
        "CLASSIFICATION_SYSTEM",
        "CATALOG_GROUP_SYSTEM",
        "SERVICE",
        "SERVICE_TO_CATALOGGROUP_MAP",
    ],
    "SERVICE": [
        "PRODUCT_ID",
        "COURSE_TYPE",
        "SUPPLIER_ID_REF",
        "SERVICE_DETAILS",
        "SERVICE_CLASSIFICATION",
        "SERVICE_PRICE_DETAILS",
        "HS_INFO",
        "MIME_INFO",
        "SERVICE_REFERENCE",
    ],
    "SERVICE_DETAILS": [
        "TITLE",
        "DESCRIPTION_LONG",
        "SERVICE_ORDER",
        "SUPPLIER_ALT_PID",
        "RECIPIENT_PID",
        "CONTACT",
        "SERVICE_STATUS",
        "REQUIREMENTS",
        "SERVICE_DATE",
        "KEYWORD",
        "SEGMENT",
        "TARGET_GROUP",
        "TIME_TO_HANDLE",
        "TERMS_AND_CONDITIONS",
        "STUDY_COURSE",
        "SERVICE_MODULE",
        "ANNOUNCEMENT",
    ],
    "CONTACT": [
        "CONTACT_ROLE",
        "SALUTATION",
        "ACADEMIC_TITLE",
        "FIRST_NAME",
        "LAST_NAME",
        "NAME_PREFIX",
        "JOB_TITLE",
        "PHONE",
        "MOBILE",
        "FAX",
        "EMAILS",
        "URL",
        "ID_DB",
        "ADDRESS",
        "CONTACT_REMARKS",
    ],
    "SERVICE_DATE": ["START_DATE", "END_DATE", "DATE_REMARKS"],
    "ANNOUNCEMENT": ["START_DATE", "END_DATE", "DATE_REMARKS"],
    "EDUCATION": [
        "COURSE_ID",
        "DEGREE",
        "MODULE_ORGANIZER",
        "LANGUAGE",
        "CREDITS",
        "HANDICAP",
        "SUBSIDY",
        "REGISTRATION_DATE",
        "MIME_INFO",
        "CERTIFICATE",
        "EXTENDED_INFO",
        "MODULE_COURSE",
    ],
    "MODULE_COURSE": [
        "MARKETINGTEXT",
        "INSTRUCTOR",
        "MIN_PARTICIPANTS",
        "MAX_PARTICIPANTS",
        "LOCATION",
        "DURATION",
        "SERVICE_REFERENCE",
        "MODULE_ORDER",
        "METHOD",
        "MEDIA",
        "MIME_INFO",
        "INSTRUCTION_REMARKS",
        "FLEXIBLE_START",
        "EXTENDED_INFO",
    ],
    "SERVICE_PRICE_DETAILS": ["VALIDITY", "DAILY_PRICE", "SERVICE_PRICE", "REMARKS"],
    "SERVICE_PRICE": [
        "PRICE_AMOUNT",
        "PRICE_CURRENCY",
        "TAX",
        "PRICE_FACTOR",
        "LOWER_BOUND",
        "TERRITORY",
    ],
    "MIME_ELEMENT": [
        "MIME_TYPE",
        "MIME_SOURCE",
        "MIME_DESCR",
        "MIME_ALT",
        "MIME_PURPOSE",
        "MIME_ORDER",
    ],
}
# EXTENDED_INFO of EDUCATION (the supplier's and MODULE_COURSE's have other children).
EDUCATION_EXTENDED_INFO = [
    "INSTITUTION",
    "INSTRUCTION_FORM",
    "INSTRUCTION_FORM_NAME",
    "INSTRUCTION_TIME",
    "INHOUSE_SEMINAR",
    "EXTRA_OCCUPATIONAL",
    "PRACTICAL_PART",
    "TRAINEE_SUITABLE",
    "EMPLOYEE_SUITABLE",
    "EXECUTION_FORM",
    "FUNDING_TYPES_FEDERAL",
    "FUNDING_TYPES_REGIONAL",
    "FUNDING_TYPES_REMARKS",
    "DIGITAL_ACCESSIBILITY",
    "DIGITAL_ACCESSIBILITY_REMARKS",
    "TEACHING_LANGUAGES",
    "TEACHING_LANGUAGES_REMARKS",
    "EDUCATION_TYPE",
]
REQUIRED = {
    "OPENQCAT": ["HEADER", "NEW_CATALOG"],
    "HEADER": ["CATALOG", "SUPPLIER"],
    "CATALOG": ["LANGUAGE", "CATALOG_ID", "CATALOG_VERSION"],
    "SUPPLIER": ["SUPPLIER_ID", "SUPPLIER_NAME", "ADDRESS", "EXTENDED_INFO"],
    "SERVICE": ["PRODUCT_ID", "COURSE_TYPE", "SERVICE_DETAILS"],
    "SERVICE_DETAILS": ["TITLE"],
    "EDUCATION": ["MODULE_COURSE"],
    "SERVICE_PRICE": ["PRICE_AMOUNT"],
    "MIME_ELEMENT": ["MIME_SOURCE"],
}


def build():
    """Two regions; in the first, two offers the export holds and three it leaves out."""
    today = timezone.localdate()
    north = make_region(name="Nordkreis", slug="nordkreis", district="Landkreis Nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis", district="Landkreis Südkreis")
    town = make_municipality(north, name="Nordstadt")
    vhs = make_actor(
        north,
        name="Volkshochschule Nordstadt",
        kind=Actor.Kind.VHS,
        municipality=town,
        street="Schulstraße 1",
        postcode="21680",
        city="Nordstadt",
        email="vhs@nordstadt.example",
        website="https://vhs.nordstadt.example/",
    )
    bbs = make_actor(north, name="BBS Nordstadt", kind=Actor.Kind.BBS, municipality=town)
    course = make_offer(
        provider=vhs,
        title="Tabellenkalkulation für den Beruf",
        description="Formeln, Diagramme und Pivot-Tabellen für den Büroalltag.",
        topics=("digitale-bildung",),
        municipality=town,
        venue="VHS-Haus am Markt, Raum 2 im Obergeschoss links",
        street="Markt 3",
        postcode="21680",
        city="Nordstadt",
        cost=Decimal("120.00"),
        cost_note="Ermäßigung mit Bildungskarte",
        schedule="dienstags 18–20 Uhr",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=90),
        contact_email="kurse@nordstadt.example",
        languages=["de", "uk", "tr"],
        is_accessible=True,
        age_min=18,
        registration="Anmeldung im Sekretariat.",
    )
    second_chance = make_offer(
        provider=bbs,
        title="Hauptschulabschluss nachholen",
        life_stages=("uebergang-schule-beruf",),
        topics=("abschluesse-und-qualifizierung",),
        learning_setting=Offer.Setting.FORMAL,
        format=Offer.Format.ONLINE,
        is_free=True,
    )
    make_offer(provider=vhs, title="Entwurf Buchhaltung", status=Offer.Status.DRAFT)
    make_offer(
        provider=vhs,
        title="Abgelaufener Kurs",
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=1),
    )
    make_offer(
        provider=vhs,
        title="Forschen in der Grundschule",
        life_stages=("grundschulzeit",),
        topics=("mint",),
    )
    hidden = make_actor(
        south,
        name="Trainerin ohne eigene Seite",
        is_public=False,
        street="Privatweg 5",
        email="privat@example.org",
    )
    elsewhere = make_offer(
        provider=hidden,
        title="Bewerbungstraining für Berufstätige",
        topics=("sprache-und-lesen",),
    )
    empty = make_region(name="Leerkreis", slug="leerkreis", district="Landkreis Leerkreis")
    return {
        "north": north,
        "south": south,
        "empty": empty,
        "vhs": vhs,
        "bbs": bbs,
        "course": course,
        "second_chance": second_chance,
        "elsewhere": elsewhere,
    }


_rows, rows = fixture_built_once("rows", build)


def fetch(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(b"".join(response.streaming_content))


def product_ids(root):
    return [int(e.text) for e in root.findall("NEW_CATALOG/SERVICE/PRODUCT_ID")]


def tags(element):
    return [child.tag for child in element]


def service_of(root, offer):
    (service,) = [
        s for s in root.findall("NEW_CATALOG/SERVICE") if s.findtext("PRODUCT_ID") == str(offer.pk)
    ]
    return service


def in_order(children, sequence):
    """Whether ``children`` (tags) follow ``sequence``, each tag only in its place."""
    positions = [sequence.index(tag) for tag in children]
    return positions == sorted(positions)


def test_openqcat_holds_exactly_the_public_job_related_offers(client, rows):
    root = fetch(client)

    assert root.tag == "OPENQCAT"
    assert root.attrib == {"version": "1.1"}
    assert product_ids(root) == sorted(
        [rows["course"].pk, rows["second_chance"].pk, rows["elsewhere"].pk]
    )
    assert [e.text for e in root.findall("HEADER/SUPPLIER/SUPPLIER_ID")] == [
        str(pk) for pk in sorted([rows["vhs"].pk, rows["bbs"].pk, rows["elsewhere"].provider_id])
    ]


def test_openqcat_of_one_region_holds_its_offers_and_providers_only(client, rows):
    root = fetch(client, "?region=nordkreis")

    assert product_ids(root) == sorted([rows["course"].pk, rows["second_chance"].pk])
    assert [e.text for e in root.findall("HEADER/SUPPLIER/SUPPLIER_ID")] == [
        str(pk) for pk in sorted([rows["vhs"].pk, rows["bbs"].pk])
    ]
    assert root.findtext("HEADER/CATALOG/CATALOG_ID") == "bildungsregionen-nordkreis"
    assert root.findtext("HEADER/CATALOG/CATALOG_NAME") == (
        "Berufliche Weiterbildung – Landkreis Nordkreis"
    )
    assert product_ids(fetch(client, "?region=suedkreis")) == [rows["elsewhere"].pk]


def test_openqcat_of_an_unknown_region_is_not_found(client, rows):
    response = client.get(URL + "?region=atlantis")

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_openqcat_without_offers_names_the_region_office_as_its_supplier(client, rows):
    root = fetch(client, "?region=leerkreis")

    assert tags(root) == ["HEADER", "NEW_CATALOG"]
    assert root.find("NEW_CATALOG").attrib == {"FULLCATALOG": "true"}
    assert list(root.find("NEW_CATALOG")) == []
    (supplier,) = root.findall("HEADER/SUPPLIER")
    assert tags(supplier) == ["SUPPLIER_ID", "SUPPLIER_NAME", "ADDRESS", "EXTENDED_INFO"]
    assert supplier.findtext("SUPPLIER_ID") == "region-leerkreis"
    assert supplier.findtext("SUPPLIER_NAME") == "Bildungsbüro Landkreis Leerkreis"


def test_openqcat_supplier_without_a_public_page_shows_its_name_only(client, rows):
    root = fetch(client, "?region=suedkreis")

    (supplier,) = root.findall("HEADER/SUPPLIER")
    assert supplier.findtext("SUPPLIER_NAME") == "Trainerin ohne eigene Seite"
    assert [(e.tag, e.text) for e in supplier.find("ADDRESS")] == [
        ("NAME", "Trainerin ohne eigene Seite"),
        ("COUNTRY", "DE"),
    ]


def test_openqcat_elements_follow_the_schema_order_and_carry_the_required_ones(client, rows):
    root = fetch(client)
    checked = 0
    for element in root.iter():
        if element.tag in SEQUENCES:
            assert in_order(tags(element), SEQUENCES[element.tag]), (element.tag, tags(element))
            checked += 1
        for tag in REQUIRED.get(element.tag, ()):
            assert element.find(tag) is not None, (element.tag, tag)
    for extended in root.iter("EDUCATION"):
        assert in_order(tags(extended.find("EXTENDED_INFO")), EDUCATION_EXTENDED_INFO)
        for tag in ("INSTITUTION", "INSTRUCTION_FORM", "EDUCATION_TYPE"):
            assert extended.find(f"EXTENDED_INFO/{tag}").get("type"), tag
    assert checked > 30


def test_openqcat_service_of_an_offer_on_site(client, rows):
    offer = rows["course"]
    today = timezone.localdate()
    service = service_of(fetch(client), offer)

    assert tags(service) == [
        "PRODUCT_ID",
        "COURSE_TYPE",
        "SUPPLIER_ID_REF",
        "SERVICE_DETAILS",
        "SERVICE_PRICE_DETAILS",
        "MIME_INFO",
    ]
    assert service.findtext("COURSE_TYPE") == "5"
    assert service.find("SUPPLIER_ID_REF").attrib == {"type": "supplier_specific"}
    assert service.findtext("SUPPLIER_ID_REF") == str(rows["vhs"].pk)
    details = service.find("SERVICE_DETAILS")
    assert tags(details) == [
        "TITLE",
        "DESCRIPTION_LONG",
        "CONTACT",
        "SERVICE_DATE",
        "KEYWORD",
        "TARGET_GROUP",
        "TERMS_AND_CONDITIONS",
        "SERVICE_MODULE",
        "ANNOUNCEMENT",
    ]
    assert details.findtext("TITLE") == "Tabellenkalkulation für den Beruf"
    assert details.findtext("DESCRIPTION_LONG") == (
        "Formeln, Diagramme und Pivot-Tabellen für den Büroalltag."
    )
    assert details.findtext("CONTACT/EMAILS/EMAIL") == "kurse@nordstadt.example"
    assert details.find("CONTACT/CONTACT_ROLE").attrib == {"type": "1"}
    start = (today - datetime.timedelta(days=10)).isoformat()
    end = (today + datetime.timedelta(days=90)).isoformat()
    assert details.findtext("SERVICE_DATE/START_DATE").startswith(f"{start}T00:00:00+")
    assert details.findtext("SERVICE_DATE/END_DATE").startswith(f"{end}T00:00:00+")
    assert details.findtext("SERVICE_DATE/DATE_REMARKS") == "dienstags 18–20 Uhr"
    assert [e.text for e in details.findall("KEYWORD")] == ["Digitale Bildung"]
    assert details.findtext("TARGET_GROUP/TARGET_GROUP_TEXT") == (
        "Beruf und Weiterbildung; ab 18 Jahren"
    )
    assert details.findtext("TERMS_AND_CONDITIONS") == "Anmeldung im Sekretariat."
    assert details.findtext("ANNOUNCEMENT/START_DATE") == (
        timezone.localdate(offer.published_at).isoformat()
    )
    assert details.findtext("ANNOUNCEMENT/END_DATE") == end

    education = details.find("SERVICE_MODULE/EDUCATION")
    assert education.attrib == {"type": "true"}
    assert tags(education) == ["COURSE_ID", "EXTENDED_INFO", "MODULE_COURSE"]
    assert education.findtext("COURSE_ID") == str(offer.pk)
    extended = education.find("EXTENDED_INFO")
    assert [(e.tag, e.get("type"), e.text) for e in extended] == [
        ("INSTITUTION", "105", "Einrichtung der beruflichen Weiterbildung"),
        ("INSTRUCTION_FORM", "101", "Präsenzunterricht"),
        ("TEACHING_LANGUAGES", None, "deu"),
        ("TEACHING_LANGUAGES", None, "ukr"),
        ("TEACHING_LANGUAGES", None, "oth"),
        ("EDUCATION_TYPE", "104", "Fortbildung/Qualifizierung"),
    ]
    location = education.find("MODULE_COURSE/LOCATION")
    assert [(e.tag, e.text) for e in location] == [
        ("NAME", "VHS-Haus am Markt, Raum 2 im…"),
        ("STREET", "Markt 3"),
        ("ZIP", "21680"),
        ("CITY", "Nordstadt"),
        ("COUNTRY", "DE"),
        ("BARRIER_FREE_LOCATION", "true"),
    ]
    assert education.findtext("MODULE_COURSE/INSTRUCTION_REMARKS") == "dienstags 18–20 Uhr"

    prices = service.find("SERVICE_PRICE_DETAILS")
    assert [(e.tag, e.text) for e in prices.iter() if e.text] == [
        ("PRICE_AMOUNT", "120.00"),
        ("PRICE_CURRENCY", "EUR"),
        ("REMARKS", "Ermäßigung mit Bildungskarte"),
    ]
    assert [(e.tag, e.text) for e in service.find("MIME_INFO/MIME_ELEMENT")] == [
        ("MIME_TYPE", "text/html"),
        ("MIME_SOURCE", f"http://testserver/angebote/{offer.slug}/"),
        ("MIME_PURPOSE", "detail"),
    ]


def test_openqcat_service_of_a_free_online_offer_has_no_location(client, rows):
    service = service_of(fetch(client), rows["second_chance"])

    assert service.findtext("COURSE_TYPE") == "1"
    details = service.find("SERVICE_DETAILS")
    assert [e.text for e in details.findall("KEYWORD")] == ["Abschlüsse und Qualifizierung"]
    extended = details.find("SERVICE_MODULE/EDUCATION/EXTENDED_INFO")
    assert [(e.tag, e.get("type"), e.text) for e in extended] == [
        ("INSTITUTION", "102", "Berufsbildende Schule/Einrichtung"),
        ("INSTRUCTION_FORM", "206", "Sonstige Digitale Lernform"),
        ("INSTRUCTION_FORM_NAME", None, "Onlineangebot"),
        ("TEACHING_LANGUAGES", None, "deu"),
        ("EDUCATION_TYPE", "0", "Keine Zuordnung möglich"),
    ]
    assert list(details.find("SERVICE_MODULE/EDUCATION/MODULE_COURSE")) == []
    assert tags(details.find("ANNOUNCEMENT")) == ["START_DATE"]
    assert [(e.tag, e.text) for e in service.find("SERVICE_PRICE_DETAILS").iter() if e.text] == [
        ("PRICE_AMOUNT", "0.00"),
        ("PRICE_CURRENCY", "EUR"),
    ]


def test_openqcat_header_catalog_and_supplier(client, rows):
    root = fetch(client, "?region=nordkreis")
    header = root.find("HEADER")

    assert tags(header) == ["GENERATOR_INFO", "CATALOG", "SUPPLIER", "SUPPLIER"]
    catalog = header.find("CATALOG")
    assert tags(catalog) == [
        "LANGUAGE",
        "CATALOG_ID",
        "CATALOG_VERSION",
        "CATALOG_NAME",
        "GENERATION_DATE",
        "CURRENCY",
    ]
    assert catalog.findtext("LANGUAGE") == "deu"
    generated = datetime.datetime.fromisoformat(catalog.findtext("GENERATION_DATE"))
    assert abs(generated - timezone.now()) < datetime.timedelta(minutes=5)
    vhs = header.findall("SUPPLIER")[0]
    assert [(e.tag, e.text) for e in vhs.find("ADDRESS").iter()][1:] == [
        ("NAME", "Volkshochschule Nordstadt"),
        ("STREET", "Schulstraße 1"),
        ("ZIP", "21680"),
        ("CITY", "Nordstadt"),
        ("COUNTRY", "DE"),
        ("EMAILS", None),
        ("EMAIL", "vhs@nordstadt.example"),
        ("URL", "https://vhs.nordstadt.example/"),
    ]
    assert vhs.find("EXTENDED_INFO").attrib == {"input_type": "0"}


@pytest.mark.parametrize(
    ("value", "length", "expected"),
    [
        ("Kurs\x0b für\x00 alle", 255, "Kurs für alle"),
        ("Volkshochschule der Hansestadt Stade", 30, "Volkshochschule der Hansestad…"),
        ("  kurz  ", 30, "kurz"),
    ],
)
def test_openqcat_text_is_clean_and_cut_to_the_schema_length(value, length, expected):
    assert clean(value, length) == expected
    assert len(clean(value, length)) <= length


def test_openqcat_queries_do_not_grow_with_the_offers(client, rows, django_assert_max_num_queries):
    for n in range(15):
        make_offer(provider=rows["vhs"], title=f"Weiterbildung {n}", topics=("mint", "inklusion"))

    with django_assert_max_num_queries(6):
        root = fetch(client, "?region=nordkreis")

    assert len(product_ids(root)) == 17
