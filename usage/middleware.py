"""Counts the searches the public lists answered (see usage.notes), cached answers included.

The outermost middleware: it sees every response, also those the page cache below it answers
without running a view. A response that states a search (usage.notes.NOTE_HEADER) loses the
header here, always; the search is counted when the request is a real one:

* a GET (not HEAD), not from a bot: the User-Agent is matched against the maintained list of
  crawler patterns of the ``crawler-user-agents`` package (and a missing User-Agent counts as
  a bot). The User-Agent is only read for that test, never stored;
* not an intermediate state of typing: the live filter (htmx, templates/includes/
  filter_form.html) asks for results 400 ms after each pause in typing; static/js/portal.js
  marks those requests (TYPING_HEADER) when the pause was in a text field, so that "mus",
  "musik", "musikschule" count once – when the visitor presses Enter or "Filter anwenden",
  picks another filter, or opens the address. Choices (a life stage, a region) count at once.

Counting costs the request next to nothing: the search is added to this process's tally
(``PendingSearches``), which is written at most every settings.SEARCH_STATISTICS_FLUSH_SECONDS
(10) by the request that finds it due – one UPDATE per distinct search (an INSERT the first
time that day), all in one transaction – and when the process ends. Measured on PostgreSQL on a
busy two-core machine: a counted search written at once cost 4.6–6 ms (an UPDATE and its
commit; a Django task would be an INSERT and a commit as well), 15–20 times a ``SELECT 1``. What
a process counted in its last seconds is lost if it is killed hard; for statistics that is
fine. A failure of the write (the database away while the page cache still answers) is logged
and never fails the page; that tally is dropped.
"""

import atexit
import logging
import threading
import time

import crawleruseragents
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from .notes import NOTE_HEADER, read_note
from .services import searches_count

TYPING_HEADER = "X-Search-Typing"

logger = logging.getLogger(__name__)


class PendingSearches:
    """This process's searches not yet written, per day and search."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counted = {}
        self.since = time.monotonic()

    def add(self, note):
        # One entry per search (its row in SearchCount); the number of results is not part
        # of it: the entry keeps the latest.
        search = tuple(sorted((name, value) for name, value in note.items() if name != "results"))
        key = (timezone.localdate(), search)
        with self.lock:
            entry = self.counted.setdefault(key, [0, 0, note])
            entry[0] += 1
            entry[1] += 1 if note["results"] == 0 else 0
            entry[2] = note  # the latest number of results
            due = time.monotonic() - self.since >= settings.SEARCH_STATISTICS_FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self):
        with self.lock:
            counted, self.counted = self.counted, {}
            self.since = time.monotonic()
        if not counted:
            return
        try:
            searches_count(counted)
        except DatabaseError:
            logger.exception("Suchstatistik: Schreiben fehlgeschlagen")


pending = PendingSearches()
atexit.register(pending.flush)


def is_bot(request):
    user_agent = request.headers.get("User-Agent", "").strip()
    return not user_agent or crawleruseragents.is_crawler(user_agent)


class SearchStatisticsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = response.get(NOTE_HEADER)
        if value is not None:
            del response[NOTE_HEADER]
        if value is None or request.method != "GET" or request.headers.get(TYPING_HEADER):
            return response
        note = read_note(value)
        if note is None or is_bot(request):
            return response
        pending.add(note)
        return response
