"""The public pages read right: the demo data (built as `make run` builds it, smaller) rendered
page by page, stripped to the text a reader sees, and scanned for typical faults of generated
text – a double full stop after an abbreviation, a space before punctuation, "None", template
syntax, a sentence that repeats the one before, stock messages of Django instead of our own,
words that run together. In English, the names of life stages, topics and transitions are
English and every date has the same form.

Each fault names the page it was found on.
"""

import itertools
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from actors.models import Actor, WorkingGroup, WorkingGroupMembership
from offers.models import Event, LifeStage, Offer, Topic, Transition
from regions.models import Region
from tests.factories import (
    committed,
    make_actor,
    make_municipality,
    make_offer,
    make_region,
    make_working_group,
)
from tests.html import page_text

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# (name, pattern): what must not occur in the text of a page.
FAULTS = [
    # "e.V..", "z. B..": a full stop added after an abbreviation's (not an ellipsis).
    ("double full stop", re.compile(r"(?<!\.)\.\.(?!\.)")),
    # "Grundschulzeit .", "Telefon :": punctuation parted from its word (a dash " – " is fine).
    ("space before punctuation", re.compile(r"\S[ \u00a0]+[.,:;!?](?=\s|$)")),
    ("None", re.compile(r"\bNone\b")),
    ("nan", re.compile(r"\b(?:nan|NaN)\b")),
    ("template syntax", re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")),
    # Django's generic messages: ours name the field and what it takes.
    (
        "stock message",
        re.compile(r"gültige Auswahl|Dieses Feld ist zwingend|Bitte eine (?:ganze )?Zahl eingeben"),
    ),
    (
        "untranslated stock English",
        re.compile(
            r"\b(?:Select a valid choice|This field is required|Enter a (?:valid|whole)|"
            r"Ensure this value|is not one of the available choices|Previous|Next page)\b"
        ),
    ),
    # "Frühe KindheitGrundschulzeit": two names without a space between their elements.
    # (Names written in camel case are no fault.)
    (
        "words run together",
        re.compile(r"\b(?!JavaScript\b)[A-Za-zÄÖÜäöüß]*[a-zäöüß]{3}[A-ZÄÖÜ][a-zäöüß]{2,}"),
    ),
]
# After a full stop, "!", "?" or ":" – not after an ordinal number ("8. Januar").
SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?:])\s+(?=[A-ZÄÖÜ„»])")


def repeated_sentences(text):
    """Pairs of neighbouring sentences that say the same: identical, or opening with the same
    two words ("Begleitet alle Lebensphasen. Begleitet alle Phasen: …")."""
    found = []
    for line in text.splitlines():
        sentences = [s for s in SENTENCE_END.split(line) if s]
        for first, second in itertools.pairwise(sentences):
            opening = first.split()[:2]
            if first == second or (len(opening) == 2 and second.split()[:2] == opening):
                found.append(f"{first} {second}")
    return found


def faults_in(url, text):
    """The faults of one page's text, each with the page and the place it was found."""
    faults = []
    for name, pattern in FAULTS:
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 40) : match.end() + 20].replace("\n", " ⏎ ")
            faults.append(f"{url}: {name}: …{around}…")
    faults += [f"{url}: repeated sentence: {pair}" for pair in repeated_sentences(text)]
    return faults


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data of `make run` (load_regions, demo_data), with fewer offers; rolled back
    after the module's last test."""
    with (
        pytest.MonkeyPatch.context() as patch,
        override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setenv("DEMO_PASSWORD", "Demo-Passwort-fuer-Tests-42")
        patch.delenv("DEMO_DATA_ALLOW", raising=False)
        call_command("load_regions", stdout=StringIO())
        call_command("demo_data", offers=150, stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


def every(queryset, step):
    return list(queryset.order_by("pk")[::step])


def public_pages():
    """The public pages a visitor reaches: start, regions, lists (also without results and
    with a wrong filter value), life stages, transitions, a sample of offers, events and actors,
    every working group, the search."""
    urls = [
        reverse("regions:home"),
        reverse("regions:region-list"),
        reverse("offers:offer-list"),
        reverse("actors:actor-list"),
        reverse("offers:event-list"),
        reverse("offers:search") + "?q=Lesen",
        reverse("offers:search") + "?q=Qwertzuiop",
        reverse("offers:offer-list") + "?q=Qwertzuiop",
        reverse("offers:offer-list") + "?lebensphase=unbekannt&lernform=unbekannt",
        reverse("offers:offer-list") + "?lebensphase=grundschulzeit&thema=mint",
        reverse("offers:offer-list") + "?plz=21682&umkreis=10",
        reverse("actors:actor-list") + "?art=unbekannt&q=Qwertzuiop",
        reverse("offers:event-list") + "?art=unbekannt&jahrgang=acht",
        reverse("offers:offer-list") + "?alter=acht",
        reverse("offers:event-list") + "?region=stade",
    ]
    urls += [region.get_absolute_url() for region in Region.objects.order_by("slug")]
    urls += [stage.get_absolute_url() for stage in LifeStage.objects.all()]
    urls += [transition.get_absolute_url() for transition in Transition.objects.all()]
    urls += [offer.get_absolute_url() for offer in every(Offer.objects.public(), 9)]
    urls += [event.get_absolute_url() for event in every(Event.objects.public(), 6)]
    urls += [actor.get_absolute_url() for actor in every(Actor.objects.all(), 40)]
    urls += [
        group.get_absolute_url()
        for group in WorkingGroup.objects.select_related("region").order_by("pk")
    ]
    return urls


def test_public_pages_of_the_demo_data_have_no_text_faults(client, demo_db):
    urls = public_pages()
    assert len(urls) > 60
    faults = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        faults += faults_in(url, page_text(response.content.decode()))
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anbieter: Leseförderverein Brake e.V..", ["double full stop"]),
        ("Lebensphase: Grundschulzeit .", ["space before punctuation"]),
        ("Telefon : 04141 1234", ["space before punctuation"]),
        ("Kosten: None", ["None"]),
        ("Alter: nan", ["nan"]),
        ("Hallo {{ name }}", ["template syntax", "template syntax"]),
        ("Lebensphase: Bitte eine gültige Auswahl treffen.", ["stock message"]),
        ("Select a valid choice.", ["untranslated stock English"]),
        ("Lebensphasen: Frühe KindheitGrundschulzeit", ["words run together"]),
        ("Begleitet alle Lebensphasen. Begleitet alle Phasen: Elternbildung", ["repeated"]),
        ("Kita – Grundschule, 9–12 Uhr … und so weiter; z. B. am Montag.", []),
        ("Kreisvolkshochschule e.V. in Stade. Weserwerft GmbH, gGmbH, iCalendar, JavaScript", []),
    ],
)
def test_faults_in_finds_each_fault_and_passes_good_text(text, expected):
    faults = faults_in("/seite/", text)
    assert [fault.split(": ")[1].split()[0] for fault in faults] == [
        name.split()[0] for name in expected
    ]
    assert all(fault.startswith("/seite/: ") for fault in faults)


