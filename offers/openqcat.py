"""The openQ-cat 1.1 export of the job-related offers, for KURSNET (the Arbeitsagentur's
database of courses) and other Weiterbildungsdatenbanken that take openQ-cat.

Sources (openQ-cat is a BMEcat-derived catalogue format of Fraunhofer IAO and the
Bundesagentur für Arbeit):

- the XML Schema "openQ-cat_1.1_rc1.xsd" (Version 1.1_rc1 of 04.09.2007, with the BA's changes
  up to 14.11.2025), as the KURSNET editor github.com/bene7797/XmlEditorUi ships it
  (``flutter/assets/schema.xsd``, commit 979aee50749bd7753ae61387eb6d15e749b1ae6b). It is
  "Copyright Fraunhofer IAO, All Rights Reserved", so it is not vendored here; the element
  order below follows its ``xsd:sequence``\\ s (OPENQCAT, typeHEADER, typeCATALOG,
  typeSUPPLIER, typeADDRESS, typeCONTACT, typeSERVICE, typeSERVICE_DETAILS, typePERIOD,
  typePERIOD_DATE, typeEDUCATION, typeMODULE_COURSE, typeSERVICE_PRICE_DETAILS, typePRICE,
  typeMIME_INFO) and its length limits (``maxLength``);
- the BA's example delivery ``openq_beispiel_differenzlieferung.xml`` and its value lists
  ("Wertebereiche", ``liesmich.txt``: kursnet-online.arbeitsagentur.de/onlinekurs/upload/
  openq/wertebereiche.zip) in the same repository (commit
  901bdd2d31ab5becdaec2fd9c19d66cf96b379e1): ``schulart.dat`` (INSTITUTION),
  ``unterrichtsform.dat`` (INSTRUCTION_FORM), ``bildungsart.dat`` (EDUCATION_TYPE),
  ``unterrichtssprache.dat`` (TEACHING_LANGUAGES); the example's ``input_type="0"`` of the
  supplier's EXTENDED_INFO and its COUNTRY "DE";
- the specification "Spezifikation openQ-cat V1.1.0" (Fraunhofer IAO and BA, 2008).

What the export holds: the public offers (``OfferQuerySet.public``) that are job-related
(``OfferQuerySet.job_related``), all regions or one (``?region=<slug>``), as one NEW_CATALOG
(a full catalogue, ``FULLCATALOG="true"``): one SERVICE per offer, an "Angebot" (EDUCATION
``type="true"``, COURSE_ID = PRODUCT_ID) without dated Termine (the portal's offers have a
validity, not course dates). PRODUCT_ID is the offer's primary key, so it stays the same from
delivery to delivery, as the format asks. Each provider is a SUPPLIER of the header
(a "Multilieferantenkatalog": SERVICE names it in SUPPLIER_ID_REF); a catalogue without offers
names the portal as its only supplier, as the schema requires one.

The export's texts are German whatever the request's language (the catalogue says LANGUAGE
"deu"; the value lists' labels are German): names, not ``display_name``, and no gettext.
Codes the portal cannot know are sent as the value lists' "Keine Zuordnung möglich" (0), not
guessed. The BA's examples are encoded in ISO-8859-15; this export is UTF-8 (valid XML; names
in other scripts would not fit Latin-9).

The document is written in pieces (``catalogue_chunks``), the offers read in chunks
(``iterator``) with their topics and life stages prefetched per chunk: memory stays flat for
100,000 offers, and the number of queries grows with the chunks, not with the offers.
"""

import datetime
import re
from xml.etree.ElementTree import Element, SubElement, tostring

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from actors.models import Actor
from bildungsregion.links import absolute_url

from .models import LifeStage, Offer, OfferFormat, Topic

CHUNK_SIZE = 500

