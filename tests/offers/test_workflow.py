"""The editorial workflow of offers and events: which step from which status, by whom."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from offers import services
from offers.models import EditorialStatus, Event, EventStatus
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_event, make_offer, make_region

pytestmark = pytest.mark.django_db


NO_PERMISSION = "Dazu fehlt Ihnen die Berechtigung in dieser Region."


@pytest.fixture
def region():
    return make_region(name="Stade", slug="stade-wf")


@pytest.fixture
def people(region):
    other = make_region(name="Lüneburg", slug="lueneburg-wf")
    return {
        "editor": make_user("red", region=region, role=StaffMembership.Role.EDITOR),
        "coordinator": make_user("koord", region=region, role=StaffMembership.Role.COORDINATOR),
        "stranger": make_user("fremd", region=other, role=StaffMembership.Role.COORDINATOR),
        "superuser": make_user("root", is_superuser=True),
    }


def test_offer_editor_submits_and_coordinator_publishes(region, people):
    offer = make_offer(region=region, status=EditorialStatus.DRAFT, published_at=None)
    services.offer_submit(offer=offer, by=people["editor"])
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.REVIEW
    with pytest.raises(PermissionDenied):
        services.offer_publish(offer=offer, by=people["editor"])
    services.offer_publish(offer=offer, by=people["coordinator"])
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.PUBLISHED
    assert offer.published_at is not None
    history = list(offer.history.order_by("history_date"))
    assert [(h.status, h.history_user) for h in history[-2:]] == [
        (EditorialStatus.REVIEW, people["editor"]),
        (EditorialStatus.PUBLISHED, people["coordinator"]),
    ]
    assert history[-1].history_change_reason == "veröffentlicht"


@pytest.mark.parametrize(
    ("who", "step", "allowed"),
    [
        ("editor", "offer_submit", True),
        ("editor", "offer_publish", False),
        ("editor", "offer_archive", False),
        ("coordinator", "offer_publish", True),
        ("coordinator", "offer_archive", True),
        ("stranger", "offer_submit", False),
        ("stranger", "offer_publish", False),
        ("stranger", "offer_archive", False),
        ("superuser", "offer_publish", True),
    ],
)
def test_offer_steps_by_role(region, people, who, step, allowed):
    offer = make_offer(region=region, status=EditorialStatus.DRAFT, published_at=None)
    if allowed:
        getattr(services, step)(offer=offer, by=people[who])
        offer.refresh_from_db()
        assert offer.status != EditorialStatus.DRAFT
    else:
        with pytest.raises(PermissionDenied) as error:
            getattr(services, step)(offer=offer, by=people[who])
        assert str(error.value) == NO_PERMISSION
        offer.refresh_from_db()
        assert offer.status == EditorialStatus.DRAFT


@pytest.mark.parametrize(
    ("make", "status", "step", "message"),
    [
        ("offer", EditorialStatus.PUBLISHED, "offer_submit",
         "„Zur Prüfung geben“ ist im Status „veröffentlicht“ nicht möglich."),
        ("offer", EditorialStatus.ARCHIVED, "offer_publish",
         "„Veröffentlichen“ ist im Status „archiviert“ nicht möglich."),
        ("offer", EditorialStatus.PUBLISHED, "offer_publish",
         "„Veröffentlichen“ ist im Status „veröffentlicht“ nicht möglich."),
        ("offer", EditorialStatus.ARCHIVED, "offer_archive",
         "„Archivieren“ ist im Status „archiviert“ nicht möglich."),
        ("offer", EditorialStatus.DRAFT, "offer_return_to_draft",
         "„Zurück zum Entwurf“ ist im Status „Entwurf“ nicht möglich."),
        ("event", EventStatus.PUBLISHED, "event_submit",
         "„Zur Freigabe geben“ ist im Status „veröffentlicht“ nicht möglich."),
        ("event", EventStatus.REVIEW, "event_submit",
         "„Zur Freigabe geben“ ist im Status „wartet auf Freigabe“ nicht möglich."),
        ("event", EventStatus.DRAFT, "event_reject",
         "„Ablehnen“ ist im Status „Entwurf“ nicht möglich."),
        ("event", EventStatus.REVIEW, "event_cancel",
         "„Absagen“ ist im Status „wartet auf Freigabe“ nicht möglich."),
        ("event", EventStatus.ARCHIVED, "event_archive",
         "„Archivieren“ ist im Status „archiviert“ nicht möglich."),
    ],
)  # fmt: skip
def test_step_from_wrong_status_is_refused_with_its_reason(
    region, people, make, status, step, message
):
    """The reason is what the admin shows after "Nicht möglich bei: …"."""
    obj = (make_offer if make == "offer" else make_event)(region=region, status=status)
    extra = {"message": "Bitte Jahrgänge angeben."} if step == "event_reject" else {}
    versions_before = obj.history.count()
    with pytest.raises(ValidationError) as error:
        getattr(services, step)(**{make: obj}, by=people["coordinator"], **extra)
    assert error.value.messages == [message]
    obj.refresh_from_db()
    assert (obj.status, obj.history.count()) == (status, versions_before)


def test_offer_taking_published_offline_needs_the_right_to_publish(region, people):
    offer = make_offer(region=region, status=EditorialStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.offer_return_to_draft(offer=offer, by=people["editor"])
    services.offer_return_to_draft(offer=offer, by=people["coordinator"])
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.DRAFT


def test_event_approve_and_reject_by_coordinator_only(region, people):
    submitted = make_event(region=region, status=EventStatus.REVIEW)
    with pytest.raises(PermissionDenied):
        services.event_approve(event=submitted, by=people["editor"])
    with pytest.raises(PermissionDenied):
        services.event_approve(event=submitted, by=people["stranger"])
    services.event_approve(event=submitted, by=people["coordinator"])
    submitted.refresh_from_db()
    assert submitted.status == EventStatus.PUBLISHED

    rejected = make_event(region=region, status=EventStatus.REVIEW)
    for empty in ("  ", None):
        with pytest.raises(ValidationError) as error:
            services.event_reject(event=rejected, by=people["coordinator"], message=empty)
        assert error.value.messages == [
            "Bitte schreiben Sie, warum die Veranstaltung abgelehnt wird."
        ]
    with pytest.raises(PermissionDenied) as error:
        services.event_reject(event=rejected, by=people["editor"], message="Nein.")
    assert str(error.value) == NO_PERMISSION
    rejected.refresh_from_db()
    assert (rejected.status, rejected.history.count()) == (EventStatus.REVIEW, 1)
    services.event_reject(
        event=rejected, by=people["coordinator"], message="Bitte Jahrgänge angeben."
    )
    rejected.refresh_from_db()
    assert (rejected.status, rejected.moderation_message) == (
        EventStatus.REJECTED,
        "Bitte Jahrgänge angeben.",
    )


@pytest.mark.parametrize(
    ("make", "status", "step"),
    [
        ("offer", EditorialStatus.REVIEW, "offer_return_to_draft"),
        ("event", EventStatus.DRAFT, "event_submit"),
        ("event", EventStatus.REVIEW, "event_approve"),
        ("event", EventStatus.REVIEW, "event_reject"),
        ("event", EventStatus.PUBLISHED, "event_cancel"),
        ("event", EventStatus.PUBLISHED, "event_archive"),
    ],
)
def test_a_role_in_another_region_allows_no_step(region, people, make, status, step):
    """The permission is checked for the entry's region, not for any region."""
    obj = (make_offer if make == "offer" else make_event)(region=region, status=status)
    extra = {"message": "Bitte Jahrgänge angeben."} if step == "event_reject" else {}
    versions_before = obj.history.count()
    with pytest.raises(PermissionDenied) as error:
        getattr(services, step)(**{make: obj}, by=people["stranger"], **extra)
    assert str(error.value) == NO_PERMISSION
    obj.refresh_from_db()
    assert (obj.status, obj.history.count()) == (status, versions_before)


