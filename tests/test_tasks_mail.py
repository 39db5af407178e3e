"""The mail queue (issue 14, items 7 and 8): mails leave on commit through Django's tasks
framework, a failed send is retried after 1, 5 and 30 minutes on the database backend, the
task results are for Land-level staff only, and a demo installation mails example domains
only."""

import datetime
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from bildungsregion.mail import deliver_mail, is_example_address, send_portal_mail
from bildungsregion.models import DemoMark
from tests.admin.conftest import make_user
from tests.factories import committed

pytestmark = pytest.mark.django_db

REFUSING_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        # Nothing listens on port 1: the connection is refused at once.
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
    }
}
CONTEXT = {
    "user": None,
    "reset_url": "https://bildung.example/passwort-neu/x/",
    "sent_by_office": False,
}


def test_a_mail_leaves_when_the_transaction_commits_and_not_before():
    with committed():
        send_portal_mail(template="password_reset", context=CONTEXT, to=["eva@schule.example"])
        assert mail.outbox == []
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["eva@schule.example"], "Neues Passwort für das Bildungsportal")
    ]


def test_a_rolled_back_step_sends_nothing():
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        send_portal_mail(template="password_reset", context=CONTEXT, to=["eva@schule.example"])
        raise RuntimeError("the step fails")
    assert mail.outbox == []


def run_worker():
    """What ``db_worker --batch`` does with each ready task: lock, claim, run. (Its loop closes
    old connections, which would close the test's own.)"""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="database",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ready = DBTaskResult.objects.ready().filter(backend_name="database")
    while (task_result := ready.get_locked()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)


def queued(**kwargs):
    defaults = {
        "subject": "Test",
        "body": "Hallo",
        "from_email": "portal@bildung.example",
        "to": ["eva@schule.example"],
    }
    return deliver_mail.using(backend="database").enqueue(**{**defaults, **kwargs})


def test_a_failed_send_is_retried_after_one_five_and_thirty_minutes(settings, caplog):
    settings.MAILERS = REFUSING_SMTP
    first = queued()
    before = timezone.now()
    run_worker()

    failed = DBTaskResult.objects.get(id=first.id)
    assert failed.status == "FAILED"
    [retry] = DBTaskResult.objects.exclude(id=first.id)
    assert retry.status == "READY"
    assert retry.args_kwargs["kwargs"]["attempt"] == 1
    assert retry.args_kwargs["kwargs"]["to"] == ["eva@schule.example"]
    wait = retry.run_after - before
    assert datetime.timedelta(seconds=60) <= wait < datetime.timedelta(seconds=75)
    assert mail.outbox == []

    # The later attempts wait 5 and 30 minutes; after the third retry the mail is given up.
    for attempt, delay in [(1, 300), (2, 1800)]:
        DBTaskResult.objects.all().delete()
        queued(attempt=attempt)
        before = timezone.now()
        run_worker()
        [retry] = DBTaskResult.objects.filter(status="READY")
        assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
        wait = retry.run_after - before
        assert datetime.timedelta(seconds=delay) <= wait < datetime.timedelta(seconds=delay + 15)
    DBTaskResult.objects.all().delete()
    queued(attempt=3)
    with caplog.at_level(logging.ERROR, logger="bildungsregion.mail"):
        run_worker()
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"]
    assert [
        (r.levelname, r.getMessage())
        for r in caplog.records
        if r.name == "bildungsregion.mail" and r.levelname == "ERROR"
    ] == [
        ("ERROR", "E-Mail „Test“ an eva@schule.example endgültig nicht versandt nach 4 Versuchen")
    ]


def test_a_queued_mail_is_sent_by_the_worker():
    result = queued()
    run_worker()
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["eva@schule.example"], "Test", "Hallo")
    ]


@pytest.mark.parametrize(
    ("address", "example"),
    [
        ("eva@schule.example", True),
        ("bb@bildungsportal.example", True),
        ("x@example.org", True),
        ("x@sub.example.com", True),
        ("Bildungsbuero@landkreis-stade.de", False),
        ("x@example.org.de", False),
        ("x@notexample.org", False),
    ],
)
def test_example_addresses(address, example):
    assert is_example_address(address) is example


def test_a_demo_installation_mails_example_domains_only(caplog):
    DemoMark.objects.create()
    with committed(), caplog.at_level(logging.WARNING, logger="bildungsregion.mail"):
        send_portal_mail(
            template="password_reset",
            context=CONTEXT,
            to=["bildungsbuero@landkreis-stade.de", "eva@schule.example"],
        )
        send_portal_mail(
            template="password_reset", context=CONTEXT, to=["bildungsbuero@landkreis-stade.de"]
        )
    assert [m.to for m in mail.outbox] == [["eva@schule.example"]]
    assert [r.getMessage() for r in caplog.records if r.name == "bildungsregion.mail"] == [
        "Demo-Betrieb: keine E-Mail an bildungsbuero@landkreis-stade.de "
        "(Neues Passwort für das Bildungsportal)"
    ] * 2


def test_demo_mode_by_setting_and_real_mail_outside_demo(settings):
    with committed():
        send_portal_mail(
            template="password_reset", context=CONTEXT, to=["bildungsbuero@landkreis-stade.de"]
        )
    assert [m.to for m in mail.outbox] == [["bildungsbuero@landkreis-stade.de"]]
    settings.DEMO_MODE = True
    with committed():
        send_portal_mail(
            template="password_reset", context=CONTEXT, to=["bildungsbuero@landkreis-stade.de"]
        )
    assert len(mail.outbox) == 1


def test_the_task_results_are_for_land_level_staff_only(client):
    queued()
    coordinator = make_user("koordination-t", is_staff=True)
    client.force_login(coordinator)
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 403
    assert "Hintergrundaufgaben" not in client.get("/admin/").content.decode()
    client.force_login(make_user("land-t", is_staff=True, is_superuser=True))
    page = client.get("/admin/django_tasks_database/dbtaskresult/")
    assert page.status_code == 200
    assert "deliver_mail" in page.content.decode()
    assert "Hintergrundaufgaben" in client.get("/admin/").content.decode()


def test_attachments_travel_through_the_queue_and_its_retry(settings):
    """send_portal_mail's attachments are queued as base64 text (task arguments are JSON),
    arrive as bytes, and a retry after a failed send keeps them."""
    letter = ("bescheid.pdf", b"%PDF-1.3 \x00\xff binary", "application/pdf")
    with committed():
        send_portal_mail(
            template="password_reset",
            context=CONTEXT,
            to=["eva@schule.example"],
            attachments=[letter],
        )
    [message] = mail.outbox
    assert message.attachments == [letter]

    settings.MAILERS = REFUSING_SMTP
    mail.outbox.clear()
    queued(
        attachments=[{"filename": "a.pdf", "content": "JVBERg==", "mimetype": "application/pdf"}]
    )
    run_worker()
    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.args_kwargs["kwargs"]["attachments"] == [
        {"filename": "a.pdf", "content": "JVBERg==", "mimetype": "application/pdf"}
    ]