# The KURSNET value lists (see the module docstring).
NO_ASSIGNMENT = "0"
INSTITUTION = {  # schulart.dat, by the provider's kind
    Actor.Kind.BBS: ("102", "Berufsbildende Schule/Einrichtung"),
    Actor.Kind.VHS: ("105", "Einrichtung der beruflichen Weiterbildung"),
}
INSTITUTION_UNKNOWN = (NO_ASSIGNMENT, "Keine Zuordnung möglich")
INSTRUCTION_FORM = {  # unterrichtsform.dat, by the offer's format
    OfferFormat.ON_SITE: ("101", "Präsenzunterricht"),
    OfferFormat.ONLINE: ("206", "Sonstige Digitale Lernform"),
    OfferFormat.HYBRID: ("303", "Hybrid Learning"),
}
EDUCATION_TYPE = {  # bildungsart.dat, by the offer's learning setting
    Offer.Setting.NON_FORMAL: ("104", "Fortbildung/Qualifizierung"),
    Offer.Setting.INFORMAL: ("104", "Fortbildung/Qualifizierung"),
}
EDUCATION_TYPE_UNKNOWN = (NO_ASSIGNMENT, "Keine Zuordnung möglich")
TEACHING_LANGUAGES = {  # unterrichtssprache.dat, by the portal's language codes
    "de": "deu",
    "en": "eng",
    "fr": "fra",
    "nl": "nld",
    "da": "dan",
    "no": "nor",
    "sv": "swe",
    "pl": "pol",
    "it": "ita",
    "cs": "cze",
    "sk": "svk",
    "uk": "ukr",
    "ru": "rus",
    "es": "spa",
    "gsg": "dgs",
}
OTHER_LANGUAGE = "oth"
# COURSE_TYPE (typeSERVICE): 5 "Weiterbildungsangebot" for the life stage "Beruf und
# Weiterbildung", else 1 "Bildungsangebot" (e.g. a Schulabschluss caught up, found by its topic).
COURSE_TYPE_CONTINUING = "5"
COURSE_TYPE_EDUCATION = "1"
CONTACT_ROLE = ("1", "Ansprechpartner")  # typeCONTACT: 1 Ansprechpartner
SUPPLIER_ID_TYPE = "supplier_specific"  # "Eigene Anbieternummer"
INPUT_TYPE = "0"  # the supplier's EXTENDED_INFO, as in the BA's example
COUNTRY = "DE"

# Characters XML 1.0 does not allow (control characters but tab, newline, carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value, max_length):
    """``value`` as element text: without characters XML forbids, cut to the schema's
    ``maxLength`` (an ellipsis marks the cut)."""
    text = _NOT_XML.sub("", str(value)).strip()
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def add(parent, tag, value=None, max_length=None, **attributes):
    """A child element; with ``max_length`` its text is cleaned and cut."""
    element = SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if value is not None:
        element.text = clean(value, max_length) if max_length else str(value)
    return element


