"""Search statistics: what a search on a public list leaves behind – and what it does not."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import forget_cached_content
from tests.factories import make_actor, make_municipality, make_offer, make_region
from usage import middleware
from usage.models import PageFeedback, SearchCount
from usage.notes import NOTE_HEADER
from usage.services import search_count, usage_prune

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
STORED = ["day", "listing", "region", "terms", "filters", "searches", "without_results", "results"]


def _rows():
    return list(SearchCount.objects.order_by("pk").values(*STORED))


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    forget_cached_content()
    yield
    forget_cached_content()


def test_search_count_has_exactly_the_statistics_fields():
    assert [field.name for field in SearchCount._meta.get_fields()] == [
        "id",
        "key",
        *STORED,
    ]
    assert [field.name for field in PageFeedback._meta.get_fields()] == [
        "id",
        "region",
        "kind",
        "page_path",
        "page_title",
        "helpful",
        "comment",
        "day",
    ]


def test_offer_search_is_counted_with_nothing_personal(client):
    region = make_region(name="Geest", slug="geest")
    make_offer(region=region, title="Musikschule für Kinder")
    client.cookies["besuch"] = "cookie-wert-4711"
    response = client.get(
        "/angebote/",
        {
            "q": "  MUSIKSCHULE   Kinder ",
            "region": "geest",
            "lebensphase": "beruf-und-weiterbildung",
            "breite": "53.5912",
            "laenge": "9.4763",
            "umkreis": "10",
            "sortierung": "a-z",
        },
        HTTP_USER_AGENT=BROWSER,
        REMOTE_ADDR="203.0.113.77",
    )
    assert response.status_code == 200
    assert NOTE_HEADER not in response.headers
    assert _rows() == [
        {
            "day": timezone.localdate(),
            "listing": "angebote",
            "region": region.pk,
            "terms": "musikschule kinder",
            "filters": "lebensphase=beruf-und-weiterbildung&region=geest&standort=1&umkreis=10",
            "searches": 1,
            "without_results": 1,  # the offer has no place within 10 km of the position
            "results": 0,
        }
    ]
    stored = " ".join(str(value) for value in SearchCount.objects.values_list().get())
    for trace in ["203.0.113", "Firefox", "Mozilla", "cookie-wert", "53.59", "9.47", "a-z"]:
        assert trace not in stored


def test_bots_and_requests_without_user_agent_are_not_counted(client):
    make_offer(title="Musikschule")
    googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    for user_agent in [googlebot, "curl/8.5.0", "python-requests/2.32", ""]:
        response = client.get("/angebote/", {"q": "musik"}, HTTP_USER_AGENT=user_agent)
        assert response.status_code == 200
        assert NOTE_HEADER not in response.headers
    client.get("/angebote/", {"q": "musik"})  # the test client sends no User-Agent at all
    assert _rows() == []


def test_a_list_without_terms_or_filters_is_no_search(client):
    make_offer()
    client.get("/angebote/", HTTP_USER_AGENT=BROWSER)
    client.get("/angebote/", {"sortierung": "titel", "q": "  "}, HTTP_USER_AGENT=BROWSER)
    client.get("/suche/", HTTP_USER_AGENT=BROWSER)
    client.head("/angebote/", {"q": "musik"}, HTTP_USER_AGENT=BROWSER)
    assert _rows() == []


def test_a_search_without_results_counts_as_not_found(client):
    make_offer(title="Deutschkurs")
    client.get("/angebote/", {"q": "Quidditch"}, HTTP_USER_AGENT=BROWSER)
    client.get("/angebote/", {"q": "quidditch"}, HTTP_USER_AGENT=BROWSER)
    [row] = _rows()
    assert (row["terms"], row["searches"], row["without_results"], row["results"]) == (
        "quidditch",
        2,
        2,
        0,
    )


def test_page_two_is_not_counted(client):
    region = make_region(slug="marsch")
    for _ in range(21):
        make_actor(region)
    client.get("/akteure/", {"region": "marsch", "seite": "2"}, HTTP_USER_AGENT=BROWSER)
    assert _rows() == []
    client.get("/akteure/", {"region": "marsch"}, HTTP_USER_AGENT=BROWSER)
    assert [(r["listing"], r["filters"], r["results"]) for r in _rows()] == [
        ("akteure", "region=marsch", 21)
    ]


def test_typing_in_the_live_filter_is_not_counted_but_its_choices_are(client):
    make_offer(title="Musikschule")
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_USER_AGENT": BROWSER}
    client.get("/angebote/", {"q": "mus"}, HTTP_X_SEARCH_TYPING="1", **htmx)
    client.get("/angebote/", {"q": "musik"}, HTTP_X_SEARCH_TYPING="1", **htmx)
    assert _rows() == []
    client.get("/angebote/", {"q": "musik"}, **htmx)  # Enter, "Filter anwenden", a choice
    assert [(r["terms"], r["searches"]) for r in _rows()] == [("musik", 1)]


def test_every_list_and_the_one_search_are_counted(client):
    region = make_region(slug="geest")
    make_offer(region=region, title="Lesepaten")
    client.get("/suche/", {"q": "Lesepaten"}, HTTP_USER_AGENT=BROWSER)
    client.get("/veranstaltungen/", {"region": "geest"}, HTTP_USER_AGENT=BROWSER)
    client.get("/akteure/", {"q": "Lesepaten"}, HTTP_USER_AGENT=BROWSER)
    client.get("/ausbildung-und-praktikum/", {"q": "Tischler"}, HTTP_USER_AGENT=BROWSER)
    assert [(r["listing"], r["region"], r["terms"], r["filters"]) for r in _rows()] == [
        ("suche", None, "lesepaten", ""),
        ("veranstaltungen", region.pk, "", "region=geest"),
        ("akteure", None, "lesepaten", ""),
        ("plaetze", None, "tischler", ""),
    ]


def test_a_postcode_radius_keeps_the_postcode(client, postcode_places):
    municipality = make_municipality(postcodes=["21682"])
    make_offer(municipality=municipality, postcode="21682")
    client.get("/angebote/", {"plz": "21682", "umkreis": "5"}, HTTP_USER_AGENT=BROWSER)
    assert [r["filters"] for r in _rows()] == ["plz=21682&umkreis=5"]


def test_a_cached_answer_is_counted_too_with_one_query(client, page_cache):
    make_offer(title="Musikschule")
    first = client.get("/angebote/", {"q": "Musik"}, HTTP_USER_AGENT=BROWSER)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/angebote/", {"q": "Musik"}, HTTP_USER_AGENT=BROWSER)
    assert second["X-Page-Cache"] == "hit"
    assert NOTE_HEADER not in second.headers
    written = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(written) == 1  # the UPDATE of the day's row
    assert written[0].startswith("UPDATE")
    assert [(r["terms"], r["searches"]) for r in _rows()] == [("musik", 2)]


def test_a_process_writes_its_tally_when_due(client, settings):
    settings.SEARCH_STATISTICS_FLUSH_SECONDS = 3600
    middleware.pending.flush()  # a fresh tally, written now (nothing yet)
    make_offer(title="Musikschule")
    try:
        for terms in ["Musik", "musik", "Quidditch"]:
            client.get("/angebote/", {"q": terms}, HTTP_USER_AGENT=BROWSER)
        assert _rows() == []
    finally:
        middleware.pending.flush()
    assert [(r["terms"], r["searches"], r["without_results"]) for r in _rows()] == [
        ("musik", 2, 0),
        ("quidditch", 1, 1),
    ]


def test_the_first_search_of_a_day_inserts_and_a_repeat_updates(django_assert_max_num_queries):
    note = {"listing": "angebote", "terms": "kita", "filters": "", "region": None, "results": 3}
    with django_assert_max_num_queries(4):  # UPDATE (0 rows), SAVEPOINT, INSERT, RELEASE
        search_count(note=note)
    with django_assert_max_num_queries(1):
        search_count(note={**note, "results": 0})
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    search_count(note=note, day=yesterday)
    search_count(note={**note, "listing": "unbekannt"})
    assert [(r["day"], r["searches"], r["without_results"], r["results"]) for r in _rows()] == [
        (timezone.localdate(), 2, 1, 0),
        (yesterday, 1, 0, 3),
    ]


def test_prune_deletes_what_is_older_than_a_year_and_is_safe_twice():
    region = make_region()
    today = timezone.localdate()
    note = {"listing": "suche", "terms": "kita", "filters": "", "region": None, "results": 1}
    for days in [0, 366, 367]:
        search_count(note=note, day=today - datetime.timedelta(days=days))
    for days in [366, 367]:
        PageFeedback.objects.create(
            region=region,
            kind="angebot",
            page_path="/angebote/x/",
            page_title="X",
            helpful=True,
            day=today - datetime.timedelta(days=days),
        )
    assert usage_prune() == (1, 1)
    call_command("prune_usage")
    assert sorted(SearchCount.objects.values_list("day", flat=True)) == [
        today - datetime.timedelta(days=366),
        today,
    ]
    assert list(PageFeedback.objects.values_list("day", flat=True)) == [
        today - datetime.timedelta(days=366)
    ]


def test_one_search_is_one_entry_of_the_tally_whatever_it_found(settings):
    """The same search asked again after a change of the data found something else: still one
    entry (its row), with both searches, one of them empty, and the latest number."""
    settings.SEARCH_STATISTICS_FLUSH_SECONDS = 3600
    tally = middleware.PendingSearches()
    note = {"listing": "angebote", "terms": "kurs", "filters": "", "region": None}
    tally.add({**note, "results": 0})
    tally.add({**note, "results": 4})
    assert [[*entry[:2], entry[2]["results"]] for entry in tally.counted.values()] == [[2, 1, 4]]
