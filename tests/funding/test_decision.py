"""The decision on an application: within what was requested and what the call still holds
(funding.services.application_decide), with a mail to the applicant after the commit."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from funding import services
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_region

from .conftest import make_application, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(call):
    return make_user(
        "koordination", region=call.programme.region, role=StaffMembership.Role.COORDINATOR
    )


def submitted(call, requested, **fields):
    return make_application(
        call, status="eingereicht", requested_amount=Decimal(requested), **fields
    )


def test_decide_grants_and_mails_the_applicant(
    call, coordinator, django_capture_on_commit_callbacks
):
    application = submitted(call, "4000.00")
    make_member(application.institution, "lehrer")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            by=coordinator,
            granted_amount=Decimal("3000.00"),
            reason="Überzeugendes Konzept.",
            base_url="https://portal.example/",
        )
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == ("bewilligt", Decimal("3000.00"))
    assert application.decided_by == coordinator
    call.refresh_from_db()
    assert call.available == Decimal("7000.00")
    assert [m.to for m in mail.outbox] == [["lehrer@example.org"]]
    assert mail.outbox[0].subject == "Bewilligt: Theater in der Schule"
    assert "3.000 €" in mail.outbox[0].body
    assert "Überzeugendes Konzept." in mail.outbox[0].body


def test_decide_never_more_than_requested(call, coordinator):
    application = submitted(call, "1000.00")
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            application=application, by=coordinator, granted_amount="1000.01", reason="Gut"
        )
    assert error.value.message_dict == {
        "granted_amount": ["Höchstens der beantragte Betrag: 1.000,00 €."]
    }


def test_decide_never_more_than_the_budget_still_holds(call, coordinator):
    first = submitted(call, "8000.00")
    second = submitted(call, "5000.00")
    services.application_decide(
        application=first, by=coordinator, granted_amount="8000.00", reason="Gut"
    )
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            application=second, by=coordinator, granted_amount="2000.01", reason="Gut"
        )
    assert error.value.message_dict == {
        "granted_amount": ["Die Ausschreibung hat nur noch 2.000,00 € verfügbar."]
    }
    services.application_decide(
        application=second, by=coordinator, granted_amount="2000.00", reason="Rest"
    )
    call.refresh_from_db()
    assert call.available == Decimal("0.00")


def test_decide_rejects_with_a_reason_only(call, coordinator):
    application = submitted(call, "1000.00")
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            application=application, by=coordinator, granted_amount="0", reason=" "
        )
    assert error.value.message_dict == {"reason": ["Bitte begründen Sie die Entscheidung."]}
    services.application_decide(
        application=application, by=coordinator, granted_amount="0", reason="Passt nicht."
    )
    application.refresh_from_db()
    assert (application.status, application.granted_amount) == ("abgelehnt", None)


def test_decide_refused_to_editors_other_regions_and_drafts(call, coordinator):
    application = submitted(call, "1000.00")
    editor = make_user("redaktion", region=call.programme.region, role=StaffMembership.Role.EDITOR)
    elsewhere = make_user("fremd", region=make_region(), role=StaffMembership.Role.COORDINATOR)
    for user in (editor, elsewhere):
        with pytest.raises(PermissionDenied):
            services.application_decide(
                application=application, by=user, granted_amount="10", reason="Gut"
            )
    draft = make_application(call)
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            application=draft, by=coordinator, granted_amount="10", reason="Gut"
        )
    assert error.value.messages == ["Entschieden wird nur über eingereichte Anträge."]


def _pdf_text(data):
    """The text of the PDF's content streams (fpdf2 compresses them with zlib)."""
    import re
    import zlib

    chunks = []
    for stream in re.findall(rb"stream\n(.*?)\nendstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    return b"\n".join(chunks).decode("cp1252", errors="replace")


def test_decision_mail_carries_the_letter_as_pdf(
    call, coordinator, django_capture_on_commit_callbacks
):
    region = call.programme.region
    region.office_name = "Bildungsbüro"
    region.office_street = "Am Markt 1"
    region.office_postcode = "21335"
    region.office_city = "Lüneburg"
    region.save()
    application = submitted(call, "60000.00")
    call.budget = Decimal("80000.00")
    call.save()
    make_member(application.institution, "lehrerin")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            by=coordinator,
            granted_amount=Decimal("50000.00"),
            reason="Überzeugendes Konzept für alle Klassen.",
        )
    (message,) = mail.outbox
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert (filename, mimetype) == (
        f"bescheid-foerderantrag-{application.pk}.pdf",
        "application/pdf",
    )
    assert content.startswith(b"%PDF-")
    text = _pdf_text(content)
    assert "50.000 €" in text
    assert "60.000 €" in text
    assert "Überzeugendes Konzept für alle Klassen." in text
    assert call.title in text
    assert f"Bildungsbüro {region.name}" in text
    assert "Am Markt 1" in text
    assert "Bewilligung Ihres Förderantrags „Theater in der Schule“" in text
    assert "Den Bescheid finden Sie als PDF im Anhang." in message.body


def test_rejection_letter_says_so_without_an_amount(
    call, coordinator, django_capture_on_commit_callbacks
):
    application = submitted(call, "1000.00")
    make_member(application.institution, "lehrer2")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application, by=coordinator, granted_amount=Decimal("0"), reason="Zu spät."
        )
    text = _pdf_text(mail.outbox[0].attachments[0][1])
    assert "Ablehnung Ihres Förderantrags" in text
    assert "Bewilligter Betrag" not in text
    assert "Zu spät." in text
