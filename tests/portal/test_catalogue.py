"""The DCAT-AP.de catalogue (portal/catalogue.py, /katalog/) and the coverage table it lists."""

import datetime
import json
import re
from urllib.parse import urlsplit

from django.utils import timezone

from offers.models import Event, Offer
from tests.conftest import fixture_built_once
from tests.factories import make_actor, make_event, make_municipality, make_offer, make_region

LICENSE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict"
KINDS = ["angebote", "weiterbildung", "veranstaltungen", "akteure", "angebotsabdeckung"]


def build():
    """Two regions (one with a Kreisschlüssel), with public and unpublished rows."""
    geest = make_region(
        name="Geest",
        slug="geest",
        district="Landkreis Geest",
        district_key="03359",
        office_email="bildungsbuero@geest.example",
        website="https://www.landkreis-geest.example/",
    )
    marsch = make_region(name="Marsch", slug="marsch", district="Landkreis Marsch")
    town = make_municipality(geest, name="Geeststadt")
    vhs = make_actor(geest, name="VHS Geeststadt", municipality=town)
    course = make_offer(provider=vhs, municipality=town, title="Buchführung")
    school = make_offer(
        provider=vhs, municipality=town, title="Lesen lernen", life_stages=("grundschulzeit",)
    )
    draft = make_offer(provider=vhs, title="Entwurf", status=Offer.Status.DRAFT)
    event = make_event(region=geest, organiser=vhs)
    make_event(region=geest, organiser=vhs, status=Event.Status.DRAFT)
    # Distinct change times, so that dct:modified can only be the right row's.
    base = timezone.now() - datetime.timedelta(days=30)
    for n, row in enumerate([vhs, course, school, event]):
        type(row).objects.filter(pk=row.pk).update(updated_at=base + datetime.timedelta(days=n))
    Offer.objects.filter(pk=draft.pk).update(updated_at=base + datetime.timedelta(days=20))
    return {"geest": geest, "marsch": marsch, "course": course, "school": school, "event": event}


_rows, rows = fixture_built_once("rows", build)


