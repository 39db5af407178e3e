"""The search index and the offer list's table are derived data: the data layer keeps them right.

The rule, in one place: a write marks the indexed rows whose stored search data it changes,
and the marks of one transaction are refreshed once, when it commits (``on_commit``; in
autocommit mode at once), through ``offers.search.refresh_search_index``:

- an offer, event, actor or working group saved: its own document (an offer also its row of
  OfferIndex); an offer's topics, life stages or transitions changed (``m2m_changed``, either
  side of the relation): the offer;
- a name that other rows show changed (``SHOWN``): a provider's offers and events, a
  municipality's or region's offers, events and actors (and a region's working groups), a
  topic's, life stage's or transition's offers (and when its bit position changes);
- a topic, life stage or transition deleted: its offers (their links go with it, without a
  signal);
- an offer deleted: the offer (its words leave the "Meinten Sie" list).

The receivers are in offers/signals.py; they see every write that goes through the ORM's
``save()``, ``delete()`` and related managers: the admin, imports, services, the school and
provider forms, commands and plain code alike, none of which indexes anything itself.

Writes that send no signals – ``bulk_create``, ``bulk_update``, ``QuerySet.update()``, raw
SQL – must run inside ``deferred_indexing(full=True)``: it rebuilds the whole index at its end
(the demo data does). ``deferred_indexing()`` without ``full`` gathers the marks of many saves
(``load_regions``) and refreshes them once at its end, still inside the caller's transaction.
``manage.py check_search_index`` compares the stored index with the data and repairs drift.

Marks of rows that a rollback restored are refreshed with the next commit: refreshing a row
whose data did not change, or that no longer exists, is harmless.
"""

import contextlib
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from asgiref.local import Local
from django.db import connections, router, transaction

from actors.models import Actor, WorkingGroup
from regions.models import Municipality, Region

from .models import Event, LifeStage, Offer, OfferIndex, Topic, Transition
from .search import WORD_TABLE, refresh_search_index

# Rows with a stored search document, in the order they are refreshed.
INDEXED = (Actor, WorkingGroup, Event, Offer)

# What documents and list rows show of other rows: for each such model, the fields whose
# change re-indexes the rows that show them, and how those rows point to it. Keep in step with
# the sections of offers.search (offer_sections, actor_sections, event_sections …) and
# LIST_NAMES / MASKS.
SHOWN = {
    Actor: (("name",), ((Offer, "provider"), (Event, "organiser"))),
    Municipality: (
        ("name",),
        ((Offer, "municipality"), (Event, "municipality"), (Actor, "municipality")),
    ),
    Region: (
        ("name",),
        ((Offer, "region"), (Event, "region"), (Actor, "region"), (WorkingGroup, "region")),
    ),
    Topic: (("name", "bit"), ((Offer, "topics"),)),
    LifeStage: (("name", "bit"), ((Offer, "life_stages"),)),
    Transition: (("name", "bit"), ((Offer, "transitions"),)),
}

# The offer relations whose links are indexed (masks, names in the document).
LINKED = {
    Offer.topics.through: Topic,
    Offer.life_stages.through: LifeStage,
    Offer.transitions.through: Transition,
}


class Marks:
    """Rows touched by writes: by a transaction, or by a deferred_indexing() block."""

    def __init__(self):
        self.rows = defaultdict(set)  # indexed model → primary keys
        self.shown = defaultdict(set)  # SHOWN model → primary keys whose shown fields changed
        self.full = False

    def __bool__(self):
        return self.full or any(self.rows.values()) or any(self.shown.values())

    def add(self, other):
        for model, ids in other.rows.items():
            self.rows[model] |= ids
        for model, ids in other.shown.items():
            self.shown[model] |= ids
        self.full = self.full or other.full

    def affected(self):
        """Indexed model → the primary keys to refresh (the shown names followed to the rows
        that show them)."""
        rows = defaultdict(set, {model: set(ids) for model, ids in self.rows.items()})
        for model, ids in self.shown.items():
            for target, lookup in SHOWN[model][1]:
                rows[target] |= set(
                    target._default_manager.filter(**{f"{lookup}__in": ids})
                    .order_by()
                    .values_list("pk", flat=True)
                    .distinct()
                )
        return rows

    def refresh(self):
        if self.full:
            for model in INDEXED:
                refresh_search_index(model)
            return
        rows = self.affected()
        for model in INDEXED:
            if rows.get(model):
                refresh_search_index(model, ids=sorted(rows[model]))


_state = Local()  # per thread (and asyncio task): a database alias → Marks, in two tables


def _table(name):
    """This thread's dict ``name``: "pending" (marks waiting for the commit) or "deferred"
    (marks of the open deferred_indexing block)."""
    try:
        return getattr(_state, name)
    except AttributeError:
        setattr(_state, name, {})
        return getattr(_state, name)


class _OnCommit:
    """An on_commit callback that refreshes what the transaction marked. Every mark registers
    one (a savepoint rolled back takes those registered inside it along): the first to run at
    the commit refreshes all pending marks, the others find nothing left."""

    def __init__(self, using):
        self.using = using

    def __call__(self):
        marks = _table("pending").pop(self.using, None)
        if marks:
            marks.refresh()


