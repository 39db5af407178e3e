import gzip
import itertools
import time

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db.models.signals import m2m_changed
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import include, path

from offers.models import Offer, Topic
from offers.services import offer_publish
from regions.models import AccessibilityFeedback, StaffMembership
from tests.conftest import forget_cached_content
from tests.factories import committed, make_offer, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    forget_cached_content()
    yield
    forget_cached_content()


def test_anonymous_repeat_is_served_from_the_cache(client, page_cache, django_assert_num_queries):
    make_offer(title="Deutschkurs am Abend")
    first = client.get("/angebote/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/angebote/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_invalidates_the_cached_pages(client, page_cache, django_user_model):
    draft = make_offer(title="Neuer Kurs", status=Offer.Status.DRAFT)
    assert "Neuer Kurs" not in client.get("/angebote/").content.decode()
    with committed():  # the offer list shows it once the transaction commits
        offer_publish(
            offer=draft, by=django_user_model.objects.create_superuser("chef", password="x")
        )
    response = client.get("/angebote/")
    assert response["X-Page-Cache"] == "miss"
    assert "Neuer Kurs" in response.content.decode()


def test_logged_in_users_and_forms_bypass_the_cache(client, page_cache, django_user_model):
    make_offer(title="Deutschkurs")
    client.force_login(django_user_model.objects.create_user("schule", password="x"))
    assert "X-Page-Cache" not in client.get("/angebote/")
    client.logout()
    assert "X-Page-Cache" not in client.get("/barrierefreiheit/")
    assert "X-Page-Cache" not in client.post("/angebote/")


def test_languages_are_cached_apart(client, page_cache):
    german = client.get("/impressum/", headers={"Accept-Language": "de"})
    english = client.get("/impressum/", headers={"Accept-Language": "en"})
    assert english["X-Page-Cache"] == "miss"
    assert german.content != english.content


def test_values_derived_from_content_follow_a_change(client):
    """Counts and names kept per content generation (page_cache.derived), also in this
    process's memory, are computed again once the content changes."""
    from tests.factories import make_region

    region = make_region(name="Stade", slug="stade")
    make_offer(title="Deutschkurs", region=region)
    assert '<a href="/regionen/stade/">Stade</a>' in client.get("/angebote/").content.decode()
    assert client.get("/angebote/").context["facets"]["region"][0][2] == 1

    region.name = "Landkreis Stade"
    region.save()  # a signal starts a new generation
    make_offer(title="Lesekurs", region=region)

    html = client.get("/angebote/").content.decode()
    assert '<a href="/regionen/stade/">Landkreis Stade</a>' in html
    assert client.get("/angebote/").context["facets"]["region"][0][1:3] == ("Landkreis Stade", 2)


def test_generation_numbers_never_repeat_after_the_cache_lost_them():
    """Processes keep values of a generation in memory; after Redis loses its keys (restart)
    the generation must not start again at a number already used."""
    from bildungsregion import page_cache as pc

    cache.clear()
    pc._local.generation = None
    first = pc.generation()
    pc.bump()
    second = pc.generation()
    cache.clear()  # Redis restarted; this (or another) process reads the generation again
    pc._local.generation = None
    third = pc.generation()
    assert len({first, second, third}) == 3


# --- Issue item 3: poisoning and bypass ------------------------------------------------------


def test_page_cache_foreign_port_in_host_does_not_poison_absolute_links(
    client, page_cache, settings
):
    """A miss with `Host: 127.0.0.1:6666` (allowed: ALLOWED_HOSTS ignores the port) must not
    hand its og:url, JSON-LD and robots.txt Sitemap line to the next visitor."""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    offer = make_offer(title="Deutschkurs am Abend")
    path = offer.get_absolute_url()
    for url in (path, "/robots.txt"):
        assert client.get(url, headers={"Host": "127.0.0.1:6666"})["X-Page-Cache"] == "miss"

    page = client.get(path, headers={"Host": "127.0.0.1"})
    robots = client.get("/robots.txt", headers={"Host": "127.0.0.1"})

    assert (page["X-Page-Cache"], robots["X-Page-Cache"]) == ("miss", "miss")
    html = page.content.decode()
    # The port, not the digits: on PostgreSQL an offer's number in its address can be 6666.
    assert "127.0.0.1:6666" not in html
    assert ":6666/" not in html
    assert f'<meta property="og:url" content="http://127.0.0.1{path}">' in html
    assert f'"url": "http://127.0.0.1{path}"' in html or f'"url":"http://127.0.0.1{path}"' in html
    assert "Sitemap: http://127.0.0.1/sitemap.xml\n" in robots.content.decode()


def test_page_cache_disallowed_host_gets_400_instead_of_a_cached_page(client, page_cache, settings):
    settings.ALLOWED_HOSTS = ["portal.example"]
    assert client.get("/impressum/", headers={"Host": "portal.example"})["X-Page-Cache"] == "miss"

    response = client.get("/impressum/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_page_cache_plain_http_gets_the_https_redirect_instead_of_a_cached_page(
    client, page_cache, settings
):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/impressum/", secure=True)["X-Page-Cache"] == "miss"

    response = client.get("/impressum/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/impressum/"
    assert "X-Page-Cache" not in response


def test_page_cache_forwarded_proto_does_not_poison_the_scheme(client, page_cache, settings):
    """Behind a proxy that appends to X-Forwarded-Proto, a visitor's own `http` comes first:
    that page (http:// links) must not be served to HTTPS visitors."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = False
    path = make_offer(title="Deutschkurs am Abend").get_absolute_url()
    poisoned = client.get(path, headers={"X-Forwarded-Proto": "http, https"}, secure=True)
    assert poisoned["X-Page-Cache"] == "miss"

    response = client.get(path, headers={"X-Forwarded-Proto": "https"}, secure=True)

    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert f'<meta property="og:url" content="https://testserver{path}">' in html
    assert "http://testserver" not in html


def test_page_cache_htmx_key_follows_the_views_rule(client, page_cache):
    """`HX-Request: 1` is no htmx swap for the views (they want "true"): its whole page must
    not be stored under the key of the fragments."""
    make_offer(title="Deutschkurs am Abend")
    whole = client.get("/angebote/", headers={"HX-Request": "1"})
    assert whole["X-Page-Cache"] == "miss"
    assert "<html" in whole.content.decode()

    fragment = client.get("/angebote/", headers={"HX-Request": "true"})

    assert fragment["X-Page-Cache"] == "miss"
    assert "<html" not in fragment.content.decode()
    assert "Deutschkurs am Abend" in fragment.content.decode()
    assert client.get("/angebote/")["X-Page-Cache"] == "hit"  # the page of "HX-Request: 1"
    assert "HX-Request" in fragment["Vary"]


@pytest.mark.parametrize(
    "url",
    [
        "/angebote/?utm_source=newsletter",
        "/angebote/?region=stade&x=1",
        "/impressum/?nocache=123",
        "/suche/?q=Kurs&seite=2",
        "/sitemap-angebote.xml?x=1",
    ],
)
def test_page_cache_unknown_query_parameters_are_not_cached(client, page_cache, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in client.get(url)


@pytest.mark.parametrize(
    "url",
    [
        "/angebote/?region=stade&thema=sprache-und-lesen&seite=2&sortierung=a-z",
        "/akteure/?q=Schule&plz=21682&umkreis=10",
        "/veranstaltungen/?von=2030-01-01&art=workshop",
        "/suche/?q=Kurs",
    ],
)
def test_page_cache_known_query_parameters_are_cached(client, page_cache, url):
    make_offer(title="Deutschkurs am Abend")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


# --- Issue item 4: only public content starts a new generation -------------------------------


def _stored_generation():
    from bildungsregion.page_cache import GENERATION_KEY

    return cache.get(GENERATION_KEY)


@pytest.fixture
def generation_set(page_cache):
    from bildungsregion import page_cache as pc

    pc.bump()
    return _stored_generation()


def test_page_cache_accessibility_feedback_post_leaves_the_generation(client, generation_set):
    region = make_region(name="Stade", slug="stade")
    before = _stored_generation()

    response = client.post(
        "/barrierefreiheit/",
        {
            "region": region.pk,
            "name": "Erika Muster",
            "email": "erika@example.org",
            "page_url": "/angebote/",
            "message": "Der Filter lässt sich mit der Tastatur schlecht bedienen.",
        },
    )

    assert response.status_code == 302
    assert AccessibilityFeedback.objects.count() == 1
    assert _stored_generation() == before


def test_page_cache_staff_membership_and_user_changes_leave_the_generation(
    generation_set, django_user_model
):
    region = make_region(name="Stade", slug="stade")
    before = _stored_generation()

    user = django_user_model.objects.create_user("redakteurin", password="x")
    membership = StaffMembership.objects.create(user=user, region=region)
    membership.role = StaffMembership.Role.COORDINATOR
    membership.save()
    user.groups.add(Group.objects.create(name="Redaktion"))
    membership.delete()

    assert _stored_generation() == before


def test_page_cache_public_content_changes_start_a_new_generation(generation_set):
    offer = make_offer(title="Deutschkurs")
    topic = Topic.objects.get(slug="sprache-und-lesen")
    other = Topic.objects.exclude(pk=topic.pk).first()
    seen = [_stored_generation()]

    offer.title = "Deutschkurs am Abend"
    offer.save()
    seen.append(_stored_generation())
    topic.name = "Sprache, Lesen und Schreiben"
    topic.save()
    seen.append(_stored_generation())
    offer.topics.add(other)
    seen.append(_stored_generation())
    offer.topics.remove(other)
    seen.append(_stored_generation())

    assert len(set(seen)) == 5
    assert seen == sorted(seen)


def test_page_cache_page_stored_before_the_commit_is_stale_after_it(
    client, page_cache, django_capture_on_commit_callbacks
):
    """Between a write and its commit, other requests still read the old rows and may store
    their page under the generation the write started. The commit starts another one, so such a
    page is never served afterwards."""
    offer = make_offer(title="Deutschkurs")
    path = offer.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        offer.title = "Deutschkurs am Abend"
        offer.save()
        assert client.get(path)["X-Page-Cache"] == "miss"
        assert client.get(path)["X-Page-Cache"] == "hit"
    assert client.get(path)["X-Page-Cache"] == "miss"


# --- Issue 20: the key names the encoding and htmx; cookies are never cached ------------------


@pytest.mark.parametrize("first", ["gzip", "identity"])
def test_page_cache_gzip_and_identity_clients_get_their_own_encoding(client, page_cache, first):
    """A gzip body served to a client that asked for identity is unreadable to it, and a plain
    body for a gzip client wastes the compression: the encoding is part of the key."""
    make_offer(title="Deutschkurs am Abend")
    second = "identity" if first == "gzip" else "gzip"

    def get(encoding):
        response = client.get("/angebote/", headers={"Accept-Encoding": encoding})
        body = gzip.decompress(response.content) if encoding == "gzip" else response.content
        return response["X-Page-Cache"], response.get("Content-Encoding"), body

    stored_first = get(first)
    stored_second = get(second)
    repeat_first = get(first)
    repeat_second = get(second)

    encodings = {"gzip": "gzip", "identity": None}
    assert stored_first[:2] == ("miss", encodings[first])
    assert stored_second[:2] == ("miss", encodings[second])
    assert repeat_first[:2] == ("hit", encodings[first])
    assert repeat_second[:2] == ("hit", encodings[second])
    assert stored_first[2].startswith(b"<!DOCTYPE html>")
    assert stored_first[2] == stored_second[2] == repeat_first[2] == repeat_second[2]
    # A client that names no encoding gets the plain body, from the same entry as identity.
    plain = client.get("/angebote/")
    assert (plain["X-Page-Cache"], plain.get("Content-Encoding")) == ("hit", None)
    assert plain.content == stored_first[2]


def test_page_cache_htmx_fragment_and_whole_page_are_kept_apart(client, page_cache):
    """The fragment (an htmx swap) first, then the whole page, then both again: each request
    gets what it asked for, from its own entry."""
    make_offer(title="Deutschkurs am Abend")

    fragment = client.get("/angebote/", headers={"HX-Request": "true"})
    page = client.get("/angebote/")
    fragment_again = client.get("/angebote/", headers={"HX-Request": "true"})
    page_again = client.get("/angebote/")

    assert [r["X-Page-Cache"] for r in (fragment, page, fragment_again, page_again)] == [
        "miss",
        "miss",
        "hit",
        "hit",
    ]
    assert fragment.content.lstrip().startswith(
        b'<h2 class="kern-heading-medium" id="ergebnis-titel"'
    )
    assert page.content.lstrip().startswith(b"<!DOCTYPE html>")
    assert b"Deutschkurs am Abend" in fragment.content
    assert fragment_again.content == fragment.content
    assert page_again.content == page.content
    assert page["Vary"] == fragment["Vary"] == "Accept-Language, Accept-Encoding, HX-Request"
    assert page_again["Vary"] == "Accept-Language, Accept-Encoding, HX-Request"


# A public address (under CACHED_PREFIXES) whose response sets a cookie: the project's own
# pages set none, so this test module serves as the URLconf with one such view added.
_visits = itertools.count(1)


def _page_with_cookie(request):
    visit = next(_visits)
    response = HttpResponse(f"<p>Besuch {visit}</p>")
    response.set_cookie("hinweis", f"besuch-{visit}")
    return response


def _page_with_raw_cookie_header(request):
    visit = next(_visits)
    response = HttpResponse(f"<p>Besuch {visit}</p>")
    response.headers["Set-Cookie"] = f"hinweis=besuch-{visit}; Path=/"
    return response


def _streamed_page(request):
    return StreamingHttpResponse(iter([b"<p>Teil 1</p>", f"<p>{next(_visits)}</p>".encode()]))


urlpatterns = [
    path("angebote/gestreamt/", _streamed_page),
    path("angebote/mit-cookie/", _page_with_cookie),
    path("angebote/mit-cookie-kopfzeile/", _page_with_raw_cookie_header),
    path("", include("bildungsregion.urls")),
]


@pytest.mark.parametrize("url", ["/angebote/mit-cookie/", "/angebote/mit-cookie-kopfzeile/"])
def test_page_cache_responses_that_set_cookies_are_never_stored(client, page_cache, settings, url):
    """A stored Set-Cookie would hand one visitor's cookie to everybody; a stored page without
    it would drop the cookie."""
    settings.ROOT_URLCONF = __name__

    first = client.get(url)
    second = client.get(url)

    first_visit = int(first.content.decode().removeprefix("<p>Besuch ").removesuffix("</p>"))
    assert second.content.decode() == f"<p>Besuch {first_visit + 1}</p>"
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    cookie = second.cookies["hinweis"].value if second.cookies else second["Set-Cookie"]
    assert cookie.removeprefix("hinweis=").removesuffix("; Path=/") == f"besuch-{first_visit + 1}"


def test_page_cache_streamed_responses_pass_through_uncached(client, page_cache, settings):
    settings.ROOT_URLCONF = __name__

    first = b"".join(client.get("/angebote/gestreamt/").streaming_content)
    second_response = client.get("/angebote/gestreamt/")
    second = b"".join(second_response.streaming_content)

    visit = int(first.removeprefix(b"<p>Teil 1</p><p>").removesuffix(b"</p>"))
    assert second == f"<p>Teil 1</p><p>{visit + 1}</p>".encode()
    assert "X-Page-Cache" not in second_response


# --- Issue 20, hunt: what the mutants of page_cache.py showed untested -------------------------


@pytest.mark.parametrize(
    ("cookies", "headers"),
    [
        pytest.param({"messages": "x"}, {}, id="messages-cookie"),
        pytest.param({"sessionid": "x"}, {}, id="session-cookie"),
        pytest.param(
            {}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}, id="history-restore"
        ),
    ],
)
def test_page_cache_requests_that_may_differ_bypass_it(client, page_cache, cookies, headers):
    """A pending message or a session is the visitor's own; an htmx history restore wants the
    whole page although it says HX-Request."""
    make_offer(title="Deutschkurs am Abend")
    assert client.get("/angebote/")["X-Page-Cache"] == "miss"
    for name, value in cookies.items():
        client.cookies[name] = value

    response = client.get("/angebote/", headers=headers)

    assert "X-Page-Cache" not in response
    assert response.content.startswith(b"<!DOCTYPE html>")


def test_page_cache_switched_off_with_zero_seconds(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()

    responses = [client.get("/impressum/") for _ in range(2)]

    assert [r.get("X-Page-Cache") for r in responses] == [None, None]


def test_page_cache_home_page_is_cached(client, page_cache):
    assert [client.get("/")["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]


def test_page_cache_query_string_is_part_of_the_key(client, page_cache):
    north = make_region(name="Nordkreis", slug="nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis")
    make_offer(title="Deutschkurs Nord", region=north)
    make_offer(title="Lesekreis Süd", region=south)

    def titles(query):
        response = client.get(f"/angebote/?region={query}")
        html = response.content.decode()
        return response["X-Page-Cache"], [t for t in ("Nord", "Süd") if f"{t}</a></h3>" in html]

    assert [titles("nordkreis"), titles("suedkreis"), titles("nordkreis")] == [
        ("miss", ["Nord"]),
        ("miss", ["Süd"]),
        ("hit", ["Nord"]),
    ]


def test_page_cache_not_found_is_not_cached(client, page_cache):
    responses = [client.get("/angebote/gibt-es-nicht/") for _ in range(2)]

    assert [(r.status_code, r.get("X-Page-Cache")) for r in responses] == [(404, None)] * 2


def test_page_cache_scheme_is_part_of_the_key(client, page_cache, settings):
    """Behind the proxy Host is the same for both; only the scheme tells the pages apart."""
    settings.ALLOWED_HOSTS = ["portal.example"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = False

    def robots(proto):
        response = client.get(
            "/robots.txt", headers={"Host": "portal.example", "X-Forwarded-Proto": proto}
        )
        sitemap = response.content.decode().splitlines()[-1]
        return response["X-Page-Cache"], sitemap

    assert [robots("http"), robots("https"), robots("http")] == [
        ("miss", "Sitemap: http://portal.example/sitemap.xml"),
        ("miss", "Sitemap: https://portal.example/sitemap.xml"),
        ("hit", "Sitemap: http://portal.example/sitemap.xml"),
    ]


def test_page_cache_renaming_a_region_alone_shows_at_once(client, page_cache):
    region = make_region(name="Stade", slug="stade")
    assert client.get("/regionen/")["X-Page-Cache"] == "miss"

    region.name = "Landkreis Stade"
    region.save()
    response = client.get("/regionen/")

    assert response["X-Page-Cache"] == "miss"
    assert "Landkreis Stade" in response.content.decode()


def test_page_cache_links_start_a_new_generation_after_they_are_written(generation_set):
    """Bumped before the rows change, a page read in between would be stored as current."""
    offer = make_offer(title="Deutschkurs")
    other = Topic.objects.exclude(slug="sprache-und-lesen").first()
    before = _stored_generation()
    seen = {}

    def record(action, **kwargs):
        seen[action] = _stored_generation()

    m2m_changed.connect(record, sender=Offer.topics.through)
    try:
        offer.topics.add(other)
    finally:
        m2m_changed.disconnect(record, sender=Offer.topics.through)

    assert seen["pre_add"] == before
    assert seen["post_add"] > before


def test_page_cache_derived_values_are_computed_once_per_generation_and_variant(page_cache):
    from bildungsregion import page_cache as pc

    calls = []

    def compute():
        calls.append(len(calls) + 1)
        return ["Stade", len(calls)]

    first = [pc.derived("probe", compute, parts=("a",)) for _ in range(2)]
    other = pc.derived("probe", compute, parts=("b",))
    shared_only = [pc.derived("probe-gross", compute, in_process=False) for _ in range(2)]
    pc.bump()
    after_bump = pc.derived("probe", compute, parts=("a",))

    assert first == [["Stade", 1], ["Stade", 1]]
    assert other == ["Stade", 2]
    assert shared_only == [["Stade", 3], ["Stade", 3]]
    assert after_bump == ["Stade", 4]


def test_page_cache_generation_is_read_from_the_shared_cache_once_per_ttl(page_cache):
    """Another process bumps the shared generation: this one sees it within GENERATION_TTL,
    not on every request (one round trip to Redis per page instead of two)."""
    from bildungsregion import page_cache as pc

    pc._local.generation = None
    seen = pc.generation()
    cache.incr(pc.GENERATION_KEY)  # another process

    assert pc.generation() == seen
    pc._local.generation = (seen, time.monotonic() - pc.GENERATION_TTL)
    assert pc.generation() == seen + 1


# --- Issue 20, mutants: the in-process layers spare round trips to the shared cache ----------


class CountingCache(LocMemCache):
    """The test cache, recording every call the page cache makes to it (key and timeout)."""

    calls = []

    def get(self, key, default=None, version=None):
        CountingCache.calls.append(("get", key))
        return super().get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        CountingCache.calls.append(("set", key, timeout))
        return super().set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        CountingCache.calls.append(("add", key, timeout))
        return super().add(key, value, timeout, version)


@pytest.fixture
def counting_cache(settings, page_cache):
    settings.CACHES = {
        "default": {
            "BACKEND": f"{__name__}.CountingCache",
            "LOCATION": "counting",
            "TIMEOUT": 7,
        }
    }
    forget_cached_content()
    CountingCache.calls.clear()
    yield CountingCache.calls
    forget_cached_content()


def _calls(calls, method):
    return [call[1:] for call in calls if call[0] == method]


def test_page_cache_first_generation_is_stored_forever_and_read_back(counting_cache):
    from bildungsregion import page_cache as pc

    first = pc.generation()

    assert first == cache.get(pc.GENERATION_KEY)
    assert _calls(counting_cache, "add") == [(pc.GENERATION_KEY, None)]
    assert _calls(counting_cache, "get")[:2] == [(pc.GENERATION_KEY,), (pc.GENERATION_KEY,)]
    counting_cache.clear()
    assert [pc.generation() for _ in range(3)] == [first] * 3
    assert counting_cache == []  # within GENERATION_TTL: from this process's memory


def test_page_cache_bump_without_a_stored_generation_stores_one_forever(counting_cache):
    from bildungsregion import page_cache as pc

    pc.bump()

    stored = cache.get(pc.GENERATION_KEY)
    assert isinstance(stored, int)
    assert _calls(counting_cache, "set") == [(pc.GENERATION_KEY, None)]
    assert pc.generation() == stored


def test_page_cache_bump_is_seen_at_once_by_this_process(counting_cache):
    from bildungsregion import page_cache as pc

    seen = pc.generation()
    pc.bump()

    assert pc.generation() == seen + 1  # the second bump waits for the test's transaction


def test_page_cache_a_hit_reads_the_shared_cache_at_most_once(client, counting_cache):
    """The second request is answered from this process's copy of the page: no shared-cache
    read at all (the generation is remembered, the page is kept in memory)."""
    assert client.get("/impressum/")["X-Page-Cache"] == "miss"
    stored = [call for call in _calls(counting_cache, "set") if call[0].startswith("page-cache")]
    assert [timeout for _key, timeout in stored] == [300]  # PAGE_CACHE_SECONDS, not the default
    counting_cache.clear()

    assert client.get("/impressum/")["X-Page-Cache"] == "hit"
    assert counting_cache == []


def test_page_cache_other_process_page_is_kept_in_memory_after_one_read(client, counting_cache):
    """A page another process stored is read from the shared cache once, then from memory."""
    from bildungsregion import page_cache as pc

    first = client.get("/impressum/")
    pc._local_pages.pages.clear()  # as in another process
    counting_cache.clear()

    responses = [client.get("/impressum/") for _ in range(2)]

    assert [r["X-Page-Cache"] for r in responses] == ["hit", "hit"]
    assert [r.content for r in responses] == [first.content] * 2
    assert len(_calls(counting_cache, "get")) == 1
    assert _calls(counting_cache, "set") == []


def test_page_cache_derived_values_come_from_memory_after_the_first_read(counting_cache):
    from bildungsregion import page_cache as pc

    pc.generation()
    counting_cache.clear()

    values = [pc.derived("probe", lambda: ["Stade"], parts=("a",), timeout=42) for _ in range(3)]

    assert values == [["Stade"]] * 3
    assert len(_calls(counting_cache, "get")) == 1
    [(key, timeout)] = _calls(counting_cache, "set")
    assert key.startswith("derived:probe:")
    assert timeout == 42
    pc._local_values.pages.clear()  # as in another process
    counting_cache.clear()
    assert pc.derived("probe", lambda: ["anders"], parts=("a",)) == ["Stade"]
    assert len(_calls(counting_cache, "get")) == 1
    assert _calls(counting_cache, "set") == []


def test_page_cache_large_derived_values_are_not_kept_in_memory(counting_cache):
    from bildungsregion import page_cache as pc

    pc.generation()
    counting_cache.clear()

    values = [pc.derived("gross", lambda: ["Stade"], in_process=False) for _ in range(2)]

    assert values == [["Stade"]] * 2
    assert len(_calls(counting_cache, "get")) == 2
    assert [timeout for _key, timeout in _calls(counting_cache, "set")] == [600]
    assert not any(key.startswith("derived:gross:") for key in pc._local_values.pages)


def test_page_cache_derived_value_false_is_kept_too(counting_cache):
    """A falsy value (0, an empty list) is a value: computed once, not on every call."""
    from bildungsregion import page_cache as pc

    calls = []

    def compute():
        calls.append(1)
        return 0

    assert [pc.derived("leer", compute) for _ in range(2)] == [0, 0]
    pc._local_values.pages.clear()
    assert pc.derived("leer", compute) == 0
    assert calls == [1]


def test_page_cache_local_pages_keep_the_most_recently_used(page_cache):
    from bildungsregion.page_cache import _LocalPages

    pages = _LocalPages(size=2)
    pages.put("a", 1)
    pages.put("b", 2)
    assert pages.get("a") == 1  # "a" is now the most recent
    pages.put("c", 3)
    pages.put("b", 4)  # an update also counts as use

    assert list(pages.pages.items()) == [("c", 3), ("b", 4)]
    assert pages.get("a") is None
    pages.put("d", 5)
    assert list(pages.pages) == ["b", "d"]


def test_page_cache_head_requests_are_cached(client, page_cache):
    assert client.get("/impressum/")["X-Page-Cache"] == "miss"
    assert client.head("/impressum/")["X-Page-Cache"] == "hit"


def test_page_cache_one_second_is_enough_to_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 1
    forget_cached_content()

    assert [client.get("/impressum/")["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    forget_cached_content()


@pytest.mark.parametrize(
    "url",
    [
        "/angebote/",
        "/veranstaltungen/",
        "/akteure/",
        "/regionen/",
        "/lebensphasen/{stage}/",
        "/uebergaenge/{transition}/",
        "/suche/",
        "/impressum/",
        "/datenschutz/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_page_cache_every_public_section_is_cached(client, page_cache, url):
    from offers.models import LifeStage, Transition

    url = url.format(
        stage=LifeStage.objects.first().slug, transition=Transition.objects.first().slug
    )

    responses = [client.get(url) for _ in range(2)]

    assert [(r.status_code, r["X-Page-Cache"]) for r in responses] == [(200, "miss"), (200, "hit")]
    assert responses[1].content == responses[0].content


def test_page_cache_generation_after_the_ttl_costs_one_read(counting_cache):
    from bildungsregion import page_cache as pc

    seen = pc.generation()
    pc._local.generation = (seen, time.monotonic() - pc.GENERATION_TTL)
    counting_cache.clear()

    assert pc.generation() == seen
    assert counting_cache == [("get", pc.GENERATION_KEY)]


def test_page_cache_generation_in_a_new_thread(page_cache):
    """Each worker thread has its own memo: a thread that never read the generation reads it
    from the shared cache (and does not fail on the missing memo)."""
    import threading

    from bildungsregion import page_cache as pc

    seen = pc.generation()
    results = []
    thread = threading.Thread(target=lambda: results.append(pc.generation()))
    thread.start()
    thread.join()

    assert results == [seen]


def test_page_cache_query_params_declares_the_names_and_keeps_the_view():
    from django.test import RequestFactory

    from bildungsregion.page_cache import query_params

    def kursliste(request, slug):
        """Die Kurse."""
        return HttpResponse(f"{slug} {request.GET.get('region')}")

    view = query_params("region", "seite")(kursliste)

    assert view.page_cache_query_params == frozenset({"region", "seite"})
    assert (view.__name__, view.__doc__) == ("kursliste", "Die Kurse.")
    assert view(RequestFactory().get("/?region=stade"), slug="abend").content == b"abend stade"
    assert query_params()(kursliste).page_cache_query_params == frozenset()


def test_page_cache_unknown_address_with_a_query_never_reads_the_cache(client, counting_cache):
    response = client.get("/angebote/gibt/es/nicht/?seite=2")  # matches no URL pattern

    assert response.status_code == 404
    assert not [key for (key,) in _calls(counting_cache, "get") if key.startswith("page-cache:v3")]


def test_page_cache_local_pages_hold_256_pages_by_default():
    from bildungsregion.page_cache import _LocalPages

    pages = _LocalPages()
    for number in range(257):
        pages.put(number, number)

    assert list(pages.pages) == list(range(1, 257))


def test_page_cache_pages_outside_the_cached_prefixes_never_read_it(client, counting_cache):
    """A form page (its CSRF token belongs to one visitor) is left alone before any lookup."""
    client.get("/barrierefreiheit/")  # the visitor has a CSRF cookie now
    counting_cache.clear()

    response = client.get("/barrierefreiheit/")

    assert (response.status_code, response.get("X-Page-Cache")) == (200, None)
    assert not [key for (key,) in _calls(counting_cache, "get") if key.startswith("page-cache:v3")]


def test_page_cache_plain_http_under_ssl_redirect_never_reads_the_cache(
    client, counting_cache, settings
):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/impressum/")

    assert response.status_code == 301
    assert not [key for (key,) in _calls(counting_cache, "get") if key.startswith("page-cache:v3")]


def test_page_cache_header_is_sent_as_x_page_cache(client, page_cache):
    """Monitoring greps the header as written (X-Page-Cache: hit/miss)."""
    sent = [dict(client.get("/impressum/").items()) for _ in range(2)]

    assert [headers.get("X-Page-Cache") for headers in sent] == ["miss", "hit"]


def test_page_cache_foreign_host_never_reads_the_cache(client, counting_cache, settings):
    from bildungsregion.page_cache import GENERATION_KEY

    settings.ALLOWED_HOSTS = ["portal.example"]

    response = client.get("/impressum/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert ("get", GENERATION_KEY) not in counting_cache
