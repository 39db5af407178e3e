"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit from regions.LegalDetails:
the texts the migration moved in, the notice while parts are missing, editing in the admin
(superusers only), the page cache and the deploy check."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import checks
from django.forms.models import model_to_dict
from django.template import engines
from django.urls import reverse

from bildungsregion.admin_concurrency import VERSION_FIELD, version_token
from regions.checks import LEGAL_DETAILS_INCOMPLETE, check_legal_details
from regions.models import LegalDetails, StaffMembership
from tests.admin.conftest import make_user
from tests.conftest import forget_cached_content
from tests.factories import make_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("legal_details")]

CHANGE_URL = reverse("admin:regions_legaldetails_change", args=[LegalDetails.SINGLETON_ID])

# What the migration cannot know: the operator's own details, and the Schlichtungsstelle's
# address (no source found). In the order of the fields.
MISSING_IMPRESSUM = [
    "Name des Betreibers",
    "Anschrift",
    "Vertreten durch",
    "E-Mail-Adresse",
    "Telefon",
    "Inhaltlich verantwortlich",
]
MISSING_DATENSCHUTZ = [
    "Name des Betreibers",
    "Anschrift",
    "Vertreten durch",
    "E-Mail-Adresse",
    "Telefon",
    "Datenschutzbeauftragte oder Datenschutzbeauftragter",
    "Speicherdauer der Server-Protokolle",
]
MISSING_BARRIEREFREIHEIT = ["Kontakt für Rückmeldungen", "Schlichtungsstelle"]

OPERATOR = {
    "operator_name": "Landkreis Musterland",
    "operator_address": "Kreishaus\nAm Markt 1\n12345 Musterstadt",
    "operator_representative": "Landrätin Erika Muster",
    "operator_email": "bildungsportal@landkreis-musterland.example",
    "operator_phone": "01234 56-0",
    "content_responsible": "Max Beispiel\nAm Markt 1\n12345 Musterstadt",
    "data_protection_officer": "Datenschutzbeauftragte\nAm Markt 1\n12345 Musterstadt",
    "privacy_log_retention": "Die Protokolle werden nach sieben Tagen gelöscht.",
    "feedback_contact": "Kreishaus, Zimmer 12\nbarrierefrei@landkreis-musterland.example",
    "arbitration_body": "Schlichtungsstelle nach § 9d NBGG\nMusterweg 2\n30000 Hannover",
}


