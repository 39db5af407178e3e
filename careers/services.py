"""The steps of a place's life and the contact to its employer (keyword-only, named
<thing>_<verb>, as offers.services). Admin actions, the provider area and commands call them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bildungsregion.mail import send_portal_mail
from bildungsregion.text import german_slugify

from .models import Place, PlaceStatus


def place_unique_slug(title, *, exclude_pk=None):
    """A slug from ``title`` that no other place has ("tischler-in-2" after "tischler-in")."""
    base = german_slugify(title)[:200] or "platz"
    slug, n = base, 1
    others = Place.objects.exclude(pk=exclude_pk) if exclude_pk else Place.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def place_publish(*, place, by=None):
    if place.status == PlaceStatus.PUBLISHED:
        raise ValidationError(_("Der Platz ist bereits veröffentlicht."))
    place.status = PlaceStatus.PUBLISHED
    place.published_at = place.published_at or timezone.now()
    place.save(update_fields=["status", "published_at", "updated_at"])
    return place


def place_archive(*, place, by=None):
    if place.status == PlaceStatus.ARCHIVED:
        raise ValidationError(_("Der Platz ist bereits archiviert."))
    place.status = PlaceStatus.ARCHIVED
    place.save(update_fields=["status", "updated_at"])
    return place


def place_reject(*, place, by=None):
    if place.status != PlaceStatus.REVIEW:
        raise ValidationError(_("Nur Plätze in Prüfung können abgelehnt werden."))
    place.status = PlaceStatus.REJECTED
    place.save(update_fields=["status", "updated_at"])
    return place


def place_save_by_provider(*, place, by):
    """A provider saves a place (provider area): a new one, or one that was not public, waits
    for the Bildungsbüro (in Prüfung); a published place stays public with its changes. Without
    an address of its own the place is at its institution's. The Stand is today."""
    if place.pk is None or place.status != PlaceStatus.PUBLISHED:
        place.status = PlaceStatus.REVIEW
    place.region_id = place.actor.region_id
    place.fill_place_from(place.actor)
    if not place.slug:
        place.slug = place_unique_slug(place.title)
    place.last_reviewed = timezone.localdate()
    place.full_clean()
    place.save()
    return place


def place_end(*, place, by):
    """The provider ends a place (filled, no longer offered): valid until yesterday."""
    place.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    if place.valid_from and place.valid_from > place.valid_until:
        place.valid_from = place.valid_until
    place.save(update_fields=["valid_until", "valid_from", "updated_at"])
    return place


# The subjects of the contact mails (templates/emails/careers_contact*_subject.txt) begin so:
# contact_mails_prune finds their rows in the mail queue by them.
CONTACT_SUBJECT_PREFIXES = (
    "Anfrage über das Bildungsportal:",
    "Ihre Anfrage über das Bildungsportal:",
)


def contact_mails_prune(*, older_than=datetime.timedelta(0), now=None):
    """Delete the rows of the mail queue that hold contact messages and are finished (sent, or
    failed for good): the message then exists nowhere in the portal. Run on every new contact
    message and hourly (``manage.py prune_contact_mails``). Returns the number deleted."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    condition = Q()
    for prefix in CONTACT_SUBJECT_PREFIXES:
        condition |= Q(args_kwargs__kwargs__subject__startswith=prefix)
    deleted, _rows = (
        DBTaskResult.objects.filter(condition)
        .filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
            finished_at__lte=now - older_than,
        )
        .delete()
    )
    return deleted


def place_contact_send(*, place, name, contact_email, message, place_url):
    """Mail a young person's message to the place's contact and a copy to them. Nothing of it
    is stored by the portal beyond the mail queue, whose finished rows of contact mails are
    deleted by contact_mails_prune (at the next message or within the hour)."""
    context = {
        "place": place,
        "actor": place.actor,
        "name": name,
        "contact_email": contact_email,
        "message": message,
        "place_url": place_url,
    }
    contact_mails_prune()
    with transaction.atomic():
        send_portal_mail(template="careers_contact", context=context, to=[place.contact_address])
        send_portal_mail(template="careers_contact_copy", context=context, to=[contact_email])
