"""The "Stand" reminders (offers.freshness): due rules by the region's rhythm, one mail per
institution, idempotence, the signed confirm link (30 days), the office's filter and the
public "möglicherweise veraltet" notice; offers end by themselves at their validity date."""

import datetime
import time

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actors.models import InstitutionMembership
from offers import freshness
from offers.models import Event, Offer, ReviewReminder
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_event, make_offer, make_region

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def world():
    region = make_region(name="Cuxhaven", slug="cux-fr", review_months=6)
    actor = make_actor(region=region, name="VHS Cuxhaven")
    member = make_user("vhs-member", is_staff=False)
    InstitutionMembership.objects.create(user=member, actor=actor)
    old = make_offer(provider=actor, title="Deutschkurs", last_reviewed=days_ago(200))
    fresh = make_offer(provider=actor, title="Malkurs", last_reviewed=days_ago(30))
    event = make_event(organiser=actor, title="Infoabend", last_reviewed=days_ago(190))
    return {
        "region": region,
        "actor": actor,
        "member": member,
        "old": old,
        "fresh": fresh,
        "event": event,
    }


def send(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return freshness.send_review_reminders(base_url="https://portal.test", **kwargs)


def test_due_follows_the_region_rhythm(world):
    assert freshness.due_offers(world["actor"]) == [world["old"]]
    assert freshness.due_events(world["actor"]) == [world["event"]]
    world["region"].review_months = 7
    world["region"].save()
    assert freshness.due_offers(world["actor"]) == []
    assert freshness.due_events(world["actor"]) == []


def test_one_mail_per_institution_listing_due_entries(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    reminders = send(django_capture_on_commit_callbacks)
    assert len(reminders) == 1
    assert list(reminders[0].offers.all()) == [world["old"]]
    assert list(reminders[0].events.all()) == [world["event"]]
    assert [m.to for m in mailoutbox] == [["vhs-member@example.org"]]
    body = mailoutbox[0].body
    assert "Deutschkurs" in body and "Infoabend" in body and "Malkurs" not in body
    assert "https://portal.test/mein-bereich/bestaetigen/" in body
    assert "https://portal.test/mein-bereich/\n" in body


def test_sending_is_idempotent_while_a_reminder_is_open(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    assert send(django_capture_on_commit_callbacks) == []
    call_command("send_review_reminders", "--base-url", "https://portal.test")
    assert len(mailoutbox) == 1
    assert ReviewReminder.objects.count() == 1


def test_institution_without_members_gets_no_mail(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    InstitutionMembership.objects.all().delete()
    assert send(django_capture_on_commit_callbacks) == []
    assert mailoutbox == []


def confirm_url(reminder):
    return reverse("offers:review-confirm", kwargs={"token": freshness.make_token(reminder)})


def test_get_changes_nothing_and_post_renews_stand(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    reminder = send(django_capture_on_commit_callbacks)[0]
    url = confirm_url(reminder)
    response = client.get(url)
    assert response.status_code == 200
    assert "Deutschkurs" in response.content.decode()
    world["old"].refresh_from_db()
    assert world["old"].last_reviewed == days_ago(200)
    reminder.refresh_from_db()
    assert reminder.answered_at is None
    response = client.post(url)
    assert response.status_code == 200
    world["old"].refresh_from_db()
    world["event"].refresh_from_db()
    assert world["old"].last_reviewed == timezone.localdate()
    assert world["event"].last_reviewed == timezone.localdate()
    reminder.refresh_from_db()
    assert reminder.answered_at is not None
    # Answered and nothing due: the next run sends nothing.
    assert send(django_capture_on_commit_callbacks) == []


def test_token_expires_after_30_days(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    reminder = send(django_capture_on_commit_callbacks)[0]
    real = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: real - 31 * 24 * 3600)
    url = confirm_url(reminder)
    monkeypatch.setattr(signing.time, "time", lambda: real)
    response = client.post(url)
    assert response.status_code == 410
    assert "abgelaufen" in response.content.decode()
    world["old"].refresh_from_db()
    assert world["old"].last_reviewed == days_ago(200)


def test_invalid_token_is_400(client):
    response = client.get("/mein-bereich/bestaetigen/kaputt:abc:def/")
    assert response.status_code == 400
    assert "ungültig" in response.content.decode()


def test_confirm_is_throttled_per_client(
    client, settings, world, django_capture_on_commit_callbacks
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.REVIEW_CONFIRM_LIMIT_PER_CLIENT = 2
    url = confirm_url(send(django_capture_on_commit_callbacks)[0])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_institution_confirm_needs_membership(client, world):
    url = reverse("offers:institution-confirm", kwargs={"pk": world["actor"].pk})
    client.force_login(make_user("stranger", is_staff=False))
    assert client.post(url).status_code == 403
    client.force_login(world["member"])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    world["old"].refresh_from_db()
    assert world["old"].last_reviewed == timezone.localdate()


def test_office_filter_after_no_answer_days_scoped_per_region(
    client, world, django_capture_on_commit_callbacks
):
    reminder = send(django_capture_on_commit_callbacks)[0]
    other_region = make_region(name="Stade", slug="stade-fr")
    other = make_offer(region=other_region, title="Fremdkurs", last_reviewed=days_ago(300))
    other_reminder = ReviewReminder.objects.create(
        actor=other.provider,
        sent_at=timezone.now() - datetime.timedelta(days=40),
        expires_at=timezone.now(),
    )
    other_reminder.offers.set([other])
    now = timezone.now()
    assert list(freshness.unanswered(Offer.objects.all(), now + datetime.timedelta(days=27))) == [
        other
    ]
    later = now + datetime.timedelta(days=28, minutes=1)
    assert set(freshness.unanswered(Offer.objects.all(), later)) == {world["old"], other}
    assert list(freshness.unanswered(Event.objects.all(), later)) == [world["event"]]
    ReviewReminder.objects.filter(pk=reminder.pk).update(sent_at=now - datetime.timedelta(days=29))
    editor = make_user("editor-cux", is_superuser=True)
    client.force_login(editor)
    response = client.get("/admin/offers/offer/?erinnerung=ohne-antwort")
    assert response.status_code == 200
    assert {o.title for o in response.context["cl"].result_list} == {"Deutschkurs", "Fremdkurs"}


def test_office_filter_for_region_staff_shows_own_region_only(
    client, world, django_capture_on_commit_callbacks
):
    reminder = send(django_capture_on_commit_callbacks)[0]
    ReviewReminder.objects.filter(pk=reminder.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=29)
    )
    other = make_offer(region=make_region(name="Stade", slug="stade-fr2"), title="Fremdkurs")
    other_reminder = ReviewReminder.objects.create(
        actor=other.provider,
        sent_at=timezone.now() - datetime.timedelta(days=40),
        expires_at=timezone.now(),
    )
    other_reminder.offers.set([other])
    client.force_login(
        make_user("coord-cux", region=world["region"], role=StaffMembership.Role.COORDINATOR)
    )
    response = client.get("/admin/offers/offer/?erinnerung=ohne-antwort")
    assert response.status_code == 200
    assert [o.title for o in response.context["cl"].result_list] == ["Deutschkurs"]


def test_possibly_outdated_after_28_plus_56_days(client, world, django_capture_on_commit_callbacks):
    reminder = send(django_capture_on_commit_callbacks)[0]
    offer = world["old"]
    assert not freshness.is_possibly_outdated(offer)
    assert "möglicherweise veraltet" not in client.get(offer.get_absolute_url()).content.decode()
    ReviewReminder.objects.filter(pk=reminder.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=83)
    )
    assert not freshness.is_possibly_outdated(offer)
    ReviewReminder.objects.filter(pk=reminder.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=84, minutes=1)
    )
    assert freshness.is_possibly_outdated(offer)
    assert "möglicherweise veraltet" in client.get(offer.get_absolute_url()).content.decode()
    assert (
        "möglicherweise veraltet" in client.get(world["event"].get_absolute_url()).content.decode()
    )


def test_ended_offers_leave_list_search_and_detail(client):
    ended = make_offer(title="Abgelaufener Töpferkurs", valid_until=days_ago(1))
    running = make_offer(title="Laufender Töpferkurs", valid_until=timezone.localdate())
    assert list(Offer.objects.ended().filter(pk__in=[ended.pk, running.pk])) == [ended]
    assert list(Offer.objects.running().filter(pk__in=[ended.pk, running.pk])) == [running]
    assert str(ended.status_label) == "beendet"
    assert str(running.status_label) == "veröffentlicht"
    listing = client.get("/angebote/").content.decode()
    assert "Laufender Töpferkurs" in listing and "Abgelaufener Töpferkurs" not in listing
    found = client.get("/suche/", {"q": "Töpferkurs"}).content.decode()
    assert "Laufender Töpferkurs" in found and "Abgelaufener Töpferkurs" not in found
    assert client.get(ended.get_absolute_url()).status_code == 404
    assert client.get(running.get_absolute_url()).status_code == 200
