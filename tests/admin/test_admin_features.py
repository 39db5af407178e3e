"""History and restore, bulk actions and form choices within the region, user accounts, the
admin's title, the review date, brute-force protection."""

import datetime
import re

import pytest
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor
from bildungsregion.admin_concurrency import version_token as offer_version
from bildungsregion.models import User
from offers.models import Offer
from offers.search import search_offers
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import committed, make_offer

pytestmark = pytest.mark.django_db


def form_data(form):
    """What a browser would post back for an unchanged admin form."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date | datetime.datetime):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def test_history_lists_who_changed_what_and_restores_an_old_version(client, users, world_a):
    actor = world_a.objects["actors.actor"]
    coordinator = users["coordinator_a"]
    client.force_login(coordinator)
    change_url = reverse("admin:actors_actor_change", args=[actor.pk])
    data = form_data(client.get(change_url).context["adminform"].form)
    data["name"] = "VHS Stade (neu)"
    response = client.post(change_url, data)
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == "VHS Stade (neu)"

    history = client.get(reverse("admin:actors_actor_history", args=[actor.pk]))
    assert history.status_code == 200
    records = list(history.context["page_obj"].object_list)
    assert [(r.name, r.history_user) for r in records] == [
        ("VHS Stade (neu)", coordinator),
        ("VHS Stade", None),
    ]
    changes = records[0].history_delta_changes
    assert [(c["field"], c["old"], c["new"]) for c in changes] == [
        ("Name", "VHS Stade", "VHS Stade (neu)")
    ]

    old = records[1]
    revert_url = reverse("admin:actors_actor_simple_history", args=[actor.pk, old.history_id])
    form = client.get(revert_url).context["adminform"].form
    assert form["name"].value() == "VHS Stade"
    response = client.post(revert_url, form_data(form))
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == "VHS Stade"
    assert actor.history.count() == 3

    client.force_login(users["coordinator_b"])
    assert client.get(revert_url).status_code == 403
    assert client.post(revert_url, form_data(form)).status_code == 403


@pytest.fixture
def deleted_offer_id(world_a):
    """The id of a deleted offer of Stade, far above every history id: looking it up as a
    history id finds nothing."""
    offer = make_offer(
        provider=world_a.objects["actors.actor"], title="Gelöschtes Angebot", id=900_001
    )
    offer.delete()
    assert not Offer.history.filter(history_id=900_001).exists()
    return 900_001


def test_history_of_deleted_entry_item9_owner_sees_it_other_region_gets_404_as_if_never_existed(
    client, users, deleted_offer_id
):
    offer_id = deleted_offer_id
    never_existed = offer_id + 1000
    url = reverse("admin:offers_offer_history", args=[offer_id])

    client.force_login(users["coordinator_a"])
    response = client.get(url)
    assert response.status_code == 200
    records = [r.history_id for r in response.context["page_obj"].object_list]
    assert records == list(
        Offer.history.filter(id=offer_id)
        .order_by("-history_date")
        .values_list("history_id", flat=True)
    )
    assert response.context["page_obj"].object_list[0].history_type == "-"
    assert response.context["page_obj"].object_list[0].title == "Gelöschtes Angebot"

    client.force_login(users["coordinator_b"])
    unknown_url = reverse("admin:offers_offer_history", args=[never_existed])
    deleted = client.get(url)
    unknown = client.get(unknown_url)
    assert (deleted.status_code, unknown.status_code) == (404, 404)
    # The same page, but for the address (in the language switch).
    assert deleted.content.replace(url.encode(), b"") == unknown.content.replace(
        unknown_url.encode(), b""
    )


def test_history_of_deleted_entry_is_shown_to_superusers_not_to_staff_without_region(
    client, users, deleted_offer_id
):
    url = reverse("admin:offers_offer_history", args=[deleted_offer_id])
    statuses = {}
    for name in ("superuser", "staff_without_region"):
        client.force_login(users[name])
        statuses[name] = client.get(url).status_code
    assert statuses == {"superuser": 200, "staff_without_region": 404}


@pytest.mark.parametrize("label", ["offers.offer", "bildungsregion.user"])
def test_history_view_passes_extra_context_to_the_page(rf, users, world_a, label):
    """A subclass's or caller's extra context reaches the history page (versions of
    simple-history; Django's own log for accounts), e.g. its own title."""
    obj = world_a.objects[label]
    model_admin = admin.site._registry[type(obj)]
    request = rf.get(reverse(f"admin:{label.replace('.', '_')}_history", args=[obj.pk]))
    request.user = users["coordinator_a"]
    response = model_admin.history_view(request, str(obj.pk), extra_context={"title": "Verlauf"})
    if isinstance(response, TemplateResponse):  # Django's log; simple-history's is rendered
        response.render()
    assert response.status_code == 200
    assert re.findall(r"<title>.*?</title>|<h1>.*?</h1>", response.content.decode()) == [
        "<title>Verlauf | Bildungsbüro Stade</title>",
        "<h1>Verlauf</h1>",
    ]


def test_stale_edit_item12_later_save_of_a_stale_form_is_refused_and_keeps_the_typed_values(
    client, users, world_a
):
    offer = world_a.objects["offers.offer"]
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    client_a, client_b = client, Client()
    client_a.force_login(users["coordinator_a"])
    client_b.force_login(users["editor_a"])
    data_a = form_data(client_a.get(url).context["adminform"].form)
    data_b = form_data(client_b.get(url).context["adminform"].form)
    assert data_a["loaded_version"] == data_b["loaded_version"] != ""

    data_a["title"] = "Sprachkurs Stade (Fassung A)"
    data_a["summary"] = "Kurzbeschreibung von A"
    assert client_a.post(url, data_a).status_code == 302
    offer.refresh_from_db()
    saved_by_a = offer.updated_at

    data_b["title"] = "Sprachkurs Stade (Fassung B)"
    data_b["venue"] = "Raum 2"
    refused = client_b.post(url, data_b)

    assert refused.status_code == 200
    form = refused.context["adminform"].form
    time = timezone.localtime(saved_by_a).strftime("%d.%m.%Y, %H:%M")
    assert form.errors == {
        "__all__": [
            f"Dieser Eintrag wurde inzwischen von koordination-a geändert ({time}). Ihre "
            "Eingaben sind unten erhalten; die aktuelle Fassung: Titel: „Sprachkurs Stade "
            "(Fassung A)“; Kurzbeschreibung: „Kurzbeschreibung von A“. Speichern Sie erneut, "
            "um sie mit Ihren Eingaben zu überschreiben."
        ]
    }
    assert (form["title"].value(), form["venue"].value()) == (
        "Sprachkurs Stade (Fassung B)",
        "Raum 2",
    )
    assert form["loaded_version"].value() == offer_version(offer)
    assert 'name="loaded_version"' in refused.content.decode()
    offer.refresh_from_db()
    assert (offer.title, offer.summary, offer.venue) == (
        "Sprachkurs Stade (Fassung A)",
        "Kurzbeschreibung von A",
        "",
    )

    data_b["loaded_version"] = form["loaded_version"].value()
    assert client_b.post(url, data_b).status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.summary, offer.venue) == (
        "Sprachkurs Stade (Fassung B)",
        "Kurzbeschreibung von Sprachkurs Stade",
        "Raum 2",
    )