@pytest.mark.parametrize("status", [EventStatus.REVIEW, EventStatus.DRAFT])
def test_event_approve_is_published_now(region, people, status):
    event = make_event(region=region, status=status)
    before = timezone.now()
    services.event_approve(event=event, by=people["coordinator"])
    stored = Event.objects.get(pk=event.pk)
    assert before <= stored.published_at <= timezone.now()


def test_event_cancel_and_archive(region, people):
    event = make_event(region=region, status=EventStatus.PUBLISHED)
    services.event_cancel(event=event, by=people["editor"])
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    with pytest.raises(PermissionDenied):
        services.event_archive(event=event, by=people["editor"])
    services.event_archive(event=event, by=people["coordinator"])
    event.refresh_from_db()
    assert event.status == EventStatus.ARCHIVED
    with pytest.raises(ValidationError):
        services.event_archive(event=event, by=people["coordinator"])


def test_offer_publish_action_in_admin_list(client, region, people):
    draft = make_offer(region=region, status=EditorialStatus.DRAFT, published_at=None)
    url = reverse("admin:offers_offer_changelist")
    client.force_login(people["editor"])
    response = client.get(url)
    choices = response.context["action_form"].fields["action"].choices
    assert [name for name, _label in choices] == [
        "",
        "submit",
        "return_to_draft",
        "confirm_current",
    ]
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == EditorialStatus.DRAFT
    client.force_login(people["coordinator"])
    choices = client.get(url).context["action_form"].fields["action"].choices
    assert [name for name, _label in choices] == [
        "",
        "delete_selected",
        "submit",
        "publish",
        "archive",
        "return_to_draft",
        "confirm_current",
    ]
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == EditorialStatus.PUBLISHED


