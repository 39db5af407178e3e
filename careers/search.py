"""The search documents of the places: the text pipeline of ``bildungsregion.search`` (German
folding, stemming, compounds, the thesaurus), stored as SQLite's ``search_text`` and on
PostgreSQL as the hidden tsvector column ``search_vector`` (migration 0002), like actors'.

Kept current by the data layer (``careers.signals``): a place's document is rewritten when the
transaction that saved it commits, and the documents of an occupation's or an actor's places
when those are renamed. Bulk writes call ``refresh_place_documents()`` themselves."""

import itertools

from django.db import connections, router, transaction

from bildungsregion import page_cache
from bildungsregion.search import (
    VECTOR_COLUMN,
    build_search_text,
    build_search_vector,
    order_by_rank,
    search_text_filter,
)

from .models import Place

__all__ = ["order_by_rank", "place_sections", "refresh_place_documents", "search_places"]


def place_sections(place):
    """A the title, B occupation, field, kind and employer, C the description, D place."""
    occupation = place.occupation
    return (
        place.title,
        " ".join(
            [
                occupation.name if occupation else "",
                occupation.field.name if occupation else "",
                place.get_kind_display(),
                place.actor.name,
            ]
        ),
        place.description,
        " ".join(
            [
                place.city,
                place.municipality.name if place.municipality_id else "",
                place.region.name,
            ]
        ),
    )


def search_places(queryset, q):
    """Places matching ``q``, annotated with ``search_rank``."""
    return search_text_filter(queryset, q)


def _write(connection, rows):
    table = Place._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} t SET {VECTOR_COLUMN} = d.doc::tsvector "
                "FROM unnest(%s::bigint[], %s::text[]) AS d(id, doc) WHERE t.id = d.id",
                [[pk for pk, _s in rows], [build_search_vector(sec) for _pk, sec in rows]],
            )
        # SQLite searches search_text; PostgreSQL keeps it too, for check and debugging.
        cursor.executemany(
            f"UPDATE {table} SET search_text = %s WHERE id = %s",
            [(build_search_text(sections), pk) for pk, sections in rows],
        )


def refresh_place_documents(ids=None, batch_size=1000):
    """Rewrite the search documents of the places with ``ids`` (all if None)."""
    connection = connections[router.db_for_write(Place)]
    queryset = Place.objects.select_related(
        "occupation__field", "actor", "region", "municipality"
    ).order_by("pk")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    documents = ((p.pk, place_sections(p)) for p in queryset.iterator(chunk_size=batch_size))
    with transaction.atomic(using=connection.alias):
        for batch in itertools.batched(documents, batch_size):
            _write(connection, batch)
    page_cache.bump()
