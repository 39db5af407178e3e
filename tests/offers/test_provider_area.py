"""The provider area (/mein-bereich/) for a provider that is not a school: a VHS adds an offer
that waits for approval, changes it (minor at once, substantive waiting), copies and ends it;
its profile; its events; what the overview shows (states, completeness, broken links) and what
it costs in queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from bildungsregion.models import CheckedLink, LinkResult
from offers import moderation
from offers.forms import EventForm, OfferForm
from offers.models import (
    ChangeRequest,
    EditorialStatus,
    Event,
    EventStatus,
    LifeStage,
    Offer,
    Topic,
)
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import (
    committed,
    make_actor,
    make_event,
    make_municipality,
    make_offer,
    make_region,
)
from tests.html import attributes_of
from tests.offers.test_school_area import errors_of, event_data, form_values, messages_of

pytestmark = pytest.mark.django_db

AREA = "/mein-bereich/"
NEW_OFFER = "/mein-bereich/angebote/neu/"
NEW_EVENT = "/mein-bereich/veranstaltungen/neu/"


@pytest.fixture
def vhs_world():
    return make_vhs_world()


def make_vhs_world():
    """A Kreisvolkshochschule in Stade, a member of its staff and the region's coordinator."""
    region = make_region(
        name="Stade", slug="stade-pa", office_name="Bildungsbüro", office_email="bb@stade.test"
    )
    municipality = make_municipality(region, name="Stade", postcode="21682")
    vhs = make_actor(
        region,
        name="Kreisvolkshochschule Stade",
        kind=Actor.Kind.VHS,
        municipality=municipality,
        street="Am Hafen 3",
        postcode="21682",
        city="Stade",
        email="info@kvhs-stade.example",
        phone="04141 1234",
        description="Kurse für Sprachen, Beruf und Gesundheit im ganzen Landkreis Stade.",
    )
    staff = make_user("kvhs-mitarbeiterin", is_staff=False)
    InstitutionMembership.objects.create(user=staff, actor=vhs)
    coordinator = make_user("koord-pa", region=region, role=StaffMembership.Role.COORDINATOR)
    return {
        "region": region,
        "municipality": municipality,
        "vhs": vhs,
        "staff": staff,
        "coordinator": coordinator,
    }


