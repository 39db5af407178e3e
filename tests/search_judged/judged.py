"""The judged search set: a fixed fixture of offers and the queries judged on it.

``offers.json`` holds invented test offers of the five regions (see its ``about``); each offer
carries ``tags``, the judge's labels of what it is relevant for ("kurs", "sprachkurs" …). They
are not loaded into the database. ``queries.json`` holds the judged queries; ``must`` and
``must_not`` list *references*:

- an offer key (``"kvhs-wm-sprachkurs-deutsch"``), or
- ``"#tag"``: every offer with that tag, or ``"#a&b&!c"``: the offers with tags a and b and
  without c. Besides its own tags every offer has ``region:<slug>``, ``ort:<municipality slug>``,
  ``anbieter:<provider slug>`` and ``art:<provider kind>``.

An offer that a ``must`` reference selects is relevant; one that a ``must_not`` reference
selects is known to be wrong for the query, unless a ``must`` *tag* also selects it (a tag
such as "#beratung" in ``must_not`` means "the counselling offers that are not relevant
anyway"). Naming one offer key on both sides, or an offer key in ``must_not`` that ``must``
selects, is an error (``problems()``). ``ignore`` removes offers from both sides.

Used by scripts/bench_search.py (make bench-search) and tests/search_judged/test_judged_set.py.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from actors.models import Actor
from offers.models import LifeStage, Offer, Topic
from offers.search import refresh_search_index
from regions.models import Municipality, Region

HERE = Path(__file__).resolve().parent
OFFERS_FILE = HERE / "offers.json"
QUERIES_FILE = HERE / "queries.json"
AUTO_TAGS = ("region", "ort", "anbieter", "art")


def read_fixture():
    return json.loads(OFFERS_FILE.read_text(encoding="utf-8"))


def read_queries():
    return json.loads(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]


def offer_tags(fixture):
    """{offer key: set of tags}, the offers' own tags plus the automatic ones."""
    providers = {provider["slug"]: provider for provider in fixture["providers"]}
    tags = {}
    for offer in fixture["offers"]:
        provider = providers.get(offer["provider"], {})
        auto = {
            f"region:{provider.get('region')}",
            f"ort:{offer['municipality']}",
            f"anbieter:{offer['provider']}",
            f"art:{provider.get('kind')}",
        }
        tags[offer["key"]] = set(offer["tags"]) | auto
    return tags


class JudgedSetError(ValueError):
    pass


def resolve(reference, tags):
    """The set of offer keys a reference selects (see the module docstring)."""
    if not reference.startswith("#"):
        if reference not in tags:
            raise JudgedSetError(f"unknown offer {reference!r}")
        return {reference}
    wanted, unwanted = set(), set()
    for part in reference[1:].split("&"):
        (unwanted if part.startswith("!") else wanted).add(part.lstrip("!"))
    known = set().union(*tags.values())
    for tag in wanted | unwanted:
        if tag not in known:
            raise JudgedSetError(f"unknown tag {tag!r} in {reference!r}")
    if not wanted:
        raise JudgedSetError(f"{reference!r} selects by exclusions only")
    return {key for key, own in tags.items() if wanted <= own and not unwanted & own}


@dataclass(frozen=True)
class Judgement:
    id: int
    q: str
    covers: tuple
    has_matches: bool
    must: frozenset
    must_not: frozenset
    note: str = ""


def judgements(fixture=None, queries=None):
    """The queries with their references resolved to offer keys."""
    fixture = fixture if fixture is not None else read_fixture()
    queries = queries if queries is not None else read_queries()
    tags = offer_tags(fixture)
    result = []
    for query in queries:
        must = set().union(*(resolve(ref, tags) for ref in query["must"]))
        must_not = set().union(*(resolve(ref, tags) for ref in query["must_not"]))
        ignore = set().union(*(resolve(ref, tags) for ref in query.get("ignore", [])))
        result.append(
            Judgement(
                id=query["id"],
                q=query["q"],
                covers=tuple(query["covers"]),
                has_matches=query["has_matches"],
                must=frozenset(must - ignore),
                must_not=frozenset(must_not - must - ignore),
                note=query.get("note", ""),
            )
        )
    return result


