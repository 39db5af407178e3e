"""Moderation in two levels (offers.moderation): a provider's new entry and substantive changes
wait for the Bildungsbüro, minor changes are public at once; approve, reject, conflicts,
permissions and the e-mails both ways."""

import datetime
import decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from offers import moderation, services
from offers.models import (
    ChangeRequest,
    EditorialStatus,
    Event,
    EventStatus,
    LifeStage,
    Offer,
    Topic,
)
from offers.search import search_offers
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import committed, make_actor, make_event, make_offer, make_region

pytestmark = pytest.mark.django_db

BASE = "http://portal.example/"


@pytest.fixture
def world():
    region = make_region(
        name="Stade", slug="stade-cr", office_name="Bildungsbüro", office_email="bb@stade.example"
    )
    vhs = make_actor(region, name="VHS Stade", kind=Actor.Kind.VHS, phone="04141 1")
    provider = make_user("vhs-mitarbeiterin", is_staff=False)
    InstitutionMembership.objects.create(user=provider, actor=vhs)
    offer = make_offer(
        provider=vhs,
        title="Deutsch am Abend",
        summary="Ein Sprachkurs für Erwachsene",
        description="Wir lernen Deutsch für den Alltag.",
        schedule="dienstags 18 Uhr",
    )
    other_region = make_region(name="Lüneburg", slug="lueneburg-cr")
    return {
        "region": region,
        "vhs": vhs,
        "provider": provider,
        "offer": offer,
        "coordinator": make_user("koord-cr", region=region, role=StaffMembership.Role.COORDINATOR),
        "editor": make_user("red-cr", region=region, role=StaffMembership.Role.EDITOR),
        "other_coordinator": make_user(
            "koord-lg-cr", region=other_region, role=StaffMembership.Role.COORDINATOR
        ),
        "stranger": make_user("fremd-cr", is_staff=False),
    }


def found(q):
    return [offer.title for offer in search_offers(Offer.objects.all(), q)]


def public_page(client, entry):
    response = client.get(entry.get_absolute_url())
    return response.status_code, response.content.decode()


# --- the one place that says which field is which -----------------------------------------------


@pytest.mark.parametrize("model", [Offer, Event, Actor])
def test_every_editable_field_is_in_exactly_one_list(model):
    editable = {
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not f.auto_created
        and getattr(f, "editable", False)
        and not f.primary_key
    }
    lists = [
        moderation.SUBSTANTIVE[model],
        moderation.MINOR[model],
        moderation.OFFICE_ONLY[model],
    ]
    named = [name for names in lists for name in names]
    assert len(named) == len(set(named)), "a field in two lists"
    assert set(named) == editable


def test_the_issue_s_fields_are_where_it_says():
    assert {"title", "description", "learning_setting", "life_stages", "topics", "age_min"} <= set(
        moderation.SUBSTANTIVE[Offer]
    )
    assert {"cost", "is_free", "street", "contact_email", "registration", "valid_until"} <= set(
        moderation.MINOR[Offer]
    )
    assert {"starts_at", "ends_at", "capacity"} <= set(moderation.MINOR[Event])
    assert set(moderation.SUBSTANTIVE[Actor]) == {"name", "kind", "description"}


# --- new entries --------------------------------------------------------------------------------


def new_offer(world, **fields):
    defaults = {
        "provider": world["vhs"],
        "title": "Englisch für Anfänger",
        "summary": "Englisch von Anfang an",
        "learning_setting": Offer.Setting.NON_FORMAL,
    }
    return Offer(**{**defaults, **fields})


def test_a_new_offer_waits_and_the_office_is_told(world, client):
    with committed():
        offer = moderation.provider_create(
            new_offer(world),
            by=world["provider"],
            m2m={"topics": Topic.objects.filter(slug="sprache-und-lesen")},
            base_url=BASE,
        )
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.REVIEW
    assert offer.region == world["region"]
    assert offer.slug == "englisch-fuer-anfaenger"
    assert [t.slug for t in offer.topics.all()] == ["sprache-und-lesen"]
    change = moderation.pending_change(offer)
    assert (change.kind, change.status, change.submitted_by) == (
        ChangeRequest.Kind.NEW,
        ChangeRequest.Status.WAITING,
        world["provider"],
    )
    assert change.after["title"] == "Englisch für Anfänger"
    assert change.region == world["region"]
    assert public_page(client, offer)[0] == 404
    assert [m.to for m in mail.outbox] == [["bb@stade.example"]]
    assert mail.outbox[0].subject == "Neuer Eintrag zur Freigabe: Englisch für Anfänger"
    assert f"/offers/changerequest/{change.pk}/change/" in mail.outbox[0].body