def offer_data(institution, **overrides):
    data = {
        "institution": institution.pk,
        "title": "Deutsch im Alltag A1",
        "summary": "Ein Kurs für alle, die im Alltag Deutsch sprechen möchten.",
        "description": "Wir üben Gespräche beim Einkaufen, beim Arzt und auf dem Amt.",
        "learning_setting": "non-formal",
        "life_stages": [LifeStage.objects.get(slug="beruf-und-weiterbildung").pk],
        "topics": [Topic.objects.get(slug="sprache-und-lesen").pk],
        "age_min": "16",
        "age_max": "",
        "format": "praesenz",
        "venue": "Raum 2",
        "municipality": institution.municipality_id or "",
        "street": "Am Hafen 3",
        "postcode": "21682",
        "city": "Stade",
        "cost": "45.00",
        "cost_note": "",
        "schedule": "dienstags 18–19.30 Uhr",
        "valid_from": "",
        "valid_until": "",
        "registration": "",
        "registration_url": "",
        "contact_email": "sprachen@kvhs-stade.example",
        "contact_phone": "",
        "accessibility_note": "",
        "languages": ["de"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def published_offer(world, **fields):
    defaults = {
        "provider": world["vhs"],
        "title": "Englisch B1",
        "description": "Konversation für Fortgeschrittene, mit vielen Gesprächsübungen.",
        "schedule": "montags 18 Uhr",
        "municipality": world["municipality"],
        "street": "Am Hafen 3",
        "postcode": "21682",
        "city": "Stade",
    }
    defaults.update(fields)
    return make_offer(**defaults)


def edit_data(offer, **overrides):
    """What the edit form of ``offer`` sends unchanged, with ``overrides``."""
    data = {
        "institution": offer.provider_id,
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "learning_setting": offer.learning_setting,
        "life_stages": [s.pk for s in offer.life_stages.all()],
        "topics": [t.pk for t in offer.topics.all()],
        "format": offer.format,
        "venue": offer.venue,
        "municipality": offer.municipality_id or "",
        "street": offer.street,
        "postcode": offer.postcode,
        "city": offer.city,
        "schedule": offer.schedule,
        "languages": offer.languages,
        "contact_email": offer.contact_email,
    }
    data.update(overrides)
    return data


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# --- a new offer ------------------------------------------------------------------------------


def test_new_offer_form_prefills_place_and_contact_with_the_institution(client, vhs_world):
    client.force_login(vhs_world["staff"])
    response = client.get(NEW_OFFER)
    assert response.status_code == 200
    values = form_values(response.content.decode())
    assert {
        name: values[name]
        for name in (
            "institution",
            "venue",
            "municipality",
            "street",
            "postcode",
            "city",
            "contact_email",
            "contact_phone",
            "languages",
        )
    } == {
        "institution": [str(vhs_world["vhs"].pk)],
        "venue": ["Kreisvolkshochschule Stade"],
        "municipality": [str(vhs_world["municipality"].pk)],
        "street": ["Am Hafen 3"],
        "postcode": ["21682"],
        "city": ["Stade"],
        "contact_email": ["info@kvhs-stade.example"],
        "contact_phone": ["04141 1234"],
        "languages": ["de"],
    }


def test_new_offer_waits_for_approval_and_the_office_is_told(
    client, vhs_world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(vhs_world["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW_OFFER, offer_data(vhs_world["vhs"]))

    assert (response.status_code, response.url) == (302, AREA)
    offer = Offer.objects.get()
    assert (offer.status, offer.provider, offer.region, offer.slug) == (
        EditorialStatus.REVIEW,
        vhs_world["vhs"],
        vhs_world["region"],
        "deutsch-im-alltag-a1",
    )
    assert (offer.cost, offer.schedule, offer.municipality) == (
        45,
        "dienstags 18–19.30 Uhr",
        vhs_world["municipality"],
    )
    assert [s.slug for s in offer.life_stages.all()] == ["beruf-und-weiterbildung"]
    # Each version (the insert, then the m2m fields) names who submitted it and why.
    assert {(h.history_user, h.history_change_reason, h.status) for h in offer.history.all()} == {
        (vhs_world["staff"], "vom Anbieter eingereicht", EditorialStatus.REVIEW)
    }
    change = ChangeRequest.objects.get()
    assert (change.kind, change.status, change.submitted_by) == (
        ChangeRequest.Kind.NEW,
        ChangeRequest.Status.WAITING,
        vhs_world["staff"],
    )
    assert [m.to for m in mailoutbox] == [["bb@stade.test"]]
    assert messages_of(response) == [
        (
            "success",
            "Vielen Dank! „Deutsch im Alltag A1“ ist eingereicht und wartet auf Freigabe. Das "
            "Bildungsbüro prüft das Angebot; Sie erhalten eine E-Mail, sobald es veröffentlicht "
            "ist.",
        )
    ]
    # Not public yet; the overview says it waits and what is missing.
    assert client.get(offer.get_absolute_url()).status_code == 404
    text = text_of(client.get(AREA))
    assert "Deutsch im Alltag A1 Status: wartet auf Freigabe" in text
    assert "Es fehlen: Anmeldung, Barrierefreiheit" in text


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"title": "", "summary": "", "life_stages": [], "topics": []},
            [
                "Titel des Angebots: Bitte geben Sie einen Titel an.",
                "Kurzbeschreibung: Bitte beschreiben Sie das Angebot in ein bis zwei Sätzen.",
                "Lebensphasen: Bitte wählen Sie mindestens eine Lebensphase.",
                "Themen: Bitte wählen Sie mindestens ein Thema.",
            ],
        ),
        (
            {"age_min": "12", "age_max": "8", "cost": "zehn Euro", "postcode": "216"},
            [
                "Alter bis (Jahre): „Alter bis“ darf nicht kleiner sein als „Alter ab“ (12).",
                "Postleitzahl: Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.",
                "Kosten in Euro: Bitte geben Sie die Kosten als Betrag an, z. B. 45,00.",
            ],
        ),
        (
            {"is_free": "on", "valid_from": "2027-02-01", "valid_until": "2027-01-01"},
            [
                "Kosten in Euro: Ein kostenloses Angebot hat keine Kosten: Bitte leeren Sie das "
                "Feld oder nehmen Sie den Haken bei „kostenlos“ heraus.",
                "Gültig bis: „Gültig bis“ darf nicht vor „Gültig ab“ liegen.",
            ],
        ),
        (
            {"registration_url": "keine adresse", "contact_email": "sprachen-at-kvhs"},
            [
                "Anmeldung online (Adresse): Bitte geben Sie eine vollständige Adresse an, "
                "z. B. https://…",
                "Kontakt (E-Mail): Bitte geben Sie eine gültige E-Mail-Adresse ein.",
            ],
        ),
        (
            {"learning_setting": "irgendwie", "format": "per Brief", "valid_from": "morgen"},
            [
                "Lernform: Bitte wählen Sie eine der angebotenen Lernformen.",
                "Durchführung: Bitte wählen Sie vor Ort, online oder hybrid.",
                "Gültig ab: Bitte geben Sie ein Datum ein, z. B. 14.05.2026.",
            ],
        ),
    ],
    ids=["missing", "numbers", "free-and-dates", "addresses", "choices"],
)
def test_offer_form_errors_are_german_and_keep_what_was_typed(
    client, vhs_world, overrides, expected
):
    client.force_login(vhs_world["staff"])
    data = offer_data(vhs_world["vhs"], venue="Raum „Hafen“ & Foyer", **overrides)

    response = client.post(NEW_OFFER, data)

    assert response.status_code == 200
    assert errors_of(response) == expected
    values = form_values(response.content.decode())
    for name in ("title", "venue", "cost", "postcode", "valid_from", "contact_email"):
        if name in data:
            assert values[name] == [data[name]], name
    assert values["topics"] == [str(pk) for pk in data["topics"]]
    assert Offer.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"age_min": "6", "age_max": "6"}, (6, 6, None, None)),
        (
            {"valid_from": "2027-03-01", "valid_until": "2027-03-01"},
            (16, None, datetime.date(2027, 3, 1), datetime.date(2027, 3, 1)),
        ),
        ({"valid_from": "2027-03-01"}, (16, None, datetime.date(2027, 3, 1), None)),
    ],
    ids=["one-age", "one-day", "open-end"],
)
def test_offer_form_takes_the_edges_of_its_ranges(client, vhs_world, overrides, expected):
    """An offer for one age only, one valid for a single day, one valid from a day on."""
    client.force_login(vhs_world["staff"])
    response = client.post(NEW_OFFER, offer_data(vhs_world["vhs"], **overrides))
    assert (response.status_code, response.url) == (302, AREA)
    offer = Offer.objects.get()
    assert (offer.age_min, offer.age_max, offer.valid_from, offer.valid_until) == expected


