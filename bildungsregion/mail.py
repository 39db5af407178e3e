"""The portal's e-mails: plain German text from templates/emails/<template>_subject.txt and
<template>.txt.

They are rendered by the template engine "mail" (settings.TEMPLATES), which does not escape
HTML: an event called ``Tag der "offenen" Tür & Co`` arrives with its quotes and ampersand, not
as ``&quot;`` and ``&amp;``. The subject is one line (line breaks become spaces).

Sending goes through a queue (Django's tasks framework, the django-tasks-db backend, worked off
by ``manage.py db_worker``): ``send_portal_mail`` renders the mail at once and enqueues
``deliver_mail`` when the transaction commits, so a rolled-back step sends nothing and a slow or
absent mail server never holds up a request. A send that fails (SMTP error, server down) is
tried again after MAIL_RETRY_DELAYS (1, 5 and 30 minutes); the failed attempts stay in the task
results (admin "Hintergrundaufgaben"), and after the last one the failure is logged as an error.

On a demo installation (``is_demo()``: DEMO_MODE, or the mark ``manage.py demo_data`` leaves)
mail reaches reserved example domains only (RFC 2606/6761): the demo data's accounts and
institutions use them, while the Bildungsbüros' real addresses from the regions' pages are
dropped and logged.
"""

import base64
import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import DemoMark

logger = logging.getLogger(__name__)

# Reserved for documentation and tests: mail to them never reaches a person.
EXAMPLE_DOMAINS = ("example", "example.com", "example.net", "example.org")

MAIL_TEMPLATE_ENGINE = "mail"


def render_mail(template, context):
    """(subject, body) of ``template`` in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            f"emails/{template}_subject.txt", context, using=MAIL_TEMPLATE_ENGINE
        )
        body = render_to_string(f"emails/{template}.txt", context, using=MAIL_TEMPLATE_ENGINE)
    return " ".join(subject.split()), body


def send_portal_mail(*, template, context, to, attachments=()):
    """Send one e-mail from ``template`` to the addresses ``to``: rendered now, queued when the
    current transaction commits (at once outside one). ``attachments``: (filename, content as
    bytes, MIME type) triples, carried in the queued task as base64 text (task arguments are
    JSON); keep them small, like a letter."""
    recipients = [address for address in to if address]
    if not recipients:
        logger.warning("E-Mail %s: kein Empfänger", template)
        return
    subject, body = render_mail(template, context)
    kwargs = {
        "subject": subject,
        "body": body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": recipients,
    }
    if attachments:
        kwargs["attachments"] = [
            {
                "filename": filename,
                "content": base64.b64encode(content).decode("ascii"),
                "mimetype": mimetype,
            }
            for filename, content, mimetype in attachments
        ]
    transaction.on_commit(lambda: deliver_mail.enqueue(**kwargs))


def is_example_address(address):
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    return any(domain == d or domain.endswith("." + d) for d in EXAMPLE_DOMAINS)


def is_demo():
    """A demo or staging installation: DEMO_MODE, or demo data was loaded here."""
    return settings.DEMO_MODE or DemoMark.objects.exists()


@task(takes_context=True)
def deliver_mail(context, *, subject, body, from_email, to, attempt=0, attachments=None):
    """Send one rendered mail; on failure enqueue the next attempt (MAIL_RETRY_DELAYS) on the
    same backend and fail this one, so that it shows in the task results. Returns the
    addresses sent to. ``attachments``: as ``send_portal_mail`` queues them (base64)."""
    if is_demo():
        dropped = [address for address in to if not is_example_address(address)]
        if dropped:
            logger.warning("Demo-Betrieb: keine E-Mail an %s (%s)", ", ".join(dropped), subject)
        to = [address for address in to if is_example_address(address)]
        if not to:
            return []
    message = EmailMessage(subject, body, from_email, to)
    for attachment in attachments or ():
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        delays = settings.MAIL_RETRY_DELAYS
        retry = deliver_mail.using(backend=context.task_result.backend)
        if attempt < len(delays) and retry.get_backend().supports_defer:
            run_after = timezone.now() + datetime.timedelta(seconds=delays[attempt])
            retry.using(run_after=run_after).enqueue(
                subject=subject,
                body=body,
                from_email=from_email,
                to=to,
                attempt=attempt + 1,
                **({"attachments": attachments} if attachments else {}),
            )
            logger.warning(
                "E-Mail „%s“ an %s nicht versandt (Versuch %s), neuer Versuch ab %s",
                subject,
                ", ".join(to),
                attempt + 1,
                run_after.isoformat(),
            )
        else:
            logger.error(
                "E-Mail „%s“ an %s endgültig nicht versandt nach %s Versuchen",
                subject,
                ", ".join(to),
                attempt + 1,
            )
        raise
    return to
