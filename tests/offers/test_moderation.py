"""Moderation of school submissions: the queue and its count, approve / reject in the admin
with e-mails to the submitter, the Bildungsbüro's address, and what the public sees."""

import datetime
import functools
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actors.models import Actor, InstitutionMembership
from offers import services
from offers.models import EventStatus
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_event, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    region = make_region(name="Stade", slug="stade-mod", office_name="Bildungsbüro")
    other = make_region(name="Lüneburg", slug="lueneburg-mod")
    school = make_actor(region, name="IGS Stade", kind=Actor.Kind.IGS)
    teacher = make_user("lehrer-mod", is_staff=False)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    pending = make_event(
        organiser=school,
        title="Praktikumsbörse 2026",
        status=EventStatus.REVIEW,
        submitted_by=teacher,
    )
    return {
        "region": region,
        "school": school,
        "teacher": teacher,
        "pending": pending,
        "coordinator": make_user("koord-mod", region=region, role="koordination"),
        "editor": make_user("red-mod", region=region, role="redaktion"),
        "stranger": make_user("fremd-mod", region=other, role="koordination"),
    }


def test_office_recipients_prefer_office_email_then_coordinators(setup):
    region = setup["region"]
    make_user("koord-zwei", region=region, role=StaffMembership.Role.COORDINATOR)
    # Not reached: an inactive coordinator, one without an address; the same address once.
    left = make_user("koord-alt", region=region, role=StaffMembership.Role.COORDINATOR)
    left.is_active = False
    left.save()
    no_email = make_user("koord-ohne", region=region, role=StaffMembership.Role.COORDINATOR)
    no_email.email = ""
    no_email.save()
    twin = make_user("koord-zwilling", region=region, role=StaffMembership.Role.COORDINATOR)
    twin.email = "koord-zwei@example.org"
    twin.save()
    assert services.office_recipients(region) == [
        "koord-mod@example.org",
        "koord-zwei@example.org",
    ]
    region.office_email = "bildungsregion@landkreis-stade.de"
    assert services.office_recipients(region) == ["bildungsregion@landkreis-stade.de"]


def test_admin_index_counts_the_region_queue(client, setup):
    make_event(organiser=setup["school"], status=EventStatus.REVIEW)
    make_event(status=EventStatus.REVIEW)  # another region
    client.force_login(setup["coordinator"])
    html = client.get("/admin/").content.decode()
    assert '<strong class="portal-moderation-count">2</strong>' in html
    assert reverse("admin:bildungsregion_user_invite") in html
    client.force_login(setup["stranger"])
    html = client.get("/admin/").content.decode()
    assert '<strong class="portal-moderation-count">0</strong>' in html


def test_approve_in_admin_publishes_and_mails_the_submitter(
    client, setup, mailoutbox, django_capture_on_commit_callbacks
):
    event = setup["pending"]
    client.force_login(setup["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:offers_event_changelist"),
            {"action": "approve", "_selected_action": [event.pk]},
        )
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["lehrer-mod@example.org"], "Freigegeben: Praktikumsbörse 2026")
    ]
    assert f"http://testserver/veranstaltungen/{event.slug}/" in mailoutbox[0].body


def test_reject_in_admin_mails_the_message_to_the_submitter(
    client, setup, mailoutbox, django_capture_on_commit_callbacks
):
    event = setup["pending"]
    client.force_login(setup["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:offers_event_changelist"),
            {
                "action": "reject",
                "_selected_action": [event.pk],
                "message": "Bitte nennen Sie die beteiligten Betriebe.",
            },
        )
    event.refresh_from_db()
    assert (event.status, event.moderation_message) == (
        EventStatus.REJECTED,
        "Bitte nennen Sie die beteiligten Betriebe.",
    )
    assert [m.subject for m in mailoutbox] == ["Nicht freigegeben: Praktikumsbörse 2026"]
    assert "Bitte nennen Sie die beteiligten Betriebe." in mailoutbox[0].body
    assert "http://testserver/mein-bereich/" in mailoutbox[0].body