def test_event_reject_action_asks_for_a_message(client, region, people):
    event = make_event(region=region, status=EventStatus.REVIEW)
    url = reverse("admin:offers_event_changelist")
    client.force_login(people["coordinator"])
    response = client.post(url, {"action": "reject", "_selected_action": [event.pk]})
    assert response.status_code == 200
    assert response.templates[0].name == "admin/offers/event/reject.html"
    response = client.post(
        url,
        {"action": "reject", "_selected_action": [event.pk], "message": "Termin fehlt."},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.moderation_message) == (EventStatus.REJECTED, "Termin fehlt.")


PREVIEW_NOTE = "Dieses Angebot ist nicht veröffentlicht."


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 404),
        ("school_user", 404),
        ("no_role", 404),
        ("stranger", 404),
        ("editor", 200),
        ("coordinator", 200),
        ("superuser", 200),
    ],
)
def test_preview_of_unpublished_offer_for_staff_of_its_region_only(
    client, region, people, who, expected
):
    draft = make_offer(
        region=region, status=EditorialStatus.DRAFT, published_at=None, title="Geheimer Entwurf"
    )
    published = make_offer(region=region, title="Offenes Angebot")
    if who == "school_user":  # the staff of a school of the region: no staff account
        user = make_user("schule-wf", is_staff=False)
        InstitutionMembership.objects.create(user=user, actor=make_actor(region, kind="igs"))
        client.force_login(user)
    elif who == "no_role":  # a staff account without a role in any region
        client.force_login(make_user("ohne-rolle-wf"))
    elif who != "anonymous":
        client.force_login(people[who])

    response = client.get(draft.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == expected
    if expected == 200:
        assert '<h1 class="kern-heading-x-large">Geheimer Entwurf</h1>' in html
        assert PREVIEW_NOTE in html
    else:
        assert "Geheimer Entwurf" not in html
        assert PREVIEW_NOTE not in html
    # A published offer is no preview, for anyone.
    public = client.get(published.get_absolute_url()).content.decode()
    assert ("Offenes Angebot" in public, PREVIEW_NOTE in public) == (True, False)


def test_admin_change_page_of_a_draft_sends_anonymous_to_the_admin_login(client, region):
    draft = make_offer(region=region, status=EditorialStatus.DRAFT, published_at=None)
    url = reverse("admin:offers_offer_change", args=[draft.pk])
    response = client.get(url)
    assert (response.status_code, response.url) == (302, f"/admin/login/?next={url}")


# --- versions: every step is saved by its user, with its reason ---------------------------------


def versions(obj):
    """(type, user, change reason, status) of each saved version, oldest first."""
    return [
        (h.history_type, h.history_user, h.history_change_reason, h.status)
        for h in obj.history.order_by("history_date", "history_id")
    ]


@pytest.mark.parametrize(
    ("make", "status", "step", "who", "new_status", "reason"),
    [
        ("offer", EditorialStatus.DRAFT, "offer_submit", "editor", EditorialStatus.REVIEW,
         "zur Prüfung gegeben"),
        ("offer", EditorialStatus.REVIEW, "offer_publish", "coordinator",
         EditorialStatus.PUBLISHED, "veröffentlicht"),
        ("offer", EditorialStatus.PUBLISHED, "offer_archive", "coordinator",
         EditorialStatus.ARCHIVED, "archiviert"),
        ("offer", EditorialStatus.ARCHIVED, "offer_return_to_draft", "editor",
         EditorialStatus.DRAFT, "zurück zum Entwurf"),
        ("offer", EditorialStatus.PUBLISHED, "offer_return_to_draft", "coordinator",
         EditorialStatus.DRAFT, "zurück zum Entwurf"),
        ("event", EventStatus.DRAFT, "event_submit", "editor", EventStatus.REVIEW,
         "zur Freigabe gegeben"),
        ("event", EventStatus.REJECTED, "event_submit", "editor", EventStatus.REVIEW,
         "zur Freigabe gegeben"),
        ("event", EventStatus.REVIEW, "event_approve", "coordinator", EventStatus.PUBLISHED,
         "freigegeben"),
        ("event", EventStatus.DRAFT, "event_approve", "coordinator", EventStatus.PUBLISHED,
         "freigegeben"),
        ("event", EventStatus.REVIEW, "event_reject", "coordinator", EventStatus.REJECTED,
         "abgelehnt"),
        ("event", EventStatus.PUBLISHED, "event_cancel", "editor", EventStatus.CANCELLED,
         "abgesagt"),
        ("event", EventStatus.CANCELLED, "event_archive", "coordinator", EventStatus.ARCHIVED,
         "archiviert"),
    ],
)  # fmt: skip
def test_every_step_is_one_version_by_its_user_with_its_reason(
    region, people, make, status, step, who, new_status, reason
):
    if make == "offer":
        obj = make_offer(region=region, status=status)
    else:
        obj = make_event(region=region, status=status)
    before = versions(obj)
    extra = {"message": "Bitte Jahrgänge angeben."} if step == "event_reject" else {}

    getattr(services, step)(**{make: obj}, by=people[who], **extra)

    obj.refresh_from_db()
    assert obj.status == new_status
    assert versions(obj) == [*before, ("~", people[who], reason, new_status)]


@pytest.mark.parametrize("make", ["offer", "event"])
def test_a_step_saves_only_its_own_fields(region, people, make):
    """A change in memory (an unsaved edit of the same object) is not saved with the step."""
    obj = (make_offer if make == "offer" else make_event)(
        region=region, status=EditorialStatus.DRAFT, title="Gespeichert"
    )
    obj.title = "Nicht gespeichert"
    getattr(services, f"{make}_submit")(**{make: obj}, by=people["editor"])
    obj.refresh_from_db()
    assert (obj.title, obj.status) == ("Gespeichert", EditorialStatus.REVIEW)


# --- approving clears the rejection ---------------------------------------------------------


@pytest.mark.parametrize("status", [EventStatus.REVIEW, EventStatus.DRAFT])
def test_event_approve_clears_an_earlier_rejection_message(region, people, status):
    event = make_event(region=region, status=status, moderation_message="Bitte den Raum angeben.")
    services.event_approve(
        event=event, by=people["coordinator"], now=timezone.now() - datetime.timedelta(hours=1)
    )
    assert event.moderation_message == ""
    stored = Event.objects.get(pk=event.pk)
    assert (stored.status, stored.moderation_message, stored.published_at) == (
        EventStatus.PUBLISHED,
        "",
        event.published_at,
    )
    assert stored.history.latest("history_date").moderation_message == ""


def test_event_reject_keeps_the_message_stripped(region, people):
    event = make_event(region=region, status=EventStatus.REVIEW)
    services.event_reject(event=event, by=people["coordinator"], message="  Raum fehlt.\n")
    event.refresh_from_db()
    assert (event.status, event.moderation_message) == (EventStatus.REJECTED, "Raum fehlt.")


@pytest.mark.parametrize(
    "status",
    [EventStatus.PUBLISHED, EventStatus.REJECTED, EventStatus.CANCELLED, EventStatus.ARCHIVED],
)
def test_event_approve_from_wrong_status_is_refused(region, people, status):
    event = make_event(region=region, status=status, moderation_message="Alt.")
    with pytest.raises(ValidationError) as error:
        services.event_approve(event=event, by=people["coordinator"])
    assert error.value.messages == [f"„Freigeben“ ist im Status „{status.label}“ nicht möglich."]
    event.refresh_from_db()
    assert (event.status, event.moderation_message) == (status, "Alt.")


# --- cancelling: the organising school or the region's staff, nobody else -------------------


@pytest.fixture
def schools(region):
    school = make_actor(region, name="Oberschule Stade", kind=Actor.Kind.OBERSCHULE)
    # The second school of the same region is not "own" for the first one's staff.
    neighbour = make_actor(region, name="Gymnasium Stade", kind=Actor.Kind.GYMNASIUM)
    teacher = make_user("lehrerin-wf", is_staff=False)
    neighbour_teacher = make_user("nachbar-wf", is_staff=False)
    InstitutionMembership.objects.create(user=teacher, actor=school)
    InstitutionMembership.objects.create(user=neighbour_teacher, actor=neighbour)
    return {
        "school": school,
        "neighbour": neighbour,
        "teacher": teacher,
        "neighbour_teacher": neighbour_teacher,
        "no_role": make_user("ohne-rolle-wf"),
    }


@pytest.mark.parametrize(
    ("who", "allowed", "office_told"),
    [
        ("teacher", True, True),
        ("editor", True, False),
        ("coordinator", True, False),
        ("superuser", True, False),
        ("neighbour_teacher", False, False),
        ("stranger", False, False),
        ("no_role", False, False),
    ],
)
def test_event_cancel_by_whom(
    region,
    people,
    schools,
    mailoutbox,
    django_capture_on_commit_callbacks,
    who,
    allowed,
    office_told,
):
    region.office_email = "bb@stade.test"
    region.save()
    event = make_event(organiser=schools["school"], title="Hafentag")
    user = {**people, **schools}[who]

    with django_capture_on_commit_callbacks(execute=True):
        if allowed:
            services.event_cancel(event=event, by=user, base_url="http://testserver/")
        else:
            with pytest.raises(PermissionDenied):
                services.event_cancel(event=event, by=user, base_url="http://testserver/")

    event.refresh_from_db()
    assert event.status == (EventStatus.CANCELLED if allowed else EventStatus.PUBLISHED)
    assert event.history.count() == (2 if allowed else 1)
    assert [(m.to, m.subject) for m in mailoutbox] == (
        [(["bb@stade.test"], "Abgesagt: Hafentag")] if office_told else []
    )


@pytest.mark.parametrize("who", ["neighbour_teacher", "no_role", "editor", "coordinator"])
def test_school_update_and_submit_only_by_the_institutions_staff(region, people, schools, who):
    """The school services ask for a membership of the organising institution; a role in the
    region (or another school of it) is not enough."""
    user = {**people, **schools}[who]
    event = make_event(organiser=schools["school"], status=EventStatus.REVIEW, title="Alt")
    fields = {
        "kind": event.kind,
        "title": "Übernommen",
        "description": "x",
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
    }
    with pytest.raises(PermissionDenied) as refused_update:
        services.event_school_update(event=event, by=user, **fields)
    with pytest.raises(PermissionDenied) as refused_submit:
        services.event_school_submit(by=user, institution=schools["school"], **fields)
    assert [str(refused_update.value), str(refused_submit.value)] == [
        "Sie können nur für Ihre eigene Einrichtung Veranstaltungen melden."
    ] * 2
    event.refresh_from_db()
    assert (event.title, event.history.count()) == ("Alt", 1)
    assert Event.objects.count() == 1


def test_institutions_of_are_the_memberships_only(region, schools):
    assert list(services.institutions_of(schools["teacher"])) == [schools["school"]]
    assert list(services.institutions_of(schools["no_role"])) == []
    schools["teacher"].is_active = False
    assert list(services.institutions_of(schools["teacher"])) == []


def test_is_institution_member_of_that_institution_while_active(region, schools):
    teacher, school = schools["teacher"], schools["school"]

    def member_of():
        """For the own school, the neighbour, no institution."""
        return [
            services.is_institution_member(teacher, actor_id)
            for actor_id in (school.pk, schools["neighbour"].pk, None)
        ]

    assert member_of() == [True, False, False]
    assert services.is_institution_member(AnonymousUser(), school.pk) is False
    teacher.is_active = False
    assert member_of() == [False, False, False]


def test_events_of_institutions_are_the_own_schools_only(region, schools):
    own = [make_event(organiser=schools["school"], status=status) for status in EventStatus.values]
    make_event(organiser=schools["neighbour"], status=EventStatus.REVIEW)
    make_event(region=region, status=EventStatus.REVIEW)  # organised by a third school
    assert sorted(services.events_of_institutions(schools["teacher"]), key=lambda e: e.pk) == own
    assert list(services.events_of_institutions(schools["no_role"])) == []
