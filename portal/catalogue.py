"""The open data catalogue of the portal in DCAT-AP.de (/katalog/), for GovData and other
harvesters: JSON-LD, and the same graph in Turtle (/katalog/katalog.ttl).

Source: DCAT-AP.de 2.0, specification and Konventionenhandbuch (dcat-ap.de/def/dcatde/2.0/;
GovDataOfficial/DCAT-AP.de, ``Releases/DCAT-AP.de V2.0``, commit 2cc6629f): the classes and
properties, ``dcatde:politicalGeocodingURI`` with the Kreis vocabulary
``http://dcat-ap.de/def/politicalGeocoding/districtKey/<Kreisschlüssel>`` (Konvention 8),
mirrored in ``dct:spatial`` (Konvention 11), ``dcatde:politicalGeocodingLevelURI``
(Konvention 9; the level "administrativeDistrict" of http://dcat-ap.de/def/politicalGeocoding/
Level/), the licence vocabulary http://dcat-ap.de/def/licenses/ (``dct:license`` of each
distribution, Konvention 32, with ``dcatde:licenseAttributionByText``, Konvention 35),
``dcatde:contributorID`` (Konvention 12) and the EU vocabularies for frequency
(``UPDATE_CONT``: "continuously updated"), language and data theme.

What GovData harvests: one catalogue per data provider. So each Landkreis is the publisher of
its region's datasets, and ``?region=<slug>`` gives the catalogue of one region, published by
its Landkreis, for the Landkreis to register; /katalog/ lists the datasets of all regions
(each still published by its Landkreis), published by the portal's operator (the Impressum's
name, else PORTAL_NAME). Per region the datasets are: offers, job-related offers (openQ-cat),
events (with the iCalendar feed), actors and the coverage table of the monitoring (offers per
town and life stage, public offers only: /katalog/angebotsabdeckung.csv). The portal has no
public CSV of offers, events or actors; their distributions are the JSON API (fixed paths
under /api/v1/, API_URL_NAMES) and, for the offers, the region's Atom feed.

The graph is one list of nodes (``catalogue_graph``), written as JSON-LD (a flat ``@graph``
with a ``@context`` of prefixes) or, node by node, as Turtle; no RDF library. The licence is
a setting (OPEN_DATA_LICENSE) that the operator must confirm. Titles and descriptions are
German literals (``@de``) whatever the request's language, so not translated. ``dct:modified`` comes from the
data: the latest change of a public row of the dataset's kind in the region.
"""

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from bildungsregion.links import absolute_url
from offers.models import Event, Offer
from regions.models import LegalDetails, Region

# The JSON API's lists (the api app, reached by URL name only: the two packages are siblings).
API_URL_NAMES = {
    "offers": "api:offer-list",
    "events": "api:event-list",
    "actors": "api:actor-list",
}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
DISTRICT_KEY = "http://dcat-ap.de/def/politicalGeocoding/districtKey/"
LEVEL_DISTRICT = "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/DEU"
THEME = "http://publications.europa.eu/resource/authority/data-theme/EDUC"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"

# Per format: the EU file type (where the vocabulary has one) and the IANA media type.
FORMATS = {
    "json": ("JSON", "application/json"),
    "csv": ("CSV", "text/csv"),
    "xml": ("XML", "application/xml"),
    "atom": (None, "application/atom+xml"),
    "ics": (None, "text/calendar"),
}


def iri(value):
    return {"@id": value}


def literal(value, datatype=None):
    if datatype:
        return {"@value": value, "@type": datatype}
    return {"@value": value, "@language": "de"}


def timestamp(moment):
    return literal(timezone.localtime(moment).isoformat(timespec="seconds"), "xsd:dateTime")


class Graph:
    """The nodes of the catalogue, made with the request's absolute addresses."""

    def __init__(self, request):
        self.request = request
        self.by_id = {}  # in the order first added; a node named twice (a publisher) once

    @property
    def nodes(self):
        return list(self.by_id.values())

    def url(self, path):
        return absolute_url(path, self.request)

    def add(self, node):
        self.by_id.setdefault(node["@id"], node)
        return iri(node["@id"])


# --- When the data last changed ------------------------------------------------------------------


def _latest(queryset):
    rows = queryset.values("region_id").annotate(latest=Max("updated_at")).order_by()
    return {row["region_id"]: row["latest"] for row in rows}


def last_changes():
    """{kind: {region id: latest updated_at of its public rows}}: one query per kind."""
    return {
        "offers": _latest(Offer.objects.public()),
        "job_offers": _latest(Offer.objects.public().job_related()),
        "events": _latest(Event.objects.public()),
        "actors": _latest(Actor.objects.public()),
    }


# --- Datasets ------------------------------------------------------------------------------------


def _publisher(graph, region):
    return graph.add(
        {
            "@id": graph.url(region.get_absolute_url()) + "#landkreis",
            "@type": "foaf:Organization",
            "foaf:name": region.district,
            **({"foaf:homepage": iri(region.website)} if region.website else {}),
        }
    )