def test_approving_a_new_offer_publishes_it_and_tells_the_provider(world, client):
    with committed():
        offer = moderation.provider_create(new_offer(world), by=world["provider"], base_url=BASE)
    change = moderation.pending_change(offer)
    mail.outbox.clear()
    with committed():
        moderation.approve(change, by=world["coordinator"], base_url=BASE)
    offer.refresh_from_db()
    change.refresh_from_db()
    assert offer.status == EditorialStatus.PUBLISHED
    assert offer.published_at is not None
    assert (change.status, change.decided_by) == (
        ChangeRequest.Status.APPROVED,
        world["coordinator"],
    )
    assert moderation.pending_change(offer) is None
    assert public_page(client, offer)[0] == 200
    assert found("Englisch") == ["Englisch für Anfänger"]
    assert [m.to for m in mail.outbox] == [["vhs-mitarbeiterin@example.org"]]
    assert mail.outbox[0].subject == "Freigegeben: Englisch für Anfänger"


def test_publishing_a_new_offer_in_the_offer_admin_decides_its_request(world):

    offer = moderation.provider_create(new_offer(world), by=world["provider"], base_url=BASE)
    services.offer_publish(offer=offer, by=world["coordinator"])
    change = ChangeRequest.objects.get(object_id=offer.pk, kind=ChangeRequest.Kind.NEW)
    assert change.status == ChangeRequest.Status.APPROVED
    assert moderation.pending_change(offer) is None


def test_a_rejected_new_offer_waits_again_once_edited(world):
    offer = moderation.provider_create(new_offer(world), by=world["provider"], base_url=BASE)
    first = moderation.pending_change(offer)
    with committed():
        moderation.reject(first, by=world["coordinator"], message="Bitte Zeiten ergänzen.")
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.REJECTED
    assert mail.outbox[-1].subject == "Nicht freigegeben: Englisch für Anfänger"
    assert "Bitte Zeiten ergänzen." in mail.outbox[-1].body
    mail.outbox.clear()
    with committed():
        result = moderation.provider_update(
            offer, by=world["provider"], changes={"schedule": "montags 10 Uhr"}, base_url=BASE
        )
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.REVIEW
    assert offer.schedule == "montags 10 Uhr"
    assert result.applied == ["schedule"]
    assert result.pending.pk != first.pk
    assert result.pending.kind == ChangeRequest.Kind.NEW
    assert [m.to for m in mail.outbox] == [["bb@stade.example"]]


def test_edits_of_a_waiting_new_offer_apply_directly_and_the_request_stays(world):
    offer = moderation.provider_create(new_offer(world), by=world["provider"], base_url=BASE)
    change = moderation.pending_change(offer)
    result = moderation.provider_update(
        offer, by=world["provider"], changes={"title": "Englisch für Einsteiger"}
    )
    offer.refresh_from_db()
    assert offer.title == "Englisch für Einsteiger"
    assert offer.status == EditorialStatus.REVIEW
    assert result.applied == ["title"]
    assert result.pending.pk == change.pk
    assert result.pending.after["title"] == "Englisch für Einsteiger"


# --- changes of a published offer ---------------------------------------------------------------


def test_a_minor_change_is_public_at_once_and_listed(world, client):
    offer = world["offer"]
    with committed():
        result = moderation.provider_update(
            offer,
            by=world["provider"],
            changes={"schedule": "mittwochs 17 Uhr", "title": "Deutsch am Abend"},
        )
    assert result.applied == ["schedule"]
    assert result.pending is None
    assert offer.schedule == "mittwochs 17 Uhr"  # reloaded
    status, page = public_page(client, offer)
    assert status == 200
    assert "mittwochs 17 Uhr" in page
    record = result.minor
    assert (record.kind, record.status) == (ChangeRequest.Kind.MINOR, ChangeRequest.Status.APPLIED)
    assert record.before == {"schedule": "dienstags 18 Uhr"}
    assert record.after == {"schedule": "mittwochs 17 Uhr"}
    assert mail.outbox == []  # listed, not mailed


