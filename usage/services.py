"""Writing the statistics: counting a search, storing a page feedback, pruning old rows."""

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RETENTION_DAYS, PageFeedback, SearchCount, SearchList


def _key(day, note):
    parts = [day.isoformat(), note["listing"], str(note["region"] or ""), note["terms"]]
    return hashlib.sha256("\n".join([*parts, note["filters"]]).encode()).hexdigest()


def search_count(*, note, day=None, searches=1, empty=None):
    """Count ``searches`` (1) searches (a note of usage.notes.read_note) on ``day`` (today),
    ``empty`` of them without results (by default: all if the note found nothing): one UPDATE
    of the day's row for the same search, or – the first time that day – an INSERT (racing
    another process's first INSERT, the loser updates). Unknown lists are ignored."""
    if note["listing"] not in SearchList.values:
        return
    day = day or timezone.localdate()
    key = _key(day, note)
    if empty is None:
        empty = searches if note["results"] == 0 else 0
    changes = {
        "searches": F("searches") + searches,
        "without_results": F("without_results") + empty,
        "results": note["results"],
    }
    if SearchCount.objects.filter(key=key).update(**changes):
        return
    try:
        with transaction.atomic():
            SearchCount.objects.create(
                key=key,
                day=day,
                listing=note["listing"],
                region_id=note["region"],
                terms=note["terms"],
                filters=note["filters"],
                searches=searches,
                without_results=empty,
                results=note["results"],
            )
    except IntegrityError:
        SearchCount.objects.filter(key=key).update(**changes)


def searches_count(counted):
    """Write what a process counted ({(day, note as tuple): [searches, empty, note]}), in one
    transaction (one commit for all)."""
    with transaction.atomic():
        for (day, _note), (searches, empty, note) in counted.items():
            search_count(note=note, day=day, searches=searches, empty=empty)


def page_feedback_create(*, region, kind, page_path, page_title, helpful, comment=""):
    """Store one answer to "War diese Seite hilfreich?" (the day only, nothing about who)."""
    return PageFeedback.objects.create(
        region=region,
        kind=kind,
        page_path=page_path[:300],
        page_title=page_title[:300],
        helpful=helpful,
        comment=comment.strip(),
    )


def usage_prune(*, today=None, days=RETENTION_DAYS):
    """Delete search counts and page feedback older than ``days`` days; returns the numbers.
    Deleting what is already gone deletes nothing: safe to run twice."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=days)
    searches, _ = SearchCount.objects.filter(day__lt=cutoff).delete()
    feedback, _ = PageFeedback.objects.filter(day__lt=cutoff).delete()
    return searches, feedback
