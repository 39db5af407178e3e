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

Counting is one UPDATE (one INSERT the first time a search is made on a day); a failure of it
(the database away while the page cache still answers) is logged and never fails the page.
"""

import logging

import crawleruseragents
from django.db import DatabaseError

from .notes import NOTE_HEADER, read_note
from .services import search_count

TYPING_HEADER = "X-Search-Typing"

logger = logging.getLogger(__name__)


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
        try:
            search_count(note=note)
        except DatabaseError:
            logger.exception("Suchstatistik: Zählen fehlgeschlagen")
        return response