def test_a_substantive_change_waits_and_the_public_page_keeps_the_old_title(world, client):
    offer = world["offer"]
    with committed():
        result = moderation.provider_update(
            offer,
            by=world["provider"],
            changes={"title": "Deutsch am Morgen", "cost": decimal.Decimal("12.5")},
            base_url=BASE,
        )
    assert result.applied == ["cost"]
    change = result.pending
    assert (change.kind, change.status) == (ChangeRequest.Kind.CHANGE, ChangeRequest.Status.WAITING)
    assert change.before == {"title": "Deutsch am Abend"}
    assert change.after == {"title": "Deutsch am Morgen"}
    offer.refresh_from_db()
    assert offer.title == "Deutsch am Abend"
    assert offer.cost == decimal.Decimal("12.50")
    status, page = public_page(client, offer)
    assert status == 200
    assert "Deutsch am Abend" in page
    assert "Deutsch am Morgen" not in page
    assert found("Morgen") == []
    assert moderation.pending_values(offer) == {"title": "Deutsch am Morgen"}
    assert [m.subject for m in mail.outbox] == ["Änderung zur Freigabe: Deutsch am Abend"]
    assert "Titel" in mail.outbox[0].body


def test_a_second_substantive_edit_updates_the_waiting_request(world):
    offer = world["offer"]
    first = moderation.provider_update(
        offer, by=world["provider"], changes={"title": "Deutsch am Morgen"}
    ).pending
    second = moderation.provider_update(
        offer,
        by=world["provider"],
        changes={"title": "Deutsch am Vormittag", "summary": "Neu"},
        m2m={"life_stages": LifeStage.objects.filter(slug="beruf-und-weiterbildung")},
    ).pending
    assert second.pk == first.pk
    assert ChangeRequest.objects.filter(kind=ChangeRequest.Kind.CHANGE).count() == 1
    assert second.after == {"title": "Deutsch am Vormittag", "summary": "Neu"}
    assert second.before == {
        "title": "Deutsch am Abend",
        "summary": "Ein Sprachkurs für Erwachsene",
    }
    # back to the published title, summary not sent: only the summary waits
    third = moderation.provider_update(
        offer, by=world["provider"], changes={"title": "Deutsch am Abend"}
    ).pending
    assert third.after == {"summary": "Neu"}
    # and back to everything published: nothing waits
    result = moderation.provider_update(
        offer, by=world["provider"], changes={"summary": "Ein Sprachkurs für Erwachsene"}
    )
    assert result.pending is None
    assert not ChangeRequest.objects.waiting().exists()


def test_approve_applies_the_change_and_the_search_finds_the_new_title(world, client):
    offer = world["offer"]
    topic = Topic.objects.exclude(slug="sprache-und-lesen").order_by("name").first()
    change = moderation.provider_update(
        offer,
        by=world["provider"],
        changes={"title": "Deutsch am Morgen"},
        m2m={"topics": [topic.pk]},
    ).pending
    mail.outbox.clear()
    assert "Deutsch am Morgen" not in public_page(client, offer)[1]  # (now in the page cache)
    with committed():
        moderation.approve(change, by=world["coordinator"], base_url=BASE)
    offer.refresh_from_db()
    change.refresh_from_db()
    assert offer.title == "Deutsch am Morgen"
    assert list(offer.topics.all()) == [topic]
    assert offer.status == EditorialStatus.PUBLISHED
    assert change.status == ChangeRequest.Status.APPROVED
    assert change.decided_at is not None
    assert found("Morgen") == ["Deutsch am Morgen"]
    assert "Deutsch am Morgen" in public_page(client, offer)[1]
    assert offer.history.first().history_user == world["coordinator"]
    assert [m.to for m in mail.outbox] == [["vhs-mitarbeiterin@example.org"]]
    assert mail.outbox[0].subject == "Freigegeben: Deutsch am Morgen"
    assert f"{BASE.rstrip('/')}{offer.get_absolute_url()}" in mail.outbox[0].body


