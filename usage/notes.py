"""What a list states about the search it answered, for the statistics (usage.services).

The view calls ``note_search(response, …)`` after rendering: the response then carries the
search as an internal header (``NOTE_HEADER``: list, terms, filters, region, number of
results). The page cache (bildungsregion.page_cache) stores the header with the page like any
other, so a cached answer carries it too; the outermost middleware
(usage.middleware.SearchStatisticsMiddleware) takes it off every response before it leaves
and counts the search. One rule for all lists, cached or not, and the page cache needs to know
nothing about statistics.

What is a search: terms or at least one filter, on the first page (turning pages is no new
search), without the sort order (the same search seen differently). Terms are folded as the
search folds them (case, umlauts, accents: bildungsregion.search.fold), spaces collapsed,
capped at TERMS_MAX_LENGTH. Filters are the list's canonical query (valid values only, sorted,
bildungsregion.filters.FacetedFilterSet.canonical_query) without the terms; a radius around the
visitor's own position (``breite`` + ``laenge``) becomes ``standort=1``: coordinates are
personal location data and never stored.
"""

import json
from urllib.parse import parse_qsl, urlencode

from bildungsregion.search import fold

from .models import FILTERS_MAX_LENGTH, TERMS_MAX_LENGTH

NOTE_HEADER = "X-Search-Statistics"
TERMS_PARAM = "q"
POSITION_PARAMS = ("breite", "laenge")
POSITION_USED = "standort"
RADIUS_PARAM = "umkreis"
NOT_FILTERS = (TERMS_PARAM, "seite", "sortierung", *POSITION_PARAMS)


def normalised_terms(text):
    return " ".join(fold(text or "").split())[:TERMS_MAX_LENGTH].strip()


def normalised_filters(filterset):
    """The stored filters of ``filterset``: its canonical query (valid values, sorted) without
    terms, page and sort order – which also leaves out a position (``breite``, ``laenge``) and a
    radius without postcode –, plus ``standort=1`` and the radius where a position was used."""
    pairs = [
        (name, value)
        for name, value in parse_qsl(filterset.canonical_query(1).lstrip("?"))
        if name not in NOT_FILTERS
    ]
    cleaned = getattr(filterset.form, "cleaned_data", {})
    names = {name for name, _value in pairs}
    if all(cleaned.get(name) is not None for name in POSITION_PARAMS) and "plz" not in names:
        pairs.append((POSITION_USED, "1"))
        radius = " ".join(str(filterset.data.get(RADIUS_PARAM, "")).split())
        if radius and cleaned.get(RADIUS_PARAM) is not None and RADIUS_PARAM not in names:
            pairs.append((RADIUS_PARAM, radius))
    text = urlencode(sorted(pairs))
    if len(text) > FILTERS_MAX_LENGTH:
        # Cut at a parameter's end, never in the middle of a value.
        text = text[:FILTERS_MAX_LENGTH].rsplit("&", 1)[0]
    return text


def note_search(response, *, listing, results, filterset=None, terms="", page=1):
    """State the search on ``response`` (see the module docstring). ``filterset``: the list's
    FacetedFilterSet, whose valid values give the terms (``q``), the filters (its canonical
    query) and the region (its ``region`` filter); without one (/suche/) ``terms`` are given."""
    if page != 1:
        return response
    region = None
    if filterset is not None:
        cleaned = getattr(filterset.form, "cleaned_data", {})
        terms = cleaned.get(TERMS_PARAM) or ""
        region = cleaned.get("region")
    terms = normalised_terms(terms)
    filters = normalised_filters(filterset) if filterset is not None else ""
    if not terms and not filters:
        return response
    response[NOTE_HEADER] = json.dumps(
        {
            "listing": str(listing),
            "terms": terms,
            "filters": filters,
            "region": getattr(region, "pk", None),
            "results": int(results),
        },
        separators=(",", ":"),
    )
    return response


def read_note(value):
    """The search stated in a NOTE_HEADER value, or None for anything malformed."""
    try:
        note = json.loads(value)
        return {
            "listing": str(note["listing"]),
            "terms": str(note["terms"])[:TERMS_MAX_LENGTH],
            "filters": str(note["filters"])[:FILTERS_MAX_LENGTH],
            "region": int(note["region"]) if note["region"] is not None else None,
            "results": max(0, int(note["results"])),
        }
    except (ValueError, TypeError, KeyError):
        return None