def fetch(client, query=""):
    response = client.get("/katalog/" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return json.loads(response.content)


def nodes_by_id(document):
    return {node["@id"]: node for node in document["@graph"]}


def ids(values):
    return [value["@id"] for value in values]


def stamp(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def updated(row):
    return type(row).objects.get(pk=row.pk).updated_at


def test_catalogue_lists_the_datasets_of_every_region(client, rows):
    document = fetch(client)

    assert document["@context"]["dcatde"] == "http://dcat-ap.de/def/dcatde/"
    catalogue = document["@graph"][0]
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@id"] == "http://testserver/katalog/"
    assert ids(catalogue["dcat:dataset"]) == [
        f"http://testserver/katalog/#{slug}-{kind}"
        for slug in ("geest", "marsch")
        for kind in KINDS
    ]
    assert catalogue["dct:license"] == {"@id": LICENSE}
    assert catalogue["dct:language"] == {
        "@id": "http://publications.europa.eu/resource/authority/language/DEU"
    }


def test_catalogue_dataset_carries_publisher_geocoding_frequency_and_licence(client, rows):
    graph = nodes_by_id(fetch(client))
    dataset = graph["http://testserver/katalog/#geest-angebote"]

    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:title"] == {
        "@value": "Bildungsangebote der Bildungsregion Geest",
        "@language": "de",
    }
    publisher = graph[dataset["dct:publisher"]["@id"]]
    assert publisher == {
        "@id": "http://testserver/regionen/geest/#landkreis",
        "@type": "foaf:Organization",
        "foaf:name": "Landkreis Geest",
        "foaf:homepage": {"@id": "https://www.landkreis-geest.example/"},
    }
    area = {"@id": "http://dcat-ap.de/def/politicalGeocoding/districtKey/03359"}
    assert dataset["dcatde:politicalGeocodingURI"] == area
    assert dataset["dct:spatial"] == area
    assert dataset["dcatde:politicalGeocodingLevelURI"] == {"@id": LEVEL}
    assert dataset["dct:accrualPeriodicity"] == {"@id": FREQUENCY}
    assert dataset["dcat:landingPage"] == {"@id": "http://testserver/angebote/?region=geest"}
    contact = graph[dataset["dcat:contactPoint"]["@id"]]
    assert contact["vcard:hasEmail"] == {"@id": "mailto:bildungsbuero@geest.example"}
    # The latest public offer's change: not the later draft's.
    assert dataset["dct:modified"] == {
        "@value": stamp(updated(rows["school"])),
        "@type": "xsd:dateTime",
    }
    for distribution in ids(dataset["dcat:distribution"]):
        assert graph[distribution]["dct:license"] == {"@id": LICENSE}
        assert graph[distribution]["dcatde:licenseAttributionByText"] == {
            "@value": "Landkreis Geest",
            "@language": "de",
        }


def test_catalogue_modified_dates_come_from_each_kind_of_data(client, rows):
    graph = nodes_by_id(fetch(client))

    def modified(key):
        return (
            graph[f"http://testserver/katalog/#geest-{key}"].get("dct:modified", {}).get("@value")
        )

    assert modified("weiterbildung") == stamp(updated(rows["course"]))
    assert modified("veranstaltungen") == stamp(updated(rows["event"]))
    assert modified("akteure") == stamp(updated(rows["course"].provider))
    # No public rows in the other region: no date at all.
    assert "dct:modified" not in graph["http://testserver/katalog/#marsch-angebote"]


def test_catalogue_region_without_key_describes_its_area_in_words(client, rows):
    dataset = nodes_by_id(fetch(client))["http://testserver/katalog/#marsch-akteure"]

    assert "dcatde:politicalGeocodingURI" not in dataset
    assert dataset["dcatde:geocodingDescription"] == {
        "@value": "Landkreis Marsch",
        "@language": "de",
    }
    assert dataset["dcatde:politicalGeocodingLevelURI"] == {"@id": LEVEL}


def test_catalogue_of_one_region_is_published_by_its_landkreis(client, rows):
    document = fetch(client, "?region=geest")
    catalogue = document["@graph"][0]

    assert catalogue["@id"] == "http://testserver/katalog/?region=geest"
    assert catalogue["dct:publisher"] == {"@id": "http://testserver/regionen/geest/#landkreis"}
    assert ids(catalogue["dcat:dataset"]) == [
        f"http://testserver/katalog/#geest-{kind}" for kind in KINDS
    ]
    # The latest change of all its datasets: the event's.
    assert catalogue["dct:modified"]["@value"] == stamp(updated(rows["event"]))


def test_catalogue_whole_is_published_by_the_operator(client, rows, legal_details):
    legal_details.operator_name = "Land Niedersachsen"
    legal_details.save()
    graph = nodes_by_id(fetch(client))

    catalogue = graph["http://testserver/katalog/"]
    assert graph[catalogue["dct:publisher"]["@id"]]["foaf:name"] == "Land Niedersachsen"


def test_catalogue_distributions_resolve(client, rows):
    graph = nodes_by_id(fetch(client, "?region=geest"))
    urls = [
        graph[distribution]["dcat:accessURL"]["@id"]
        for dataset in ids(graph["http://testserver/katalog/?region=geest"]["dcat:dataset"])
        for distribution in ids(graph[dataset]["dcat:distribution"])
    ]

    api = [url for url in urls if urlsplit(url).path.startswith("/api/v1/")]
    assert api == [
        f"http://testserver/api/v1/{path}/?region=geest"
        for path in ("angebote", "veranstaltungen", "akteure")
    ]
    files = [url for url in urls if url not in api]
    assert files == [
        "http://testserver/regionen/geest/angebote.atom",
        "http://testserver/export/openqcat.xml?region=geest",
        "http://testserver/veranstaltungen/kalender.ics?region=geest",
        "http://testserver/katalog/angebotsabdeckung.csv?region=geest",
    ]
    for url in urls:  # every distribution answers, the API's too
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, url


def test_catalogue_licence_and_contributor_are_settings(client, rows, settings):
    settings.OPEN_DATA_LICENSE = "http://dcat-ap.de/def/licenses/cc-by/4.0"
    settings.OPEN_DATA_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/bildungsregionen"
    graph = nodes_by_id(fetch(client, "?region=geest"))

    dataset = graph["http://testserver/katalog/#geest-akteure"]
    assert dataset["dcatde:contributorID"] == {
        "@id": "http://dcat-ap.de/def/contributors/bildungsregionen"
    }
    (distribution,) = ids(dataset["dcat:distribution"])
    assert graph[distribution]["dct:license"] == {"@id": "http://dcat-ap.de/def/licenses/cc-by/4.0"}


def test_catalogue_of_an_unknown_region_is_not_found(client, rows):
    assert client.get("/katalog/?region=atlantis").status_code == 404
    assert client.get("/katalog/katalog.ttl?region=atlantis").status_code == 404
    assert client.get("/katalog/angebotsabdeckung.csv?region=atlantis").status_code == 404


def test_catalogue_links_its_turtle_form(client, rows):
    response = client.get("/katalog/?region=geest")

    assert response["Link"] == (
        '</katalog/?region=geest>; rel="alternate"; type="application/ld+json", '
        '</katalog/katalog.ttl?region=geest>; rel="alternate"; type="text/turtle"'
    )


# A Turtle statement as catalogue.as_turtle writes it: a predicate and its objects (IRIs,
# prefixed names, literals with a language or a datatype), ending with ";" or ".".
TERM = r'(?:<[^<>"{}|^`\\\s]+>|[a-z]+:[A-Za-z]+|"(?:[^"\\\n]|\\.)*"(?:@de|\^\^xsd:dateTime)?)'
STATEMENT = re.compile(rf"^  (?:a|[a-z]+:[A-Za-z]+) {TERM}(?:, {TERM})*( ;| \.)$")


def test_catalogue_turtle_has_the_same_graph(client, rows):
    response = client.get("/katalog/katalog.ttl?region=geest")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    text = response.content.decode()
    blocks = text.strip().split("\n\n")

    assert blocks[0].splitlines() == [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
    ]
    graph = nodes_by_id(fetch(client, "?region=geest"))
    subjects = []
    for block in blocks[1:]:
        subject, *statements = block.splitlines()
        assert re.fullmatch(r"<[^<>\s]+>", subject), subject
        subjects.append(subject[1:-1])
        for statement in statements:
            assert STATEMENT.match(statement), statement
        assert statements[-1].endswith(" .")
        assert all(s.endswith(" ;") for s in statements[:-1])
    assert subjects == list(graph)
    assert text.count("\n  a dcat:Dataset ;") == 5
    assert (
        "  dcatde:politicalGeocodingURI "
        "<http://dcat-ap.de/def/politicalGeocoding/districtKey/03359> ;"
    ) in text
    assert '  dct:title "Bildungsangebote der Bildungsregion Geest"@de ;' in text


def test_catalogue_queries_do_not_grow_with_the_regions(
    client, rows, django_assert_max_num_queries
):
    for n in range(4):
        make_region(name=f"Weitere Region {n}", slug=f"weitere-{n}")

    # The latest change per kind (4), the regions, the region hosts (absolute URLs: once per
    # content generation) and the legal details.
    with django_assert_max_num_queries(7):
        document = fetch(client)

    assert len(document["@graph"][0]["dcat:dataset"]) == 6 * len(KINDS)


def test_coverage_csv_counts_the_public_offers_per_town_and_stage(client, rows):
    response = client.get("/katalog/angebotsabdeckung.csv?region=geest")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == (
        "Region;Stadt / Gemeinde;Frühe Kindheit;Grundschulzeit;Sekundarstufe;"
        "Übergang Schule–Beruf;Ausbildung und Studium;Beruf und Weiterbildung;"
        "Familie und Eltern;Ältere Menschen"
    )
    assert lines[1:] == ["Geest;Geeststadt;0;1;0;0;0;1;0;0"]


def test_region_page_and_footer_link_the_open_data(client, rows):
    page = client.get("/regionen/geest/").content.decode()

    assert (
        '<link rel="alternate" type="application/ld+json" title="Offene Daten (DCAT-Katalog)" '
        'href="/katalog/?region=geest">'
    ) in page
    assert '<a href="/export/openqcat.xml?region=geest">' in page
    assert '<a href="/katalog/angebotsabdeckung.csv?region=geest">' in page
    assert '<a href="/katalog/">Offene Daten (DCAT-Katalog)</a>' in page