def test_bulk_delete_never_touches_another_region(client, users, world_a, world_b):
    offer_a = world_a.objects["offers.offer"]
    offer_b = world_b.objects["offers.offer"]
    client.force_login(users["coordinator_b"])
    client.post(
        reverse("admin:offers_offer_changelist"),
        {"action": "delete_selected", "_selected_action": [offer_a.pk, offer_b.pk], "post": "yes"},
    )
    assert list(Offer.objects.filter(pk__in=[offer_a.pk, offer_b.pk])) == [offer_a]


def test_workflow_action_counts_the_done_rows_and_names_each_refused_one_with_its_reason(
    client, users, world_b
):
    provider = world_b.objects["actors.actor"]
    drafts = [
        make_offer(provider=provider, title=title, status=Offer.Status.DRAFT, published_at=None)
        for title in ("Entwurf eins", "Entwurf zwei")
    ]
    published = world_b.objects["offers.offer"]
    archived = make_offer(provider=provider, title="Altes Angebot", status=Offer.Status.ARCHIVED)
    coordinator = users["coordinator_b"]
    client.force_login(coordinator)
    changelist = reverse("admin:offers_offer_changelist")
    response = client.post(
        changelist,
        {"action": "publish", "_selected_action": [o.pk for o in [*drafts, published, archived]]},
        follow=True,
    )
    assert response.redirect_chain == [(changelist, 302)]
    assert [(m.level, str(m)) for m in response.context["messages"]] == [
        (messages.SUCCESS, "Veröffentlicht: 2"),
        (
            messages.WARNING,
            # in the list's order (by title)
            "Nicht möglich bei: „Altes Angebot“: „Veröffentlichen“ ist im Status „archiviert“ "
            "nicht möglich., „Sprachkurs Lüneburg“: „Veröffentlichen“ ist im Status "
            "„veröffentlicht“ nicht möglich.",
        ),
    ]
    # Each published row is logged with the action's message, the refused one is not.
    assert sorted(
        LogEntry.objects.filter(user=coordinator).values_list("object_id", "change_message")
    ) == sorted((str(o.pk), "Veröffentlicht") for o in drafts)


