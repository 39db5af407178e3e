"""The editorial workflow of offers and events: which step from which status, by whom."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from offers import services
from offers.models import EditorialStatus, EventStatus
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_event, make_offer, make_region

pytestmark = pytest.mark.django_db


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
        with pytest.raises(PermissionDenied):
            getattr(services, step)(offer=offer, by=people[who])
        offer.refresh_from_db()
        assert offer.status == EditorialStatus.DRAFT


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (EditorialStatus.PUBLISHED, "offer_submit"),
        (EditorialStatus.ARCHIVED, "offer_publish"),
        (EditorialStatus.PUBLISHED, "offer_publish"),
        (EditorialStatus.ARCHIVED, "offer_archive"),
        (EditorialStatus.DRAFT, "offer_return_to_draft"),
    ],
)
def test_offer_step_from_wrong_status_is_refused(region, people, status, step):
    offer = make_offer(region=region, status=status)
    with pytest.raises(ValidationError):
        getattr(services, step)(offer=offer, by=people["coordinator"])
    offer.refresh_from_db()
    assert offer.status == status


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
    with pytest.raises(ValidationError):
        services.event_reject(event=rejected, by=people["coordinator"], message="  ")
    services.event_reject(
        event=rejected, by=people["coordinator"], message="Bitte Jahrgänge angeben."
    )
    rejected.refresh_from_db()
    assert (rejected.status, rejected.moderation_message) == (
        EventStatus.REJECTED,
        "Bitte Jahrgänge angeben.",
    )


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


def test_preview_of_unpublished_offer_for_staff_of_its_region_only(client, region, people):
    draft = make_offer(region=region, status=EditorialStatus.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(people["stranger"])
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(people["editor"])
    assert client.get(draft.get_absolute_url()).status_code == 200
