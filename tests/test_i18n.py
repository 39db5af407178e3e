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


# --- every string of our code is in the catalogue -------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
# What scripts/translations lets makemessages skip, and what is no source of ours.
NOT_SOURCES = {".venv", "node_modules", "static", "staticfiles", "tests", "locale"}
# xgettext's keywords for Python as makemessages passes them: name → (context, msgid) position.
PY_KEYWORDS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
PY_STRING = r"""u?(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
# The calls Django's templatize() writes for {% translate %}, {% blocktranslate %} and _("…").
TEMPLATE_CALL = re.compile(
    rf"\b(_|gettext|pgettext|ngettext|npgettext)\(\s*({PY_STRING})(?:\s*,\s*({PY_STRING}))?"
)


def source_files():
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if any(part in NOT_SOURCES or part.startswith(".") for part in parts):
            continue
        if path.suffix in {".py", ".html", ".txt"} and path.is_file():
            yield path


def python_messages(source):
    """(context, msgid) of every gettext call with literal strings, as xgettext finds them."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if name not in PY_KEYWORDS:
            continue
        literals = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            for arg in node.args
        ]
        context_at, msgid_at = PY_KEYWORDS[name]
        if len(literals) <= msgid_at or not literals[msgid_at]:
            continue
        if context_at is not None and literals[context_at] is None:
            continue
        found.add((None if context_at is None else literals[context_at], literals[msgid_at]))
    return found


def template_messages(source):
    """(context, msgid) of every translated string of a template, through the same
    templatize() that makemessages uses."""
    from django.utils.translation.template import templatize

    found = set()
    for name, first, second in TEMPLATE_CALL.findall(templatize(source)):
        if name in {"pgettext", "npgettext"}:
            found.add((ast.literal_eval(first), ast.literal_eval(second)))
        else:
            found.add((None, ast.literal_eval(first)))
    return found


def test_every_message_of_our_code_and_templates_is_in_the_catalogue():
    """A string added or changed without scripts/translations shows German to English
    visitors (form errors included): every msgid of our sources must be in django.po."""
    used = {}
    for path in source_files():
        source = path.read_text(encoding="utf-8")
        found = python_messages(source) if path.suffix == ".py" else template_messages(source)
        for key in found:
            used.setdefault(key, str(path.relative_to(ROOT)))
    catalogue = {(entry["msgctxt"], entry["msgid"]) for entry in messages()}

    assert len(used) > 500
    assert sorted((used[key], *key) for key in used.keys() - catalogue) == []


# --- form errors: German by default, English for English visitors ---------------------------


def error_summary(response):
    """The heading and the items of the page's error summary."""
    html = response.content.decode()
    summary = html.split('id="fehlerliste"', 1)[1].split("</ul>", 1)[0]
    heading = re.search(r'<h2 class="kern-title"[^>]*>(.*?)</h2>', summary, re.S).group(1)
    items = [re.sub(r"<[^>]+>", "", item).strip() for item in summary.split("<li>")[1:]]
    return heading.strip(), items


SCHOOL_FORM_ERRORS = {
    "de": (
        "Fehler: Veranstaltung anmelden",
        "Bitte prüfen Sie Ihre 9 Angaben.",
        [
            "Art der Veranstaltung: Bitte wählen Sie eine der angebotenen Arten.",
            "Titel: Bitte geben Sie einen Titel an.",
            "Beginn (Datum und Uhrzeit): Bitte geben Sie Datum und Uhrzeit ein, z. B. "
            "14.05.2026, 09:00.",
            "Ende (Datum und Uhrzeit): Bitte geben Sie Datum und Uhrzeit des Endes an.",
            "Postleitzahl: Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.",
            "ab Jahrgang: Bitte geben Sie einen Jahrgang von 5 bis 13 an.",
            "bis Jahrgang: Bitte geben Sie einen Jahrgang als Zahl von 5 bis 13 an.",
            "Plätze: Bitte geben Sie eine Zahl von 1 an aufwärts an.",
            "Kontakt (E-Mail): Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        ],
    ),
    "en": (
        "Error: Submit an event",
        "Please check your 9 entries.",
        [
            "Type of event: Please choose one of the kinds offered.",
            "Title: Please enter a title.",
            "Start (date and time): Please enter date and time, e.g. 14.05.2026, 09:00.",
            "End (date and time): Please enter the end date and time.",
            "Postal code: Please enter a five-digit postal code.",
            "from grade: Please enter a grade from 5 to 13.",
            "to grade: Please enter the grade as a number from 5 to 13.",
            "Places: Please enter a number of 1 or more.",
            "Contact (email): Please enter a valid email address.",
        ],
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_school_form_errors_speak_the_visitors_language(client, language):
    from actors.models import InstitutionMembership
    from tests.admin.conftest import make_user
    from tests.factories import make_actor

    school = make_actor(name="Oberschule Sprachen", kind="oberschule")
    teacher = make_user("lehrkraft-i18n", is_staff=False)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    client.force_login(teacher)
    invalid = {
        "institution": school.pk,
        "kind": "fachtag",
        "title": "",
        "description": "Betriebe stellen sich vor.",
        "starts_at": "morgen früh",
        "ends_at": "",
        "postcode": "12",
        "grade_min": "4",
        "grade_max": "zehn",
        "capacity": "0",
        "contact_email": "keine-adresse",
    }

    response = client.post(
        reverse("offers:provider-event-create"), invalid, headers={"Accept-Language": language}
    )

    title, heading, items = SCHOOL_FORM_ERRORS[language]
    assert response.status_code == 200
    assert f"<title>{title} –" in response.content.decode()
    assert error_summary(response) == (heading, items)


OFFER_LIST_ERRORS = {
    "de": (
        "Fehler: Bildungsangebote",
        [
            "Postleitzahl: Bitte geben Sie eine fünfstellige Postleitzahl ein.",
            "Umkreis in km: Der Umkreis darf höchstens 200 km betragen.",
            "Alter in Jahren: Bitte geben Sie ein Alter ab 0 Jahren ein.",
        ],
        ["Alter in Jahren: Bitte geben Sie das Alter als Zahl in Jahren ein, z. B. 8."],
    ),
    "en": (
        "Error: Educational offers",
        [
            "Postal code: Please enter a five-digit postal code.",
            "Radius in km: The radius may be at most 200 km.",
            "Age in years: Please enter an age of 0 or more.",
        ],
        ["Age in years: Please enter the age as a number of years, e.g. 8."],
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_offer_list_filter_errors_speak_the_visitors_language(client, language):
    title, items, not_a_number = OFFER_LIST_ERRORS[language]
    headers = {"Accept-Language": language}

    response = client.get(
        "/angebote/", {"plz": "12", "umkreis": "500", "alter": "-3"}, headers=headers
    )
    word = client.get("/angebote/", {"alter": "drei"}, headers=headers)

    assert response.status_code == word.status_code == 200
    assert f"<title>{title} –" in response.content.decode()
    assert error_summary(response)[1] == items
    assert error_summary(word)[1] == not_a_number