def _distribution(graph, region, dataset_id, key, *, title, path, kind, modified, download=True):
    file_type, media_type = FORMATS[kind]
    url = graph.url(path)
    node = {
        "@id": f"{dataset_id}-{key}",
        "@type": "dcat:Distribution",
        "dct:title": literal(title),
        "dcat:accessURL": iri(url),
        **({"dcat:downloadURL": iri(url)} if download else {}),
        "dcat:mediaType": iri(MEDIA_TYPE + media_type),
        **({"dct:format": iri(FILE_TYPE + file_type)} if file_type else {}),
        "dct:license": iri(settings.OPEN_DATA_LICENSE),
        "dcatde:licenseAttributionByText": literal(region.district),
    }
    if modified:
        node["dct:modified"] = timestamp(modified)
    return graph.add(node)


def _dataset(graph, region, key, *, title, description, keywords, landing, modified, parts):
    dataset_id = graph.url(reverse("open-data-catalogue")) + f"#{region.slug}-{key}"
    node = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:title": literal(title),
        "dct:description": literal(description),
        "dct:publisher": _publisher(graph, region),
        "dcat:contactPoint": graph.add(
            {
                "@id": graph.url(region.get_absolute_url()) + "#bildungsbuero",
                "@type": "vcard:Organization",
                "vcard:fn": f"{region.office_name} {region.district}",
                **(
                    {"vcard:hasEmail": iri(f"mailto:{region.office_email}")}
                    if region.office_email
                    else {}
                ),
            }
        ),
        "dcat:theme": iri(THEME),
        "dct:language": iri(LANGUAGE),
        "dcat:keyword": [literal(word) for word in keywords],
        "dcat:landingPage": iri(graph.url(landing)),
        "dct:accrualPeriodicity": iri(FREQUENCY),
        "dcatde:politicalGeocodingLevelURI": iri(LEVEL_DISTRICT),
    }
    if region.district_key:
        area = DISTRICT_KEY + region.district_key
        node["dcatde:politicalGeocodingURI"] = iri(area)
        node["dct:spatial"] = iri(area)
    else:  # Konvention 10: a text where no key is known
        node["dcatde:geocodingDescription"] = literal(region.district)
    if settings.OPEN_DATA_CONTRIBUTOR_ID:
        node["dcatde:contributorID"] = iri(settings.OPEN_DATA_CONTRIBUTOR_ID)
    if modified:
        node["dct:modified"] = timestamp(modified)
    node["dcat:distribution"] = [
        _distribution(graph, region, dataset_id, part_key, modified=modified, **part)
        for part_key, part in parts
    ]
    return graph.add(node)


def region_datasets(graph, region, changes):
    """The datasets of one region, in a fixed order."""
    slug = region.slug
    query = f"?region={slug}"
    name = region.name
    offers_modified = changes["offers"].get(region.pk)
    return [
        _dataset(
            graph,
            region,
            "angebote",
            title=f"Bildungsangebote der Bildungsregion {name}",
            description=(
                f"Die veröffentlichten Bildungsangebote im {region.district} entlang des "
                "Lebenslaufs: Titel, Anbieter, Ort, Lebensphasen, Themen, Kosten, Anmeldung."
            ),
            keywords=["Bildung", "Bildungsangebote", "Lebenslanges Lernen", name],
            landing=reverse("offers:offer-list") + query,
            modified=offers_modified,
            parts=[
                (
                    "api",
                    {
                        "title": "JSON-API",
                        "path": reverse(API_URL_NAMES["offers"]) + query,
                        "kind": "json",
                        "download": False,
                    },
                ),
                (
                    "atom",
                    {
                        "title": "Atom-Feed der neuen Angebote",
                        "path": reverse("offers:region-feed", kwargs={"slug": slug}),
                        "kind": "atom",
                    },
                ),
            ],
        ),
        _dataset(
            graph,
            region,
            "weiterbildung",
            title=f"Berufliche Weiterbildung in der Bildungsregion {name} (openQ-cat)",
            description=(
                f"Die berufsbezogenen Angebote im {region.district} (Beruf und Weiterbildung, "
                "Abschlüsse und Qualifizierung) im Format openQ-cat 1.1, wie es die "
                "Weiterbildungsdatenbank KURSNET der Bundesagentur für Arbeit übernimmt."
            ),
            keywords=["Weiterbildung", "openQ-cat", "KURSNET", name],
            landing=reverse("offers:offer-list") + query,
            modified=changes["job_offers"].get(region.pk),
            parts=[
                (
                    "openqcat",
                    {
                        "title": "openQ-cat 1.1 (XML)",
                        "path": reverse("offers:openqcat-export") + query,
                        "kind": "xml",
                    },
                )
            ],
        ),
        _dataset(
            graph,
            region,
            "veranstaltungen",
            title=f"Veranstaltungen der Bildungsregion {name}",
            description=(
                f"Veranstaltungen im {region.district}: Berufsorientierung, Fachtage, "
                "Netzwerktreffen und mehr, mit Termin, Ort und Veranstalter."
            ),
            keywords=["Veranstaltungen", "Berufsorientierung", "Termine", name],
            landing=reverse("offers:event-list") + query,
            modified=changes["events"].get(region.pk),
            parts=[
                (
                    "api",
                    {
                        "title": "JSON-API",
                        "path": reverse(API_URL_NAMES["events"]) + query,
                        "kind": "json",
                        "download": False,
                    },
                ),
                (
                    "ical",
                    {
                        "title": "Kalender (iCalendar)",
                        "path": reverse("offers:event-calendar") + query,
                        "kind": "ics",
                    },
                ),
            ],
        ),
        _dataset(
            graph,
            region,
            "akteure",
            title=f"Bildungsakteure der Bildungsregion {name}",
            description=(
                f"Die Einrichtungen im {region.district}: Kitas, Schulen, Volkshochschulen, "
                "Bibliotheken, Kammern, Vereine und weitere, mit Art und Anschrift."
            ),
            keywords=["Bildungseinrichtungen", "Akteure", "Schulen", name],
            landing=reverse("actors:actor-list") + query,
            modified=changes["actors"].get(region.pk),
            parts=[
                (
                    "api",
                    {
                        "title": "JSON-API",
                        "path": reverse(API_URL_NAMES["actors"]) + query,
                        "kind": "json",
                        "download": False,
                    },
                )
            ],
        ),
        _dataset(
            graph,
            region,
            "angebotsabdeckung",
            title=f"Angebotsabdeckung der Bildungsregion {name}",
            description=(
                "Bildungsmonitoring: die Zahl der veröffentlichten Angebote je Stadt oder "
                "Gemeinde und Lebensphase (Tabelle, Semikolon als Trenner)."
            ),
            keywords=["Bildungsmonitoring", "Angebotsabdeckung", name],
            landing=region.get_absolute_url(),
            modified=offers_modified,
            parts=[
                (
                    "csv",
                    {
                        "title": "Tabelle (CSV)",
                        "path": reverse("open-data-coverage") + query,
                        "kind": "csv",
                    },
                )
            ],
        ),
    ]


