"""German full-text search over offers, actors, events and working groups: one text pipeline
(bildungsregion.search) in Python for both backends, so that both find the same rows.

Text is folded (accents and umlauts off, also spelled out: "Lueneburg" = "Lüneburg"), split
into words, compounds split into their nouns ("Kreisvolkshochschule" → kreis, volk, hoch,
schul), every word stemmed (Snowball's German stemmer up to its fixed point: "Kurs" = "Kurse").

- PostgreSQL: the hidden column ``search_vector`` of each searched table (a weighted tsvector
  with a GIN index, created by migrations, not a model field so the ORM never loads it) is
  written from these Python lexemes; queries are tsquery text built from the same lexemes;
  "Meinten Sie …?" uses pg_trgm on the word table.
- SQLite: ``search_text`` holds the same lexemes, found with ``instr``; suggestions use the
  same trigram similarity as pg_trgm, computed in Python.
- Both rank alike (bildungsregion.search.rank_expression): a term scores the weights of the
  sections it occurs in (title, provider, summary, the rest), added up.

Query syntax (as on the web): several words must all occur, ``"quoted phrase"``, ``-word`` or
``-"phrase"`` excludes, ``or`` / ``oder`` between two words allows either; the last plain word
also matches as a prefix ("Ausbil" finds "Ausbildung"). A compound in a query matches itself or
all its parts; the thesaurus (bildungsregion.ThesaurusEntry) widens each word to its synonyms.
"""

import functools
import itertools
import re
from collections import Counter

from django.db import connections, router, transaction
from django.db.models import FloatField, Value

from actors.models import Actor, WorkingGroup
from bildungsregion import page_cache
from bildungsregion.search import (
    VECTOR_COLUMN,
    build_search_text,
    build_search_vector,
    filter_and_rank,
    fold,
    order_by_rank,  # noqa: F401 - part of this module's API (offers.views)
    parse_query,
    plan_for,
    search_text_filter,
)
from offers.models import Event, Offer

RANK_LIMIT = 1000  # search_offers(..., rank_limit=RANK_LIMIT): rank at most this many
SUGGEST_MIN_SIMILARITY = 0.45  # pg_trgm similarity a correction needs
VOCABULARY_WORD_CHARS = (4, 40)

VECTOR_INDEX = "offer_search_vector_idx"  # created by migration 0003
WORD_TABLE = "offers_search_word"  # the words of published offers ("Meinten Sie …?")
WORD_USE_TABLE = "offers_search_word_use"  # which published offer has which word, how often


# --- Documents (the text side: bildungsregion.search) ------------------------------------------


def offer_sections(offer):
    """The four weighted parts of an offer's document: A title, B the provider's name, C
    summary, D the rest: topics and life stages, description, places. (Topic and life-stage
    names weigh least: each is shared by many offers and says little about one; in the
    names section they tied a fifth of the judged set's offers on words like "Schule" or
    "Weiterbildung".)

    Needs ``topics`` and ``life_stages`` (best prefetched in primary-key order) and
    ``provider``, ``municipality``, ``region``.
    """
    topics = sorted(offer.topics.all(), key=lambda obj: obj.pk)
    stages = sorted(offer.life_stages.all(), key=lambda obj: obj.pk)
    rest = [
        " ".join(topic.name for topic in topics),
        " ".join(stage.name for stage in stages),
        offer.description,
        offer.city,
        offer.municipality.name if offer.municipality_id else "",
        offer.region.name,
    ]
    return (
        offer.title,
        offer.provider.name,
        offer.summary,
        " ".join(part for part in rest if part),
    )


def actor_sections(actor):
    """A Akteur's name, B kind and place, C description and partner role, D address, region."""
    return (
        actor.name,
        " ".join(
            [actor.get_kind_display(), actor.municipality.name if actor.municipality_id else ""]
        ),
        " ".join([actor.description, actor.partner_role]),
        " ".join([actor.street, actor.city, actor.region.name]),
    )


def event_sections(event):
    return (
        event.title,
        " ".join([event.get_kind_display(), event.organiser.name]),
        event.description,
        " ".join(
            [
                event.venue,
                event.city,
                event.municipality.name if event.municipality_id else "",
                event.region.name,
            ]
        ),
    )


def working_group_sections(group):
    return (group.name, group.get_kind_display(), group.purpose, group.region.name)


