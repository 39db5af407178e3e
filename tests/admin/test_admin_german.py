"""The admin speaks German to a Bildungsbüro: no English string on the pages it uses, no inline
style, the export with every ticked column under German headers, the status buttons of the
change page, the pointer for school accounts to the website's login."""

import csv
import gettext
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import import_export
import pytest
import simple_history
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from offers import services
from offers.models import EditorialStatus, EventStatus, Offer, Topic

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}

# Single English words and short labels of Django, django-import-export, simple-history and
# django-otp that show on the admin's pages (their msgids); a whole word in a page's visible text
# is a failure. The German words that look the same ("Filter", "Status", "Region", "Format",
# "Name", "Start") are not in the list; those that German uses in other words ("Import
# bestätigen") fail only as a text of their own (ENGLISH_LABELS).
ENGLISH_WORDS = [
    "Select an option",
    "Run",
    "Search",
    "Filter by",
    "Select all",
    "Clear selection",
    "Changes",
    "Change reason",
    "Changed by",
    "Comment",
    "Date/time",
    "Object",
    "History",
    "Export",
    "Submit",
    "Staff",
    "staff account",
    "None",
    "Home",
    "Add",
    "Save",
    "Delete",
    "Yes",
    "Today",
    "Now",
    "Any date",
    "Log in",
    "Log out",
    "Logout",
    "View site",
    "View on site",
    "Pagination",
    "Recent actions",
    "My actions",
    "Show all",
    "results",
    "Toggle theme",
    "Skip to main content",
    "Start typing to filter",
    "Confirm import",
    "Preview",
    "Errors",
    "Line number",
    "Revert",
    "entries",
    "entry",
    "Resource",
    "File to import",
    "Password",
    "Username",
]
ENGLISH_LABELS = ["Import", "Change", "By", "Go", "All", "No", "Token"]
# The rest: every msgid of two words or more of these packages' German catalogues that has a
# German translation (the English text the page would show without it).
CATALOGUES = [
    Path(django.__file__).parent / "contrib" / "admin" / "locale",
    Path(django.__file__).parent / "contrib" / "auth" / "locale",
    Path(django.__file__).parent / "conf" / "locale",
    Path(import_export.__file__).parent / "locale",
    Path(simple_history.__file__).parent / "locale",
    Path(pytest.importorskip("django_otp").__file__).parent / "locale",
]


def english_sentences():
    sentences = set()
    for folder in CATALOGUES:
        with (folder / "de" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
            catalogue = gettext.GNUTranslations(mo)._catalog
        for msgid, msgstr in catalogue.items():
            msgid = msgid[0] if isinstance(msgid, tuple) else msgid
            msgid = msgid.split("\x04")[-1]  # without the context
            # The literal parts around the placeholders, each of two words or more.
            for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\}", msgid):
                part = part.strip(" .:,;…“”\"'()")
                if len(part.split()) >= 2 and msgid != msgstr:
                    sentences.add(part)
    return sentences


ENGLISH_SENTENCES = english_sentences()


class VisibleText(HTMLParser):
    """What a page shows or reads out: its text (not scripts), and the texts of alt, title,
    aria-label, placeholder and of buttons' values; and every style attribute."""

    SPOKEN = {"alt", "title", "aria-label", "placeholder"}

    def __init__(self):
        super().__init__()
        self.texts, self.styles, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        if "style" in attrs:
            self.styles.append(f"<{tag} style={attrs['style']!r}>")
        for name in self.SPOKEN & attrs.keys():
            self.texts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def read(html):
    parser = VisibleText()
    parser.feed(html)
    return parser


def english_on(html):
    """The English words and sentences in the page's visible text."""
    texts = [" ".join(text.split()) for text in read(html).texts]
    found = set()
    for text in texts:
        for word in ENGLISH_WORDS:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                found.add((word, text[:80]))
        if text.strip(" :") in ENGLISH_LABELS:
            found.add((text.strip(" :"), text))
        for sentence in ENGLISH_SENTENCES:
            if sentence in text:
                found.add((sentence, text[:80]))
    return sorted(found)