# --- English ------------------------------------------------------------------------------------


def element_texts(html):
    """The text of every element that holds nothing but text (a link, tag, option, heading …),
    counts in brackets removed: "Grundschulzeit (12)" -> "Grundschulzeit"."""
    texts = re.findall(r">([^<>]+)<", html)
    return {re.sub(r"\s*\(\d+\)$", "", " ".join(t.split())) for t in texts} - {""}


ENGLISH_PAGES = [
    "regions:home",
    "offers:offer-list",
]
# Every date of an English page: "September 8, 2026", "Monday, September 8, 2026, 10:00 AM",
# the time alone ("2:00 PM") after a date of the same day, or a date known to the month or year
# only ("September 2014", "2015").
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
ENGLISH_DATE = re.compile(
    rf"^(?:(?:(?:{DAYS}), )?(?:{MONTHS}) \d{{1,2}}, \d{{4}}(?:, \d{{1,2}}:\d{{2}} [AP]M)?"
    rf"|\d{{1,2}}:\d{{2}} [AP]M|(?:(?:{MONTHS}) )?\d{{4}})$"
)


def english_pages():
    urls = [reverse(name) for name in ENGLISH_PAGES]
    urls += [reverse("offers:offer-list") + "?lebensphase=grundschulzeit"]
    urls += [stage.get_absolute_url() for stage in LifeStage.objects.all()]
    urls += [transition.get_absolute_url() for transition in Transition.objects.all()]
    urls += [offer.get_absolute_url() for offer in every(Offer.objects.public(), 15)]
    urls += [reverse("offers:event-list")]
    urls += [event.get_absolute_url() for event in every(Event.objects.public(), 12)]
    urls += [
        group.get_absolute_url()
        for group in WorkingGroup.objects.select_related("region").order_by("pk")
    ]
    urls += [Region.objects.get(slug="stade").get_absolute_url()]
    return urls


def vocabulary():
    """(German names, English names) of the life stages, topics and transitions."""
    rows = [*LifeStage.objects.all(), *Topic.objects.all(), *Transition.objects.all()]
    return {row.name for row in rows}, {row.name_en for row in rows}


def test_english_pages_name_life_stages_topics_and_transitions_in_english(client, demo_db):
    german, english = vocabulary()
    assert "" not in english and not german & english
    shown = set()
    faults = []
    for url in english_pages():
        html = client.get(url, headers={"Accept-Language": "en"}).content.decode()
        assert '<html lang="en"' in html, url
        texts = element_texts(html)
        faults += [f"{url}: German name {name!r}" for name in sorted(texts & german)]
        shown |= texts & english
    assert not faults, "\n".join(faults)
    assert shown == english  # every English name appears somewhere


def test_german_pages_name_life_stages_topics_and_transitions_in_german(client, demo_db):
    _german, english = vocabulary()
    html = client.get(reverse("regions:home")).content.decode()
    html += client.get(reverse("offers:offer-list")).content.decode()
    texts = element_texts(html)
    assert texts & english == set()
    assert {stage.name for stage in LifeStage.objects.all()} <= texts