QUOTED_TITLE = 'Tag der "offenen" Tür & Co'


@pytest.mark.parametrize(
    ("action", "subject"),
    [("approve", f"Freigegeben: {QUOTED_TITLE}"), ("reject", f"Nicht freigegeben: {QUOTED_TITLE}")],
)
def test_moderation_mail_subject_and_body_are_not_html_escaped(
    client, setup, mailoutbox, django_capture_on_commit_callbacks, action, subject
):
    """Item 11b: subjects arrived as 'Tag der &quot;offenen&quot; Tür &amp; Co'."""
    event = setup["pending"]
    event.title = QUOTED_TITLE
    event.save()
    client.force_login(setup["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:offers_event_changelist"),
            {"action": action, "_selected_action": [event.pk], "message": "Bitte <b>ergänzen</b>."},
        )
    assert [m.subject for m in mailoutbox] == [subject]
    assert f"Titel: {QUOTED_TITLE}\n" in mailoutbox[0].body
    assert "&quot;" not in mailoutbox[0].body and "&amp;" not in mailoutbox[0].body


def test_submission_mail_to_the_office_has_the_title_as_typed(
    setup, mailoutbox, django_capture_on_commit_callbacks
):
    setup["region"].office_email = "bb@stade.test"
    setup["region"].save()
    pending = setup["pending"]
    with django_capture_on_commit_callbacks(execute=True):
        services.event_school_submit(
            by=setup["teacher"],
            institution=setup["school"],
            kind=pending.kind,
            title=QUOTED_TITLE,
            description="Betriebe & Schulen",
            starts_at=pending.starts_at,
            ends_at=pending.ends_at,
            base_url="http://testserver/",
        )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["bb@stade.test"], f"Neue Veranstaltung zur Freigabe: {QUOTED_TITLE}")
    ]


@pytest.mark.parametrize("who", ["editor", "stranger", "teacher"])
def test_only_the_regions_coordination_approves(setup, who, mailoutbox):
    with pytest.raises(PermissionDenied):
        services.event_approve(event=setup["pending"], by=setup[who])
    setup["pending"].refresh_from_db()
    assert setup["pending"].status == EventStatus.REVIEW
    assert mailoutbox == []


def test_school_submit_refuses_other_institutions(setup):
    other_school = make_actor(setup["region"], name="Gymnasium Stade", kind="gymnasium")
    with pytest.raises(PermissionDenied):
        services.event_school_submit(
            by=setup["teacher"],
            institution=other_school,
            kind="berufsinformationstag",
            title="Fremd",
            description="x",
            starts_at=setup["pending"].starts_at,
            ends_at=setup["pending"].ends_at,
        )


def test_pending_and_rejected_events_are_not_public(client, setup):
    rejected = make_event(
        organiser=setup["school"], title="Abgelehnter Infotag", status=EventStatus.REJECTED
    )
    published = make_event(organiser=setup["school"], title="Freigegebener Infotag")
    pages = {
        "list": client.get("/veranstaltungen/").content.decode(),
        "actor": client.get(setup["school"].get_absolute_url()).content.decode(),
        "ics": client.get("/veranstaltungen/kalender.ics").content.decode(),
    }
    for name, content in pages.items():
        assert "Freigegebener Infotag" in content, name
        assert "Praktikumsbörse 2026" not in content, name
        assert "Abgelehnter Infotag" not in content, name
    for event in (setup["pending"], rejected):
        assert client.get(event.get_absolute_url()).status_code == 404
        assert client.get(f"/veranstaltungen/{event.slug}/kalender.ics").status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 200


