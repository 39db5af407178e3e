"""Calls and applications for the funding tests."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from actors.models import InstitutionMembership
from bildungsregion.models import User
from funding.models import Application, Call, Criterion, Question
from regions.models import FundingProgramme
from tests.factories import make_actor, make_region

_counter = iter(range(1, 10**6))


def make_programme(region=None, **fields):
    n = next(_counter)
    defaults = {
        "region": region or make_region(),
        "title": f"Förderfonds {n}",
        "slug": f"foerderfonds-{n}",
        "description": "Förderung von Vorhaben.",
        "eligible": "Schulen und Kitas",
    }
    defaults.update(fields)
    return FundingProgramme.objects.create(**defaults)


def make_call(programme=None, **fields):
    n = next(_counter)
    defaults = {
        "programme": programme or make_programme(),
        "title": f"Ausschreibung {n}",
        "slug": f"ausschreibung-{n}",
        "summary": "Wir fördern kulturelle Bildung.",
        "budget": Decimal("10000.00"),
        "eligible_kinds": ["kita", "grundschule"],
        "eligibility": "Kitas und Grundschulen der Region.",
    }
    defaults.update(fields)
    return Call.objects.create(**defaults)


def make_application(call, institution=None, **fields):
    defaults = {
        "call": call,
        "institution": institution or make_actor(call.programme.region, kind="grundschule"),
        "title": "Theater in der Schule",
        "requested_amount": Decimal("1000.00"),
    }
    defaults.update(fields)
    if defaults.get("status", "entwurf") != "entwurf":
        defaults.setdefault("submitted_at", timezone.now())
    return Application.objects.create(**defaults)


def make_member(actor, username):
    user = User.objects.create_user(username=username, email=f"{username}@example.org")
    InstitutionMembership.objects.create(user=user, actor=actor)
    return user


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def call(db, today):
    call = make_call(deadline=today + datetime.timedelta(days=14), title="Kulturfonds Stade")
    Criterion.objects.create(call=call, name="Kulturelle Teilhabe", weight=2, position=1)
    Criterion.objects.create(call=call, name="Nachhaltigkeit", position=2)
    Question.objects.create(call=call, text="Wie erreichen Sie die Kinder?", position=1)
    Question.objects.create(call=call, text="Gibt es Vorerfahrungen?", required=False, position=2)
    return call


def get_file(client, url):
    """(response, content) of a file download. The streamed file is read and closed here:
    ``response.close()`` would send request_finished, which closes the test's database
    connection on PostgreSQL."""
    response = client.get(url)
    content = b""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        for close in response._resource_closers:  # what response.close() closes, minus the signal
            close()
    return response, content