def test_offer_form_fields_help_the_browser(client, vhs_world):
    """Number keyboards on phones, and the browser's own range check for the ages."""
    client.force_login(vhs_world["staff"])
    html = client.get(NEW_OFFER).content.decode()
    for name in ("age_min", "age_max"):
        age = attributes_of(html, name)
        assert (age["type"], age["min"], age["max"], age["inputmode"]) == (
            "number",
            "0",
            "120",
            "numeric",
        )
    assert attributes_of(html, "cost")["inputmode"] == "decimal"
    assert attributes_of(html, "registration_url")["inputmode"] == "url"


def test_offer_form_refuses_an_age_below_zero_in_german(client, vhs_world):
    client.force_login(vhs_world["staff"])
    response = client.post(NEW_OFFER, offer_data(vhs_world["vhs"], age_min="-1"))
    assert errors_of(response) == ["Alter ab (Jahre): Bitte geben Sie ein Alter von 0 bis 120 an."]
    assert Offer.objects.count() == 0


def test_offer_for_another_institution_is_refused(client, vhs_world):
    other = make_actor(vhs_world["region"], name="Musikschule Stade", kind=Actor.Kind.MUSIC_SCHOOL)
    client.force_login(vhs_world["staff"])
    response = client.post(NEW_OFFER, offer_data(other))
    assert errors_of(response) == [
        "Anbietende Einrichtung: Bitte wählen Sie eine Ihrer Einrichtungen."
    ]
    assert Offer.objects.count() == 0


# --- changing a published offer ----------------------------------------------------------------


def test_an_unchanged_edit_of_a_published_offer_says_there_was_nothing_to_change(client, vhs_world):
    offer = published_offer(vhs_world)
    client.force_login(vhs_world["staff"])

    response = client.post(reverse("offers:provider-offer-edit", args=[offer.pk]), edit_data(offer))

    assert (response.status_code, response.url) == (302, AREA)
    assert messages_of(response) == [("success", "„Englisch B1“: Es gab nichts zu ändern.")]
    assert ChangeRequest.objects.count() == 0