def notice_items(html):
    """The parts the page's notice names, or None without a notice."""
    if 'id="angaben-unvollstaendig"' not in html:
        return None
    notice = html.split('id="angaben-unvollstaendig"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>(.*?)</li>", notice)


def form_data(legal, **changes):
    """The admin's change form as the page sends it, with ``changes``."""
    data = {
        name: "" if value is None else value
        for name, value in model_to_dict(legal).items()
        if name != "id"
    }
    data["statement_date"] = legal.statement_date.isoformat() if legal.statement_date else ""
    data[VERSION_FIELD] = version_token(legal)
    data.update(changes)
    data["_save"] = "Sichern"
    return data


@pytest.fixture
def superuser(db):
    return make_user("land-admin", is_superuser=True)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    forget_cached_content()
    yield
    forget_cached_content()


def test_legal_details_migration_moves_the_template_texts_in_and_leaves_the_operator_empty():
    migration = importlib.import_module("regions.migrations.0010_legal_details_texts")
    LegalDetails.objects.all().delete()
    migration.fill(django_apps, None)
    legal = LegalDetails.objects.get()
    assert legal.pk == LegalDetails.SINGLETON_ID
    assert legal.liability.startswith("Die Inhalte werden sorgfältig erstellt und regelmäßig")
    assert legal.privacy_cookies.split("\n\n")[1].startswith("- csrftoken: schützt Formulare")
    assert legal.privacy_authority == (
        "Der Landesbeauftragte für den Datenschutz Niedersachsen\nPrinzenstr. 5\n"
        "30159 Hannover\npoststelle@lfd.niedersachsen.de"
    )
    assert legal.supervisory_authority == (
        "Niedersächsisches Ministerium für Inneres und Sport\nLavesallee 6\n30169 Hannover"
    )
    assert (legal.conformity, legal.statement_date) == (
        LegalDetails.Conformity.PARTIAL,
        datetime.date(2026, 11, 23),
    )
    assert legal.missing_everywhere == list(
        dict.fromkeys(MISSING_IMPRESSUM + MISSING_DATENSCHUTZ + MISSING_BARRIEREFREIHEIT)
    )


@pytest.mark.parametrize(
    ("path", "missing"),
    [
        ("/impressum/", MISSING_IMPRESSUM),
        ("/datenschutz/", MISSING_DATENSCHUTZ),
        ("/barrierefreiheit/", MISSING_BARRIEREFREIHEIT),
    ],
)
def test_legal_page_names_its_missing_parts_in_a_notice_and_where_they_belong(
    client, path, missing
):
    html = client.get(path).content.decode()
    assert "Diese Angaben sind noch nicht vollständig" in html
    assert notice_items(html) == missing
    markers = re.findall(r'<p class="portal-legal-missing">Noch nicht eingetragen: (.*?)</p>', html)
    assert sorted(set(markers)) == sorted(missing)


def test_legal_pages_render_the_texts_of_the_row(client):
    LegalDetails.objects.filter(pk=1).update(
        liability="Erster Absatz.\n\nZweiter Absatz\nmit Zeilenumbruch.",
        privacy_rights="Sie haben das Recht\n\n- auf Auskunft,\n- auf Löschung.",
    )
    impressum = client.get("/impressum/").content.decode()
    datenschutz = client.get("/datenschutz/").content.decode()
    assert "<p>Erster Absatz.</p>\n<p>Zweiter Absatz<br>mit Zeilenumbruch.</p>" in impressum
    assert "<p>Sie haben das Recht</p>\n<ul><li>auf Auskunft,</li><li>auf Löschung.</li></ul>" in (
        datenschutz
    )
    barrierefreiheit = client.get("/barrierefreiheit/").content.decode()
    assert (
        "Dieses Portal ist mit den Anforderungen der BITV 2.0 teilweise vereinbar."
        in barrierefreiheit
    )
    assert 'Diese Erklärung wurde am <time datetime="2026-11-23">23.11.2026</time> erstellt.' in (
        barrierefreiheit
    )


def test_legal_texts_are_escaped_never_html():
    LegalDetails.objects.filter(pk=1).update(
        operator_name='<script>alert("x")</script>', liability="- <b>fett</b> & mehr"
    )
    html = (
        engines["django"]
        .from_string(
            '{% load legal %}{% legal_part legal "operator_name" %}{% legal_part legal "liability" %}'
        )
        .render({"legal": LegalDetails.load()})
    )
    assert html == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>"
        "<ul><li>&lt;b&gt;fett&lt;/b&gt; &amp; mehr</li></ul>"
    )


def test_legal_pages_without_the_row_show_every_part_as_missing(client):
    LegalDetails.objects.all().delete()
    html = client.get("/barrierefreiheit/").content.decode()
    assert notice_items(html)[:3] == [
        "Einleitung und Rechtsgrundlage",
        "Stand der Vereinbarkeit",
        "Erläuterung zur Vereinbarkeit",
    ]
    assert "Noch nicht eingetragen: Datum der Erklärung" in html


def test_legal_pages_in_english_mark_the_german_texts(client):
    response = client.get("/datenschutz/", headers={"Accept-Language": "en"})
    html = response.content.decode()
    assert "The legal information on this page is only available in German." in html
    assert '<div lang="de"><p>Kurz gesagt: Dieses Portal beobachtet Sie nicht.' in html
    assert "Not yet entered: Data protection officer" in html


