"""The portal's e-mails: plain German text from templates/emails/<template>_subject.txt and
<template>.txt.

They are rendered by the template engine "mail" (settings.TEMPLATES), which does not escape
HTML: an event called ``Tag der "offenen" Tür & Co`` arrives with its quotes and ampersand, not
as ``&quot;`` and ``&amp;``. The subject is one line (line breaks become spaces).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

MAIL_TEMPLATE_ENGINE = "mail"


def render_mail(template, context):
    """(subject, body) of ``template`` in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            f"emails/{template}_subject.txt", context, using=MAIL_TEMPLATE_ENGINE
        )
        body = render_to_string(f"emails/{template}.txt", context, using=MAIL_TEMPLATE_ENGINE)
    return " ".join(subject.split()), body


def send_portal_mail(*, template, context, to):
    """Send one e-mail from ``template`` to the addresses ``to``."""
    subject, body = render_mail(template, context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, list(to)).send()