def catalogue_graph(request, region=None):
    """The catalogue's nodes: of one region (published by its Landkreis) or of all."""
    graph = Graph(request)
    changes = last_changes()
    regions = [region] if region is not None else list(Region.objects.order_by("name"))
    datasets = []
    for each in regions:
        datasets.extend(region_datasets(graph, each, changes))
    home = graph.url("/")
    catalogue_id = graph.url(reverse("open-data-catalogue")) + (
        f"?region={region.slug}" if region else ""
    )
    if region is not None:
        publisher = _publisher(graph, region)
        title = f"Offene Daten der Bildungsregion {region.name}"
    else:
        operator = LegalDetails.objects.filter(pk=LegalDetails.SINGLETON_ID).first()
        name = (operator.operator_name if operator else "") or settings.PORTAL_NAME
        publisher = graph.add(
            {"@id": home + "#betreiber", "@type": "foaf:Organization", "foaf:name": name}
        )
        title = f"Offene Daten: {settings.PORTAL_NAME}"
    latest = [
        moment
        for kind in changes.values()
        for region_id, moment in kind.items()
        if region is None or region_id == region.pk
    ]
    catalogue = {
        "@id": catalogue_id,
        "@type": "dcat:Catalog",
        "dct:title": literal(title),
        "dct:description": literal(
            "Bildungsangebote, Veranstaltungen, Akteure und Bildungsmonitoring der "
            "Bildungsregionen in Niedersachsen als offene Daten."
        ),
        "dct:publisher": publisher,
        "foaf:homepage": iri(home),
        "dct:language": iri(LANGUAGE),
        "dct:license": iri(settings.OPEN_DATA_LICENSE),
        **({"dct:modified": timestamp(max(latest))} if latest else {}),
        "dcat:dataset": datasets,
    }
    return [catalogue, *graph.nodes]


# --- Serialisations ------------------------------------------------------------------------------


def as_jsonld(nodes):
    return {"@context": CONTEXT, "@graph": nodes}


def _turtle_string(text):
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _turtle_term(value):
    if isinstance(value, str):
        return _turtle_string(value)
    if "@id" in value:
        return f"<{value['@id']}>"
    if "@type" in value:
        return f"{_turtle_string(value['@value'])}^^{value['@type']}"
    return f"{_turtle_string(value['@value'])}@{value['@language']}"


def as_turtle(nodes):
    """The same nodes in Turtle: a subject per node, its properties in order."""
    lines = [f"@prefix {prefix}: <{uri}> ." for prefix, uri in CONTEXT.items()]
    for node in nodes:
        lines.append("")
        lines.append(f"<{node['@id']}>")
        statements = [f"  a {node['@type']}"]
        for prop, value in node.items():
            if prop.startswith("@"):
                continue
            values = value if isinstance(value, list) else [value]
            if not values:
                continue
            statements.append(f"  {prop} " + ", ".join(_turtle_term(v) for v in values))
        lines.append(" ;\n".join(statements) + " .")
    return "\n".join(lines) + "\n"
