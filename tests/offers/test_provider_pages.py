"""The provider area's pages in detail: what the overview says of each entry's state (events,
waiting and rejected changes, the profile), the notes of the form pages (what waits and what is
public at once), the profile page, the service's refusals on the form, the links of the office's
mails, and the forms' values when copying. (The journeys are in test_provider_area.py.)"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from offers import moderation
from offers.forms import EventForm, OfferForm
from offers.models import ChangeRequest, EditorialStatus, EventStatus, Topic
from offers.provider_views import _through_service
from tests.factories import make_actor, make_event
from tests.offers.test_provider_area import (
    AREA,
    BADGE,
    NEW_EVENT,
    NEW_OFFER,
    edit_data,
    make_vhs_world,
    offer_data,
    published_offer,
    text_of,
)
from tests.offers.test_school_area import errors_of, event_data, form_values, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def vhs_world():
    return make_vhs_world()


def in_days(days, hour=10):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def section(html, start, end=None):
    """The part of ``html`` from ``start`` up to ``end`` (or the end)."""
    html = html[html.index(start) :]
    return html[: html.index(end)] if end else html


def vhs_event_data(world, **overrides):
    data = event_data(world["vhs"], kind="infoveranstaltung", postcode="21682", city="Stade")
    data.update(overrides)
    return data


def published_event(world, **fields):
    defaults = {"organiser": world["vhs"], "kind": "infoveranstaltung", "starts_at": in_days(20)}
    defaults.update(fields)
    return make_event(**defaults)


# --- the overview: states ---------------------------------------------------------------------


def test_overview_badges_say_each_events_state_and_only_a_rejected_one_has_a_message(
    client, vhs_world
):
    for days, status in enumerate(
        [
            EventStatus.DRAFT,
            EventStatus.REVIEW,
            EventStatus.REJECTED,
            EventStatus.PUBLISHED,
            EventStatus.CANCELLED,
            EventStatus.ARCHIVED,
        ]
    ):
        # Newest first: the draft (latest start) comes first.
        published_event(
            vhs_world,
            title=f"Termin {status}",
            status=status,
            starts_at=in_days(60 - days),
            moderation_message="Bitte den Ort nennen." if status == EventStatus.REJECTED else "",
        )
    client.force_login(vhs_world["staff"])

    content = client.get(AREA).content.decode()
    events = section(content, f"Termin {EventStatus.DRAFT}")

    assert BADGE.findall(events) == [
        ("", "Entwurf"),
        (" kern-badge--info", "wartet auf Freigabe"),
        (" kern-badge--danger", "abgelehnt"),
        (" kern-badge--success", "veröffentlicht"),
        (" kern-badge--danger", "abgesagt"),
        ("", "archiviert"),
    ]
    assert content.count("Nachricht des Bildungsbüros") == 1
    assert "Nachricht des Bildungsbüros: Bitte den Ort nennen." in text_of(
        client.get(AREA)
    ).replace(" .", ".")


def test_overview_shows_waiting_and_rejected_changes_of_profile_offers_and_events(
    client, vhs_world
):
    staff, coordinator = vhs_world["staff"], vhs_world["coordinator"]
    waiting = published_offer(vhs_world, title="A Englisch")
    moderation.provider_update(waiting, by=staff, changes={"title": "A Englisch am Abend"})
    rejected = published_offer(vhs_world, title="B Französisch")
    moderation.provider_update(rejected, by=staff, changes={"title": "B FRANZÖSISCH"})
    moderation.reject(
        ChangeRequest.objects.waiting().get(object_id=rejected.pk),
        by=coordinator,
        message="Bitte ohne Großbuchstaben.",
    )
    # A later minor change leaves the rejection of the title standing.
    moderation.provider_update(rejected, by=staff, changes={"schedule": "freitags 17 Uhr"})
    event = published_event(vhs_world, title="Sprachencafé")
    moderation.provider_update(event, by=staff, changes={"title": "Sprachencafé im Hafen"})
    moderation.provider_update(
        vhs_world["vhs"], by=staff, changes={"description": "Neu: auch Kurse in Buxtehude."}
    )
    client.force_login(staff)

    content = client.get(AREA).content.decode()

    profile = section(content, ">Profil<", "Profil bearbeiten")
    assert BADGE.findall(profile) == [(" kern-badge--info", "Änderung wartet auf Freigabe")]
    offers = section(content, "A Englisch", "Sprachencafé")
    assert BADGE.findall(offers) == [
        (" kern-badge--success", "veröffentlicht"),
        (" kern-badge--info", "Änderung wartet auf Freigabe"),
        (" kern-badge--success", "veröffentlicht"),
        (" kern-badge--danger", "Änderung abgelehnt"),
    ]
    assert "Nachricht des Bildungsbüros: Bitte ohne Großbuchstaben." in offers
    assert BADGE.findall(section(content, "Sprachencafé")) == [
        (" kern-badge--success", "veröffentlicht"),
        (" kern-badge--info", "Änderung wartet auf Freigabe"),
    ]


def test_a_change_of_an_offer_is_not_shown_at_an_event_with_the_same_number(client, vhs_world):
    offer = published_offer(vhs_world, title="Englisch B1", pk=7001)
    moderation.provider_update(offer, by=vhs_world["staff"], changes={"title": "Englisch B2"})
    published_event(vhs_world, title="Sprachencafé", pk=7001)
    client.force_login(vhs_world["staff"])

    content = client.get(AREA).content.decode()

    assert BADGE.findall(section(content, "Sprachencafé")) == [
        (" kern-badge--success", "veröffentlicht")
    ]


def test_overview_lists_offers_by_title_and_says_how_complete_the_institution_is(client, vhs_world):
    published_offer(vhs_world, title="Zeichnen für Anfänger")
    published_offer(vhs_world, title="Aquarell am Vormittag")
    client.force_login(vhs_world["staff"])

    text = text_of(client.get(AREA))

    assert text.index("Aquarell am Vormittag") < text.index("Zeichnen für Anfänger")
    whole = text[text.index("Vollständigkeit aller Einträge") : text.index("Aktualität")]
    assert re.fullmatch(r"Vollständigkeit aller Einträge Vollständigkeit: \d+ % \d+ % .+ ", whole)


# --- refusals ---------------------------------------------------------------------------------


def test_an_archived_offer_cannot_be_edited_and_the_overview_says_why(client, vhs_world):
    offer = published_offer(vhs_world, status=EditorialStatus.ARCHIVED)
    client.force_login(vhs_world["staff"])

    response = client.get(reverse("offers:provider-offer-edit", args=[offer.pk]))

    assert (response.status_code, response.url) == (302, AREA)
    assert messages_of(response) == [
        ("error", "„Englisch B1“ ist archiviert und kann hier nicht mehr geändert werden.")
    ]


def test_ending_an_offer_that_has_ended_meanwhile_says_until_when_it_ran(client, vhs_world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    offer = published_offer(vhs_world, valid_until=yesterday)
    client.force_login(vhs_world["staff"])

    response = client.post(reverse("offers:provider-offer-end", args=[offer.pk]))

    assert (response.status_code, response.url) == (302, AREA)
    assert messages_of(response) == [
        ("error", f"„Englisch B1“ ist bereits beendet (gültig bis {yesterday:%d.%m.%Y}).")
    ]
    assert ChangeRequest.objects.count() == 0


def test_the_end_page_names_today(client, vhs_world):
    offer = published_offer(vhs_world)
    client.force_login(vhs_world["staff"])

    text = text_of(client.get(reverse("offers:provider-offer-end", args=[offer.pk])))

    assert f"Das Angebot gilt dann bis heute, {timezone.localdate():%d.%m.%Y}, und" in text


def test_a_refusal_of_the_service_goes_onto_the_form_and_nothing_is_returned(vhs_world):
    """The forms check what the services check, so that the services' refusals reach a form
    only in a race (the data changed between the form's check and the save). Two real
    refusals: one without a field (an offer that has ended) and one of a field (an event's
    start moved into the past)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ended = published_offer(vhs_world, valid_until=yesterday)
    form = OfferForm(data={}, institutions=Actor.objects.filter(pk=vhs_world["vhs"].pk))
    form.is_valid()
    form.errors.clear()

    result = _through_service(form, moderation.provider_end, ended, by=vhs_world["staff"])

    assert result is None
    assert form.errors == {
        "__all__": [f"„Englisch B1“ ist bereits beendet (gültig bis {yesterday:%d.%m.%Y})."]
    }

    event = published_event(vhs_world)
    form = EventForm(data={}, institutions=Actor.objects.filter(pk=vhs_world["vhs"].pk))
    form.is_valid()
    form.errors.clear()

    result = _through_service(
        form,
        moderation.provider_update,
        event,
        by=vhs_world["staff"],
        changes={"starts_at": in_days(-2)},
    )

    assert result is None
    assert form.errors == {"starts_at": ["Der Beginn darf nicht in der Vergangenheit liegen."]}
    # Accepted: the service's own result.
    offer = published_offer(vhs_world, title="Spanisch A1")
    result = _through_service(form, moderation.provider_end, offer, by=vhs_world["staff"])
    assert result.applied == ["valid_until"]


# --- the form pages ---------------------------------------------------------------------------


def form_pages(world):
    offer = published_offer(world)
    event = published_event(world)
    vhs = world["vhs"]
    return {
        "new offer": ("get", NEW_OFFER, None),
        "new offer, errors": ("post", NEW_OFFER, offer_data(vhs, title="")),
        "copy of an offer": ("get", reverse("offers:provider-offer-copy", args=[offer.pk]), None),
        "edit offer": ("get", reverse("offers:provider-offer-edit", args=[offer.pk]), None),
        "edit offer, errors": (
            "post",
            reverse("offers:provider-offer-edit", args=[offer.pk]),
            edit_data(offer, title=""),
        ),
        "end offer": ("get", reverse("offers:provider-offer-end", args=[offer.pk]), None),
        "new event": ("get", NEW_EVENT, None),
        "new event, errors": ("post", NEW_EVENT, vhs_event_data(world, title="")),
        "copy of an event": ("get", reverse("offers:provider-event-copy", args=[event.pk]), None),
        "edit event": ("get", reverse("offers:provider-event-edit", args=[event.pk]), None),
        "profile": ("get", reverse("offers:provider-profile", args=[vhs.pk]), None),
        "profile, errors": (
            "post",
            reverse("offers:provider-profile", args=[vhs.pk]),
            {"name": "", "postcode": "21682"},
        ),
    }


@pytest.mark.parametrize(
    "page",
    [
        "new offer",
        "new offer, errors",
        "copy of an offer",
        "edit offer",
        "edit offer, errors",
        "end offer",
        "new event",
        "new event, errors",
        "copy of an event",
        "edit event",
        "profile",
        "profile, errors",
    ],
)
def test_every_form_page_is_the_logged_in_users_page_with_its_csrf_token(client, vhs_world, page):
    method, url, data = form_pages(vhs_world)[page]
    client.force_login(vhs_world["staff"])

    response = getattr(client, method)(url, data) if data else client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None and len(token.group(1)) == 64
    if data:
        assert errors_of(response) != []


def test_the_new_offer_page_offers_each_institution_of_the_user_also_after_an_error(
    client, vhs_world
):
    library = make_actor(vhs_world["region"], name="Stadtbibliothek Stade", kind=Actor.Kind.LIBRARY)
    InstitutionMembership.objects.create(user=vhs_world["staff"], actor=library)
    client.force_login(vhs_world["staff"])
    picker = (
        f'<a class="kern-link" href="?einrichtung={vhs_world["vhs"].pk}">Kreisvolkshochschule '
        f'Stade</a>, <a class="kern-link" href="?einrichtung={library.pk}">Stadtbibliothek '
        "Stade</a>"
    )

    assert picker in client.get(NEW_OFFER).content.decode()
    response = client.post(NEW_OFFER, offer_data(library, title=""))
    assert picker in response.content.decode()
    assert form_values(response.content.decode())["institution"] == [str(library.pk)]
    # A copy is of one institution: no choice of address there.
    offer = published_offer(vhs_world, provider=library)
    copy = client.get(reverse("offers:provider-offer-copy", args=[offer.pk])).content.decode()
    assert "?einrichtung=" not in copy
    assert form_values(copy)["institution"] == [str(library.pk)]


def moderation_lists(html):
    text = text_of_html(html)
    at_once = re.search(r"sind sofort öffentlich: ([^;]*);", text)
    waiting = re.search(r"warten auf Freigabe durch das Bildungsbüro: (.*?)\. Bis dahin", text)
    return (at_once and at_once.group(1), waiting and waiting.group(1))


def text_of_html(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_form_pages_say_what_waits_and_what_is_public_at_once(client, vhs_world):
    offer = published_offer(vhs_world)
    event = published_event(vhs_world)
    draft = published_offer(vhs_world, title="Spanisch A1", status=EditorialStatus.DRAFT)
    client.force_login(vhs_world["staff"])

    def page(url):
        return client.get(url).content.decode()

    offer_page = page(reverse("offers:provider-offer-edit", args=[offer.pk]))
    assert moderation_lists(offer_page) == (
        "Format, Ort / Raum, Stadt / Gemeinde, Straße und Hausnummer, Postleitzahl, Ort, "
        "kostenlos, Kosten (EUR), Hinweis zu Kosten, Zeiten, gültig ab, gültig bis, Anmeldung "
        "erforderlich, Anmeldung, Anmeldung online, Kontakt (E-Mail), Kontakt (Telefon), "
        "barrierefrei, Hinweise zur Barrierefreiheit, Sprachen",
        "Titel, Kurzbeschreibung, Beschreibung, Lernform, Lebensphasen, Übergänge, Themen, Alter "
        "ab, Alter bis",
    )
    event_page = page(reverse("offers:provider-event-edit", args=[event.pk]))
    at_once, waiting = moderation_lists(event_page)
    assert waiting.endswith(", Mitveranstalter")
    assert "Mitveranstalter" not in at_once
    new = text_of_html(page(NEW_OFFER))
    assert (
        "Das Bildungsbüro Ihrer Region prüft neue Einträge, bevor sie im Portal erscheinen." in new
    )
    assert moderation_lists(page(NEW_OFFER)) == (None, None)
    draft_page = page(reverse("offers:provider-offer-edit", args=[draft.pk]))
    assert moderation_lists(draft_page) == (None, None)
    assert "Dieser Eintrag ist noch nicht veröffentlicht: Ihre Änderungen gelten sofort" in (
        text_of_html(draft_page)
    )


def test_the_profile_page_names_the_institution_its_completeness_and_a_waiting_change(
    client, vhs_world
):
    vhs = vhs_world["vhs"]
    url = reverse("offers:provider-profile", args=[vhs.pk])
    client.force_login(vhs_world["staff"])

    before = text_of(client.get(url))

    assert "Profil: Kreisvolkshochschule Stade Vollständigkeit:" in before
    assert "Ihre Änderung vom" not in before
    assert moderation_lists(client.get(url).content.decode()) == (
        "Straße und Hausnummer, Postleitzahl, Ort, Telefon, E-Mail, Website",
        "Name, Beschreibung",
    )
    data = form_values(client.get(url).content.decode())
    data.update(description=["Neu: auch Kurse in Buxtehude."], phone=["04141 9999"])

    response = client.post(url, data)

    assert messages_of(response) == [
        (
            "success",
            "Ihre Änderungen an „Kreisvolkshochschule Stade“ sind gespeichert. Sofort "
            "öffentlich: Telefon. Auf Freigabe durch das Bildungsbüro warten: Beschreibung. Bis "
            "dahin bleibt die veröffentlichte Fassung sichtbar.",
        )
    ]
    after = text_of(client.get(url))
    assert f"Ihre Änderung vom {timezone.localdate():%d.%m.%Y} wartet auf Freigabe." in after


def test_two_waiting_fields_are_named_in_the_message(client, vhs_world):
    offer = published_offer(vhs_world)
    client.force_login(vhs_world["staff"])

    response = client.post(
        reverse("offers:provider-offer-edit", args=[offer.pk]),
        edit_data(offer, title="Englisch B1 am Abend", summary="Für alle mit Vorkenntnissen."),
    )

    assert messages_of(response) == [
        (
            "success",
            "Ihre Änderungen an „Englisch B1“ sind gespeichert. Auf Freigabe durch das "
            "Bildungsbüro warten: Titel, Kurzbeschreibung. Bis dahin bleibt die veröffentlichte "
            "Fassung sichtbar.",
        )
    ]


def test_a_changed_topic_of_a_published_offer_waits_with_the_new_topics(client, vhs_world):
    offer = published_offer(vhs_world)
    culture = Topic.objects.get(slug="kulturelle-bildung")
    client.force_login(vhs_world["staff"])

    client.post(
        reverse("offers:provider-offer-edit", args=[offer.pk]),
        edit_data(offer, topics=[culture.pk]),
    )

    change = ChangeRequest.objects.waiting().get()
    assert (change.kind, change.after) == (ChangeRequest.Kind.CHANGE, {"topics": [culture.pk]})
    assert [t.slug for t in offer.topics.all()] == ["sprache-und-lesen"]


def test_the_copy_of_an_event_keeps_organiser_and_co_organisers_but_no_times(client, vhs_world):
    partner = make_actor(vhs_world["region"], name="Stadtbibliothek Stade", kind=Actor.Kind.LIBRARY)
    event = published_event(vhs_world)
    event.co_organisers.set([partner])
    client.force_login(vhs_world["staff"])

    values = form_values(
        client.get(reverse("offers:provider-event-copy", args=[event.pk])).content.decode()
    )

    assert (
        values["institution"],
        values["co_organisers"],
        values["starts_at"],
        values["ends_at"],
    ) == ([str(vhs_world["vhs"].pk)], [str(partner.pk)], [""], [""])


# --- the office's mails link to the portal the provider used -----------------------------------


def test_the_offices_mails_link_to_the_address_the_provider_used(
    client, vhs_world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = ""
    offer = published_offer(vhs_world)
    profile = reverse("offers:provider-profile", args=[vhs_world["vhs"].pk])
    client.force_login(vhs_world["staff"])
    data = form_values(client.get(profile).content.decode())
    data.update(description=["Neu: auch Kurse in Buxtehude."])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW_OFFER, offer_data(vhs_world["vhs"]))
        client.post(
            reverse("offers:provider-offer-edit", args=[offer.pk]),
            edit_data(offer, title="Englisch B1 am Abend"),
        )
        client.post(profile, data)

    assert [m.to for m in mailoutbox] == [["bb@stade.test"]] * 3
    for mail in mailoutbox:
        assert "http://testserver/admin/offers/changerequest/?liste=wartet" in mail.body