BADGE = re.compile(r'<span class="kern-badge( kern-badge--\w+)?"><span class="kern-label">([^<]*)<')


def test_overview_badges_say_each_offers_state_in_words_and_colour(client, vhs_world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for title, status, extra in [
        ("A Entwurf", EditorialStatus.DRAFT, {}),
        ("B Prüfung", EditorialStatus.REVIEW, {}),
        ("C Abgelehnt", EditorialStatus.REJECTED, {}),
        ("D Läuft", EditorialStatus.PUBLISHED, {}),
        ("E Beendet", EditorialStatus.PUBLISHED, {"valid_until": yesterday}),
        ("F Archiviert", EditorialStatus.ARCHIVED, {}),
    ]:
        published_offer(vhs_world, title=title, status=status, **extra)
    client.force_login(vhs_world["staff"])

    content = client.get(AREA).content.decode()
    offers = content[content.index("A Entwurf") :]

    # Neutral (no colour) for a draft, an ended and an archived offer.
    assert BADGE.findall(offers)[:6] == [
        ("", "Entwurf"),
        (" kern-badge--info", "wartet auf Freigabe"),
        (" kern-badge--danger", "abgelehnt"),
        (" kern-badge--success", "veröffentlicht"),
        ("", "beendet"),
        ("", "archiviert"),
    ]


def test_minor_change_is_public_at_once_and_listed_for_the_office(client, vhs_world):
    offer = published_offer(vhs_world)
    client.force_login(vhs_world["staff"])
    url = reverse("offers:provider-offer-edit", args=[offer.pk])

    response = client.post(url, edit_data(offer, schedule="donnerstags 19 Uhr", cost="60"))

    assert (response.status_code, response.url) == (302, AREA)
    offer.refresh_from_db()
    assert (offer.schedule, offer.cost, offer.status) == (
        "donnerstags 19 Uhr",
        60,
        EditorialStatus.PUBLISHED,
    )
    assert "donnerstags 19 Uhr" in client.get(offer.get_absolute_url()).content.decode()
    change = ChangeRequest.objects.get()
    assert (change.kind, change.status, sorted(change.after)) == (
        ChangeRequest.Kind.MINOR,
        ChangeRequest.Status.APPLIED,
        ["cost", "schedule"],
    )
    assert messages_of(response) == [
        (
            "success",
            "Ihre Änderungen an „Englisch B1“ sind gespeichert. Sofort öffentlich: Kosten (EUR), "
            "Zeiten.",
        )
    ]


def test_substantive_change_waits_and_the_public_page_keeps_the_old_value(client, vhs_world):
    offer = published_offer(vhs_world)
    client.force_login(vhs_world["staff"])
    url = reverse("offers:provider-offer-edit", args=[offer.pk])

    response = client.post(url, edit_data(offer, title="Englisch B1 am Abend"))

    assert messages_of(response) == [
        (
            "success",
            "Ihre Änderungen an „Englisch B1“ sind gespeichert. Auf Freigabe durch das "
            "Bildungsbüro warten: Titel. Bis dahin bleibt die veröffentlichte Fassung sichtbar.",
        )
    ]
    offer.refresh_from_db()
    assert offer.title == "Englisch B1"
    public = client.get(offer.get_absolute_url()).content.decode()
    assert "Englisch B1 am Abend" not in public
    change = ChangeRequest.objects.get()
    assert (change.kind, change.status, change.before, change.after) == (
        ChangeRequest.Kind.CHANGE,
        ChangeRequest.Status.WAITING,
        {"title": "Englisch B1"},
        {"title": "Englisch B1 am Abend"},
    )
    # The edit form continues from the waiting value and says what waits.
    form = client.get(url)
    assert form_values(form.content.decode())["title"] == ["Englisch B1 am Abend"]
    text = text_of(form)
    assert "Ihre Änderung vom" in text and "wartet auf Freigabe" in text
    assert "sind sofort öffentlich: Lernform" not in text
    assert "warten auf Freigabe durch das Bildungsbüro: Titel, Kurzbeschreibung" in text
    assert "Englisch B1 Status: veröffentlicht Änderung wartet auf Freigabe" in text_of(
        client.get(AREA)
    )
    # The office approves: now the public page shows it.
    moderation.approve(change, by=vhs_world["coordinator"])
    offer.refresh_from_db()
    assert offer.title == "Englisch B1 am Abend"


def test_rejected_change_shows_the_offices_message(client, vhs_world):
    offer = published_offer(vhs_world)
    moderation.provider_update(offer, by=vhs_world["staff"], changes={"title": "ENGLISCH!!!"})
    moderation.reject(
        ChangeRequest.objects.get(),
        by=vhs_world["coordinator"],
        message="Bitte ohne Großbuchstaben.",
    )
    client.force_login(vhs_world["staff"])
    text = text_of(client.get(AREA))
    assert (
        "Englisch B1 Status: veröffentlicht Änderung abgelehnt Nachricht des Bildungsbüros: "
        "Bitte ohne Großbuchstaben." in text
    )


def test_rejected_new_offer_shows_the_message_and_waits_again_when_edited(client, vhs_world):
    client.force_login(vhs_world["staff"])
    client.post(NEW_OFFER, offer_data(vhs_world["vhs"]))
    offer = Offer.objects.get()
    moderation.reject(
        ChangeRequest.objects.get(), by=vhs_world["coordinator"], message="Bitte Zeiten angeben."
    )
    text = text_of(client.get(AREA))
    assert (
        "Deutsch im Alltag A1 Status: abgelehnt Nachricht des Bildungsbüros: Bitte Zeiten "
        "angeben." in text
    )
    url = reverse("offers:provider-offer-edit", args=[offer.pk])
    data = offer_data(vhs_world["vhs"], schedule="mittwochs 10 Uhr")
    assert client.post(url, data).status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.schedule) == (EditorialStatus.REVIEW, "mittwochs 10 Uhr")
    assert ChangeRequest.objects.waiting().get().kind == ChangeRequest.Kind.NEW


