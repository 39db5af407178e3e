"""Funded projects on the call and region pages (only where the applicant agreed), and the
export of all applications and decisions for the accounts office (CSV/XLSX, own region)."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor

from .conftest import make_application, make_call, make_programme

pytestmark = pytest.mark.django_db


def granted(call, title, consent, **fields):
    return make_application(
        call,
        title=title,
        status=fields.pop("status", "bewilligt"),
        requested_amount=Decimal("3000"),
        granted_amount=fields.pop("granted_amount", Decimal("2500")),
        decided_at=timezone.now(),
        publish_consent=consent,
        **fields,
    )


def test_funded_projects_shown_where_the_applicant_agreed(client, call):
    school = make_actor(call.programme.region, kind="grundschule", name="Grundschule am Deich")
    granted(call, "Trommeln für alle", True, institution=school)
    granted(call, "Geheimes Vorhaben", False)
    granted(call, "Abgeschlossenes Theater", True, status="abgeschlossen")
    make_application(
        call, title="Abgelehnt", status="abgelehnt", publish_consent=True, granted_amount=None
    )
    make_application(call, title="Noch offen", status="eingereicht", publish_consent=True)
    for url in (
        call.get_absolute_url(),
        reverse("regions:region-detail", args=[call.programme.region.slug]),
    ):
        html = client.get(url).content.decode()
        assert "Geförderte Vorhaben" in html, url
        assert "Trommeln für alle" in html and "Grundschule am Deich" in html
        assert "2.500 €" in html
        assert "Abgeschlossenes Theater" in html
        for hidden in ("Geheimes Vorhaben", "Abgelehnt", "Noch offen"):
            assert hidden not in html


def test_region_page_query_budget_with_funded_projects(client, call, django_assert_max_num_queries):
    for n in range(5):
        granted(call, f"Vorhaben {n}", True)
    url = reverse("regions:region-detail", args=[call.programme.region.slug])
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url)


@pytest.fixture
def export_setting(call):
    region = call.programme.region
    other_call = make_call(make_programme())
    granted(call, "Trommeln", True)
    make_application(call, title="Entwurf")  # drafts are the applicant's own
    make_application(call, title="Eingereicht", status="eingereicht")
    granted(other_call, "Fremde Region", True)
    coordinator = make_user("k-export", region=region, role=StaffMembership.Role.COORDINATOR)
    return coordinator


def test_export_csv_has_the_decisions_of_the_own_region(client, export_setting):
    client.force_login(export_setting)
    url = reverse("admin:funding_application_export")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    ticked = {
        f"applicationresource_{name}": "on"
        for name in ("title", "status", "requested_amount", "granted_amount", "call")
    }
    response = client.post(url, {"format": "0", **ticked})
    assert response.status_code == 200, form.errors
    assert response["Content-Disposition"].startswith('attachment; filename="foerderantraege-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Ausschreibung",
        "Titel des Vorhabens",
        "Status",
        "Beantragter Betrag (EUR)",
        "Bewilligter Betrag (EUR)",
    ]
    assert sorted(row[1:3] for row in rows[1:]) == [
        ["Eingereicht", "eingereicht"],
        ["Trommeln", "bewilligt"],
    ]
    # No import: applications are made online only.
    assert client.get(reverse("admin:funding_application_import")).status_code == 403


def test_export_xlsx(client, export_setting):
    client.force_login(export_setting)
    response = client.post(
        reverse("admin:funding_application_export"),
        {
            "format": "1",
            "applicationresource_title": "on",
            "applicationresource_granted_amount": "on",
        },
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = sorted(tuple(row) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert values[-1][0] == "Trommeln"
    assert Decimal(str(values[-1][1])) == Decimal("2500")


def test_applicant_gives_consent_in_the_form(client, call):
    from funding.models import Application

    from .conftest import make_member
    from .test_applications import form_data

    school = make_actor(call.programme.region, kind="grundschule")
    client.force_login(make_member(school, "zustimmung"))
    url = reverse("funding:application-create", kwargs={"slug": call.slug})
    page = client.get(url).content.decode()
    assert "öffentlich genannt wird" in page
    response = client.post(url, form_data(call, institution=school.pk, publish_consent="on"))
    assert response.status_code == 302
    assert Application.objects.get().publish_consent is True
