"""English works: the pages speak the visitor's language, and the translation file is complete.

The source strings are German; locale/en/LC_MESSAGES/django.po holds the English translation
and django.mo its compiled form (both committed; scripts/translations updates them).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_offer

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# Strings of the page frame: templates/base.html, templates/includes/header.html and footer.html.
ENGLISH_STRINGS = [
    "Skip to content",
    "Lifelong learning – a portal of the education regions in Lower Saxony",
    "About this portal",
]
GERMAN_STRINGS = [
    "Zum Inhalt springen",
    "Bildung ein Leben lang – ein Portal der Bildungsregionen in Niedersachsen",
    "Über dieses Portal",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]|%%")
LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def parse_po(path):
    """The entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), flags."""
    entries = []
    entry = None
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            entry = None if not line else entry
            continue
        if entry is None:
            entry = {
                "msgctxt": None,
                "msgid": None,
                "msgid_plural": None,
                "msgstr": {},
                "flags": set(),
            }
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := LINE.match(line):
            key, value = match.group(1), ast.literal_eval(match.group(2))
            if key.startswith("msgstr"):
                entry["msgstr"][key] = value
            else:
                entry[key] = value
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
        else:
            raise AssertionError(f"{path}: cannot parse line {raw!r}")
    return [
        {**entry, "msgstr": [entry["msgstr"][k] for k in sorted(entry["msgstr"])]}
        for entry in entries
    ]


def messages():
    """The translatable entries (without the header)."""
    return [entry for entry in parse_po(PO_FILE) if entry["msgid"]]


@pytest.mark.django_db
def test_home_english_with_accept_language_header(client):
    response = client.get("/", headers={"Accept-Language": "en"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    for text in ENGLISH_STRINGS:
        assert text in html
    for text in GERMAN_STRINGS:
        assert text not in html


@pytest.mark.django_db
def test_home_english_with_language_cookie(client):
    client.cookies["django_language"] = "en"

    response = client.get("/", headers={"Accept-Language": "de"})

    html = response.content.decode()
    assert '<html lang="en"' in html
    for text in ENGLISH_STRINGS:
        assert text in html


@pytest.mark.django_db
def test_home_german_by_default_and_with_accept_language_de(client):
    for headers in ({}, {"Accept-Language": "de"}):
        response = client.get("/", headers=headers)

        html = response.content.decode()
        assert '<html lang="de"' in html
        for text in GERMAN_STRINGS:
            assert text in html
        for text in ENGLISH_STRINGS:
            assert text not in html


@pytest.mark.django_db
def test_offer_list_english_with_accept_language_header(client):
    make_offer(title="Lesen am Abend", is_free=True)

    html = client.get(reverse("offers:offer-list"), headers={"Accept-Language": "en"}).content
    html = html.decode()

    assert '<html lang="en"' in html
    for text in (
        *ENGLISH_STRINGS,
        "<title>Educational offers – ",
        '<h2 class="kern-heading-medium" id="filter-titel">Filter offers</h2>',
        '<h2 class="kern-heading-medium" id="ergebnis-titel" tabindex="-1">1 offer found</h2>',
        "<li>free of charge</li>",
    ):
        assert text in html, text
    for text in (*GERMAN_STRINGS, "Angebote filtern", ">kostenlos<"):
        assert text not in html, text


@pytest.mark.django_db
def test_language_switch_sets_cookie_and_next_page_is_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html


def test_po_every_message_translated_and_not_fuzzy():
    entries = messages()

    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_po_plural_entries_have_two_forms():
    plurals = [e for e in messages() if e["msgid_plural"] is not None]

    assert plurals
    assert [e["msgid"] for e in plurals if len(e["msgstr"]) != 2] == []


def test_po_translations_keep_placeholders():
    mismatches = []
    for entry in messages():
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for source, msgstr in zip(sources, entry["msgstr"], strict=False):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(msgstr)):
                mismatches.append((source, msgstr))
    assert mismatches == []


def test_mo_is_compiled_from_current_po():
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)

    for entry in messages():
        if entry["msgctxt"] is not None:
            assert catalog.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0]
        elif entry["msgid_plural"] is None:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
        else:
            singular = catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            plural = catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            assert [singular, plural] == entry["msgstr"], entry["msgid"]


@pytest.mark.django_db
def test_admin_speaks_german_where_djangos_catalogue_lacks_new_strings(client, django_user_model):
    """Django 6.1's change-form actions ("Run", "- Select an option -") are missing from its
    own German catalogue; locale/de fills them in."""
    admin = django_user_model.objects.create_superuser("chefin", password="x")
    client.force_login(admin)

    html = client.get(f"/admin/bildungsregion/user/{admin.pk}/change/").content.decode()

    assert ">Ausführen</button>" in html
    assert "– Bitte auswählen –" in html
    assert ">Run</button>" not in html
    assert "- Select an option -" not in html