def test_rejected_then_resubmitted_event_approved_shows_no_old_message(
    client, setup, mailoutbox, django_capture_on_commit_callbacks
):
    """The whole round: rejected with a message, edited by the school (submitted again, the
    message still there for the moderation to read), approved: the message is gone."""
    event = setup["pending"]
    services.event_reject(event=event, by=setup["coordinator"], message="Bitte Raum angeben.")
    services.event_school_update(
        event=event,
        by=setup["teacher"],
        kind=event.kind,
        title=event.title,
        description=event.description,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        venue="Aula",
    )
    event.refresh_from_db()
    assert (event.status, event.moderation_message) == (
        EventStatus.REVIEW,
        "Bitte Raum angeben.",
    )
    client.force_login(setup["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:offers_event_changelist"),
            {"action": "approve", "_selected_action": [event.pk]},
        )

    assert (response.status_code, response.url) == (302, reverse("admin:offers_event_changelist"))
    event.refresh_from_db()
    assert (event.status, event.moderation_message, event.venue) == (
        EventStatus.PUBLISHED,
        "",
        "Aula",
    )
    assert [m.subject for m in mailoutbox] == ["Freigegeben: Praktikumsbörse 2026"]
    assert "Bitte Raum angeben." not in mailoutbox[0].body


# --- the whole mails: what the submitter and the office read --------------------------------

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
FACTS = """Titel: Praktikumsbörse 2026
Art: Berufsinformationstag
Termin: 04.03.2027, 09:00 – 04.03.2027, 12:30 Uhr
Ort: Aula, Schulstraße 1, 21680 Stade
Veranstalter: IGS Stade
Eingereicht von: lehrer-mod <lehrer-mod@example.org>
"""


@pytest.fixture
def placed(setup):
    """The pending event with a fixed date and place, so that its facts are known."""
    event = setup["pending"]
    event.starts_at = datetime.datetime(2027, 3, 4, 9, 0, tzinfo=BERLIN)
    event.ends_at = datetime.datetime(2027, 3, 4, 12, 30, tzinfo=BERLIN)
    event.venue, event.street, event.postcode, event.city = (
        "Aula",
        "Schulstraße 1",
        "21680",
        "Stade",
    )
    event.save()
    return event


def school_fields_of(event):
    """The event's own values as the school services take them."""
    return {name: getattr(event, name) for name in services.SCHOOL_EVENT_FIELDS}


def test_approval_mail_to_the_submitter_in_full(
    setup, placed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_approve(event=placed, by=setup["coordinator"], base_url="http://portal/")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["lehrer-mod@example.org"], "Freigegeben: Praktikumsbörse 2026")
    ]
    assert mailoutbox[0].body == (
        "Guten Tag,\n\n"
        "das Bildungsbüro Stade hat Ihre Veranstaltung freigegeben. Sie steht jetzt im "
        "Veranstaltungskalender der Bildungsregion:\n\n"
        f"http://portal/veranstaltungen/{placed.slug}/\n\n"
        f"{FACTS}\n\n"
        "Findet die Veranstaltung nicht statt, sagen Sie sie bitte in Ihrem Bereich ab:\n"
        "http://portal/mein-bereich/\n\n"
        "Ihr Bildungsportal\n\n"
    )


def test_rejection_mail_to_the_submitter_in_full(
    setup, placed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.event_reject(
            event=placed,
            by=setup["coordinator"],
            message=" Bitte den Raum angeben. ",
            base_url="http://portal/",
        )
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["lehrer-mod@example.org"], "Nicht freigegeben: Praktikumsbörse 2026")
    ]
    assert mailoutbox[0].body == (
        "Guten Tag,\n\n"
        "das Bildungsbüro Stade hat Ihre Veranstaltung nicht freigegeben. Die Nachricht des "
        "Bildungsbüros:\n\n"
        "Bitte den Raum angeben.\n\n"
        f"{FACTS}\n\n"
        "Sie können die Veranstaltung in Ihrem Bereich überarbeiten und erneut einreichen:\n"
        "http://portal/mein-bereich/\n\n"
        "Ihr Bildungsportal\n\n"
    )


