import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from careers.services import contact_mails_prune
from tests.factories import make_place

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Mia Muster",
    "contact_email": "mia@schule.example",
    "message": "Ich besuche die 9. Klasse und suche ein Praktikum im Februar.",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def place():
    return make_place(title="Praktikum in der Tischlerei", contact_email="ausbildung@holz.example")


def test_contact_mails_employer_and_copy_to_young_person(committing_client, place):
    response = committing_client.post(place.get_absolute_url(), FORM)

    assert response.status_code == 302
    assert response["Location"] == place.get_absolute_url()
    assert [m.to for m in mail.outbox] == [["ausbildung@holz.example"], ["mia@schule.example"]]
    employer, copy = mail.outbox
    assert employer.subject == "Anfrage über das Bildungsportal: Praktikum in der Tischlerei"
    assert "Mia Muster" in employer.body and "mia@schule.example" in employer.body
    assert FORM["message"] in employer.body
    assert copy.subject == "Ihre Anfrage über das Bildungsportal: Praktikum in der Tischlerei"
    assert FORM["message"] in copy.body


def test_contact_without_consent_keeps_what_was_typed(committing_client, place):
    response = committing_client.post(place.get_absolute_url(), {**FORM, "consent": ""})

    assert response.status_code == 200
    assert mail.outbox == []
    body = response.content.decode()
    assert "Bitte bestätigen Sie" in body
    assert FORM["message"] in body
    assert response.context["form"]["name"].value() == "Mia Muster"


def test_contact_goes_to_the_actor_without_contact_of_its_own(committing_client):
    place = make_place(contact_email="")
    committing_client.post(place.get_absolute_url(), FORM)
    assert mail.outbox[0].to == [place.actor.email]


def test_contact_is_throttled_per_client(committing_client, place, settings):
    settings.CAREERS_CONTACT_LIMIT_PER_CLIENT = 2
    for _attempt in range(2):
        assert committing_client.post(place.get_absolute_url(), FORM).status_code == 302
    response = committing_client.post(place.get_absolute_url(), FORM)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert len(mail.outbox) == 4
    assert FORM["message"] in response.content.decode()


def test_contact_trap_field_sends_nothing(committing_client, place):
    response = committing_client.post(place.get_absolute_url(), {**FORM, "homepage": "x"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_contact_mails_prune_deletes_finished_contact_rows_only():
    now = timezone.now()

    def row(subject, status="SUCCESSFUL"):
        return DBTaskResult.objects.create(
            status=status,
            args_kwargs={"args": [], "kwargs": {"subject": subject, "body": "geheim"}},
            task_path="bildungsregion.mail.deliver_mail",
            backend_name="database",
            run_after=now,
            finished_at=now - datetime.timedelta(minutes=5) if status != "READY" else None,
        )

    row("Anfrage über das Bildungsportal: Praktikum")
    row("Ihre Anfrage über das Bildungsportal: Praktikum")
    waiting = row("Anfrage über das Bildungsportal: Praktikum", status="READY")
    other = row("Einladung ins Bildungsportal")

    assert contact_mails_prune() == 2
    assert set(DBTaskResult.objects.all()) == {waiting, other}