def test_reject_keeps_the_entry_and_mails_the_message(world, client):
    offer = world["offer"]
    change = moderation.provider_update(
        offer, by=world["provider"], changes={"description": "Ganz neu"}
    ).pending
    mail.outbox.clear()
    with committed():
        moderation.reject(
            change, by=world["coordinator"], message="Die Beschreibung ist zu kurz.", base_url=BASE
        )
    offer.refresh_from_db()
    change.refresh_from_db()
    assert offer.description == "Wir lernen Deutsch für den Alltag."
    assert (change.status, change.message) == (
        ChangeRequest.Status.REJECTED,
        "Die Beschreibung ist zu kurz.",
    )
    assert [m.to for m in mail.outbox] == [["vhs-mitarbeiterin@example.org"]]
    assert mail.outbox[0].subject == "Nicht freigegeben: Deutsch am Abend"
    assert "Die Beschreibung ist zu kurz." in mail.outbox[0].body
    assert "die veröffentlichte Fassung bleibt" in mail.outbox[0].body


def test_reject_needs_a_message(world):
    change = moderation.provider_update(
        world["offer"], by=world["provider"], changes={"title": "X"}
    ).pending
    with pytest.raises(ValidationError, match="warum die Änderung abgelehnt wird"):
        moderation.reject(change, by=world["coordinator"], message="  ")
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WAITING


def test_approval_refuses_to_overwrite_a_change_of_the_office(world):
    offer = world["offer"]
    change = moderation.provider_update(
        offer, by=world["provider"], changes={"title": "Deutsch am Morgen"}
    ).pending
    offer.title = "Deutsch am Abend (neuer Ort)"
    offer.save()  # the office edits the published entry meanwhile
    assert moderation.conflicts(change) == ["title"]
    with pytest.raises(ValidationError) as refused:
        moderation.approve(change, by=world["coordinator"])
    assert "nach dieser Einreichung geändert (Titel)" in refused.value.messages[0]
    offer.refresh_from_db()
    change.refresh_from_db()
    assert offer.title == "Deutsch am Abend (neuer Ort)"
    assert change.status == ChangeRequest.Status.WAITING


def test_a_decided_request_is_not_decided_again(world):
    change = moderation.provider_update(
        world["offer"], by=world["provider"], changes={"title": "Neu"}
    ).pending
    moderation.approve(change, by=world["coordinator"])
    with pytest.raises(ValidationError, match="bereits entschieden"):
        moderation.reject(change, by=world["coordinator"], message="doch nicht")


@pytest.mark.parametrize("who", ["editor", "other_coordinator", "provider"])
def test_only_the_region_s_coordination_approves_and_rejects(world, who):
    change = moderation.provider_update(
        world["offer"], by=world["provider"], changes={"title": "Neu"}
    ).pending
    with pytest.raises(PermissionDenied):
        moderation.approve(change, by=world[who])
    with pytest.raises(PermissionDenied):
        moderation.reject(change, by=world[who], message="Nein")
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WAITING
    assert Offer.objects.get(pk=world["offer"].pk).title == "Deutsch am Abend"


def test_only_the_institution_s_people_change_its_entries(world):
    with pytest.raises(PermissionDenied):
        moderation.provider_update(world["offer"], by=world["stranger"], changes={"title": "X"})
    with pytest.raises(PermissionDenied):
        moderation.provider_create(new_offer(world), by=world["stranger"])
    assert not ChangeRequest.objects.exists()
    assert Offer.objects.count() == 1


def test_an_invalid_edit_saves_nothing(world):
    with pytest.raises(ValidationError):
        moderation.provider_update(
            world["offer"],
            by=world["provider"],
            changes={"age_min": 30, "age_max": 20, "schedule": "nie"},
        )
    offer = Offer.objects.get(pk=world["offer"].pk)
    assert offer.schedule == "dienstags 18 Uhr"
    assert not ChangeRequest.objects.exists()


def test_fields_the_office_keeps_are_refused(world):
    with pytest.raises(ValueError, match="status"):
        moderation.provider_update(
            world["offer"], by=world["provider"], changes={"status": "veroeffentlicht"}
        )


# --- events and the provider profile ------------------------------------------------------------


