"""The careers-guidance events linked to occupational fields (portal.EventOccupationField) and
the occupation page that shows them with the matching offers (portal.occupations)."""

import datetime

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bildungsregion.models import User
from careers.models import Occupation, OccupationField
from offers.models import Event
from portal.admin import EventOccupationFieldInline
from portal.demo import fields_for_names
from portal.models import EventOccupationField
from portal.occupations import occupation_query
from regions.models import StaffMembership
from tests.factories import make_event, make_offer, make_place, make_region

pytestmark = pytest.mark.django_db

TRANSITION = ("uebergang-schule-beruf",)


def staff(username, region, role="redaktion"):
    user = User.objects.create_user(username=username, is_staff=True)
    StaffMembership.objects.create(user=user, region=region, role=role)
    return user


@pytest.fixture
def mechatronics():
    occupation = Occupation.objects.select_related("field").get(slug="mechatroniker-in")
    other_field = OccupationField.objects.get(slug="gesundheit-pflege")
    return occupation, other_field


def link(event, field):
    return EventOccupationField.objects.create(event=event, field=field)


def test_an_event_links_a_field_once(mechatronics):
    occupation, _other = mechatronics
    event = make_event()
    link(event, occupation.field)
    with pytest.raises(IntegrityError), transaction.atomic():
        link(event, occupation.field)


def test_occupation_page_lists_the_linked_event_and_a_matching_offer(client, mechatronics):
    occupation, other_field = mechatronics
    region = make_region()
    ours = make_event(region=region, title="Berufsinformationstag Technik")
    link(ours, occupation.field)
    theirs = make_event(region=region, title="Pflegetag der Kliniken")
    link(theirs, other_field)
    unlinked = make_event(region=region, title="Praktikumsbörse ohne Feld")
    past = make_event(
        region=region,
        title="Vergangener Technik-Tag",
        starts_at=timezone.now() - datetime.timedelta(days=10),
    )
    link(past, occupation.field)
    hidden = make_event(region=region, title="Entwurf Technik-Tag", status=Event.Status.DRAFT)
    link(hidden, occupation.field)
    network = make_event(region=region, title="Netzwerktreffen Technik", kind="netzwerktreffen")
    link(network, occupation.field)
    matching = make_offer(
        region=region, title="Mechatronik zum Ausprobieren", life_stages=TRANSITION
    )
    other_stage = make_offer(region=region, title="Mechatronik für Erwachsene")
    care = make_offer(region=region, title="Schnuppertag in der Pflege", life_stages=TRANSITION)

    response = client.get(occupation.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert ours.title in page
    assert matching.title in page
    for absent in (theirs, unlinked, past, hidden, network, other_stage, care):
        assert absent.title not in page


def test_occupation_page_respects_the_region(client, mechatronics):
    occupation, _other = mechatronics
    here, there = make_region(), make_region()
    near = make_event(region=here, title="Technik-Tag hier")
    far = make_event(region=there, title="Technik-Tag dort")
    link(near, occupation.field)
    link(far, occupation.field)
    make_offer(region=here, title="Mechatronik-Werkstatt hier", life_stages=TRANSITION)
    make_offer(region=there, title="Mechatronik-Werkstatt dort", life_stages=TRANSITION)
    make_place(region=here, occupation=occupation, title="Praktikum hier")
    make_place(region=there, occupation=occupation, title="Praktikum dort")

    page = client.get(occupation.get_absolute_url(), {"region": here.slug}).content.decode()

    assert "Technik-Tag hier" in page and "Technik-Tag dort" not in page
    assert "Mechatronik-Werkstatt hier" in page and "Mechatronik-Werkstatt dort" not in page
    assert "Praktikum hier" in page and "Praktikum dort" not in page
    everywhere = client.get(occupation.get_absolute_url()).content.decode()
    assert "Technik-Tag dort" in everywhere and "Praktikum dort" in everywhere


def test_occupation_page_shows_at_most_five_of_each_within_a_query_budget(
    client, mechatronics, django_assert_max_num_queries
):
    occupation, _other = mechatronics
    region = make_region()
    for n in range(8):
        link(make_event(region=region, title=f"Technik-Tag {n}"), occupation.field)
        make_offer(region=region, title=f"Mechatronik-Kurs {n}", life_stages=TRANSITION)
        make_place(region=region, occupation=occupation, title=f"Praktikum {n}")
    client.get(occupation.get_absolute_url())  # the thesaurus, kept per content generation

    with django_assert_max_num_queries(10):
        response = client.get(occupation.get_absolute_url(), {"region": region.slug})

    assert len(response.context["events"]) == 5
    assert len(response.context["offers"]) == 5


def test_occupation_query_leaves_out_gender_forms_and_small_words():
    occupation = Occupation.objects.select_related("field").get(
        slug="kaufmann-frau-fuer-bueromanagement"
    )
    assert (
        occupation_query(occupation)
        == "kaufmann oder büromanagement oder wirtschaft oder verwaltung"
    )


def test_careers_url_name_reverses_to_the_portal_page(mechatronics):
    occupation, _other = mechatronics
    assert reverse("careers:occupation-detail", kwargs={"slug": occupation.slug}) == (
        f"/berufe/{occupation.slug}/"
    )


# --- the admin ----------------------------------------------------------------------------


def inline_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return EventOccupationFieldInline(Event, admin.site), request


def test_event_admin_has_the_fields_inline_for_the_events_region(client, mechatronics):
    occupation, _other = mechatronics
    region, other_region = make_region(), make_region()
    event = make_event(region=region)
    link(event, occupation.field)
    editor = staff("redaktion-hier", region)
    stranger = staff("redaktion-dort", other_region)
    url = reverse("admin:offers_event_change", args=[event.pk])

    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "occupation_field_links-TOTAL_FORMS" in response.content.decode()

    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_only_the_events_region_staff_may_edit_its_fields(mechatronics):
    occupation, _other = mechatronics
    region, other_region = make_region(), make_region()
    event = make_event(region=region)
    link(event, occupation.field)
    editor = staff("redaktion-a", region)
    coordinator = staff("koordination-a", region, role="koordination")
    stranger = staff("koordination-b", other_region, role="koordination")

    for user in (editor, coordinator):
        inline, request = inline_for(user)
        assert inline.has_add_permission(request, event)
        assert inline.has_change_permission(request, event)
        assert inline.has_delete_permission(request, event)
        assert inline.get_queryset(request).count() == 1
    inline, request = inline_for(stranger)
    assert not inline.has_add_permission(request, event)
    assert not inline.has_change_permission(request, event)
    assert not inline.has_delete_permission(request, event)
    assert not inline.get_queryset(request).exists()


def test_demo_fields_come_from_plain_trade_words():
    assert fields_for_names(
        ["Betriebserkundung: Weserwerft Nordenham GmbH öffnet die Werkstatt"]
    ) == {"fahrzeuge-schiffe"}
    assert fields_for_names(["Weserbergland Metallbau GmbH", "Geest-Bau Harsefeld GmbH"]) == {
        "metall-maschinenbau",
        "bau-holz",
    }
    assert fields_for_names(["Artland Agrartechnik GmbH", "Elbtalaue Landhandel eG"]) == set()
