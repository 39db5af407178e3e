"""After the grant: payout with the due date of the report (Verwendungsnachweis), reminders
before and after it (idempotent), upload of the report and receipts by the applicant, closing
by the office. Status: bewilligt → Mittel ausgezahlt → Verwendungsnachweis fällig →
abgeschlossen."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.models import ReportFile
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import committed, make_region

from .conftest import get_file, make_application, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setting(call):
    region = call.programme.region
    region.office_email = "buero@landkreis.example"
    region.save()
    application = make_application(
        call,
        status="bewilligt",
        requested_amount=Decimal("2000"),
        granted_amount=Decimal("1500"),
        decided_at=timezone.now(),
    )
    return {
        "application": application,
        "applicant": make_member(application.institution, "schule"),
        "coordinator": make_user("koord", region=region, role=StaffMembership.Role.COORDINATOR),
        "reviewer": make_user("redaktion", region=region, role=StaffMembership.Role.EDITOR),
        "other_region": make_user(
            "fremd", region=make_region(), role=StaffMembership.Role.COORDINATOR
        ),
    }


def pdf(name="bericht.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bericht", content_type="application/pdf")


def test_payout_page_by_role_and_due_date_rules(client, setting, today):
    application = setting["application"]
    url = reverse("admin:funding_application_pay", args=[application.pk])
    statuses = {}
    for role in ("other_region", "reviewer", "coordinator"):
        client.force_login(setting[role])
        statuses[role] = client.get(url).status_code
    assert statuses == {"other_region": 404, "reviewer": 403, "coordinator": 200}
    response = client.post(url, {"report_due_on": today.isoformat()})
    assert response.context["form"].errors == {
        "report_due_on": ["Der Verwendungsnachweis muss nach dem heutigen Tag fällig sein."]
    }
    due = today + datetime.timedelta(days=90)
    with committed():
        response = client.post(url, {"report_due_on": due.isoformat()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.report_due_on) == ("ausgezahlt", due)
    [message] = mail.outbox
    assert message.to == ["schule@example.org"]
    assert message.subject == "Mittel ausgezahlt: Theater in der Schule"
    assert "1.500 €" in message.body
    # Only once: a paid application is not paid again.
    response = client.post(url, {"report_due_on": due.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Ausgezahlt wird nur ein bewilligter Antrag."
    ]


def test_due_date_set_at_the_decision_is_in_the_letter_and_used_at_payout(call, today):
    region = call.programme.region
    coordinator = make_user("k2", region=region, role=StaffMembership.Role.COORDINATOR)
    application = make_application(call, status="eingereicht", requested_amount=Decimal("900"))
    make_member(application.institution, "lehrkraft")
    due = today + datetime.timedelta(days=200)
    with committed():
        services.application_decide(
            application=application,
            by=coordinator,
            granted_amount=Decimal("900"),
            reason="Gut.",
            report_due_on=due,
        )
    from .test_decision import _pdf_text

    text = _pdf_text(mail.outbox[0].attachments[0][1])
    assert "Der Verwendungsnachweis ist bis zum" in text
    application.refresh_from_db()
    services.application_pay(application=application, by=coordinator)
    application.refresh_from_db()
    assert (application.status, application.report_due_on) == ("ausgezahlt", due)


def test_reminders_before_and_after_the_due_date_once_each(setting, today):
    application = setting["application"]
    services.application_pay(
        application=application,
        by=setting["coordinator"],
        report_due_on=today + datetime.timedelta(days=30),
    )
    application.refresh_from_db()
    due = application.report_due_on
    mail.outbox.clear()
    # A month before: nothing yet.
    assert services.send_report_reminders(today=today) == []
    before = due - datetime.timedelta(days=10)
    with committed():
        assert services.send_report_reminders(today=before) == [(application.pk, "vorher")]
        assert services.send_report_reminders(today=before) == []
    application.refresh_from_db()
    assert application.status == "nachweis_faellig"
    [message] = mail.outbox
    assert message.to == ["schule@example.org"]
    assert message.subject == "Verwendungsnachweis bald fällig: Theater in der Schule"
    mail.outbox.clear()
    after = due + datetime.timedelta(days=1)
    with committed():
        assert services.send_report_reminders(today=after) == [(application.pk, "nachher")]
        assert services.send_report_reminders(today=after + datetime.timedelta(days=5)) == []
    [message] = mail.outbox
    assert message.to == ["schule@example.org", "buero@landkreis.example"]
    assert message.subject == "Verwendungsnachweis überfällig: Theater in der Schule"


def test_reminder_command_queues_mails_and_is_idempotent(setting, today):
    application = setting["application"]
    services.application_pay(
        application=application,
        by=setting["coordinator"],
        report_due_on=today + datetime.timedelta(days=3),
    )
    mail.outbox.clear()
    out = StringIO()
    with committed():
        call_command("send_report_reminders", stdout=out)
        call_command("send_report_reminders", stdout=out)
    assert out.getvalue() == "1 reminder(s) queued.\n0 reminder(s) queued.\n"
    assert len(mail.outbox) == 1


def test_applicant_uploads_report_and_receipts_then_office_closes(client, setting, today):
    application = setting["application"]
    coordinator = setting["coordinator"]
    services.application_pay(
        application=application, by=coordinator, report_due_on=today + datetime.timedelta(days=60)
    )
    detail = reverse("funding:application-detail", args=[application.pk])
    client.force_login(setting["applicant"])
    page = client.get(detail).content.decode()
    assert "Verwendungsnachweis einreichen" in page

    # Submitting without the report itself is refused.
    response = client.post(detail, {"einreichen": "1"}, follow=True)
    assert "Bitte laden Sie zuerst den Sachbericht" in response.content.decode()
    # A file whose content does not match its extension is refused; what was typed stays.
    fake = SimpleUploadedFile("beleg.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        detail, {"kind": "beleg", "title": "Rechnung Theater", "file": fake, "hochladen": "1"}
    )
    assert response.status_code == 200
    assert response.context["report_form"].errors == {
        "file": ["Der Inhalt der Datei passt nicht zur Endung „.pdf“."]
    }
    assert 'value="Rechnung Theater"' in response.content.decode()
    for kind, title in (("bericht", "Sachbericht"), ("beleg", "Rechnung Theater")):
        response = client.post(
            detail, {"kind": kind, "title": title, "file": pdf(), "hochladen": "1"}
        )
        assert response.status_code == 302
    assert sorted(ReportFile.objects.values_list("kind", "title")) == [
        ("beleg", "Rechnung Theater"),
        ("bericht", "Sachbericht"),
    ]
    # The files: for the applicant and the region's staff only.
    report_file = ReportFile.objects.get(kind="bericht")
    download = report_file.get_download_url()
    response, content = get_file(client, download)
    assert (response.status_code, content) == (200, b"%PDF-1.4 bericht")
    for role, status in (("other_region", 404), ("reviewer", 200)):
        client.force_login(setting[role])
        response, _content = get_file(client, download)
        assert response.status_code == status

    client.force_login(setting["applicant"])
    with committed():
        response = client.post(detail, {"einreichen": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.report_submitted_at is not None
    assert application.status == "nachweis_faellig"
    assert [m.subject for m in mail.outbox][-1] == (
        "Verwendungsnachweis eingereicht: Theater in der Schule"
    )
    assert mail.outbox[-1].to == ["buero@landkreis.example"]
    # Handed in: no more files.
    with pytest.raises(ValidationError):
        services.report_file_add(
            application=application,
            by=setting["applicant"],
            kind="beleg",
            title="Nachtrag",
            file=pdf(),
        )
    # No reminders for a report that was handed in.
    assert services.send_report_reminders(today=today + datetime.timedelta(days=90)) == []

    close = reverse("admin:funding_application_close", args=[application.pk])
    client.force_login(setting["reviewer"])
    assert client.get(close).status_code == 403
    client.force_login(coordinator)
    page = client.get(reverse("admin:funding_application_change", args=[application.pk]))
    assert close in page.content.decode()
    assert client.post(close, {}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.closed_by) == ("abgeschlossen", coordinator)


def test_closing_needs_the_report_and_the_coordination(setting):
    application = setting["application"]
    with pytest.raises(ValidationError):
        services.application_close(application=application, by=setting["coordinator"])
    with pytest.raises(PermissionDenied):
        services.application_pay(
            application=application,
            by=setting["reviewer"],
            report_due_on=timezone.localdate() + datetime.timedelta(days=5),
        )
