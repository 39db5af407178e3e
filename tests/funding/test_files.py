"""The office hears of a submitted application by mail; an application's files are for the
applicant and the staff of the call's region only (everybody else: 404)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from funding import services
from funding.models import Attachment, CostLine
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import committed, make_actor, make_region

from .conftest import get_file, make_application, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_submitting_mails_the_regions_office(call):
    region = call.programme.region
    region.office_email = "bildungsbuero@landkreis.example"
    region.save()
    application = make_application(
        call, aims="Theater", target_group="Klasse 3", schedule="Mai", title="Bühne frei"
    )
    CostLine.objects.create(application=application, item="Honorar", amount=Decimal("900"))
    for question in call.questions.all():
        application.answers.create(question=question, text="Antwort")
    member = make_member(application.institution, "einreichen")
    with committed():
        services.application_submit(
            application=application, by=member, base_url="https://portal.example/"
        )
    [message] = mail.outbox
    assert message.to == ["bildungsbuero@landkreis.example"]
    assert message.subject == "Neuer Förderantrag: Bühne frei"
    assert "1.000 €" in message.body
    assert (
        f"https://portal.example/admin/funding/application/{application.pk}/change/" in message.body
    )
    # The programme's own contact address comes first.
    mail.outbox.clear()
    call.programme.contact_email = "foerderfonds@landkreis.example"
    call.programme.save()
    assert services.office_addresses(call) == ["foerderfonds@landkreis.example"]


def test_attachment_download_for_applicant_and_region_staff_only(client, call):
    region = call.programme.region
    application = make_application(call, status="eingereicht")
    attachment = Attachment.objects.create(
        application=application,
        title="Angebot Theater",
        file=ContentFile(b"%PDF-1.4 angebot", name="angebot.pdf"),
    )
    url = attachment.get_download_url()
    assert url == reverse("funding:attachment-download", args=[attachment.pk])
    users = {
        "applicant": make_member(application.institution, "antrag"),
        "other_institution": make_member(make_actor(region, kind="grundschule"), "andere"),
        "other_region": make_user(
            "fremd", region=make_region(), role=StaffMembership.Role.COORDINATOR
        ),
        "reviewer": make_user("gutachten", region=region, role=StaffMembership.Role.EDITOR),
        "coordinator": make_user("koord", region=region, role=StaffMembership.Role.COORDINATOR),
    }
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")
    statuses = {}
    for role, user in users.items():
        client.force_login(user)
        response, _content = get_file(client, url)
        statuses[role] = response.status_code
    assert statuses == {
        "applicant": 200,
        "other_institution": 404,
        "other_region": 404,
        "reviewer": 200,
        "coordinator": 200,
    }
    client.force_login(users["applicant"])
    response, content = get_file(client, url)
    assert content == b"%PDF-1.4 angebot"
    assert response["Content-Disposition"] == 'attachment; filename="angebot-theater.pdf"'
    assert "private" in response["Cache-Control"]
    # The admin links the checked address, not the stored file.
    client.force_login(users["coordinator"])
    page = client.get(reverse("admin:funding_application_change", args=[application.pk]))
    assert url in page.content.decode()
    assert attachment.file.url not in page.content.decode()
