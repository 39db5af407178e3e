"""The rendered pages are valid HTML: the Nu Html Checker (vnu.jar, npm package ``vnu-jar``,
installed into tools/vnu by ``make html-checker``) finds no error on the main pages.

One JVM checks all pages at once. Without Java or the checker the test is skipped locally and
fails in CI (``CI=1``), like the browser tests without chromium.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from actors.models import Actor, InstitutionMembership
from bildungsregion.models import User
from offers.models import Offer
from portal.services import regions_load
from regions.models import Region, RegionHost
from tests.factories import make_actor, make_event, make_offer, make_place

VNU_JAR = (
    Path(__file__).resolve().parent.parent / "tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)

pytestmark = pytest.mark.django_db


def _checker_or_skip():
    java = shutil.which("java")
    missing = None if java else "java is missing"
    if not missing and not VNU_JAR.is_file():
        missing = f"{VNU_JAR} is missing: run make html-checker"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    return java


@pytest.fixture
def pages(client):
    regions_load()
    stade = Region.objects.get(slug="stade")
    actor = make_actor(region=stade, name="Kreisvolkshochschule Prüfstadt", kind=Actor.Kind.VHS)
    offer = make_offer(
        provider=actor,
        title="Sprachkurs Deutsch",
        description="Deutsch lernen am Abend, in kleinen Gruppen.",
        cost=45,
        status=Offer.Status.PUBLISHED,
    )
    event = make_event(region=stade, organiser=actor, title="Tag der offenen Tür")
    place = make_place(actor=actor, title="Praktikum im Kursbüro", postcode="21682", city="Stade")
    paths = [
        "/",
        "/ausbildung-und-praktikum/",
        "/ausbildung-und-praktikum/?berufsfeld=bau-holz&plz=21682",
        f"/ausbildung-und-praktikum/{place.slug}/",
        "/berufe/",
        f"/berufe/{place.occupation.slug}/",
        "/berufswahl-check/",
        "/angebote/",
        "/angebote/?q=Sprachkurse&lebensphase=beruf-und-weiterbildung&seite=1",
        f"/angebote/{offer.slug}/",
        "/veranstaltungen/",
        f"/veranstaltungen/{event.slug}/",
        "/akteure/",
        f"/akteure/{actor.slug}/",
        "/regionen/stade/",
        "/suche/?q=Deutsch",
        "/einbetten/angebote/?region=stade&anzahl=3",
        "/einbetten/veranstaltungen/?region=stade&titel=Termine",
        "/barrierefreiheit/",
        "/impressum/",
        "/datenschutz/",
        "/api/v1/dokumentation/",
        "/anmelden/",
        "/passwort-vergessen/",
    ]
    rendered = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        rendered[path] = response.content
    return rendered


@pytest.fixture
def provider_pages(pages, client):
    """The provider area, as the staff of the VHS of ``pages`` see it."""
    actor = Actor.objects.get(name="Kreisvolkshochschule Prüfstadt")
    offer, event = actor.offers.get(), actor.events.get()
    staff = User.objects.create_user("kvhs-html", password=None)
    InstitutionMembership.objects.create(user=staff, actor=actor)
    client.force_login(staff)
    rendered = {}
    for path in [
        "/mein-bereich/",
        "/mein-bereich/angebote/neu/",
        f"/mein-bereich/angebote/{offer.pk}/bearbeiten/",
        f"/mein-bereich/angebote/{offer.pk}/beenden/",
        "/mein-bereich/veranstaltungen/neu/",
        f"/mein-bereich/veranstaltungen/{event.pk}/bearbeiten/",
        f"/mein-bereich/einrichtungen/{actor.pk}/",
        "/mein-bereich/plaetze/",
        "/mein-bereich/plaetze/neu/",
        f"/mein-bereich/plaetze/{actor.places.get().pk}/bearbeiten/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        rendered[path] = response.content
    return rendered


@pytest.fixture
def host_pages(pages, client):
    """The pages that differ on a region's own host (regions.hosts): its start page and the
    forms with the host's default region."""
    client.logout()  # as an anonymous visitor, also after provider_pages
    RegionHost.objects.create(region=Region.objects.get(slug="stade"), host="stade.localhost")
    rendered = {}
    for path in ["/", "/angebote/", "/veranstaltungen/?region=alle", "/suche/?q=Deutsch"]:
        response = client.get(path, HTTP_HOST="stade.localhost")
        assert response.status_code == 200, path
        rendered[f"stade.localhost{path}"] = response.content
    return rendered


def test_main_pages_have_no_html_errors(pages, provider_pages, host_pages, tmp_path):
    java = _checker_or_skip()
    files = {}
    for n, (path, content) in enumerate({**pages, **provider_pages, **host_pages}.items()):
        file = tmp_path / f"page-{n}.html"
        file.write_bytes(content)
        files[str(file)] = path
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}"
        f":{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []


def test_every_main_page_answers_head(pages, client):
    """HEAD gets the headers of GET and no body, on every page a crawler or link checker asks
    for (require_http_methods lists HEAD wherever it lists GET)."""
    answers = {path: client.head(path) for path in pages}
    assert {path: response.status_code for path, response in answers.items()} == dict.fromkeys(
        pages, 200
    )
    assert {path: response.content for path, response in answers.items()} == dict.fromkeys(
        pages, b""
    )
