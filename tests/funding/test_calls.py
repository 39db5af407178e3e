"""The public pages of the funding calls: /foerderung/ and /foerderung/<slug>/."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Application, Call
from portal.services import regions_load
from tests.factories import make_region

from .conftest import make_application, make_call, make_programme

pytestmark = pytest.mark.django_db


def test_call_available_is_budget_less_granted_amounts(call):
    make_application(
        call,
        status="bewilligt",
        requested_amount=Decimal("3000.00"),
        granted_amount=Decimal("2500.00"),
    )
    make_application(call, status="ausgezahlt", granted_amount=Decimal("1000.00"))
    # Neither a draft, a submitted nor a rejected application holds money.
    make_application(call)
    make_application(call, status="eingereicht")
    make_application(call, status="abgelehnt", granted_amount=Decimal("0.00"))
    assert call.granted == Decimal("3500.00")
    assert call.available == Decimal("6500.00")
    annotated = Call.objects.with_granted().get(pk=call.pk)
    assert annotated.granted_total == Decimal("3500.00")
    assert annotated.available == Decimal("6500.00")


def test_call_list_separates_open_and_past_calls_of_all_regions(
    client, call, today, django_assert_max_num_queries
):
    past = make_call(title="Fonds 2025", deadline=today - datetime.timedelta(days=1))
    later = make_call(title="Fonds später", opens_on=today + datetime.timedelta(days=3))
    make_call(title="Intern", is_public=False)
    make_call(title="Programm versteckt", programme=make_programme(is_public=False))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("funding:call-list"))
    assert response.status_code == 200
    assert response.context["open_calls"] == [call]
    assert response.context["upcoming_calls"] == [later]
    assert response.context["past_calls"] == [past]
    html = response.content.decode()
    assert "Kulturfonds Stade" in html
    assert "Intern" not in html
    assert "Programm versteckt" not in html


def test_call_list_filters_by_region(client, call):
    other = make_call(programme=make_programme(make_region(slug="lueneburg-x")))
    response = client.get(reverse("funding:call-list"), {"region": "lueneburg-x"})
    assert response.context["open_calls"] == [other]
    assert response.context["canonical_url"].endswith("/foerderung/?region=lueneburg-x")
    response = client.get(reverse("funding:call-list"), {"region": "gibt-es-nicht"})
    assert response.status_code == 200
    assert response.context["form"].errors["region"]


def test_call_detail_shows_budget_available_deadline_criteria(client, call):
    make_application(
        call,
        status="bewilligt",
        requested_amount=Decimal("3000.00"),
        granted_amount=Decimal("2500.00"),
    )
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "10.000 €" in html
    assert "7.500 €" in html
    assert call.deadline.strftime("%d.%m.%Y") in html
    assert "Kulturelle Teilhabe" in html
    assert "Wie erreichen Sie die Kinder?" in html
    assert [c.name for c in response.context["criteria"]] == [
        "Kulturelle Teilhabe",
        "Nachhaltigkeit",
    ]


def test_call_detail_of_hidden_call_is_404(client):
    hidden = make_call(is_public=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_call_page_is_cached_and_a_change_shows_at_once(client, call, settings):
    settings.PAGE_CACHE_SECONDS = 60
    url = call.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    call.title = "Kulturfonds Stade 2027"
    call.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Kulturfonds Stade 2027" in response.content.decode()


def test_load_regions_loads_lueneburgs_call_from_the_seed_only(client):
    counts = regions_load()
    assert counts["funding_calls"] == {"created": 1, "updated": 0}
    call = Call.objects.get()
    assert call.title == "Förderfonds für mehr kulturelle Bildung in Schulen und Kitas"
    assert call.programme.region.slug == "lueneburg"
    assert call.budget == Decimal("50000.00")
    assert call.eligible_kinds == [
        "kita",
        "grundschule",
        "oberschule",
        "gymnasium",
        "igs",
        "foerderschule",
    ]
    # What the seed does not give stays empty, never invented.
    assert (call.opens_on, call.deadline, call.period_start, call.period_end) == (
        None,
        None,
        None,
        None,
    )
    assert call.max_amount is None
    assert list(call.criteria.all()) == []
    assert list(call.questions.all()) == []
    assert Application.objects.count() == 0
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Kriterien sind nicht angegeben." in html
    assert "50.000 €" in html
    assert regions_load()["funding_calls"] == {"created": 0, "updated": 0}