# --- copy and end -----------------------------------------------------------------------------


def test_offer_edit_form_shows_the_validity_as_the_date_picker_reads_it(client, vhs_world):
    """<input type="date"> takes only 2027-01-31, not the German 31.01.2027."""
    offer = published_offer(
        vhs_world, valid_from=datetime.date(2027, 1, 31), valid_until=datetime.date(2027, 6, 30)
    )
    client.force_login(vhs_world["staff"])
    html = client.get(reverse("offers:provider-offer-edit", args=[offer.pk])).content.decode()
    assert (
        attributes_of(html, "valid_from")["type"],
        attributes_of(html, "valid_from")["value"],
    ) == ("date", "2027-01-31")
    assert (
        attributes_of(html, "valid_until")["type"],
        attributes_of(html, "valid_until")["value"],
    ) == ("date", "2027-06-30")


def test_copy_prefills_a_new_offer_without_validity(client, vhs_world):
    offer = published_offer(
        vhs_world,
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=90),
        cost=80,
    )
    client.force_login(vhs_world["staff"])

    response = client.get(reverse("offers:provider-offer-copy", args=[offer.pk]))

    html = response.content.decode()
    assert f'action="{NEW_OFFER}"' in html
    values = form_values(html)
    assert (values["title"], values["cost"], values["valid_from"], values["valid_until"]) == (
        ["Englisch B1"],
        ["80,00"],
        [""],
        [""],
    )
    assert values["life_stages"] == [str(s.pk) for s in offer.life_stages.all()]
    data = edit_data(offer, title="Englisch B1 (Frühjahr)", cost="80,00")
    assert client.post(NEW_OFFER, data).status_code == 302
    copy = Offer.objects.exclude(pk=offer.pk).get()
    assert (copy.title, copy.status, copy.cost) == (
        "Englisch B1 (Frühjahr)",
        EditorialStatus.REVIEW,
        80,
    )
    offer.refresh_from_db()
    assert offer.title == "Englisch B1"


