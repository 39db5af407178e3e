"""One rule for a stale entry: its "Stand" is older than STALE_MONTHS months."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from actors.models import Actor
from bildungsregion.models import (
    STALE_MONTHS,
    ReviewedModel,
    ReviewedQuerySet,
    stale_cutoff,
)
from offers.models import Offer
from tests.factories import make_actor, make_offer, make_region

DAY = datetime.timedelta(days=1)


def test_stale_cutoff_is_twelve_months_back():
    assert STALE_MONTHS == 12
    assert stale_cutoff(datetime.date(2026, 12, 1)) == datetime.date(2025, 12, 1)
    assert stale_cutoff(datetime.date(2025, 3, 1)) == datetime.date(2024, 3, 1)
    assert stale_cutoff() == stale_cutoff(timezone.localdate())


def test_every_reviewed_model_has_the_reviewed_queryset():
    """The admin's "Stand" filter and the monitoring call .stale() on any of them."""
    reviewed = [
        model
        for model in apps.get_models()
        if issubclass(model, ReviewedModel) and not model._meta.abstract
    ]
    assert len(reviewed) == 12  # with funding.Call and careers.Place
    assert [
        model._meta.label
        for model in reviewed
        if not isinstance(model._default_manager.all(), ReviewedQuerySet)
    ] == []


@pytest.mark.django_db
def test_stale_and_is_stale_agree_at_the_cutoff():
    cutoff = stale_cutoff()
    region = make_region()
    actors = {
        "älter": make_actor(region, name="älter", last_reviewed=cutoff - DAY),
        "am Stichtag": make_actor(region, name="am Stichtag", last_reviewed=cutoff),
        "neu": make_actor(region, name="neu", last_reviewed=timezone.localdate()),
    }
    offer = make_offer(provider=actors["neu"], last_reviewed=cutoff - DAY)
    in_region = Actor.objects.for_region(region)
    assert list(in_region.stale().values_list("name", flat=True)) == ["älter"]
    assert list(in_region.reviewed().values_list("name", flat=True)) == ["am Stichtag", "neu"]
    assert [name for name, actor in actors.items() if actor.is_stale] == ["älter"]
    assert list(Offer.objects.stale()) == [offer] and offer.is_stale


@pytest.mark.django_db
def test_stale_on_another_day():
    actor = make_actor(last_reviewed=datetime.date(2025, 6, 1))
    assert list(Actor.objects.stale(today=datetime.date(2026, 6, 1))) == []
    assert list(Actor.objects.stale(today=datetime.date(2026, 6, 2))) == [actor]
