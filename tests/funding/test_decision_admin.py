"""The decision page of the admin: the coordination of the call's region only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_region

from .conftest import make_application

pytestmark = pytest.mark.django_db


def test_decide_page_by_role_and_region(client, call):
    application = make_application(call, status="eingereicht", requested_amount=Decimal("2000"))
    region = call.programme.region
    url = reverse("admin:funding_application_decide", args=[application.pk])
    users = {
        "coordinator": make_user("k", region=region, role=StaffMembership.Role.COORDINATOR),
        "editor": make_user("r", region=region, role=StaffMembership.Role.EDITOR),
        "other": make_user("o", region=make_region(), role=StaffMembership.Role.COORDINATOR),
    }
    statuses = {}
    for key, user in users.items():
        client.force_login(user)
        statuses[key] = client.get(url).status_code
    assert statuses == {"coordinator": 200, "editor": 403, "other": 404}

    client.force_login(users["coordinator"])
    response = client.post(url, {"outcome": "bewilligen", "granted_amount": "2500", "reason": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "granted_amount": ["Höchstens der beantragte Betrag: 2.000,00 €."]
    }
    response = client.post(
        url, {"outcome": "bewilligen", "granted_amount": "1500,50", "reason": "Gut"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == ("bewilligt", Decimal("1500.50"))