# Models searched through their stored search_text on both backends (a few thousand rows at
# most, where scanning the folded text is fast): sections and what they need to load.
TEXT_INDEXED = {
    Actor: (actor_sections, ("region", "municipality"), "name"),
    Event: (event_sections, ("region", "municipality", "organiser"), "title"),
    WorkingGroup: (working_group_sections, ("region",), "name"),
}

# --- Public API ------------------------------------------------------------------------------


def search_offers(queryset, q, *, rank_limit=None, correct=True):
    """Filter offers by the search ``q`` and order them by relevance.

    Annotates ``search_rank`` (a float, higher is better). An empty or meaningless ``q`` (only
    punctuation or stop words) leaves the queryset as it is, with ``search_rank`` 0. Re-order
    with ``.order_by(...)`` for other sortings. Never raises on odd input.

    Ranking means reading every matching row; a broad word ("Schule") matches most of 100,000
    offers. With ``rank_limit`` (e.g. RANK_LIMIT) one cheap bounded count first checks whether
    more than ``rank_limit`` offers match; if so they are not ranked but listed newest first
    (``-pk``, ``search_rank`` 0): PostgreSQL walks the primary key index and stops after the
    page. (Not by title: words in titles cluster alphabetically, so that walk can be long.)

    A query that finds nothing because a word of it occurs in no public offer is searched
    corrected (``correct``; see autocorrection(), which the pages show as "Ergebnisse für …").
    """
    plan = plan_for(q)
    no_rank = Value(0.0, output_field=FloatField())
    if not plan:
        return queryset.annotate(search_rank=no_rank)
    found, rank = filter_and_rank(queryset, plan)
    if not plan.required:
        return found.annotate(search_rank=no_rank)
    count = None
    if rank_limit is not None or correct:
        count = capped_count(found, rank_limit if rank_limit is not None else 0)
    if correct and not count:
        corrected = autocorrection(q)
        if corrected is not None:
            return search_offers(queryset, corrected, rank_limit=rank_limit, correct=False)
    if rank_limit is not None and count > rank_limit:
        return found.annotate(search_rank=no_rank).order_by("-pk")
    return found.annotate(search_rank=rank).order_by("-search_rank", "title", "pk")


def autocorrection(q):
    """The query that search_offers() searches instead of ``q``, or None: the "Meinten Sie"
    correction (suggest()) of a query that finds no public offer. Kept per content
    generation."""
    return page_cache.derived(
        "offer-autocorrection", lambda: _autocorrection(q), parts=[q], in_process=False
    )


def _autocorrection(q):
    public = Offer.objects.public()
    if search_offers(public, q, correct=False).exists():
        return None
    return suggest(q, public)


def capped_count(queryset, cap):
    """``min(queryset.count(), cap + 1)``, reading at most ``cap + 1`` rows.

    An exact count of a broad search reads every match (about 65 ms for 80,000 of 100,000
    offers); a list can say "mehr als 1.000 Treffer" instead.
    """
    return queryset.order_by()[: cap + 1].count()


search_actors = search_events = search_working_groups = search_text_filter


def _offer_rows(ids=None):
    queryset = (
        Offer.objects.select_related("provider", "municipality", "region")
        .prefetch_related("topics", "life_stages")
        .only(
            "status",
            "title",
            "summary",
            "description",
            "city",
            "search_text",
            "provider__name",
            "municipality__name",
            "region__name",
        )
        .order_by("pk")
    )
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset


@functools.lru_cache(maxsize=200_000)
def _fold_word(word):
    return fold(word).strip()


# A word and, if it is cut off before a hyphen ("Sprach- und Lesekurse"), that hyphen: such a
# piece is no word to suggest.
_VOCABULARY_WORD = re.compile(r"([^\W_]+)(-(?=\s|$))?")


def _vocabulary_words(sections):
    min_chars, max_chars = VOCABULARY_WORD_CHARS
    for section in sections:
        for match in _VOCABULARY_WORD.finditer(section or ""):
            word, cut_off = match.groups()
            if not cut_off and min_chars <= len(word) <= max_chars:
                folded = _fold_word(word)
                if len(folded) >= min_chars and re.fullmatch(r"[a-z]+", folded):
                    yield folded, word