def test_cancellation_mail_to_the_office_in_full(
    setup, placed, mailoutbox, django_capture_on_commit_callbacks
):
    placed.status = EventStatus.PUBLISHED
    placed.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=placed, by=setup["teacher"], base_url="http://portal/")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["koord-mod@example.org"], "Abgesagt: Praktikumsbörse 2026")
    ]
    assert mailoutbox[0].body == (
        "Guten Tag,\n\n"
        "IGS Stade hat eine freigegebene Veranstaltung abgesagt. Sie steht im Kalender jetzt "
        "als „abgesagt“:\n\n"
        f"http://portal/veranstaltungen/{placed.slug}/\n\n"
        f"{FACTS}\n\n"
        "Ihr Bildungsportal\n\n"
    )


@pytest.mark.parametrize(
    ("step", "subject", "first_line"),
    [
        (
            "submit",
            "Neue Veranstaltung zur Freigabe: Praktikumsbörse 2026",
            "IGS Stade hat eine Veranstaltung für den Kalender der Bildungsregion eingereicht.",
        ),
        (
            "resubmit",
            "Erneut eingereicht: Praktikumsbörse 2026",
            "IGS Stade hat eine abgelehnte Veranstaltung überarbeitet und erneut eingereicht.",
        ),
    ],
)
def test_submission_mail_to_the_office_in_full(
    setup, placed, mailoutbox, django_capture_on_commit_callbacks, step, subject, first_line
):
    """A new submission and a rejected one edited by the school: the office gets the facts
    and its two links (this event in the admin, the queue)."""
    fields = {
        **school_fields_of(placed),
        "by": setup["teacher"],
        "base_url": "http://portal/",
        "now": datetime.datetime(2027, 1, 1, tzinfo=BERLIN),
    }
    if step == "submit":
        placed.delete()  # the school registers the same event anew
        run = functools.partial(services.event_school_submit, institution=setup["school"])
    else:
        services.event_reject(event=placed, by=setup["coordinator"], message="Raum?")
        run = functools.partial(services.event_school_update, event=placed)
    with django_capture_on_commit_callbacks(execute=True):
        event = run(**fields)
    assert [(m.to, m.subject) for m in mailoutbox] == [(["koord-mod@example.org"], subject)]
    assert mailoutbox[0].body == (
        f"Guten Tag,\n\n{first_line} Sie wartet auf Ihre Freigabe.\n\n"
        f"{FACTS}\n\n"
        "Prüfen, freigeben oder ablehnen:\n"
        f"http://portal/admin/offers/event/{event.pk}/change/\n\n"
        "Alle Veranstaltungen, die auf Freigabe warten:\n"
        "http://portal/admin/offers/event/?freigabe=wartet\n\n"
        "Ihr Bildungsportal\n\n"
    )


def test_no_approval_mail_for_a_draft_or_without_a_submitters_address(
    setup, mailoutbox, django_capture_on_commit_callbacks
):
    """Publishing a draft tells nobody, even if it names a submitter (nobody waits for an
    answer); a submission without a submitter or without an e-mail address cannot be told."""
    draft = make_event(
        organiser=setup["school"], status=EventStatus.DRAFT, submitted_by=setup["editor"]
    )
    anonymous = make_event(organiser=setup["school"], status=EventStatus.REVIEW, submitted_by=None)
    rejected = make_event(
        organiser=setup["school"], status=EventStatus.REVIEW, submitted_by=setup["teacher"]
    )
    setup["teacher"].email = ""
    setup["teacher"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_approve(event=draft, by=setup["coordinator"])
        services.event_approve(event=anonymous, by=setup["coordinator"])
        services.event_approve(event=setup["pending"], by=setup["coordinator"])
        services.event_reject(event=rejected, by=setup["coordinator"], message="Nein.")
    statuses = [e.status for e in (draft, anonymous, setup["pending"], rejected)]
    assert statuses == [EventStatus.PUBLISHED] * 3 + [EventStatus.REJECTED]
    assert mailoutbox == []
