"""The office's side of the moderation: the list of the providers' changes per region, the
page with the diff and the buttons Freigeben / Ablehnen, the count on the admin index."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.models import InstitutionMembership
from offers import moderation
from offers.models import ChangeRequest, Event, Offer, Topic
from tests.factories import committed, make_event

pytestmark = pytest.mark.django_db

LIST = reverse("admin:offers_changerequest_changelist")


def page_of(change):
    return reverse("admin:offers_changerequest_change", args=[change.pk])


def provider_of(world):
    return world.objects["offers.changerequest"].submitted_by


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return sorted(row.entry_title for row in response.context["cl"].result_list)


def test_the_list_shows_the_own_region_only(client, users, world_a, world_b):
    client.force_login(users["coordinator_a"])
    assert listed(client) == ["Berufsinfotag Stade"]
    client.force_login(users["coordinator_b"])
    assert listed(client) == ["Berufsinfotag Lüneburg"]
    assert client.get(page_of(world_a.objects["offers.changerequest"])).status_code == 404
    client.force_login(users["superuser"])
    assert listed(client) == ["Berufsinfotag Lüneburg", "Berufsinfotag Stade"]


def test_the_page_shows_the_change_field_by_field(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    client.force_login(users["coordinator_a"])
    response = client.get(page_of(change))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'style="' not in html
    assert '<th scope="col">vorher</th>' in html
    row = re.search(r'<th scope="row">Titel</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>', html, re.S)
    assert row.groups() == ("Berufsinfotag Stade", "Berufsinfotag Stade <ins>(neu)</ins>")
    assert 'name="decision" value="approve"' in html
    assert 'name="decision" value="reject"' in html


def test_texts_are_diffed_word_by_word_and_escaped():
    before, after = moderation.word_diff("Lesen <b>am</b> Abend", "Lesen am frühen Morgen")
    assert before == "Lesen <del>&lt;b&gt;am&lt;/b&gt; Abend</del>"
    assert after == "Lesen <ins>am frühen Morgen</ins>"


def test_approve_with_the_button(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    client.force_login(users["coordinator_a"])
    with committed():
        response = client.post(page_of(change), {"decision": "approve"})
    assert response.status_code == 302
    assert response.url == LIST
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED
    assert Event.objects.get(pk=change.object_id).title == "Berufsinfotag Stade (neu)"
    assert [m.to for m in mail.outbox] == [[provider_of(world_a).email]]


def test_reject_needs_a_message_and_keeps_the_page(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    client.force_login(users["coordinator_a"])
    response = client.post(page_of(change), {"decision": "reject", "message": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WAITING
    with committed():
        response = client.post(
            page_of(change), {"decision": "reject", "message": "Bitte den Titel kürzen."}
        )
    assert response.status_code == 302
    change.refresh_from_db()
    assert (change.status, change.message) == (
        ChangeRequest.Status.REJECTED,
        "Bitte den Titel kürzen.",
    )
    assert "Bitte den Titel kürzen." in mail.outbox[0].body
    # decided: the page shows it without buttons
    html = client.get(page_of(change)).content.decode()
    assert 'name="decision"' not in html
    assert "Bitte den Titel kürzen." in html


def test_an_editor_sees_the_change_but_does_not_decide(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    client.force_login(users["editor_a"])
    response = client.get(page_of(change))
    assert response.status_code == 200
    assert 'name="decision"' not in response.content.decode()
    assert client.post(page_of(change), {"decision": "approve"}).status_code == 403
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WAITING


def test_another_region_cannot_decide(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    client.force_login(users["coordinator_b"])
    assert client.post(page_of(change), {"decision": "approve"}).status_code == 404
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WAITING


def test_a_conflict_is_shown_and_approval_refused(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    event = Event.objects.get(pk=change.object_id)
    event.title = "Berufsinfotag Stade, Hafen"
    event.save()
    client.force_login(users["coordinator_a"])
    html = client.get(page_of(change)).content.decode()
    assert "inzwischen geändert" in html
    response = client.post(page_of(change), {"decision": "approve"}, follow=True)
    assert "nach dieser Einreichung geändert (Titel)" in response.content.decode()
    change.refresh_from_db()
    event.refresh_from_db()
    assert change.status == ChangeRequest.Status.WAITING
    assert event.title == "Berufsinfotag Stade, Hafen"


def test_the_lists_of_the_office(client, users, world_a):
    provider = provider_of(world_a)
    event = world_a.objects["offers.event"]
    moderation.provider_update(event, by=provider, changes={"capacity": 30})
    old = moderation.provider_update(event, by=provider, changes={"contact_name": "Frau A"}).minor
    ChangeRequest.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=31)
    )
    client.force_login(users["coordinator_a"])
    response = client.get(LIST, {"liste": "klein-30-tage"})
    assert [(c.kind, c.after) for c in response.context["cl"].result_list] == [
        (ChangeRequest.Kind.MINOR, {"capacity": 30})
    ]
    response = client.get(LIST, {"liste": "wartet"})
    assert [c.kind for c in response.context["cl"].result_list] == [ChangeRequest.Kind.CHANGE]
    assert len(client.get(LIST, {"eintrag": "veranstaltung"}).context["cl"].result_list) == 3
    assert len(client.get(LIST, {"eintrag": "angebot"}).context["cl"].result_list) == 0
    assert len(client.get(LIST, {"eintrag": "profil"}).context["cl"].result_list) == 0


def test_the_admin_index_counts_the_waiting_changes(client, users, world_a, world_b):
    client.force_login(users["coordinator_a"])
    html = client.get(reverse("admin:index")).content.decode()
    assert '<strong class="portal-change-count">1</strong>' in html
    client.force_login(users["superuser"])
    html = client.get(reverse("admin:index")).content.decode()
    assert '<strong class="portal-change-count">2</strong>' in html


def test_the_list_s_queries_do_not_grow_with_its_rows(client, users, world_a):
    client.force_login(users["coordinator_a"])
    client.get(LIST)  # warm the content types
    with CaptureQueriesContext(connection) as before:
        assert client.get(LIST).status_code == 200
    provider = provider_of(world_a)
    for n in range(5):
        event = make_event(organiser=world_a.objects["school"], title=f"Tag {n}")
        moderation.provider_update(event, by=provider, changes={"title": f"Tag {n}b"})
    with CaptureQueriesContext(connection) as after:
        response = client.get(LIST)
    assert len(response.context["cl"].result_list) == 6
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_entry_s_page_tells_the_office_that_a_change_waits(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    client.force_login(users["coordinator_a"])
    html = client.get(reverse("admin:offers_event_change", args=[change.object_id])).content
    assert "Eine Änderung des Anbieters wartet auf Freigabe." in html.decode()
    assert page_of(change) in html.decode()
    offer = world_a.objects["offers.offer"]
    html = client.get(reverse("admin:offers_offer_change", args=[offer.pk])).content.decode()
    assert "wartet auf Freigabe." not in html


def test_a_new_offer_s_page_lists_its_details(client, users, world_a):
    actor = world_a.objects["actors.actor"]
    provider = world_a.objects["school_user"]
    InstitutionMembership.objects.create(user=provider, actor=actor)
    offer = moderation.provider_create(
        Offer(
            provider=actor,
            title="Töpfern für Familien",
            summary="Gemeinsam töpfern",
            learning_setting=Offer.Setting.INFORMAL,
        ),
        by=provider,
        m2m={"topics": Topic.objects.filter(slug="sprache-und-lesen")},
    )
    change = moderation.pending_change(offer)
    client.force_login(users["coordinator_a"])
    html = client.get(page_of(change)).content.decode()
    cells = dict(re.findall(r'<th scope="row">(.*?)</th>\s*<td>.*?</td>\s*<td>(.*?)</td>', html))
    assert cells["Titel"] == "Töpfern für Familien"
    assert cells["Lernform"] == "informell"
    assert cells["Themen"] == Topic.objects.get(slug="sprache-und-lesen").name
    assert cells["kostenlos"] == "nein"
    assert "Beschreibung" not in cells  # empty
    with committed():
        client.post(page_of(change), {"decision": "approve"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED


def test_a_change_of_a_deleted_entry_cannot_be_approved(client, users, world_a):
    change = world_a.objects["offers.changerequest"]
    Event.objects.filter(pk=change.object_id).delete()
    client.force_login(users["coordinator_a"])
    html = client.get(page_of(change)).content.decode()
    assert "(gelöscht)" in html
    response = client.post(page_of(change), {"decision": "approve"}, follow=True)
    assert "Den Eintrag dieser Änderung gibt es nicht mehr." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.WAITING
    with committed():
        response = client.post(
            page_of(change),
            {"decision": "reject", "message": "Die Veranstaltung gibt es nicht mehr."},
        )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REJECTED
    assert "Die Veranstaltung gibt es nicht mehr." in mail.outbox[0].body