def test_admin_edit_shows_on_the_page_and_completing_it_removes_the_notice(client, superuser):
    client.force_login(superuser)
    legal = LegalDetails.objects.get()
    response = client.post(CHANGE_URL, form_data(legal, **OPERATOR))
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()

    for path in ["/impressum/", "/datenschutz/", "/barrierefreiheit/"]:
        html = client.get(path).content.decode()
        assert notice_items(html) is None, path
        assert "Noch nicht eingetragen" not in html, path
    impressum = client.get("/impressum/").content.decode()
    assert "<p>Landkreis Musterland</p>" in impressum
    assert "<p>Kreishaus<br>Am Markt 1<br>12345 Musterstadt</p>" in impressum
    assert '<a href="tel:01234560">01234 56-0</a>' in impressum
    assert LegalDetails.objects.get().history.latest().history_user == superuser


def test_admin_change_page_lists_the_missing_parts(client, superuser):
    client.force_login(superuser)
    html = client.get(CHANGE_URL).content.decode()
    assert "Noch fehlende Pflichtangaben" in html
    assert "Name des Betreibers, Anschrift, Vertreten durch" in html


def test_admin_saving_a_missing_row_adds_it(client, superuser):
    LegalDetails.objects.all().delete()
    client.force_login(superuser)
    assert client.get(CHANGE_URL).status_code == 200
    response = client.post(CHANGE_URL, form_data(LegalDetails.load(), **OPERATOR))
    assert response.status_code == 302
    assert LegalDetails.objects.get().operator_name == "Landkreis Musterland"


def test_admin_bildungsbuero_staff_cannot_change_the_legal_details(client):
    region = make_region()
    coordinator = make_user("koordination", region=region, role=StaffMembership.Role.COORDINATOR)
    client.force_login(coordinator)
    legal = LegalDetails.objects.get()
    response = client.post(CHANGE_URL, form_data(legal, operator_name="Falscher Betreiber"))
    assert response.status_code == 403
    assert LegalDetails.objects.get().operator_name == ""
    assert "legaldetails" not in client.get(reverse("admin:index")).content.decode()


def test_admin_edit_empties_the_page_cache(client, superuser, page_cache):
    assert [client.get("/impressum/")["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]
    admin_client = type(client)()
    admin_client.force_login(superuser)
    admin_client.post(
        CHANGE_URL, form_data(LegalDetails.objects.get(), operator_name="Landkreis Musterland")
    )
    response = client.get("/impressum/")
    assert response["X-Page-Cache"] == "miss"
    assert "<p>Landkreis Musterland</p>" in response.content.decode()


def test_deploy_check_names_every_missing_part():
    warnings = check_legal_details()
    assert [w.id for w in warnings] == [LEGAL_DETAILS_INCOMPLETE]
    assert warnings[0].level == checks.WARNING
    assert warnings[0].msg == (
        "Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit sind "
        "unvollständig; es fehlen: Name des Betreibers, Anschrift, Vertreten durch, "
        "E-Mail-Adresse, Telefon, Inhaltlich verantwortlich, Datenschutzbeauftragte oder "
        "Datenschutzbeauftragter, Speicherdauer der Server-Protokolle, Kontakt für "
        "Rückmeldungen, Schlichtungsstelle."
    )


def test_deploy_check_runs_with_deploy_only_and_is_quiet_once_complete():
    def ids(deploy):
        return [m.id for m in checks.run_checks(include_deployment_checks=deploy)]

    assert LEGAL_DETAILS_INCOMPLETE in ids(deploy=True)
    assert LEGAL_DETAILS_INCOMPLETE not in ids(deploy=False)
    LegalDetails.objects.filter(pk=1).update(**OPERATOR)
    assert check_legal_details() == []
    assert LEGAL_DETAILS_INCOMPLETE not in ids(deploy=True)