def test_end_sets_the_validity_to_today_after_a_confirmation(client, vhs_world):
    offer = published_offer(vhs_world)
    client.force_login(vhs_world["staff"])
    url = reverse("offers:provider-offer-end", args=[offer.pk])
    today = timezone.localdate()
    before = client.get(AREA).content.decode()
    # The overview's row of a running published offer: "Bearbeiten" and "Beenden"; the profile.
    assert reverse("offers:provider-offer-edit", args=[offer.pk]) in before
    assert url in before
    assert reverse("offers:provider-profile", args=[vhs_world["vhs"].pk]) in before

    confirm = client.get(url)
    assert "Möchten Sie „Englisch B1“ beenden?" in text_of(confirm)
    offer.refresh_from_db()
    assert offer.valid_until is None  # GET changes nothing

    response = client.post(url)

    assert (response.status_code, response.url) == (302, AREA)
    assert messages_of(response) == [
        (
            "success",
            "„Englisch B1“ ist beendet: Das Angebot gilt bis heute und erscheint ab morgen "
            "nicht mehr im Portal.",
        )
    ]
    offer.refresh_from_db()
    assert (offer.valid_until, offer.status) == (today, EditorialStatus.PUBLISHED)
    assert Offer.objects.public(today=today + datetime.timedelta(days=1)).count() == 0
    change = ChangeRequest.objects.get()
    assert (change.kind, change.after) == (ChangeRequest.Kind.MINOR, {"valid_until": str(today)})
    overview = client.get(AREA).content.decode()
    assert url not in overview  # ended: no "Beenden" any more
    again = client.get(url)
    assert (again.status_code, again.url) == (302, AREA)
    assert messages_of(again) == [("error", "„Englisch B1“ ist bereits beendet.")]


def test_end_moves_a_later_start_of_validity_to_today(vhs_world):
    today = timezone.localdate()
    offer = published_offer(vhs_world, valid_from=today + datetime.timedelta(days=10))
    moderation.provider_end(offer, by=vhs_world["staff"])
    offer.refresh_from_db()
    assert (offer.valid_from, offer.valid_until) == (today, today)


# --- events of a provider that is not a school ---------------------------------------------------


def test_event_kinds_for_schools_and_other_providers(vhs_world):
    school = make_actor(vhs_world["region"], kind=Actor.Kind.OBERSCHULE)
    careers = list(Event.CAREERS_GUIDANCE_KINDS)
    assert moderation.event_kinds_for([school]) == careers
    assert moderation.event_kinds_for([vhs_world["vhs"]]) == [
        *careers,
        "fachtag",
        "workshop",
        "infoveranstaltung",
        "sonstige",
    ]
    assert moderation.event_kinds_for([]) == []


def test_vhs_registers_a_workshop_and_a_school_may_not(client, vhs_world):
    client.force_login(vhs_world["staff"])
    day = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "institution": vhs_world["vhs"].pk,
        "kind": "workshop",
        "title": "Schnupperkurs Spanisch",
        "description": "Zwei Stunden Spanisch für Neugierige.",
        "starts_at": f"{day:%Y-%m-%d}T18:00",
        "ends_at": f"{day:%Y-%m-%d}T20:00",
        "municipality": vhs_world["municipality"].pk,
    }
    assert client.post(NEW_EVENT, data).status_code == 302
    event = Event.objects.get()
    assert (event.kind, event.status, event.organiser, event.street) == (
        "workshop",
        EventStatus.REVIEW,
        vhs_world["vhs"],
        "Am Hafen 3",  # no address given: the institution's
    )
    school = make_actor(vhs_world["region"], name="Oberschule Stade", kind=Actor.Kind.OBERSCHULE)
    teacher = make_user("lehrkraft-pa", is_staff=False)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    client.force_login(teacher)
    refused = client.post(NEW_EVENT, {**data, "institution": school.pk, "municipality": ""})
    assert errors_of(refused) == [
        "Art der Veranstaltung: Bitte wählen Sie eine der angebotenen Arten."
    ]


def test_event_form_checks_the_kind_against_the_chosen_institution(vhs_world):
    """A person of a school and a VHS is offered the kinds of both; a workshop of the school is
    refused on the kind, one of the VHS taken. An edited event keeps its own kind, one of the
    office's that neither may choose."""
    school = make_actor(
        vhs_world["region"],
        name="Oberschule Stade",
        kind=Actor.Kind.OBERSCHULE,
        municipality=vhs_world["municipality"],
    )
    both = Actor.objects.filter(pk__in=[school.pk, vhs_world["vhs"].pk])

    def errors(institution, kind, institutions=both, **instance):
        data = event_data(institution, kind=kind)
        form = EventForm(data, institutions=institutions, **instance)
        form.is_valid()
        return form.errors

    assert errors(school, "workshop") == {
        "kind": ["Diese Art von Veranstaltung kann Oberschule Stade nicht anmelden."]
    }
    assert errors(vhs_world["vhs"], "workshop") == {}
    meeting = make_event(
        organiser=school, kind=Event.Kind.NETWORK_MEETING, status=EventStatus.REVIEW
    )
    own = Actor.objects.filter(pk=school.pk)
    assert errors(school, "netzwerktreffen", institutions=own, instance=meeting) == {}