def test_english_pages_write_every_date_one_way(client, demo_db):
    faults = []
    dates = 0
    for url in english_pages():
        html = client.get(url, headers={"Accept-Language": "en"}).content.decode()
        for text in re.findall(r"<time\b[^>]*>([^<]*)</time>", html):
            dates += 1
            if not ENGLISH_DATE.match(" ".join(text.split())):
                faults.append(f"{url}: date {text!r}")
        text = page_text(html)
        faults += [
            f"{url}: German date {d!r}" for d in re.findall(r"\b\d{2}\.\d{2}\.\d{4}\b", text)
        ]
    assert not faults, "\n".join(faults)
    assert dates > 20


# --- The pieces the pages are built with ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kind", "article", "subject", "caption"),
    [
        ("AG Schule-Beruf", "ag", "", "die AG Schule-Beruf", "Mitglieder in der AG Schule-Beruf"),
        ("Netzwerk Lesen", "netzwerk", "", "das Netzwerk Lesen", "Mitglieder im Netzwerk Lesen"),
        ("Steuergruppe", "steuergruppe", "", "die Steuergruppe", "Mitglieder in der Steuergruppe"),
        ("Bündnis für Familie", "buendnis", "", "das Bündnis für Familie", "Mitglieder im Bündnis für Familie"),
        # A network whose name is feminine: the field says so.
        ("Ausbildungsregion Osnabrück", "netzwerk", "die", "die Ausbildungsregion Osnabrück", "Mitglieder in der Ausbildungsregion Osnabrück"),
        ("Arbeitskreis Kita", "ag", "der", "der Arbeitskreis Kita", "Mitglieder im Arbeitskreis Kita"),
    ],
)  # fmt: skip
def test_working_group_name_reads_right_with_its_article(name, kind, article, subject, caption):
    group = make_working_group(name=name, kind=kind, article=article)
    assert group.name_with_article == subject
    assert group.members_caption == caption
    with translation.override("en"):
        assert group.members_caption == f"Members of {name}"


@pytest.mark.django_db
def test_working_group_page_names_its_members_with_the_article(client):
    group = make_working_group(name="Netzwerk Lesen", kind="netzwerk")
    with committed():
        WorkingGroupMembership.objects.create(
            working_group=group, actor=make_actor(group.region, name="Stadtbibliothek Stade")
        )
    text = page_text(client.get(group.get_absolute_url()).content.decode())
    assert "Mitglieder im Netzwerk Lesen" in text.splitlines()
    assert "Mitglieder von" not in text


@pytest.mark.django_db
def test_wrong_choice_in_a_list_filter_names_the_filter_and_its_options(client):
    response = client.get(reverse("offers:offer-list"), {"lernform": "abends"})
    text = page_text(response.content.decode())
    message = (
        "Für „Lernform“ gibt es diese Auswahl nicht. Möglich sind: formal, non-formal, informell."
    )
    assert f"Lernform: {message}" in text.splitlines()
    assert "gültige Auswahl" not in text

    response = client.get(
        reverse("offers:offer-list"), {"lernform": "abends"}, headers={"Accept-Language": "en"}
    )
    text = page_text(response.content.decode())
    assert (
        "“Type of learning” has no such option. The options are: formal, non-formal, informal."
        in text
    )


@pytest.mark.django_db
def test_wrong_choice_among_many_options_points_to_the_list(client):
    region = make_region()
    for number in range(13):
        make_municipality(region, name=f"Ort {number}", slug=f"ort-{number}")
    response = client.get(reverse("actors:actor-list"), {"gemeinde": "999999"})
    text = page_text(response.content.decode())
    assert (
        "Für „Stadt / Gemeinde“ gibt es diese Auswahl nicht. Bitte wählen Sie einen Eintrag aus "
        "der Liste."
    ) in text


@pytest.mark.django_db
def test_no_results_tips_suggest_a_larger_radius_only_after_a_radius_search(client):
    region = make_region()
    stade = make_municipality(
        region, name="Stade", slug="stade", postcode="21682", latitude=53.599, longitude=9.476
    )
    make_offer(title="Lesen am Abend", municipality=stade)
    tip = "Vergrößern Sie den Umkreis."

    without = page_text(
        client.get(reverse("offers:offer-list"), {"q": "Qwertzuiop"}).content.decode()
    )
    assert "Leider passt kein Angebot zu Ihrer Auswahl." in without
    assert tip not in without

    within = client.get(reverse("offers:offer-list"), {"q": "Qwertzuiop", "plz": "21682"})
    assert tip in page_text(within.content.decode()).splitlines()

    actors = page_text(
        client.get(reverse("actors:actor-list"), {"q": "Qwertzuiop"}).content.decode()
    )
    assert "Entfernen Sie einen Filter oder sehen Sie alle Akteure." in actors
    assert "Umkreis" not in actors.split("Kein Akteur passt zu Ihrer Auswahl.")[1]