def _schedule(using, marks):
    """Refresh ``marks`` when the current transaction commits (now, in autocommit mode), or
    at the end of the open deferred_indexing block."""
    deferred = _table("deferred").get(using)
    if deferred is not None:
        deferred.add(marks)
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        marks.refresh()
        return
    _table("pending").setdefault(using, Marks()).add(marks)
    connection.on_commit(_OnCommit(using))


def mark_rows(model, ids, *, using):
    """Rows of an indexed model changed."""
    if ids:
        marks = Marks()
        marks.rows[model] = set(ids)
        _schedule(using, marks)


def mark_shown(model, ids, *, using):
    """Fields of ``model`` rows that other rows show (SHOWN) changed."""
    if ids:
        marks = Marks()
        marks.shown[model] = set(ids)
        _schedule(using, marks)


@contextlib.contextmanager
def deferred_indexing(*, full=False, using=None):
    """Collect what the writes inside mark and refresh it once at the end of the block (in the
    caller's transaction). ``full=True``: rebuild the whole index at the end instead, for
    writes that send no signals (bulk_create, bulk_update, QuerySet.update(), raw SQL).
    Blocks nest; the outermost refreshes. Leaving by an exception hands the marks to the
    transaction (refreshed if it commits, dropped if it rolls back)."""
    using = using or router.db_for_write(Offer)
    deferred = _table("deferred")
    outermost = deferred.get(using) is None
    if outermost:
        deferred[using] = Marks()
    deferred[using].full = deferred[using].full or full
    try:
        yield
    except BaseException:
        if outermost:
            _schedule(using, deferred.pop(using))
        raise
    if outermost:
        deferred.pop(using).refresh()


# --- Drift between the stored index and the data (manage.py check_search_index) ----------------


@dataclass
class Drift:
    """What differs in one part of the index: rows that are missing, rows left over (their
    entry is gone), and per column the rows whose stored value is not what the data gives."""

    part: str
    missing: list = field(default_factory=list)
    orphaned: list = field(default_factory=list)
    changed: dict = field(default_factory=dict)  # column → primary keys

    @property
    def rows(self):
        """The primary keys of all rows that differ."""
        changed = {pk for ids in self.changed.values() for pk in ids}
        return sorted({*self.missing, *self.orphaned, *changed})


def _parts(connection):
    """(name, table, key column, columns) of every stored part of the index."""
    postgresql = connection.vendor == "postgresql"
    # The stored documents (offers.search._write_documents): PostgreSQL's search vector,
    # SQLite's search text.
    document = ["search_vector::text"] if postgresql else ["search_text"]
    list_columns = [
        field.column for field in OfferIndex._meta.concrete_fields if not field.primary_key
    ]
    if postgresql:
        list_columns.append("search_vector::text")
    parts = [("offers", Offer._meta.db_table, "id", document)]
    parts.append(("offer_list", OfferIndex._meta.db_table, "offer_id", list_columns))
    for name, model in (("actors", Actor), ("events", Event), ("working_groups", WorkingGroup)):
        parts.append((name, model._meta.db_table, "id", document))
    parts.append(("suggestion_words", WORD_TABLE, "word", ["display", "frequency"]))
    return parts


def _fingerprint(value):
    """Long texts (documents) as a digest, so that 100,000 of them fit in memory twice."""
    if isinstance(value, str) and len(value) > 64:
        return hashlib.blake2b(value.encode(), digest_size=16).digest()
    return value


def _snapshot(connection):
    snapshot = {}
    with connection.cursor() as cursor:
        for name, table, key, columns in _parts(connection):
            cursor.execute(f"SELECT {key}, {', '.join(columns)} FROM {table}")
            snapshot[name] = {
                row[0]: tuple(_fingerprint(value) for value in row[1:]) for row in cursor
            }
    return snapshot


def _compare(connection, stored, rebuilt):
    drifts = []
    for name, _table, _key, columns in _parts(connection):
        before, after = stored[name], rebuilt[name]
        drift = Drift(
            part=name,
            missing=sorted(after.keys() - before.keys()),
            orphaned=sorted(before.keys() - after.keys()),
        )
        for index, column in enumerate(columns):
            ids = sorted(
                pk for pk in before.keys() & after.keys() if before[pk][index] != after[pk][index]
            )
            if ids:
                drift.changed[column.removesuffix("::text")] = ids
        drifts.append(drift)
    return drifts


def search_index_drift(*, fix=False, using=None):
    """Compare the stored index with what the data gives, part by part (offers' documents,
    every column of OfferIndex, the search texts of actors, events and working groups, the
    "Meinten Sie" words with their spelling and frequency).

    The expected index is computed by the one refresh (``refresh_search_index``) inside a
    transaction, compared with the stored one and rolled back – or kept with ``fix=True``, which
    repairs every drift found. Rebuilding takes as long as a full refresh (and holds its locks).
    """
    using = using or router.db_for_write(Offer)
    connection = connections[using]
    with transaction.atomic(using=using):
        stored = _snapshot(connection)
        with connection.cursor() as cursor:
            # Rows of offers that are gone first: the rebuild checks the foreign keys.
            cursor.execute(
                f"DELETE FROM {OfferIndex._meta.db_table} WHERE offer_id NOT IN "
                f"(SELECT id FROM {Offer._meta.db_table})"
            )
        for model in INDEXED:
            refresh_search_index(model)
        drifts = _compare(connection, stored, _snapshot(connection))
        if not fix:
            transaction.set_rollback(True, using=using)
    return drifts