def problems(fixture=None, queries=None):
    """Everything wrong with the judged set, as sentences (empty when it is consistent)."""
    fixture = fixture if fixture is not None else read_fixture()
    queries = queries if queries is not None else read_queries()
    found = []
    keys = [offer["key"] for offer in fixture["offers"]]
    providers = {provider["slug"] for provider in fixture["providers"]}
    for key in sorted({key for key in keys if keys.count(key) > 1}):
        found.append(f"offer key {key!r} occurs more than once")
    for offer in fixture["offers"]:
        if offer["provider"] not in providers:
            found.append(f"offer {offer['key']!r}: unknown provider {offer['provider']!r}")
        for tag in offer["tags"]:
            if tag.split(":")[0] in AUTO_TAGS and ":" in tag:
                found.append(f"offer {offer['key']!r}: tag {tag!r} is reserved")
    tags = offer_tags(fixture)
    ids = [query["id"] for query in queries]
    if len(ids) != len(set(ids)):
        found.append("query ids are not unique")
    texts = [query["q"] for query in queries]
    for text in sorted({text for text in texts if texts.count(text) > 1}):
        found.append(f"query {text!r} is judged twice")
    for query in queries:
        label = f"query {query['id']} {query['q']!r}"
        try:
            must = set().union(*(resolve(ref, tags) for ref in query["must"]))
            must_not_keys = {ref for ref in query["must_not"] if not ref.startswith("#")}
            for ref in query["must_not"] + query.get("ignore", []):
                resolve(ref, tags)
        except JudgedSetError as error:
            found.append(f"{label}: {error}")
            continue
        for key in sorted(must_not_keys & must):
            found.append(f"{label}: {key!r} is both a must and a must-not")
        if query["has_matches"] and not must:
            found.append(f"{label}: has_matches but no offer it must find")
        if not query["has_matches"] and must:
            found.append(f"{label}: no matching content, yet it lists offers it must find")
    return found


# --- Into the database ---------------------------------------------------------------------------


def load_fixture(fixture=None):
    """Write the fixture's providers and offers into the current database (all published).

    Needs the five regions with their municipalities (``portal.services.regions_load()``);
    providers from the seeds (``from_seeds``) are those rows, found by slug. Returns
    {offer key: offer pk}. The search index is rebuilt once at the end.
    """
    fixture = fixture if fixture is not None else read_fixture()
    regions = {region.slug: region for region in Region.objects.all()}
    municipalities = {
        (municipality.region.slug, municipality.slug): municipality
        for municipality in Municipality.objects.select_related("region")
    }
    stages = {stage.slug: stage for stage in LifeStage.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    providers = {}
    for data in fixture["providers"]:
        region = regions[data["region"]]
        municipality = municipalities.get((data["region"], data["municipality"]))
        if data["from_seeds"]:
            providers[data["slug"]] = Actor.objects.get(slug=data["slug"], region=region)
            continue
        providers[data["slug"]] = Actor.objects.create(
            region=region,
            name=data["name"],
            slug=data["slug"],
            kind=data["kind"],
            municipality=municipality,
            city=municipality.name if municipality else data["city"],
            description="Testanbieter des bewerteten Suchsatzes (erfunden).",
        )
    now = timezone.now()
    ids = {}
    for position, data in enumerate(fixture["offers"]):
        provider = providers[data["provider"]]
        municipality = municipalities.get((provider.region.slug, data["municipality"]))
        offer = Offer.objects.create(
            region=provider.region,
            provider=provider,
            title=data["title"],
            slug=data["key"],
            summary=data["summary"],
            description=data["description"],
            learning_setting=data["learning_setting"],
            format=data["format"],
            age_min=data["age_min"],
            age_max=data["age_max"],
            is_free=data["is_free"],
            municipality=municipality,
            city=data["city"],
            status=Offer.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=position),
        )
        offer.life_stages.set([stages[slug] for slug in data["life_stages"]])
        offer.topics.set([topics[slug] for slug in data["topics"]])
        ids[data["key"]] = offer.pk
    refresh_search_index()
    return ids