def test_superusers_bulk_delete_rows_of_every_region(client, users, world_a, world_b):
    offers = [world_a.objects["offers.offer"], world_b.objects["offers.offer"]]
    client.force_login(users["superuser"])
    client.post(
        reverse("admin:offers_offer_changelist"),
        {"action": "delete_selected", "_selected_action": [o.pk for o in offers], "post": "yes"},
    )
    assert not Offer.objects.filter(pk__in=[o.pk for o in offers]).exists()


def test_offer_saved_in_the_admin_is_found_by_its_new_title(client, users, world_b):
    offer = world_b.objects["offers.offer"]
    client.force_login(users["coordinator_b"])
    url = reverse("admin:offers_offer_change", args=[offer.pk])
    data = form_data(client.get(url).context["adminform"].form)
    data["title"] = "Lesewerkstatt am Hafen"
    with committed():
        assert client.post(url, data).status_code == 302
    assert list(search_offers(Offer.objects.all(), "Lesewerkstatt")) == [offer]


def test_change_form_refuses_a_provider_of_another_region(client, users, world_a, world_b):
    offer_b = world_b.objects["offers.offer"]
    client.force_login(users["coordinator_b"])
    url = reverse("admin:offers_offer_change", args=[offer_b.pk])
    form = client.get(url).context["adminform"].form
    assert list(form.fields["provider"].queryset) == list(
        Actor.objects.filter(region=world_b.region).order_by("name")
    )
    assert list(form.fields["region"].queryset) == [world_b.region]
    data = form_data(form)
    data["provider"] = str(world_a.objects["actors.actor"].pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["provider"]


def test_change_form_offers_only_co_organisers_of_the_own_region(client, users, world_a, world_b):
    event = world_b.objects["offers.event"]
    client.force_login(users["coordinator_b"])
    url = reverse("admin:offers_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    assert list(form.fields["co_organisers"].queryset) == list(
        Actor.objects.filter(region=world_b.region).order_by("name")
    )
    data = form_data(form)
    for name in ("starts_at", "ends_at"):  # the admin's split date and time inputs
        value = timezone.localtime(getattr(event, name))
        data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.strftime("%H:%M")
    data["co_organisers"] = [str(world_a.objects["actors.actor"].pk)]
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["co_organisers"]
    assert list(event.co_organisers.all()) == []


def test_add_form_preselects_the_users_region(client, users, world_a, world_b):
    """One region: it is preselected in the add form of an entry with a region field; a region
    given in the address is kept as given (the form offers only the user's own region, so a
    foreign one leaves nothing selected); without a region field, superusers: nothing."""

    def initial(username, url_name, **query):
        client.force_login(users[username])
        return client.get(reverse(f"admin:{url_name}_add"), query).context["adminform"].form.initial

    assert initial("editor_a", "offers_offer") == {"region": world_a.region.pk}
    assert initial("editor_a", "offers_offer", region=world_b.region.pk) == {
        "region": str(world_b.region.pk)
    }
    assert initial("editor_a", "actors_meeting") == {}
    assert initial("superuser", "offers_offer") == {}


def test_confirm_current_sets_the_stand_to_today(client, users, world_a):
    actor = world_a.objects["actors.actor"]
    Actor.objects.filter(pk=actor.pk).update(last_reviewed=datetime.date(2018, 7, 26))
    client.force_login(users["editor_a"])
    stale = client.get(reverse("admin:actors_actor_changelist"), {"stand": "veraltet"})
    assert [a.pk for a in stale.context["cl"].result_list] == [actor.pk]
    client.post(
        reverse("admin:actors_actor_changelist"),
        {"action": "confirm_current", "_selected_action": [actor.pk]},
    )
    actor.refresh_from_db()
    assert actor.last_reviewed == timezone.localdate()
    assert actor.history.latest().history_user == users["editor_a"]


def test_coordinator_creates_an_editor_account_for_the_own_region(client, users, world_a):
    client.force_login(users["coordinator_a"])
    response = client.post(
        reverse("admin:bildungsregion_user_add"),
        {
            "username": "neu-in-stade",
            "usable_password": "true",
            "password1": "Lange-Passphrase-fuer-Stade-7",
            "password2": "Lange-Passphrase-fuer-Stade-7",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="neu-in-stade")
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.staff_memberships.values_list("region", "role")) == [
        (world_a.region.pk, StaffMembership.Role.EDITOR)
    ]
    form = (
        client.get(reverse("admin:bildungsregion_user_change", args=[user.pk]))
        .context["adminform"]
        .form
    )
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


def test_coordinator_never_sees_superusers(client, users):
    client.force_login(users["coordinator_a"])
    response = client.get(reverse("admin:bildungsregion_user_changelist"))
    assert sorted(u.username for u in response.context["cl"].result_list) == [
        "koordination-a",
        "redaktion-a",
        "schule-stade-test",
    ]
    url = reverse("admin:bildungsregion_user_change", args=[users["superuser"].pk])
    assert client.get(url).status_code == 404


def test_admin_is_titled_with_the_users_bildungsbuero(client, users):
    client.force_login(users["editor_a"])
    response = client.get(reverse("admin:index"))
    assert response.context["site_header"] == "Bildungsbüro Stade"
    assert "<title>" in response.content.decode()
    client.force_login(users["superuser"])
    assert client.get(reverse("admin:index")).context["site_header"] == (
        "Bildungsportal – Verwaltung"
    )


def test_login_is_locked_after_five_failures(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("buero-test", password="Richtiges-Passwort-2024")
    url = reverse("admin:login")
    statuses = [
        client.post(url, {"username": "buero-test", "password": "falsch"}).status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(url, {"username": "buero-test", "password": "Richtiges-Passwort-2024"})
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()


def test_login_succeeds_below_the_limit(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("buero-test", password="Richtiges-Passwort-2024")
    url = reverse("admin:login")
    for _attempt in range(4):
        client.post(url, {"username": "buero-test", "password": "falsch"})
    response = client.post(url, {"username": "buero-test", "password": "Richtiges-Passwort-2024"})
    assert response.status_code == 302


@pytest.mark.parametrize("password", ["kurz", "password1234", "123456789012", "buero-test-1"])
def test_password_validators_refuse_weak_passwords(db, password):
    user = User(username="buero-test")
    with pytest.raises(ValidationError):
        validate_password(password, user)
