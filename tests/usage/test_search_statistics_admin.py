"""/admin/suchanfragen/ and the monitoring's "gesucht, nicht gefunden", checked against
hand-counted searches; who sees which region's searches, as a matrix."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_region
from usage.services import search_count

pytestmark = pytest.mark.django_db

URL = "/admin/suchanfragen/"


def _search(listing, terms, region, *, results, days_ago=0, filters="", times=1):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    note = {
        "listing": listing,
        "terms": terms,
        "filters": filters,
        "region": region.pk if region else None,
        "results": results,
    }
    for _ in range(times):
        search_count(note=note, day=day)


@pytest.fixture
def searches():
    """Geest: "kita" 3× today (found), "quidditch" 2× today and 1× 20 days ago (nothing),
    "musik" 4× 100 days ago (found), "lesen" 1× 400 days ago (out of every period).
    Marsch: "hafen" 5× today (nothing). Without region: "kita" 7× today (found)."""
    geest = make_region(name="Geest", slug="geest")
    marsch = make_region(name="Marsch", slug="marsch")
    _search("angebote", "kita", geest, results=4, times=3, filters="region=geest")
    _search("angebote", "quidditch", geest, results=0, times=2, filters="region=geest")
    _search("angebote", "quidditch", geest, results=0, days_ago=20, filters="region=geest")
    _search("suche", "musik", geest, results=9, days_ago=100, times=4)
    _search("suche", "lesen", geest, results=1, days_ago=400)
    _search("veranstaltungen", "hafen", marsch, results=0, times=5, filters="region=marsch")
    _search("suche", "kita", None, results=12, times=7)
    return {"geest": geest, "marsch": marsch}


def _table(rows):
    return [(row.terms, row.listing, row.total) for row in rows]


def test_office_sees_its_region_per_period(client, searches):
    client.force_login(make_user("buero-geest", region=searches["geest"], role="redaktion"))
    response = client.get(URL, {"zeitraum": "7"})
    assert response.status_code == 200
    assert response.context["scope"] == "Geest"
    assert response.context["totals"] == {"searches": 5, "empty": 2}
    assert _table(response.context["most_frequent"]) == [
        ("kita", "Angebote", 3),
        ("quidditch", "Angebote", 2),
    ]
    assert _table(response.context["without_results"]) == [("quidditch", "Angebote", 2)]
    assert response.context["most_frequent"][0].url == "/angebote/?q=kita&region=geest"

    response = client.get(URL, {"zeitraum": "30"})
    assert response.context["totals"] == {"searches": 6, "empty": 3}
    assert _table(response.context["without_results"]) == [("quidditch", "Angebote", 3)]

    response = client.get(URL, {"zeitraum": "365"})
    assert response.context["totals"] == {"searches": 10, "empty": 3}
    assert _table(response.context["most_frequent"]) == [
        ("musik", "Suche über alles", 4),
        ("kita", "Angebote", 3),
        ("quidditch", "Angebote", 3),
    ]
    page = response.content.decode()
    assert "Gesucht, nicht gefunden: Suchen ohne Treffer" in page
    assert '<option value="365" selected>letzte 365 Tage</option>' in page


def test_an_unknown_period_is_thirty_days(client, searches):
    client.force_login(make_user("buero-geest", region=searches["geest"], role="redaktion"))
    for period in ["12", "viele", ""]:
        response = client.get(URL, {"zeitraum": period})
        assert response.status_code == 200
        assert response.context["days"] == 30
        assert response.context["totals"] == {"searches": 6, "empty": 3}


def test_office_of_another_region_never_sees_this_one(client, searches):
    client.force_login(make_user("buero-marsch", region=searches["marsch"], role="koordination"))
    for asked in ["", "geest", "ohne"]:
        response = client.get(URL, {"region": asked, "zeitraum": "365"})
        assert response.status_code == 200
        assert response.context["scope"] == "Marsch"
        assert _table(response.context["most_frequent"]) == [("hafen", "Veranstaltungen", 5)]
        assert response.context["totals"] == {"searches": 5, "empty": 5}
    assert "geest" not in response.content.decode()


def test_superuser_sees_all_a_region_and_the_searches_without_region(client, searches):
    client.force_login(make_user("land", is_superuser=True))
    response = client.get(URL, {"zeitraum": "7"})
    assert response.context["scope"] == "alle Suchen"
    assert _table(response.context["most_frequent"]) == [
        ("kita", "Suche über alles", 7),
        ("hafen", "Veranstaltungen", 5),
        ("kita", "Angebote", 3),
        ("quidditch", "Angebote", 2),
    ]
    response = client.get(URL, {"zeitraum": "7", "region": "marsch"})
    assert _table(response.context["without_results"]) == [("hafen", "Veranstaltungen", 5)]
    response = client.get(URL, {"zeitraum": "7", "region": "ohne"})
    assert response.context["scope"] == "Suchen ohne Region"
    assert _table(response.context["most_frequent"]) == [("kita", "Suche über alles", 7)]
    assert response.context["without_results"] == []


def test_the_page_is_refused_to_anonymous_and_staff_without_region(client, searches):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(make_user("ohne-region"))
    assert client.get(URL).status_code == 403


def test_page_queries_stay_within_budget(client, searches, django_assert_max_num_queries):
    client.force_login(make_user("buero-geest", region=searches["geest"], role="redaktion"))
    client.get(URL)  # warms the per-user caches of the admin
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"zeitraum": "365"})
    assert response.status_code == 200


def test_monitoring_shows_what_was_searched_and_not_found(client, searches):
    client.force_login(
        make_user("red-geest", region=searches["geest"], role=StaffMembership.Role.EDITOR)
    )
    response = client.get(reverse("admin:monitoring"))
    assert response.status_code == 200
    assert _table(response.context["not_found"]) == [("quidditch", "Angebote", 3)]
    page = response.content.decode()
    section = page.split('id="not-found-heading"')[1].split("</section>")[0]
    assert ">Gesucht, nicht gefunden</h2>" in page
    assert '<a href="/angebote/?q=quidditch&amp;region=geest">quidditch</a>' in section
    assert "hafen" not in page