def _write_documents(connection, table, rows):
    """Store (id, sections) documents: SQLite's search_text, PostgreSQL's search_vector."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} t SET {VECTOR_COLUMN} = d.doc::tsvector "
                "FROM unnest(%s::bigint[], %s::text[]) AS d(id, doc) WHERE t.id = d.id",
                [[pk for pk, _s in rows], [build_search_vector(sec) for _pk, sec in rows]],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET search_text = %s WHERE id = %s",
                [(build_search_text(sections), pk) for pk, sections in rows],
            )


def _offer_documents(ids, batch_size, uses):
    """(id, sections) of the offers with ``ids`` (all if None), collecting the words of the
    published ones for the vocabulary behind suggest() into ``uses`` on the way: (offer id,
    folded word, word as written, count)."""
    for offer in _offer_rows(ids).iterator(chunk_size=batch_size):
        sections = offer_sections(offer)
        if offer.status == Offer.Status.PUBLISHED:
            counts = Counter(_vocabulary_words(sections))
            uses += [(offer.pk, *word, count) for word, count in counts.items()]
        yield offer.pk, sections


def _refresh_offers(connection, ids, batch_size=2000):
    uses = []  # (offer id, folded word, word as written, count) of the published offers
    table = Offer._meta.db_table
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql and ids is None:
            # Building the GIN index afresh is much faster than updating it row by row. Index
            # DDL refuses to run while deferred foreign-key checks are pending (rows inserted
            # in the same transaction, as the demo data does): run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP INDEX IF EXISTS {VECTOR_INDEX}")
    for batch in itertools.batched(_offer_documents(ids, batch_size, uses), batch_size):
        _write_documents(connection, table, batch)
    with connection.cursor() as cursor:
        if postgresql and ids is None:
            cursor.execute(f"CREATE INDEX {VECTOR_INDEX} ON {table} USING gin ({VECTOR_COLUMN})")
            cursor.execute(f"ANALYZE {table}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default again
    _write_vocabulary(connection, ids, uses)


def _word_rows(counts):
    """(word, display, frequency) rows of the word table from ((word, display), count)
    pairs: each folded word once, in the spelling the offers use most, with its total."""
    best = {}
    for (folded, word), count in sorted(counts, key=lambda item: (-item[1], item[0][1])):
        display, total = best.get(folded, (word, 0))
        best[folded] = (display, total + count)
    return [(folded, display, total) for folded, (display, total) in best.items()]


def _write_vocabulary(connection, ids, uses, chunk=5000):
    """Keep the words behind "Meinten Sie …?" right for the offers ``ids`` (all when None):
    their rows of WORD_USE_TABLE are replaced by ``uses`` (only published offers have any),
    and every word they had or have gets its frequency again from all uses, or goes when no
    published offer has it any more (deleted, unpublished, or the word edited away)."""
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {WORD_USE_TABLE}")
            cursor.execute(f"DELETE FROM {WORD_TABLE}")
            affected = None
        else:
            ids = list(ids)
            affected = set()
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(
                    f"SELECT DISTINCT word FROM {WORD_USE_TABLE} WHERE offer_id IN ({marks})", part
                )
                affected.update(row[0] for row in cursor.fetchall())
                cursor.execute(f"DELETE FROM {WORD_USE_TABLE} WHERE offer_id IN ({marks})", part)
        insert = f"INSERT INTO {WORD_USE_TABLE} (offer_id, word, display, frequency) "
        for start in range(0, len(uses), chunk):
            part = uses[start : start + chunk]
            if connection.vendor == "postgresql":
                cursor.execute(
                    insert
                    + "SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::int[])",
                    [list(column) for column in zip(*part, strict=True)],
                )
            else:
                cursor.executemany(insert + "VALUES (%s, %s, %s, %s)", part)
        if affected is None:
            counts = Counter()
            for _pk, folded, word, count in uses:
                counts[(folded, word)] += count
            rows = _word_rows(counts.items())
        else:
            affected.update(folded for _pk, folded, _word, _count in uses)
            rows = []
            words = sorted(affected)
            for start in range(0, len(words), chunk):
                part = words[start : start + chunk]
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(f"DELETE FROM {WORD_TABLE} WHERE word IN ({marks})", part)
                cursor.execute(
                    f"SELECT word, display, SUM(frequency) FROM {WORD_USE_TABLE} "
                    f"WHERE word IN ({marks}) GROUP BY word, display",
                    part,
                )
                rows += _word_rows(((w, d), n) for w, d, n in cursor.fetchall())
        cursor.executemany(
            f"INSERT INTO {WORD_TABLE} (word, display, frequency) VALUES (%s, %s, %s)", rows
        )


def refresh_search_index(model=Offer, ids=None):
    """(Re)compute the stored search document of ``model`` rows, all or those with ``ids``;
    for offers also their rows of the list table (OfferIndex).

    The one entry point for recomputing derived search data. The data layer calls it
    (offers.indexing, on commit, for the rows a transaction touched); call it directly only to
    rebuild everything (``manage.py check_search_index --fix`` does).

    PostgreSQL: one UPDATE of the tsvector column (for all rows: with the GIN index dropped and
    built again afterwards, in one transaction that locks the table for the ~20 s per 100,000
    offers); SQLite: batched bulk_update of search_text.
    The word list behind suggest() follows: the words of published offers only.
    """
    if model in TEXT_INDEXED:
        _refresh_text(model, ids)
        return
    if model is not Offer:
        raise TypeError(f"No search index for {model!r}")
    alias = router.db_for_write(Offer)
    connection = connections[alias]
    with transaction.atomic(using=alias):
        _refresh_offers(connection, ids)
        _sync_list_index(connection, ids)
    # Bulk writes (demo data, imports) send no signals: the cached pages are stale now.
    page_cache.bump()


def _refresh_text(model, ids, batch_size=1000):
    sections, related, _label = TEXT_INDEXED[model]
    connection = connections[router.db_for_write(model)]
    queryset = model.objects.select_related(*related).order_by("pk")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    documents = ((obj.pk, sections(obj)) for obj in queryset.iterator(chunk_size=batch_size))
    for batch in itertools.batched(documents, batch_size):
        _write_documents(connection, model._meta.db_table, batch)


# --- The offer list's narrow table (offers.OfferIndex) ---------------------------------------

LIST_INDEX_TABLE = "offers_offerindex"
LIST_VECTOR_INDEX = "offerindex_search_vector_idx"
LIST_COLUMNS = (
    "status",
    "region_id",
    "municipality_id",
    "learning_setting",
    "format",
    "is_free",
    "is_accessible",
    "age_min",
    "age_max",
    "latitude",
    "longitude",
    "valid_until",
    "published_at",
    "title",
    "search_text",
    "slug",
    "summary",
    "city",
)
# Names the cards show, copied from related rows: refreshed when the offer is indexed again
# (offers.indexing re-indexes a provider's offers when its name changes).
LIST_NAMES = (
    ("provider_name", "(SELECT a.name FROM actors_actor a WHERE a.id = o.provider_id)"),
    (
        "municipality_name",
        "COALESCE((SELECT m.name FROM regions_municipality m WHERE m.id = o.municipality_id), '')",
    ),
)
# (mask column, link table, its column, linked table): the bit is the linked row's ``bit``
# (offers.models.MaskBitModel), not its primary key.
MASKS = (
    ("life_stage_mask", "offers_offer_life_stages", "lifestage_id", "offers_lifestage"),
    ("topic_mask", "offers_offer_topics", "topic_id", "offers_topic"),
    ("transition_mask", "offers_offer_transitions", "transition_id", "offers_transition"),
)


def list_index_sql(vendor):
    """INSERT … SELECT … ON CONFLICT that writes offers_offerindex rows from offers_offer
    (append a WHERE on ``o.id``). Migrations 0006, 0007 and 0009 keep frozen copies of it."""
    columns = list(LIST_COLUMNS)
    values = [f"o.{column}" for column in LIST_COLUMNS]
    for name, value in LIST_NAMES:
        columns.append(name)
        values.append(value)
    shift = "(1::bigint << x.bit::int)" if vendor == "postgresql" else "(1 << x.bit)"
    for name, table, key, target in MASKS:
        columns.append(name)
        values.append(
            f"COALESCE((SELECT SUM({shift}) FROM {table} j JOIN {target} x ON x.id = j.{key} "
            f"WHERE j.offer_id = o.id), 0)"
        )
    if vendor == "postgresql":
        columns.append("search_vector")
        values.append("o.search_vector")
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns)
    return (
        f"INSERT INTO {LIST_INDEX_TABLE} (offer_id, {', '.join(columns)}) "
        f"SELECT o.id, {', '.join(values)} FROM offers_offer o {{where}} "
        f"ON CONFLICT (offer_id) DO UPDATE SET {updates}"
    )


def _sync_list_index(connection, ids, chunk=5000):
    """Bring offers_offerindex up to date for the offers ``ids`` (all when None)."""
    sql = list_index_sql(connection.vendor)
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"DELETE FROM {LIST_INDEX_TABLE}")
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"DROP INDEX IF EXISTS {LIST_VECTOR_INDEX}")
            cursor.execute(sql.format(where="WHERE TRUE"))
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE INDEX {LIST_VECTOR_INDEX} ON {LIST_INDEX_TABLE} "
                    "USING gin (search_vector)"
                )
                cursor.execute(f"ANALYZE {LIST_INDEX_TABLE}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        ids = list(ids)
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            if connection.vendor == "postgresql":
                cursor.execute(sql.format(where="WHERE o.id = ANY(%s)"), [part])
            else:
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(sql.format(where=f"WHERE o.id IN ({marks})"), part)


# --- "Meinten Sie …?" ------------------------------------------------------------------------


def trigrams(word):
    """pg_trgm's trigrams of one lower-case word: padded with two spaces in front, one after."""
    padded = f"  {word} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's similarity() of two single words."""
    left, right = trigrams(a), trigrams(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    return shared / (len(left) + len(right) - shared)


def _closest_word(connection, word):
    min_chars, max_chars = VOCABULARY_WORD_CHARS
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_limit(%s::real)",
                [SUGGEST_MIN_SIMILARITY],
            )
            cursor.execute(
                f"SELECT display, similarity(word, %s) AS s FROM {WORD_TABLE} "
                "WHERE word %% %s ORDER BY s DESC, frequency DESC, word LIMIT 1",
                [word, word],
            )
            row = cursor.fetchone()
        return row[0] if row and row[1] >= SUGGEST_MIN_SIMILARITY else None
    length = len(word)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, display, frequency FROM {WORD_TABLE} "
            "WHERE length(word) BETWEEN %s AND %s",
            [max(min_chars, length // 2), min(max_chars, length * 2 + 2)],
        )
        rows = cursor.fetchall()
    best = None
    for candidate, display, frequency in rows:
        score = similarity(word, candidate)
        if score >= SUGGEST_MIN_SIMILARITY:
            key = (-round(score, 6), -frequency, candidate)
            if best is None or key < best[0]:
                best = (key, display)
    return best[1] if best else None


def suggest(q, queryset=None):
    """A corrected query for "Meinten Sie …?", or None.

    Each plain word of ``q`` that finds nothing on its own is replaced by the most similar
    indexed word (pg_trgm similarity, the same in Python on SQLite), in the spelling the offers
    use most ("Bewerbungstrainig" → "Bewerbungstraining"). The correction is offered only if it
    finds something in ``queryset`` (default: published offers), so it never leaks drafts.
    """
    if queryset is None:
        queryset = Offer.objects.public()
    parsed = parse_query(q)
    if not parsed.positive:
        return None
    connection = connections[queryset.db]
    parts = []
    changed = False
    for group in parsed.positive:
        words = []
        for clause in group:
            replacement = None
            if clause.is_word and clause.tokens[0].isalpha():
                token = clause.tokens[0]
                if not search_offers(queryset, token, correct=False).exists():
                    replacement = _closest_word(connection, token)
                    # Only a word that finds something where the visitor searches.
                    if (
                        replacement
                        and not search_offers(queryset, replacement, correct=False).exists()
                    ):
                        replacement = None
            if replacement and fold(replacement).strip() != clause.tokens[0]:
                words.append(replacement)
                changed = True
            else:
                words.append(_clause_text(clause))
        parts.append(" oder ".join(words))
    if not changed:
        return None
    suggestion = " ".join(parts)
    return suggestion if search_offers(queryset, suggestion, correct=False).exists() else None


def _clause_text(clause):
    text = clause.raw if clause.is_word else f'"{clause.raw}"'
    return f"-{text}" if clause.negated else text


def _group_text(group):
    return " oder ".join(_clause_text(clause) for clause in group)


def _query_text(groups):
    return " ".join(_group_text(group) for group in groups)


def without_missing_words(q, queryset):
    """For a query of several words that finds nothing in ``queryset``: the query without the
    words (or phrases) that find nothing there on their own, and those words as typed, e.g.
    ("Kita", ["Trommelzauber"]) for "Kita Trommelzauber". None if the query finds something,
    has one word only, or no word is to blame (each finds something, just not together).
    Searched as typed (uncorrected): a typo is a word that finds nothing."""

    def finds(text):
        return search_offers(queryset, text, correct=False).exists()

    parsed = parse_query(q)
    positive = parsed.positive
    if len(positive) < 2 or finds(q):
        return None
    missing = [group for group in positive if not finds(_query_text([group]))]
    if not missing or len(missing) == len(positive):
        return None
    relaxed = _query_text([group for group in parsed.groups if group not in missing])
    if not finds(relaxed):
        return None
    return relaxed, [_group_text(group) for group in missing]
