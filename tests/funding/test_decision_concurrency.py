"""Two decisions at once cannot overspend a call: application_decide locks the call's row
(select_for_update). Real concurrency needs PostgreSQL (SQLite has one writer anyway)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from funding import services
from funding.models import Call
from regions.models import StaffMembership
from tests.admin.conftest import make_user

from .conftest import make_application, make_call

# serialized_rollback restores the migrations' rows (content types, reference data) after the
# flush, for the tests that run after this one in the same process.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_decisions_at_once_stay_within_the_budget():
    call = make_call(budget=Decimal("1000.00"))
    coordinator = make_user(
        "koordination", region=call.programme.region, role=StaffMembership.Role.COORDINATOR
    )
    applications = [
        make_application(call, status="eingereicht", requested_amount=Decimal("800.00"))
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(application):
        try:
            barrier.wait()
            services.application_decide(
                application=application, by=coordinator, granted_amount="800.00", reason="Gut"
            )
            outcomes.append("bewilligt")
        except ValidationError as error:
            outcomes.append(error.message_dict["granted_amount"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [
        "Die Ausschreibung hat nur noch 200,00 € verfügbar.",
        "bewilligt",
    ]
    assert Call.objects.get(pk=call.pk).available == Decimal("200.00")
