"""Amounts in the funding pages, mails and the admin: German grouping ("50.000 €")."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from funding.money import format_euro
from regions.models import StaffMembership
from tests.admin.conftest import make_user

from .conftest import make_application, make_member

pytestmark = pytest.mark.django_db


def test_format_euro():
    with translation.override("de"):
        assert format_euro(Decimal("50000.00")) == "50.000 €"
        assert format_euro(Decimal("1500.5")) == "1.500,50 €"
        assert format_euro(Decimal("1234567.89")) == "1.234.567,89 €"
        assert format_euro(None) == ""


def test_amounts_are_grouped_in_pages_and_admin(client, call):
    call.budget = Decimal("50000.00")
    call.save()
    application = make_application(call, status="eingereicht", requested_amount=Decimal("12500.00"))
    member = make_member(application.institution, "gruppe")
    html = client.get(call.get_absolute_url()).content.decode()
    assert "50.000 €" in html
    client.force_login(member)
    html = client.get(reverse("funding:application-detail", args=[application.pk])).content.decode()
    assert "12.500 €" in html
    html = client.get(reverse("funding:application-list")).content.decode()
    assert "12.500 €" in html
    coordinator = make_user(
        "k-geld", region=call.programme.region, role=StaffMembership.Role.COORDINATOR
    )
    client.force_login(coordinator)
    html = client.get(reverse("admin:funding_application_changelist")).content.decode()
    assert "12.500 €" in html
    html = client.get(reverse("admin:funding_call_changelist")).content.decode()
    assert "50.000 €" in html
    html = client.get(reverse("admin:funding_application_decide", args=[application.pk]))
    assert "12.500 €" in html.content.decode()
    assert "50.000 €" in html.content.decode()