def test_a_provider_s_new_event_follows_the_events_flow(world):
    starts = timezone.now() + datetime.timedelta(days=10)
    event = Event(
        organiser=world["vhs"],
        kind=Event.Kind.WORKSHOP,
        title="Schnupperkurs Englisch",
        description="Eine Stunde zum Ausprobieren.",
        starts_at=starts,
    )
    with committed():
        moderation.provider_create(event, by=world["provider"], base_url=BASE)
    event.refresh_from_db()
    assert (event.status, event.submitted_by, event.region) == (
        EventStatus.REVIEW,
        world["provider"],
        world["region"],
    )
    assert moderation.pending_change(event) is None  # it waits by its status
    assert mail.outbox[0].to == ["bb@stade.example"]
    assert mail.outbox[0].subject == "Neue Veranstaltung zur Freigabe: Schnupperkurs Englisch"


def test_a_published_event_s_time_changes_at_once_its_title_waits(world):
    event = make_event(organiser=world["vhs"], title="Tag der offenen Tür")
    new_start = timezone.localtime(event.starts_at) + datetime.timedelta(hours=1)
    result = moderation.provider_update(
        event,
        by=world["provider"],
        changes={
            "starts_at": new_start,
            "ends_at": timezone.localtime(event.ends_at),  # the same, in local time
            "title": "Tag der offenen Tür 2027",
        },
    )
    assert result.applied == ["starts_at"]
    event.refresh_from_db()
    assert event.starts_at == new_start
    assert event.title == "Tag der offenen Tür"
    assert result.pending.after == {"title": "Tag der offenen Tür 2027"}
    moderation.approve(result.pending, by=world["coordinator"])
    event.refresh_from_db()
    assert event.title == "Tag der offenen Tür 2027"


def test_the_provider_profile_name_waits_its_phone_does_not(world):
    vhs = world["vhs"]
    result = moderation.provider_update(
        vhs,
        by=world["provider"],
        changes={"name": "Kreisvolkshochschule Stade", "phone": "04141 2"},
    )
    vhs.refresh_from_db()
    assert (vhs.name, vhs.phone) == ("VHS Stade", "04141 2")
    assert result.pending.after == {"name": "Kreisvolkshochschule Stade"}
    assert result.pending.content_type.model_class() is Actor
    moderation.approve(result.pending, by=world["coordinator"])
    vhs.refresh_from_db()
    assert vhs.name == "Kreisvolkshochschule Stade"


def test_one_waiting_request_per_entry_is_a_database_rule(world):

    change = moderation.provider_update(
        world["offer"], by=world["provider"], changes={"title": "Neu"}
    ).pending
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeRequest.objects.create(
            region=change.region,
            content_type=change.content_type,
            object_id=change.object_id,
            kind=ChangeRequest.Kind.CHANGE,
        )


def test_serialized_values_are_json_of_one_form(world):
    offer = world["offer"]
    offer.cost = decimal.Decimal("5")
    offer.valid_until = datetime.date(2027, 1, 31)
    offer.save()
    offer.refresh_from_db()
    assert moderation.serialize(offer, "cost") == "5.00"
    assert moderation.serialize(offer, "valid_until") == "2027-01-31"
    assert moderation.serialize(offer, "provider") == world["vhs"].pk
    assert isinstance(Offer._meta.get_field("topics"), models.ManyToManyField)
    assert moderation.serialize(offer, "topics") == sorted(
        offer.topics.values_list("pk", flat=True)
    )


def test_an_event_cannot_move_into_the_past(world):
    event = make_event(organiser=world["vhs"], title="Tag der offenen Tür")
    with pytest.raises(ValidationError, match="Vergangenheit"):
        moderation.provider_update(
            event,
            by=world["provider"],
            changes={"starts_at": timezone.now() - datetime.timedelta(days=1), "ends_at": None},
        )
    assert not ChangeRequest.objects.exists()


def test_the_schools_submission_limit_holds_for_every_provider(world, settings):
    settings.SCHOOL_EVENT_SUBMISSION_LIMIT = 1

    def submit(title):
        return moderation.provider_create(
            Event(
                organiser=world["vhs"],
                kind=Event.Kind.WORKSHOP,
                title=title,
                description="Zum Ausprobieren.",
                starts_at=timezone.now() + datetime.timedelta(days=3),
            ),
            by=world["provider"],
        )

    submit("Erster Kurs")
    with pytest.raises(services.SubmissionLimitReached):
        submit("Zweiter Kurs")
    assert list(Event.objects.values_list("title", flat=True)) == ["Erster Kurs"]
