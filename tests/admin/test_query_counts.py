"""The number of queries of every changelist is pinned (and does not grow with the rows)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_event, make_offer

pytestmark = pytest.mark.django_db

# changelist → queries for a coordinator of a region (staff) and for a superuser. One of them
# is the look-up of the user's second-factor devices (regions.two_factor).
PINNED = {
    "actors.actor": (11, 7),
    "actors.institutionmembership": (10, 6),
    "actors.meeting": (13, 9),
    "actors.workinggroup": (10, 6),
    "actors.workinggroupmembership": (10, 6),
    "bildungsregion.user": (11, 7),
    "offers.event": (13, 9),
    "offers.lifestage": (10, 5),
    "offers.offer": (13, 9),
    "offers.topic": (10, 5),
    "offers.transition": (10, 5),
    "regions.accessibilityfeedback": (12, 8),
    "regions.document": (12, 8),
    "regions.focusarea": (10, 6),
    "regions.fundingprogramme": (10, 6),
    "regions.municipality": (10, 6),
    "regions.region": (10, 5),
    "regions.staffmembership": (10, 6),
}


def changelists():
    ours = {"regions", "actors", "offers", "bildungsregion"}
    return sorted(m._meta.label_lower for m in admin.site._registry if m._meta.app_label in ours)


def changelist_url(label):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


@pytest.mark.parametrize("label", changelists())
def test_changelist_query_count(client, users, world_a, world_b, label):
    counts = []
    for user in (users["coordinator_a"], users["superuser"]):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(changelist_url(label))
        assert response.status_code == 200
        counts.append(len(queries))
    assert tuple(counts) == PINNED[label]


@pytest.mark.parametrize("label", ["offers.offer", "offers.event", "actors.actor"])
def test_changelist_query_count_does_not_grow_with_rows(client, users, world_a, label):
    provider = world_a.objects["actors.actor"]
    for _n in range(12):
        make_offer(provider=provider)
        make_event(organiser=world_a.objects["school"])
    client.force_login(users["coordinator_a"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist_url(label))
    assert len(response.context["cl"].result_list) > 12 or label == "actors.actor"
    assert len(queries) == PINNED[label][0]
