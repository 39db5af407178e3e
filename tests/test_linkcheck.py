"""The link check (bildungsregion.linkcheck): the uses kept by the data layer, the check against
an HTTP server of the test's own on 127.0.0.1 (never the internet), the office's list and the
provider's include.

The server's routes: 200, 404, 500, a slow answer (longer than the timeout), redirect chains,
a redirect loop, a redirect to ftp://, 405 and 501 on HEAD with 200 on GET, and a route whose
status the test sets. It records every request (method, path, Host, User-Agent, the moment).
"""

import datetime
import http.server
import io
import itertools
import threading
import time
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from bildungsregion import linkcheck
from bildungsregion.models import BrokenLink, CheckedLink, LinkResult, LinkUse
from offers.models import Offer
from regions.models import Document, StaffMembership
from tests.admin.conftest import make_user
from tests.factories import committed, make_actor, make_event, make_offer, make_region

pytestmark = pytest.mark.django_db

SLOW_SECONDS = 1.0


@dataclass
class Seen:
    method: str
    path: str
    host: str
    user_agent: str
    at: float


@dataclass
class Server:
    url: str
    requests: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)  # path → status for /flaky…

    def seen(self, path=None):
        return [r for r in self.requests if path is None or r.path == path]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _answer(self, status, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _record(self):
        self.server.state.requests.append(
            Seen(
                self.command,
                self.path,
                self.headers.get("Host", ""),
                self.headers.get("User-Agent", ""),
                time.monotonic(),
            )
        )

    def _route(self):
        server = self.server.state
        path = self.path.split("?")[0]
        if path == "/ok":
            return self._answer(200)
        if path == "/missing":
            return self._answer(404)
        if path == "/error":
            return self._answer(500)
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self._answer(200)
        if path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            if left == 0:
                return self._answer(200)
            return self._answer(302, [("Location", f"/redirect/{left - 1}")])
        if path == "/to-missing":
            return self._answer(301, [("Location", "/missing")])
        if path == "/loop":
            return self._answer(302, [("Location", "/loop")])
        if path == "/to-ftp":
            return self._answer(302, [("Location", "ftp://files.example/x")])
        if path == "/head-405":
            return self._answer(405 if self.command == "HEAD" else 200)
        if path == "/head-501":  # GET (HEAD answers 501, see do_HEAD)
            return self._answer(200)
        if path.startswith("/flaky"):
            return self._answer(server.statuses.get(path, 200))
        return self._answer(404)

    def do_HEAD(self):
        self._record()
        if self.path.startswith("/head-501"):
            return self._answer(501)  # as http.server answers a method it does not know
        self._route()

    def do_GET(self):
        self._record()
        self._route()


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass  # the client gave up on /slow: the late answer finds the socket closed


@pytest.fixture
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.state = Server(url=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd.state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _fast_checks(settings):
    settings.LINK_CHECK_TIMEOUT = 0.3
    settings.LINK_CHECK_HOST_INTERVAL = 0.02
    settings.LINK_CHECK_ALLOW_PRIVATE = True


def uses_of(obj):
    """(field, address, region id) of an entry's uses, sorted."""
    return sorted(
        LinkUse.objects.filter(
            object_id=obj.pk, content_type__model=obj._meta.model_name
        ).values_list("field", "link__url", "region_id")
    )


def run_check():
    out = io.StringIO()
    call_command("check_links", stdout=out)
    return out.getvalue()


def link(url):
    return CheckedLink.objects.get(url=url)


def age_checks(hours=21):
    """Pretend the last checks were ``hours`` ago (older than LINK_CHECK_INTERVAL_HOURS)."""
    CheckedLink.objects.update(checked_at=timezone.now() - datetime.timedelta(hours=hours))


# --- The uses, kept by the data layer -----------------------------------------------------------
def test_uses_follow_create_update_and_delete_of_an_offer():
    region = make_region()
    offer = make_offer(
        region=region,
        registration_url="https://vhs.example/anmeldung",
        description="Alles Weitere unter https://vhs.example/kurse/deutsch. Oder fragen Sie.",
    )
    assert uses_of(offer) == [
        ("description", "https://vhs.example/kurse/deutsch", region.pk),
        ("registration_url", "https://vhs.example/anmeldung", region.pk),
    ]

    offer.registration_url = "https://vhs.example/neu"
    offer.description = "Keine Adresse mehr."
    offer.save()
    assert uses_of(offer) == [("registration_url", "https://vhs.example/neu", region.pk)]

    other = make_region()
    offer.region = other
    offer.save(update_fields=["region"])
    assert uses_of(offer) == [("registration_url", "https://vhs.example/neu", other.pk)]

    offer_pk = offer.pk
    offer.delete()
    assert list(LinkUse.objects.filter(object_id=offer_pk)) == []


def test_uses_of_every_registered_kind_of_entry():
    region = make_region(website="https://landkreis.example/bildung")
    actor = make_actor(region, website="https://musikschule.example")
    event = make_event(
        region=region,
        description="Programm: https://schule.example/tag (PDF).",
        registration="Anmeldung bis Freitag: http://schule.example/anmelden",
    )
    document = Document.objects.create(
        region=region, title="Bildungsbericht", url="https://landkreis.example/bericht.pdf"
    )
    assert uses_of(region) == [("website", "https://landkreis.example/bildung", region.pk)]
    assert uses_of(actor) == [("website", "https://musikschule.example", region.pk)]
    assert uses_of(event) == [
        ("description", "https://schule.example/tag", region.pk),
        ("registration", "http://schule.example/anmelden", region.pk),
    ]
    assert uses_of(document) == [("url", "https://landkreis.example/bericht.pdf", region.pk)]


def test_addresses_in_text_and_which_addresses_count():
    registration = linkcheck.Registration(Offer, ("registration_url",), ("description",), "region")
    found = linkcheck.addresses(
        {
            "registration_url": "ftp://dateien.example/plan.pdf",  # not http(s): not checked
            "description": (
                "Mehr (https://a.example/info). Wiki: https://de.wikipedia.org/wiki/Oper_(Gattung); "
                "Mail: mailto:kurse@vhs.example, „https://b.example/x?y=1&z=2“ und "
                "<https://c.example/über-uns>! Kaputt: https:// und http://"
            ),
        },
        registration,
    )
    assert sorted(found) == [
        ("description", "https://a.example/info"),
        ("description", "https://b.example/x?y=1&z=2"),
        ("description", "https://c.example/über-uns"),
        ("description", "https://de.wikipedia.org/wiki/Oper_(Gattung)"),
    ]


def test_one_checked_link_for_an_address_used_twice():
    region = make_region()
    actor = make_actor(region, website="https://gemeinsam.example/")
    offer = make_offer(provider=actor, registration_url="https://gemeinsam.example/")
    assert CheckedLink.objects.filter(url="https://gemeinsam.example/").count() == 1
    assert link("https://gemeinsam.example/").uses.count() == 2
    offer.delete()
    assert link("https://gemeinsam.example/").uses.count() == 1


def test_a_save_without_address_changes_asks_one_query():
    offer = make_offer(registration_url="https://vhs.example/a")
    offer.title = "Neuer Titel"
    with CaptureQueriesContext(connection) as queries, committed():
        offer.save()
    link_queries = [q["sql"] for q in queries.captured_queries if "linkuse" in q["sql"].lower()]
    assert len(link_queries) == 1  # the stored uses, compared; nothing written


def test_rebuild_repairs_writes_without_signals():
    region = make_region()
    offer = make_offer(region=region, registration_url="https://alt.example/")
    Offer.objects.filter(pk=offer.pk).update(registration_url="https://neu.example/")
    (actor,) = Actor.objects.bulk_create(
        [
            Actor(
                region=region,
                name="Bücherei",
                slug="buecherei-x",
                kind="bibliothek",
                website="https://buecherei.example/",
            )
        ]
    )
    assert uses_of(offer) == [("registration_url", "https://alt.example/", region.pk)]
    assert uses_of(actor) == []

    result = linkcheck.rebuild()

    assert (result.added, result.removed, result.moved, result.unused_links_removed) == (2, 1, 0, 1)
    assert uses_of(offer) == [("registration_url", "https://neu.example/", region.pk)]
    assert uses_of(actor) == [("website", "https://buecherei.example/", region.pk)]
    assert not CheckedLink.objects.filter(url="https://alt.example/").exists()
    assert linkcheck.rebuild().changed is False


# --- The check ----------------------------------------------------------------------------------
ROUTES = {
    "/ok": (LinkResult.OK, 200, ""),
    "/missing": (LinkResult.BROKEN, 404, ""),
    "/error": (LinkResult.BROKEN, 500, ""),
    "/slow": (LinkResult.TIMEOUT, None, ""),
    "/redirect/3": (LinkResult.OK, 200, "/redirect/0"),
    "/redirect/5": (LinkResult.OK, 200, "/redirect/0"),
    "/redirect/6": (LinkResult.REDIRECT_ERROR, None, "/redirect/0"),
    "/to-missing": (LinkResult.REDIRECT_ERROR, 404, "/missing"),
    "/loop": (LinkResult.REDIRECT_ERROR, None, "/loop"),
    "/to-ftp": (LinkResult.REDIRECT_ERROR, None, "ftp://files.example/x"),
    "/head-405": (LinkResult.OK, 200, ""),
    "/head-501": (LinkResult.OK, 200, ""),
}


def test_check_links_results_exact(server):
    region = make_region()
    actor = make_actor(region)
    for path in ROUTES:
        make_offer(provider=actor, registration_url=server.url + path)

    output = run_check()

    got = {}
    for path in ROUTES:
        checked = link(server.url + path)
        final = checked.final_url.removeprefix(server.url)
        got[path] = (checked.result, checked.status_code, final)
        assert checked.consecutive_failures == (0 if checked.result == LinkResult.OK else 1)
        assert checked.checked_at is not None
    assert got == ROUTES
    assert output == (
        "Links geprüft: 12 (in Ordnung: 5, Fehlerseite: 2, nicht erreichbar: 0, "
        "Zeitüberschreitung: 1, Weiterleitung ins Leere: 4, nicht öffentlich: 0). "
        "Als defekt gelten jetzt 0 Links (nach 2 Fehlschlägen in Folge).\n"
    )
    # HEAD first; GET only where HEAD reported an error.
    assert [r.method for r in server.seen("/ok")] == ["HEAD"]
    assert [r.method for r in server.seen("/head-405")] == ["HEAD", "GET"]
    assert [r.method for r in server.seen("/head-501")] == ["HEAD", "GET"]
    assert [r.method for r in server.seen("/missing")] == ["HEAD", "GET", "HEAD", "GET"]
    # five redirects are followed, a sixth is not asked for
    assert [r.path for r in server.requests if r.path.startswith("/redirect/")].count(
        "/redirect/0"
    ) == 2
    assert {r.user_agent for r in server.requests} == {
        "Bildungsportal-Linkpruefung/1.0 (+Bildungsportal Bildungsregionen Niedersachsen)"
    }
    assert link(server.url + "/missing").problem == "Seite nicht gefunden (404)"
    assert link(server.url + "/error").problem == "Fehler des Servers (500)"
    assert link(server.url + "/to-missing").problem == (
        "Weiterleitung auf eine Fehlerseite: Seite nicht gefunden (404)"
    )
    assert link(server.url + "/slow").problem == (
        "Zeitüberschreitung: Der Server antwortet nicht rechtzeitig"
    )


def test_unreachable_server():
    # A port nothing listens on (the server's own, after it closed).
    probe = QuietServer(("127.0.0.1", 0), Handler)
    port = probe.server_address[1]
    probe.server_close()
    make_offer(registration_url=f"http://127.0.0.1:{port}/weg")
    run_check()
    checked = link(f"http://127.0.0.1:{port}/weg")
    assert (checked.result, checked.status_code) == (LinkResult.UNREACHABLE, None)
    assert checked.problem == "Server nicht erreichbar"
    assert "refused" in checked.detail.lower()


def test_rate_per_host_is_respected(server, settings):
    settings.LINK_CHECK_HOST_INTERVAL = 0.2
    settings.LINK_CHECK_WORKERS = 4
    actor = make_actor()
    for n in range(4):
        make_offer(provider=actor, registration_url=f"{server.url}/ok?n={n}")
    make_offer(provider=actor, registration_url=f"{server.url}/redirect/2")

    run_check()

    moments = sorted(r.at for r in server.requests)
    assert len(moments) == 4 + 3  # four pages, a chain of two redirects and its end
    gaps = [later - earlier for earlier, later in itertools.pairwise(moments)]
    # The server notes when a request arrives, so a busy machine shifts single moments; without
    # the per-host rate, the four workers send at once (gaps of a few milliseconds).
    assert min(gaps) >= 0.2 / 2, gaps


def test_a_second_run_within_the_interval_checks_nothing(server):
    make_offer(registration_url=server.url + "/ok")
    run_check()
    assert len(server.requests) == 1

    output = run_check()

    assert len(server.requests) == 1
    assert output.startswith("Links geprüft: 0 (")
    age_checks(hours=21)  # older than LINK_CHECK_INTERVAL_HOURS (20)
    assert run_check().startswith("Links geprüft: 1 (")
    assert len(server.requests) == 2


def test_broken_after_two_failures_in_a_row_and_well_again_after_a_success(server):
    offer = make_offer(registration_url=server.url + "/flaky")
    server.statuses["/flaky"] = 404

    run_check()
    checked = link(server.url + "/flaky")
    first_failure = checked.first_failed_at
    assert (checked.result, checked.consecutive_failures, checked.is_broken) == (
        LinkResult.BROKEN,
        1,
        False,
    )
    assert first_failure is not None
    assert list(BrokenLink.objects.all()) == []
    assert linkcheck.broken_links_for([offer]) == []

    age_checks()
    output = run_check()
    checked.refresh_from_db()
    assert (checked.consecutive_failures, checked.is_broken) == (2, True)
    assert checked.first_failed_at == first_failure  # since the first of the failures
    assert output.endswith("Als defekt gelten jetzt 1 Links (nach 2 Fehlschlägen in Folge).\n")
    assert [use.object_id for use in BrokenLink.objects.all()] == [offer.pk]
    (item,) = linkcheck.broken_links_for(Offer.objects.filter(pk=offer.pk))
    assert (item.entry, item.field_label, item.url, item.problem, item.since) == (
        offer,
        "Anmeldung online",
        server.url + "/flaky",
        "Seite nicht gefunden (404)",
        first_failure,
    )

    server.statuses["/flaky"] = 200
    age_checks()
    run_check()
    checked.refresh_from_db()
    assert (checked.result, checked.consecutive_failures, checked.first_failed_at) == (
        LinkResult.OK,
        0,
        None,
    )
    assert list(BrokenLink.objects.all()) == []


def test_ssrf_guard_refuses_private_addresses(server, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    make_offer(registration_url=server.url + "/ok")
    make_offer(registration_url="http://localhost:9/intern")

    output = run_check()

    assert server.requests == []  # nothing reached the server
    for url in (server.url + "/ok", "http://localhost:9/intern"):
        checked = link(url)
        assert (checked.result, checked.status_code) == (LinkResult.REFUSED, None)
        assert checked.problem == "Adresse im internen Netz, öffentlich nicht erreichbar"
    assert "nicht öffentlich: 2)" in output


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.178.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("93.184.215.14", True),
        ("2a00:1450:4001:82a::2004", True),
    ],
)
def test_public_addresses(address, public):
    assert linkcheck.is_public_address(address) is public


def test_rate_limit_reserves_slots_across_threads():
    rate = linkcheck.HostRateLimit(0.1)
    moments = []

    def ask():
        rate.wait("a.example")
        moments.append(time.monotonic())

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    moments.sort()
    gaps = [later - earlier for earlier, later in itertools.pairwise(moments)]
    assert len(gaps) == 3 and min(gaps) >= 0.1 - 0.01, gaps


def test_check_links_enqueues_the_task_for_the_worker(server, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    make_offer(registration_url=server.url + "/ok")

    output = run_check()

    assert output.startswith("Die Linkprüfung wartet als Aufgabe ")
    assert output.endswith(" auf den Worker.\n")
    assert server.requests == []
    assert link(server.url + "/ok").checked_at is None

    out = io.StringIO()
    call_command("check_links", "--now", stdout=out)  # in this process, whatever the backend
    assert out.getvalue().startswith("Links geprüft: 1 (in Ordnung: 1,")
    assert [r.path for r in server.requests] == ["/ok"]


def test_host_names_with_umlauts_and_ipv6_literals():
    assert linkcheck._host(linkcheck.urlsplit("https://bücherei.example/über")) == (
        "xn--bcherei-n2a.example"
    )
    assert linkcheck._request_target(linkcheck.urlsplit("https://a.example/über uns?q=ä")) == (
        "/%C3%BCber%20uns?q=%C3%A4"
    )
    checker = linkcheck.Checker(
        timeout=0.3, max_redirects=5, host_interval=0, allow_private=False, user_agent="t"
    )
    assert checker.check("http://[::1]:9/").result == LinkResult.REFUSED


# --- The provider's include ---------------------------------------------------------------------
def test_broken_links_include_names_entry_field_since_and_error():
    offer = make_offer(title="Deutschkurs A1", registration_url="https://vhs.example/weg")
    since = timezone.make_aware(datetime.datetime(2026, 11, 30, 3, 0))
    CheckedLink.objects.filter(url="https://vhs.example/weg").update(
        result=LinkResult.BROKEN, status_code=404, consecutive_failures=2, first_failed_at=since
    )
    html = render_to_string(
        "includes/broken_links.html", {"broken_links": linkcheck.broken_links_for([offer])}
    )
    text = " ".join(html.split())
    assert '<h2 class="kern-title" id="defekte-links">Defekte Links</h2>' in text
    assert (
        "<strong>Deutschkurs A1</strong>, Anmeldung online: "
        '<span class="portal-broken-links__url">https://vhs.example/weg</span> '
        '(seit <time datetime="2026-11-30T03:00:00+01:00">30.11.2026</time>, '
        "Fehler: Seite nicht gefunden (404))"
    ) in text
    assert render_to_string("includes/broken_links.html", {"broken_links": []}).strip() == ""


def test_broken_links_for_keeps_the_order_of_the_entries(django_assert_num_queries):
    actor = make_actor(website="https://eins.example/")
    offers = [
        make_offer(provider=actor, registration_url=f"https://zwei.example/{n}") for n in range(2)
    ]
    CheckedLink.objects.update(
        result=LinkResult.TIMEOUT, consecutive_failures=3, first_failed_at=timezone.now()
    )
    entries = [offers[1], actor, offers[0]]
    with django_assert_num_queries(1):
        items = linkcheck.broken_links_for(entries)
    assert [(item.entry, item.url) for item in items] == [
        (offers[1], "https://zwei.example/1"),
        (actor, "https://eins.example/"),
        (offers[0], "https://zwei.example/0"),
    ]


# --- The office's list --------------------------------------------------------------------------
def _broken_offer(region, url):
    offer = make_offer(region=region, registration_url=url)
    CheckedLink.objects.filter(url=url).update(
        result=LinkResult.BROKEN,
        status_code=404,
        consecutive_failures=2,
        first_failed_at=timezone.now(),
        checked_at=timezone.now(),
    )
    return offer


def test_admin_list_of_broken_links_is_scoped_to_the_region(client, django_assert_max_num_queries):
    stade, lueneburg = make_region(name="Stade-Test"), make_region(name="Lüneburg-Test")
    offer_a = _broken_offer(stade, "https://stade.example/weg")
    _broken_offer(stade, "https://stade.example/auch-weg")
    offer_b = _broken_offer(lueneburg, "https://lueneburg.example/weg")
    make_offer(region=stade, registration_url="https://stade.example/geht")  # not broken
    office_a = make_user("buero-a", region=stade, role=StaffMembership.Role.EDITOR)
    office_b = make_user("buero-b", region=lueneburg, role=StaffMembership.Role.COORDINATOR)
    url = reverse("admin:bildungsregion_brokenlink_changelist")

    client.force_login(office_a)
    client.get(url)  # the first page after the login costs a query more
    with CaptureQueriesContext(connection) as before:
        response = client.get(url)
    assert response.status_code == 200
    shown = sorted(use.link.url for use in response.context["cl"].result_list)
    assert shown == ["https://stade.example/auch-weg", "https://stade.example/weg"]
    change = reverse("admin:offers_offer_change", args=[offer_a.pk])
    assert f'<a href="{change}">Angebot „{offer_a.title}“</a>' in response.text
    assert "Seite nicht gefunden (404)" in response.text
    for n in range(5):
        _broken_offer(stade, f"https://stade.example/weg-{n}")
    with django_assert_max_num_queries(12) as after:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 7
    assert len(after) == len(before)  # the entries come in one query per kind of entry

    client.force_login(office_b)
    response = client.get(url)
    assert [use.object_id for use in response.context["cl"].result_list] == [offer_b.pk]
    use_a = BrokenLink.objects.get(object_id=offer_a.pk)
    assert (
        client.get(reverse("admin:bildungsregion_brokenlink_change", args=[use_a.pk])).status_code
        == 404
    )
    index = client.get(reverse("admin:index"))
    assert '<strong class="portal-broken-links-count">1</strong>' in index.text


def test_admin_list_shows_no_broken_links_to_staff_of_another_region(client):
    stade, other = make_region(), make_region()
    _broken_offer(stade, "https://stade.example/weg")
    client.force_login(make_user("buero-x", region=other, role=StaffMembership.Role.COORDINATOR))
    response = client.get(reverse("admin:bildungsregion_brokenlink_changelist"))
    assert list(response.context["cl"].result_list) == []
    index = client.get(reverse("admin:index"))
    assert '<strong class="portal-broken-links-count">0</strong>' in index.text


def test_nobody_adds_changes_or_deletes_broken_links_in_the_admin(client):
    offer = _broken_offer(make_region(), "https://stade.example/weg")
    use = BrokenLink.objects.get(object_id=offer.pk)
    client.force_login(make_user("admin-x", is_superuser=True))
    assert client.get(reverse("admin:bildungsregion_brokenlink_add")).status_code == 403
    assert (
        client.get(reverse("admin:bildungsregion_brokenlink_delete", args=[use.pk])).status_code
        == 403
    )
    page = client.get(reverse("admin:bildungsregion_brokenlink_change", args=[use.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