@pytest.fixture
def office(users, world_a):
    """A coordinator of the Bildungsbüro Stade, logged in with a German browser; an offer with
    versions (one by the workflow, with a reason, one saved without a reason)."""
    offer = world_a.objects["offers.offer"]
    offer.status = EditorialStatus.DRAFT
    offer.save()
    services.offer_submit(offer=offer, by=users["coordinator_a"])
    offer = Offer.objects.get(pk=offer.pk)  # as the admin's form loads it
    offer.summary = "Neu beschrieben"
    offer._history_user = users["coordinator_a"]
    offer.save()
    return users["coordinator_a"]


def admin_pages(world_a):
    offer = world_a.objects["offers.offer"]
    event = world_a.objects["offers.event"]
    actor = world_a.objects["actors.actor"]
    return [
        reverse("admin:index"),
        reverse("admin:offers_offer_changelist"),
        reverse("admin:offers_offer_changelist") + "?q=Sprachkurs&status__exact=pruefung",
        reverse("admin:offers_offer_add"),
        reverse("admin:offers_offer_change", args=[offer.pk]),
        reverse("admin:offers_offer_history", args=[offer.pk]),
        reverse("admin:offers_offer_simple_history", args=[offer.pk, offer.history.first().pk]),
        reverse("admin:offers_offer_delete", args=[offer.pk]),
        reverse("admin:offers_offer_import"),
        reverse("admin:offers_offer_export"),
        reverse("admin:offers_event_changelist"),
        reverse("admin:offers_event_changelist") + "?freigabe=wartet&q=Berufsinfotag",
        reverse("admin:offers_event_add"),
        reverse("admin:offers_event_change", args=[event.pk]),
        reverse("admin:offers_event_history", args=[event.pk]),
        reverse("admin:offers_event_delete", args=[event.pk]),
        reverse("admin:actors_actor_changelist"),
        reverse("admin:actors_actor_changelist") + "?q=VHS",
        reverse("admin:actors_actor_add"),
        reverse("admin:actors_actor_change", args=[actor.pk]),
        reverse("admin:actors_actor_history", args=[actor.pk]),
        reverse("admin:actors_actor_delete", args=[actor.pk]),
        reverse("admin:actors_actor_import"),
        reverse("admin:actors_actor_export"),
        reverse("admin:monitoring"),
        reverse("admin:password_change"),
        reverse("admin:two-factor-setup"),
    ]


def test_every_admin_page_of_a_bildungsbuero_is_german_and_without_inline_styles(
    client, office, world_a
):
    client.force_login(office)
    problems = {}
    for url in admin_pages(world_a):
        response = client.get(url, **GERMAN)
        assert response.status_code == 200, url
        html = response.content.decode()
        page = read(html)
        found = english_on(html) + page.styles
        if found:
            problems[url] = found
    assert problems == {}


def test_import_preview_and_delete_confirmation_with_related_rows_are_german(
    client, office, world_a
):
    client.force_login(office)
    upload = SimpleUploadedFile(
        "akteure.csv",
        b"Kurzname in Adressen,Name,Art\nbibliothek-x,Bibliothek X,bibliothek\n,,unbekannt\n",
        content_type="text/csv",
    )
    preview = client.post(
        reverse("admin:actors_actor_import"), {"import_file": upload, "format": "0"}, **GERMAN
    )
    assert preview.status_code == 200
    assert preview.context["result"].has_validation_errors()
    # The actor provides an offer: its delete page names the protected rows.
    delete = client.get(
        reverse("admin:actors_actor_delete", args=[world_a.objects["actors.actor"].pk]), **GERMAN
    )
    problems = {
        name: english_on(r.content.decode()) + read(r.content.decode()).styles
        for name, r in [("preview", preview), ("delete", delete)]
    }
    assert problems == {"preview": [], "delete": []}
    assert "Akteur „VHS Stade“ kann erst gelöscht werden, wenn diese geschützten" in " ".join(
        " ".join(read(delete.content.decode()).texts).split()
    )


