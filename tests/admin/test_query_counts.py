"""Every changelist stays within its query budget, and its number of queries does not grow with
the rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_actor, make_event, make_offer

pytestmark = pytest.mark.django_db

# changelist → at most this many queries for a coordinator of a region (staff) and for a
# superuser (what they take today: an upper bound, not a pin of the implementation). One of them
# is the look-up of the user's second-factor devices (regions.two_factor).
BUDGET = {
    "actors.actor": (11, 7),
    "actors.institutionmembership": (10, 6),
    "actors.meeting": (13, 9),
    "actors.workinggroup": (10, 6),
    "actors.workinggroupmembership": (10, 6),
    "bildungsregion.brokenlink": (12, 7),  # one query more per kind of entry on the page
    "bildungsregion.thesaurusentry": (None, 6),  # Land level only: a Bildungsbüro gets 403
    "bildungsregion.user": (11, 7),
    "offers.changerequest": (11, 7),
    "offers.event": (13, 9),
    "offers.lifestage": (10, 5),
    "offers.offer": (13, 9),
    "offers.topic": (10, 5),
    "offers.transition": (10, 5),
    "regions.accessibilityfeedback": (12, 8),
    "regions.document": (12, 8),
    "regions.focusarea": (10, 6),
    "regions.fundingprogramme": (10, 6),
    "regions.legaldetails": (None, 6),  # Land level only: a Bildungsbüro gets 403
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
def test_changelist_query_count(
    client, users, world_a, world_b, label, django_assert_max_num_queries
):
    for user, budget in zip(
        (users["coordinator_a"], users["superuser"]), BUDGET[label], strict=True
    ):
        client.force_login(user)
        if budget is None:
            assert client.get(changelist_url(label)).status_code == 403
            continue
        with django_assert_max_num_queries(budget):
            response = client.get(changelist_url(label))
        assert response.status_code == 200


def add_rows(label, world, count):
    """``count`` more rows of the changelist's kind in the world's region."""
    for _n in range(count):
        if label == "offers.offer":
            make_offer(provider=world.objects["actors.actor"])
        elif label == "offers.event":
            make_event(organiser=world.objects["school"])
        else:
            make_actor(world.region, municipality=world.objects["regions.municipality"])


@pytest.mark.parametrize(
    ("label", "rows_before"), [("offers.offer", 1), ("offers.event", 1), ("actors.actor", 2)]
)
def test_changelist_query_count_does_not_grow_with_rows(
    client, users, world_a, label, rows_before, django_assert_max_num_queries
):
    client.force_login(users["coordinator_a"])
    url = changelist_url(label)
    with CaptureQueriesContext(connection) as before:
        response = client.get(url)
    assert len(response.context["cl"].result_list) == rows_before

    add_rows(label, world_a, 12)
    with django_assert_max_num_queries(BUDGET[label][0]) as after:
        response = client.get(url)

    assert len(response.context["cl"].result_list) == rows_before + 12
    assert len(after) == len(before)


def test_history_page_query_count_does_not_grow_with_versions(client, users, world_a):
    actor = world_a.objects["actors.actor"]
    url = reverse("admin:actors_actor_history", args=[actor.pk])
    client.force_login(users["coordinator_a"])

    def save_versions(names, user):
        for name in names:
            actor.name = name
            actor._history_user = user
            actor.save()

    save_versions(["VHS Stade 1"], users["editor_a"])
    client.get(url)  # the first page after the login costs a query more
    with CaptureQueriesContext(connection) as before:
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == 2

    save_versions(["VHS Stade 2", "VHS Stade 3"], users["coordinator_a"])
    save_versions(["VHS Stade 4", "VHS Stade 5"], users["editor_a"])
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)

    assert len(response.context["page_obj"].object_list) == 6
    assert len(after) == len(before)