def test_copy_of_an_event_prefills_all_but_the_date(client, vhs_world):
    event = make_event(organiser=vhs_world["vhs"], kind="infoveranstaltung", capacity=30)
    client.force_login(vhs_world["staff"])
    html = client.get(reverse("offers:provider-event-copy", args=[event.pk])).content.decode()
    assert f'action="{NEW_EVENT}"' in html
    values = form_values(html)
    assert (values["title"], values["kind"], values["capacity"], values["starts_at"]) == (
        [event.title],
        ["infoveranstaltung"],
        ["30"],
        [""],
    )


# --- the profile ------------------------------------------------------------------------------


def test_profile_contact_is_public_at_once_and_the_description_waits(client, vhs_world):
    vhs = vhs_world["vhs"]
    client.force_login(vhs_world["staff"])
    url = reverse("offers:provider-profile", args=[vhs.pk])
    page = client.get(url)
    assert form_values(page.content.decode())["phone"] == ["04141 1234"]
    data = {
        "name": vhs.name,
        "description": "Neu: auch Kurse in Buxtehude.",
        "street": "Am Hafen 5",
        "postcode": "21682",
        "city": "Stade",
        "phone": "04141 9999",
        "email": "info@kvhs-stade.example",
        "website": "https://kvhs-stade.example/",
    }

    response = client.post(url, data)

    assert (response.status_code, response.url) == (302, AREA)
    vhs.refresh_from_db()
    assert (vhs.phone, vhs.street, vhs.website) == (
        "04141 9999",
        "Am Hafen 5",
        "https://kvhs-stade.example/",
    )
    assert vhs.description == "Kurse für Sprachen, Beruf und Gesundheit im ganzen Landkreis Stade."
    change = ChangeRequest.objects.waiting().get()
    assert change.after == {"description": "Neu: auch Kurse in Buxtehude."}
    assert form_values(client.get(url).content.decode())["description"] == [
        "Neu: auch Kurse in Buxtehude."
    ]


def test_profile_errors_are_german_and_keep_what_was_typed(client, vhs_world):
    client.force_login(vhs_world["staff"])
    url = reverse("offers:provider-profile", args=[vhs_world["vhs"].pk])
    response = client.post(
        url, {"name": "", "postcode": "1", "email": "info-at-vhs", "website": "kvhs stade"}
    )
    assert errors_of(response) == [
        "Name der Einrichtung: Bitte geben Sie den Namen Ihrer Einrichtung an.",
        "Postleitzahl: Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.",
        "E-Mail: Bitte geben Sie eine gültige E-Mail-Adresse ein.",
        "Website (Adresse): Bitte geben Sie eine vollständige Adresse an, z. B. https://…",
    ]
    assert form_values(response.content.decode())["email"] == ["info-at-vhs"]


# --- the overview -----------------------------------------------------------------------------


def test_overview_lists_broken_links_and_the_colleagues_page(client, vhs_world):
    published_offer(vhs_world, registration_url="https://kvhs-stade.example/weg")
    CheckedLink.objects.filter(url="https://kvhs-stade.example/weg").update(
        result=LinkResult.BROKEN, status_code=404, consecutive_failures=2
    )
    client.force_login(vhs_world["staff"])
    response = client.get(AREA)
    text = text_of(response)
    assert "Defekte Links" in text
    assert "Englisch B1 , Anmeldung online: https://kvhs-stade.example/weg" in text
    assert reverse("actors:colleagues") in response.content.decode()


def test_overview_shows_nothing_of_another_institution_of_the_same_region(client, vhs_world):
    """The same region does not make entries "own": the library next door, with a broken link
    in its offer and in its event, shows up nowhere in the VHS's overview (neither in the
    entries nor among the broken links)."""
    library = make_actor(vhs_world["region"], name="Stadtbibliothek Stade", kind="bibliothek")
    published_offer(vhs_world, title="Englisch B1", registration_url="https://vhs.example/weg")
    published_offer(
        vhs_world,
        provider=library,
        title="Vorlesestunde",
        registration_url="https://bibliothek.example/weg",
    )
    make_event(
        organiser=library,
        kind="workshop",
        title="Lesenacht",
        description="Anmeldung unter https://bibliothek.example/lesenacht",
    )
    CheckedLink.objects.update(result=LinkResult.BROKEN, status_code=404, consecutive_failures=2)
    client.force_login(vhs_world["staff"])

    text = text_of(client.get(AREA))

    assert "Englisch B1 , Anmeldung online: https://vhs.example/weg" in text
    for foreign in ("Stadtbibliothek", "Vorlesestunde", "Lesenacht", "bibliothek.example"):
        assert foreign not in text