def test_login_and_second_factor_pages_are_german(client, db):
    pages = {"login": client.get(reverse("admin:login"), **GERMAN)}
    pages["wrong password"] = client.post(
        reverse("admin:login"), {"username": "niemand", "password": "falsch"}, **GERMAN
    )
    found = {name: english_on(r.content.decode()) for name, r in pages.items()}
    assert found == {"login": [], "wrong password": []}
    assert "Benutzername oder Passwort stimmen nicht." in pages["wrong password"].content.decode()


def test_history_names_the_reason_and_shows_no_none(client, office, world_a):
    offer = world_a.objects["offers.offer"]
    client.force_login(office)
    response = client.get(reverse("admin:offers_offer_history", args=[offer.pk]), **GERMAN)
    rows = [
        [" ".join(cell.split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", response.content.decode(), re.S)[1:]
    ]
    rows = [row for row in rows if row]  # not the header's
    # Newest first: the summary saved in a form (no reason), the workflow's step (its reason),
    # the fixture's saves, the creation.
    reasons = [row[4] for row in rows]
    assert reasons == ["–", "zur Prüfung gegeben", "–", "–", "–", "–"]
    assert [row[3] for row in rows[:2]] == [
        f'<a href="{reverse("admin:bildungsregion_user_change", args=[office.pk])}">'
        "koordination-a</a>"
    ] * 2
    assert rows[-1][3] == "unbekannt (System)"
    # The changes read as the form shows them: labels, choices, lists.
    assert [row[5] for row in rows] == [
        "<ul> <li> <strong>Kurzbeschreibung:</strong> Kurzbeschreibung von Sprachkurs Stade → "
        "Neu beschrieben </li> </ul>",
        "<ul> <li> <strong>Status:</strong> Entwurf → in Prüfung </li> </ul>",
        "<ul> <li> <strong>Status:</strong> veröffentlicht → Entwurf </li> </ul>",
        "<ul> <li> <strong>Themen:</strong> – → Sprache und Lesen </li> </ul>",
        "<ul> <li> <strong>Lebensphasen:</strong> – → Beruf und Weiterbildung </li> </ul>",
        "–",
    ]
    assert "None" not in response.content.decode()


def test_history_shows_yes_no_empty_values_and_lists_of_several_in_german(client, office, world_a):
    """Beside choices and single entries: a yes/no field as "ja"/"nein", an empty value
    (None or "") as "–", and several entries of a list separated by commas."""
    offer = world_a.objects["offers.offer"]
    Offer.objects.filter(pk=offer.pk).update(is_free=False, cost=None, schedule="")
    offer.refresh_from_db()
    offer.is_free = True
    offer.schedule = "dienstags"
    offer.save()
    offer.is_free = False
    offer.cost = 25
    offer.schedule = ""
    offer.save()
    topics = list(Topic.objects.order_by("name")[:2])
    offer.topics.set(topics)
    client.force_login(office)
    response = client.get(reverse("admin:offers_offer_history", args=[offer.pk]), **GERMAN)
    rows = [
        [" ".join(cell.split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", response.content.decode(), re.S)[1:]
    ]
    changes = [row[5] for row in rows if row][:4]
    names = ", ".join(topic.name for topic in topics)
    assert changes == [
        # set(): the old topic removed, then the two added
        f"<ul> <li> <strong>Themen:</strong> – → {names} </li> </ul>",
        "<ul> <li> <strong>Themen:</strong> Sprache und Lesen → – </li> </ul>",
        "<ul> <li> <strong>Kosten (EUR):</strong> – → 25.00 </li> "
        "<li> <strong>Kostenlos:</strong> ja → nein </li> "
        "<li> <strong>Zeiten:</strong> dienstags → – </li> </ul>",
        "<ul> <li> <strong>Kostenlos:</strong> nein → ja </li> "
        "<li> <strong>Zeiten:</strong> – → dienstags </li> </ul>",
    ]


def test_offer_format_is_labelled_format_not_dateiformat(client, office, world_a):
    client.force_login(office)
    offer = world_a.objects["offers.offer"]
    change = client.get(reverse("admin:offers_offer_change", args=[offer.pk]), **GERMAN)
    assert '<label class="required" for="id_format">Format:</label>' in change.content.decode()
    changelist = client.get(reverse("admin:offers_offer_changelist"), **GERMAN)
    assert "Nach Format" in changelist.content.decode()
    assert "Dateiformat" not in changelist.content.decode()


# --- export ------------------------------------------------------------------------------------


def ticked_export(client, url):
    """POST the export form with every column ticked, as it comes (CSV)."""
    form = client.get(url, **GERMAN).context["form"]
    ticked = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", 0)
    }
    return form, client.post(url, {"format": "0", **ticked}, **GERMAN)


def test_export_has_every_ticked_column_with_german_headers_and_a_german_file_name(
    client, office, world_a
):
    client.force_login(office)
    form, response = ticked_export(client, reverse("admin:offers_offer_export"))
    labels = [
        field.label for field in form.fields.values() if getattr(field, "is_selectable_field", 0)
    ]
    assert labels[:4] == ["Kurzname in Adressen", "Titel", "Region", "Anbieter"]
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="angebote-{today}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == labels
    assert len(labels) == 34
    assert "Format" in rows[0]
    offer = world_a.objects["offers.offer"]
    assert rows[1][rows[0].index("Format")] == offer.format == "praesenz"
    assert rows[1][rows[0].index("Titel")] == offer.title


def test_export_of_two_columns_with_format_has_just_these(client, office, world_a):
    client.force_login(office)
    response = client.post(
        reverse("admin:offers_offer_export"),
        {"format": "0", "offerresource_title": "on", "offerresource_format": "on"},
        **GERMAN,
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Titel", "Format"], ["Sprachkurs Stade", "praesenz"]]


def test_export_without_a_ticked_column_says_so_in_german(client, office):
    client.force_login(office)
    response = client.post(reverse("admin:actors_actor_export"), {"format": "0"}, **GERMAN)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Bitte wählen Sie mindestens eine Spalte aus."
    ]


def test_exported_file_imports_again_under_its_german_headers(client, office, world_a):
    client.force_login(office)
    _, response = ticked_export(client, reverse("admin:actors_actor_export"))
    assert response["Content-Disposition"].startswith('attachment; filename="akteure-')
    text = response.content.decode("utf-8-sig").replace("VHS Stade", "VHS Stade am Hafen")
    upload = SimpleUploadedFile("akteure.csv", text.encode(), content_type="text/csv")
    preview = client.post(
        reverse("admin:actors_actor_import"), {"import_file": upload, "format": "0"}, **GERMAN
    )
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(row.import_type for row in result.rows) == ["skip", "update"]
    # The preview shows the change without inline styles, in German.
    html = preview.content.decode()
    assert "<span>VHS Stade</span><ins> am Hafen</ins>" in html
    assert (read(html).styles, english_on(html)) == ([], [])


# --- the status buttons of the change page ----------------------------------------------------


def buttons_on(response):
    return re.findall(
        r'<button type="submit" class="button default" form="portal-status-form" '
        r'name="CHANGE_FORM-action" value="(\w+)">([^<]+)</button>',
        response.content.decode(),
    )


def press(client, url, action):
    """The POST a status button sends: its form, with the CSRF token the page gave."""
    page = client.get(url, **GERMAN)
    token = re.search(
        r'<form id="portal-status-form" method="post"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)">',
        page.content.decode(),
    ).group(1)
    return client.post(
        url,
        {
            "csrfmiddlewaretoken": token,
            "CHANGE_FORM-action": action,
            "_selected_action": page.context["original"].pk,
        },
        follow=True,
        **GERMAN,
    )


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


def test_publish_button_publishes_the_offer_and_writes_the_reason(csrf_client, users, world_a):
    offer = world_a.objects["offers.offer"]
    offer.status = EditorialStatus.REVIEW
    offer.save()
    csrf_client.force_login(users["coordinator_a"])
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    assert buttons_on(csrf_client.get(url, **GERMAN)) == [("publish", "Veröffentlichen")]
    response = press(csrf_client, url, "publish")
    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == ["Veröffentlicht: 1"]
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.PUBLISHED
    latest = offer.history.first()
    assert (latest.history_change_reason, latest.history_user) == (
        "veröffentlicht",
        users["coordinator_a"],
    )
    # Published: no button any more.
    assert buttons_on(response) == []


def test_status_button_post_without_csrf_token_is_refused(csrf_client, users, world_a):
    offer = world_a.objects["offers.offer"]
    offer.status = EditorialStatus.REVIEW
    offer.save()
    csrf_client.force_login(users["coordinator_a"])
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    response = csrf_client.post(
        url, {"CHANGE_FORM-action": "publish", "_selected_action": offer.pk}
    )
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.REVIEW


def test_editor_sees_no_publish_button_and_a_post_is_refused(csrf_client, users, world_a):
    offer = world_a.objects["offers.offer"]
    offer.status = EditorialStatus.REVIEW
    offer.save()
    csrf_client.force_login(users["editor_a"])
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    page = csrf_client.get(url, **GERMAN)
    assert page.status_code == 200
    assert buttons_on(page) == []
    assert 'id="portal-status-form"' not in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = csrf_client.post(
        url,
        {
            "csrfmiddlewaretoken": token,
            "CHANGE_FORM-action": "publish",
            "_selected_action": offer.pk,
        },
        follow=True,
        **GERMAN,
    )
    assert [str(m) for m in response.context["messages"]] == ["Keine Aktion ausgewählt."]
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.REVIEW
    assert offer.history.first().history_change_reason is None


def test_coordinator_of_another_region_gets_no_button_and_no_offer(csrf_client, users, world_a):
    offer = world_a.objects["offers.offer"]
    offer.status = EditorialStatus.REVIEW
    offer.save()
    csrf_client.force_login(users["coordinator_b"])
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    assert csrf_client.get(url, **GERMAN).status_code == 404


def submitted_event(world_a):
    event = world_a.objects["offers.event"]
    event.status = EventStatus.REVIEW
    event.save()
    return event


def test_approve_button_approves_the_submitted_event(csrf_client, users, world_a):
    event = submitted_event(world_a)
    csrf_client.force_login(users["coordinator_a"])
    url = reverse("admin:offers_event_change", args=[event.pk])
    assert buttons_on(csrf_client.get(url, **GERMAN)) == [
        ("approve", "Freigeben"),
        ("reject", "Ablehnen"),
    ]
    response = press(csrf_client, url, "approve")
    assert [str(m) for m in response.context["messages"]] == ["Freigegeben: 1"]
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.history.first().history_change_reason == "freigegeben"
    assert buttons_on(response) == []


def test_reject_button_asks_for_the_message_and_rejects(csrf_client, users, world_a):
    event = submitted_event(world_a)
    csrf_client.force_login(users["coordinator_a"])
    url = reverse("admin:offers_event_change", args=[event.pk])
    form_page = press(csrf_client, url, "reject")
    assert form_page.redirect_chain == []
    html = form_page.content.decode()
    assert '<input type="hidden" name="CHANGE_FORM-action" value="reject">' in html
    assert f'<a href="{url}" class="button cancel-link">Abbrechen</a>' in html
    assert english_on(html) == [] and read(html).styles == []
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "CHANGE_FORM-action": "reject",
        "_selected_action": event.pk,
    }
    # Without a message: the form again, with the reason.
    empty = csrf_client.post(url, {**data, "message": ""}, **GERMAN)
    assert empty.context["form"].errors == {"message": ["Dieses Feld ist zwingend erforderlich."]}
    event.refresh_from_db()
    assert event.status == EventStatus.REVIEW
    response = csrf_client.post(
        url, {**data, "message": "Bitte mit Raumangabe."}, follow=True, **GERMAN
    )
    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in response.context["messages"]] == ["Abgelehnt: 1"]
    event.refresh_from_db()
    assert (event.status, event.moderation_message) == (
        EventStatus.REJECTED,
        "Bitte mit Raumangabe.",
    )
    assert event.history.first().history_change_reason == "abgelehnt"


def test_editor_sees_no_approve_or_reject_button_and_a_post_is_refused(csrf_client, users, world_a):
    event = submitted_event(world_a)
    csrf_client.force_login(users["editor_a"])
    url = reverse("admin:offers_event_change", args=[event.pk])
    page = csrf_client.get(url, **GERMAN)
    assert buttons_on(page) == []
    token = page.cookies["csrftoken"].value
    for action in ("approve", "reject"):
        response = csrf_client.post(
            url,
            {
                "csrfmiddlewaretoken": token,
                "CHANGE_FORM-action": action,
                "_selected_action": event.pk,
            },
            follow=True,
            **GERMAN,
        )
        assert [str(m) for m in response.context["messages"]] == ["Keine Aktion ausgewählt."]
    event.refresh_from_db()
    assert event.status == EventStatus.REVIEW


def test_a_role_with_publish_in_one_region_only_gets_the_button_there(csrf_client, two_roles):
    """Editor in one region, coordinator in the other: the publish button shows only on the
    coordinated region's offers (the action itself is offered in both, by the user's role in
    some region)."""
    csrf_client.force_login(two_roles.user)
    for world, expected in [
        (two_roles.edited, []),
        (two_roles.coordinated, [("publish", "Veröffentlichen")]),
    ]:
        offer = world.objects["offers.offer"]
        offer.status = EditorialStatus.REVIEW
        offer.save()
        page = csrf_client.get(reverse("admin:offers_offer_change", args=[offer.pk]), **GERMAN)
        assert buttons_on(page) == expected


# --- school accounts at /admin/ -----------------------------------------------------------------


def test_school_account_at_the_admin_login_is_pointed_to_the_website_login(client, world_a):
    teacher = world_a.objects["school_user"]
    teacher.set_password("Lehrkraft-Passwort-2026")
    teacher.save()
    response = client.post(
        reverse("admin:login"),
        {"username": teacher.username, "password": "Lehrkraft-Passwort-2026"},
        **GERMAN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].non_field_errors() == [
        "Mit diesem Konto melden Sie sich nicht hier an: Die Verwaltung ist für die "
        "Bildungsbüros. Einrichtungen und Anbieter melden sich auf der Website an."
    ]
    assert '<a href="/anmelden/">Anmelden für Einrichtungen und Anbieter</a>' in html
    assert '<a href="/mein-bereich/">Mein Bereich: Angebote und Veranstaltungen pflegen</a>' in html
    assert "Staff" not in html
    assert english_on(html) == []
    assert "_auth_user_id" not in client.session


def test_school_account_logged_in_on_the_website_is_pointed_to_its_area(client, world_a):
    client.force_login(world_a.objects["school_user"])
    response = client.get(reverse("admin:index"), follow=True, **GERMAN)
    assert response.redirect_chain == [(reverse("admin:login") + "?next=/admin/", 302)]
    html = response.content.decode()
    assert '<a href="/mein-bereich/">Mein Bereich: Angebote und Veranstaltungen pflegen</a>' in html
    assert english_on(html) == []


def test_staff_with_a_wrong_password_gets_no_school_pointer(client, users):
    response = client.post(
        reverse("admin:login"), {"username": "koordination-a", "password": "falsch"}, **GERMAN
    )
    assert response.context["form"].non_field_errors() == [
        "Benutzername oder Passwort stimmen nicht. Bitte achten Sie auf Groß- und Kleinschreibung."
    ]
    assert "/mein-bereich/" not in response.content.decode()


def test_admin_javascript_catalogue_has_the_german_of_django_6_strings(client, office):
    """The calendar's and the selector's texts (aria-labels read out by screen readers) that
    Django 6.1's German JavaScript catalogue lacks come from locale/de/…/djangojs.po."""
    client.force_login(office)
    script = client.get(reverse("admin:jsi18n"), **GERMAN).content.decode()
    for german in [
        '"Heute (%(date)s)"',
        '"Voriger Monat (%(month)s %(year)s)"',
        '"Alle %s entfernen"',
    ]:
        assert german in script
    assert '"Today (%(date)s)": "Heute (%(date)s)"' in script