def as_datetime(day):
    """An xsd:dateTime at the start of ``day`` in the portal's time zone."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start.isoformat(timespec="seconds")


# --- The offers ----------------------------------------------------------------------------------


def _selected(region):
    """The offers the export holds: public, job-related, of ``region`` or of all."""
    offers = Offer.objects.public().job_related()
    return offers if region is None else offers.for_region(region)


def exported_offers(region=None):
    """The exported offers in a stable order, with what a SERVICE shows."""
    return (
        _selected(region)
        .select_related("provider", "municipality")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.only("name").order_by("name")),
            Prefetch(
                "life_stages", queryset=LifeStage.objects.only("name", "slug").order_by("position")
            ),
        )
        .order_by("pk")
    )


def exported_suppliers(region=None):
    """The providers of the exported offers: the SUPPLIERs of the header."""
    return Actor.objects.filter(pk__in=_selected(region).values("provider_id")).order_by("pk")


# --- Elements ------------------------------------------------------------------------------------


def _address(parent, tag, *, name, street="", postcode="", city="", email="", url=""):
    """A typeADDRESS element (NAME, STREET, ZIP, CITY, COUNTRY, EMAILS, URL in the schema's
    order; NAME and STREET hold 30 characters, CITY 36)."""
    address = add(parent, tag)
    add(address, "NAME", name, 30)
    if street:
        add(address, "STREET", street, 30)
    if postcode:
        add(address, "ZIP", postcode, 14)
    if city:
        add(address, "CITY", city, 36)
    add(address, "COUNTRY", COUNTRY)
    if email:
        add(add(address, "EMAILS"), "EMAIL", email, 255)
    if url:
        add(address, "URL", url, 255)
    return address


def supplier_element(actor):
    """The provider as a SUPPLIER: its name (the offer's page shows it), and its address and
    contacts only if its own page is public (``Actor.is_public``)."""
    supplier = Element("SUPPLIER")
    add(supplier, "SUPPLIER_ID", actor.pk, type=SUPPLIER_ID_TYPE)
    add(supplier, "SUPPLIER_NAME", actor.name, 255)
    if not actor.is_public:
        _address(supplier, "ADDRESS", name=actor.name)
        add(supplier, "EXTENDED_INFO", input_type=INPUT_TYPE)
        return supplier
    _address(
        supplier,
        "ADDRESS",
        name=actor.name,
        street=actor.street,
        postcode=actor.postcode,
        city=actor.city or (actor.municipality.name if actor.municipality_id else ""),
        email=actor.email,
        url=actor.website,
    )
    add(supplier, "EXTENDED_INFO", input_type=INPUT_TYPE)
    return supplier


def portal_supplier_element(request, region=None):
    """The only SUPPLIER of a catalogue without offers: the region's Bildungsbüro, or the
    portal."""
    supplier = Element("SUPPLIER")
    if region is not None:
        add(supplier, "SUPPLIER_ID", f"region-{region.slug}", type=SUPPLIER_ID_TYPE)
        add(supplier, "SUPPLIER_NAME", f"{region.office_name} {region.district}", 255)
        _address(
            supplier,
            "ADDRESS",
            name=region.office_name,
            street=region.office_street,
            postcode=region.office_postcode,
            city=region.office_city,
            email=region.office_email,
            url=region.website,
        )
    else:
        add(supplier, "SUPPLIER_ID", "portal", type=SUPPLIER_ID_TYPE)
        add(supplier, "SUPPLIER_NAME", settings.PORTAL_NAME, 255)
        _address(supplier, "ADDRESS", name=settings.PORTAL_NAME, url=absolute_url("/", request))
    add(supplier, "EXTENDED_INFO", input_type=INPUT_TYPE)
    return supplier


def _teaching_languages(codes):
    seen = []
    for code in codes or ():
        value = TEACHING_LANGUAGES.get(code, OTHER_LANGUAGE)
        if value not in seen:
            seen.append(value)
    return seen


def _target_group(offer, stages):
    parts = [stage.name for stage in stages]
    if offer.age_min is not None and offer.age_max is not None:
        parts.append(f"{offer.age_min}–{offer.age_max} Jahre")
    elif offer.age_min is not None:
        parts.append(f"ab {offer.age_min} Jahren")
    elif offer.age_max is not None:
        parts.append(f"bis {offer.age_max} Jahre")
    return "; ".join(parts)


def service_element(offer, request):
    """One SERVICE: the offer as an openQ-cat "Angebot"."""
    stages = list(offer.life_stages.all())
    topics = list(offer.topics.all())
    product_id = str(offer.pk)
    continuing = any(stage.slug in Offer.JOB_RELATED_LIFE_STAGES for stage in stages)

    service = Element("SERVICE")
    add(service, "PRODUCT_ID", product_id)
    add(service, "COURSE_TYPE", COURSE_TYPE_CONTINUING if continuing else COURSE_TYPE_EDUCATION)
    add(service, "SUPPLIER_ID_REF", offer.provider_id, type=SUPPLIER_ID_TYPE)

    details = add(service, "SERVICE_DETAILS")
    add(details, "TITLE", offer.title, 255)
    add(details, "DESCRIPTION_LONG", offer.description or offer.summary, 30000)
    if offer.contact_email:
        contact = add(details, "CONTACT")
        add(contact, "CONTACT_ROLE", CONTACT_ROLE[1], type=CONTACT_ROLE[0])
        add(add(contact, "EMAILS"), "EMAIL", offer.contact_email, 255)
    if offer.valid_from or offer.valid_until or offer.schedule:
        period = add(details, "SERVICE_DATE")
        if offer.valid_from:
            add(period, "START_DATE", as_datetime(offer.valid_from))
        if offer.valid_until:
            add(period, "END_DATE", as_datetime(offer.valid_until))
        if offer.schedule:
            add(period, "DATE_REMARKS", offer.schedule, 4000)
    for topic in topics:
        add(details, "KEYWORD", topic.name, 255)
    target = _target_group(offer, stages)
    if target:
        add(add(details, "TARGET_GROUP"), "TARGET_GROUP_TEXT", target, 4000)
    if offer.registration:
        add(details, "TERMS_AND_CONDITIONS", offer.registration, 4000)

    education = add(add(details, "SERVICE_MODULE"), "EDUCATION", type="true")
    add(education, "COURSE_ID", product_id)
    extended = add(education, "EXTENDED_INFO")
    institution = INSTITUTION.get(offer.provider.kind, INSTITUTION_UNKNOWN)
    add(extended, "INSTITUTION", institution[1], type=institution[0])
    form = INSTRUCTION_FORM[offer.format]
    add(extended, "INSTRUCTION_FORM", form[1], type=form[0])
    if offer.format == OfferFormat.ONLINE:
        # A "Sonstige …" form needs its name (5 to 30 characters).
        add(extended, "INSTRUCTION_FORM_NAME", "Onlineangebot")
    for language in _teaching_languages(offer.languages):
        add(extended, "TEACHING_LANGUAGES", language)
    kind = EDUCATION_TYPE.get(offer.learning_setting, EDUCATION_TYPE_UNKNOWN)
    add(extended, "EDUCATION_TYPE", kind[1], type=kind[0])
    course = add(education, "MODULE_COURSE")
    if offer.format != OfferFormat.ONLINE:
        location = _address(
            course,
            "LOCATION",
            name=offer.venue or offer.provider.name,
            street=offer.street,
            postcode=offer.postcode,
            city=offer.city or (offer.municipality.name if offer.municipality_id else ""),
        )
        if offer.is_accessible:
            add(location, "BARRIER_FREE_LOCATION", "true")
    if offer.schedule:
        add(course, "INSTRUCTION_REMARKS", offer.schedule, 2000)

    announcement = add(details, "ANNOUNCEMENT")
    if offer.published_at:
        add(announcement, "START_DATE", timezone.localdate(offer.published_at).isoformat())
    if offer.valid_until:
        add(announcement, "END_DATE", offer.valid_until.isoformat())

    if offer.is_free or offer.cost is not None or offer.cost_note:
        prices = add(service, "SERVICE_PRICE_DETAILS")
        if offer.is_free or offer.cost is not None:
            price = add(prices, "SERVICE_PRICE")
            add(price, "PRICE_AMOUNT", "0.00" if offer.is_free else f"{offer.cost:.2f}")
            add(price, "PRICE_CURRENCY", "EUR")
        if offer.cost_note:
            add(prices, "REMARKS", offer.cost_note, 2000)

    mime = add(add(service, "MIME_INFO"), "MIME_ELEMENT")
    add(mime, "MIME_TYPE", "text/html")
    add(mime, "MIME_SOURCE", absolute_url(offer.get_absolute_url(), request), 2000)
    add(mime, "MIME_PURPOSE", "detail")
    return service


def _xml(element):
    return tostring(element, encoding="unicode")


def catalog_header(region, now):
    """The HEADER up to its CATALOG (its SUPPLIERs follow, streamed)."""
    header = Element("HEADER")
    add(header, "GENERATOR_INFO", settings.PORTAL_NAME, 64000)
    catalog = add(header, "CATALOG")
    add(catalog, "LANGUAGE", "deu")
    add(
        catalog,
        "CATALOG_ID",
        f"bildungsregionen-{region.slug}" if region else "bildungsregionen",
        50,
    )
    add(catalog, "CATALOG_VERSION", "1.0")
    name = "Berufliche Weiterbildung"
    add(catalog, "CATALOG_NAME", f"{name} – {region.district}" if region else name, 255)
    add(catalog, "GENERATION_DATE", now.isoformat(timespec="seconds"))
    add(catalog, "CURRENCY", "EUR")
    return header


def catalogue_chunks(request, region=None, now=None):
    """The openQ-cat document in pieces of text (for a streaming response)."""
    now = timezone.localtime(now)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<OPENQCAT version="1.1">'
    yield _xml(catalog_header(region, now)).removesuffix("</HEADER>")
    any_supplier = False
    for actor in (
        exported_suppliers(region).select_related("municipality").iterator(chunk_size=CHUNK_SIZE)
    ):
        any_supplier = True
        yield _xml(supplier_element(actor))
    if not any_supplier:
        yield _xml(portal_supplier_element(request, region))
    yield '</HEADER><NEW_CATALOG FULLCATALOG="true">'
    for offer in exported_offers(region).iterator(chunk_size=CHUNK_SIZE):
        yield _xml(service_element(offer, request))
    yield "</NEW_CATALOG></OPENQCAT>\n"