def test_overview_queries_do_not_grow_with_the_entries(
    client, vhs_world, django_assert_max_num_queries
):
    client.force_login(vhs_world["staff"])
    published_offer(vhs_world)
    make_event(organiser=vhs_world["vhs"], kind="workshop")
    client.get(AREA)  # session and user loaded once
    # session, user, institutions, offers, events, moderation requests, broken links, the
    # regions of the page's frame, and two for the institution's completeness; after a change
    # one more (the region hosts, read once per content generation: regions.hosts)
    with django_assert_max_num_queries(10):
        client.get(AREA)
    for n in range(5):
        published_offer(vhs_world, title=f"Kurs {n}", registration_url=f"https://k.example/{n}")
        make_event(organiser=vhs_world["vhs"], kind="workshop", status=EventStatus.REVIEW)
    with committed():
        moderation.provider_update(
            Offer.objects.get(title="Kurs 0"), by=vhs_world["staff"], changes={"title": "Kurs"}
        )
    with django_assert_max_num_queries(11):
        html = client.get(AREA).content.decode()
    assert html.count('class="portal-completeness"') == 1 + 1 + 6 + 6  # all, profile, entries


def test_a_person_of_several_institutions_picks_one_of_theirs(client, vhs_world):
    library = make_actor(
        vhs_world["region"],
        name="Stadtbibliothek Stade",
        kind=Actor.Kind.LIBRARY,
        street="Am Sande 1",
        postcode="21682",
        city="Stade",
    )
    InstitutionMembership.objects.create(user=vhs_world["staff"], actor=library)
    client.force_login(vhs_world["staff"])
    prefilled = form_values(client.get(f"{NEW_OFFER}?einrichtung={library.pk}").content.decode())
    assert (prefilled["institution"], prefilled["street"]) == ([str(library.pk)], ["Am Sande 1"])

    response = client.post(NEW_OFFER, offer_data(library, title="Vorlesestunde"))

    assert response.status_code == 302
    assert Offer.objects.get().provider == library
    client.get(AREA)  # shows (and so empties) the success message
    text = text_of(client.get(AREA))
    assert text.index("Kreisvolkshochschule Stade") < text.index("Stadtbibliothek Stade")
    assert text.index("Stadtbibliothek Stade") < text.index("Vorlesestunde")


def test_a_town_of_another_region_is_refused(client, vhs_world):
    elsewhere = make_municipality(make_region(name="Lüneburg"), name="Bleckede")
    client.force_login(vhs_world["staff"])
    response = client.post(NEW_OFFER, offer_data(vhs_world["vhs"], municipality=elsewhere.pk))
    assert errors_of(response) == [
        "Stadt / Gemeinde: Bitte wählen Sie eine Stadt oder Gemeinde der Bildungsregion."
    ]
    assert Offer.objects.count() == 0


def test_a_person_of_two_regions_picks_the_town_of_the_institutions_region(vhs_world):
    """Of a person's institutions in Stade and Lüneburg, the towns of both are offered; the VHS
    in Stade with a town of Lüneburg is refused on the town, with the region's name."""
    lueneburg = make_region(name="Lüneburg", slug="lueneburg-pa")
    bleckede = make_municipality(lueneburg, name="Bleckede", postcode="21354")
    library = make_actor(lueneburg, name="Stadtbücherei Bleckede", kind=Actor.Kind.LIBRARY)
    both = Actor.objects.filter(pk__in=[vhs_world["vhs"].pk, library.pk])

    def errors(institution, municipality):
        form = OfferForm(offer_data(institution, municipality=municipality.pk), institutions=both)
        form.is_valid()
        return form.errors

    assert errors(vhs_world["vhs"], bleckede) == {
        "municipality": ["Bitte wählen Sie eine Stadt oder Gemeinde der Bildungsregion Stade."]
    }
    assert errors(library, bleckede) == {}
    assert errors(library, vhs_world["municipality"]) == {
        "municipality": ["Bitte wählen Sie eine Stadt oder Gemeinde der Bildungsregion Lüneburg."]
    }
