"""The editorial workflow of offers and events (admin actions and the school area call these).

Offers:  Entwurf → in Prüfung → veröffentlicht → archiviert (and back to Entwurf).
Events:  Entwurf / wartet auf Freigabe → veröffentlicht (approve) or abgelehnt (reject, with a
         message); veröffentlicht → abgesagt; any → archiviert.

Each function checks that the step is allowed from the entry's current status (else
ValidationError) and that ``by`` holds the permission for the step in the entry's region (else
PermissionDenied): publishing and archiving are for the region's coordinators
(``offers.publish_offer`` …, see bildungsregion/auth.py), the other steps for everyone who may
change the entry. Every step is saved as a new version (django-simple-history) by ``by``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EditorialStatus, Event, EventStatus, Offer


def _require(by, perm, obj):
    if not by.has_perm(perm, obj):
        raise PermissionDenied(_("Dazu fehlt Ihnen die Berechtigung in dieser Region."))


def _require_status(obj, allowed, step):
    if obj.status not in allowed:
        raise ValidationError(
            _("„%(step)s“ ist im Status „%(status)s“ nicht möglich.")
            % {"step": step, "status": obj.get_status_display()}
        )


def _save(obj, by, reason, fields):
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=[*fields, "updated_at"])
    return obj


def _locked(model, obj):
    """The row, locked for the transition (re-read so the status check sees the latest)."""
    fresh = model.objects.select_for_update().get(pk=obj.pk)
    obj.status = fresh.status
    return obj


# --- offers ---------------------------------------------------------------------------------


@transaction.atomic
def offer_submit(*, offer, by):
    """Entwurf → in Prüfung: the editor asks the coordination to publish."""
    _require(by, "offers.change_offer", offer)
    _locked(Offer, offer)
    _require_status(offer, {EditorialStatus.DRAFT}, _("Zur Prüfung geben"))
    offer.status = EditorialStatus.REVIEW
    return _save(offer, by, _("zur Prüfung gegeben"), ["status"])


@transaction.atomic
def offer_publish(*, offer, by, now=None):
    _require(by, "offers.publish_offer", offer)
    _locked(Offer, offer)
    _require_status(offer, {EditorialStatus.DRAFT, EditorialStatus.REVIEW}, _("Veröffentlichen"))
    offer.status = EditorialStatus.PUBLISHED
    offer.published_at = now or timezone.now()
    return _save(offer, by, _("veröffentlicht"), ["status", "published_at"])


@transaction.atomic
def offer_archive(*, offer, by):
    _require(by, "offers.archive_offer", offer)
    _locked(Offer, offer)
    _require_status(
        offer,
        {EditorialStatus.DRAFT, EditorialStatus.REVIEW, EditorialStatus.PUBLISHED},
        _("Archivieren"),
    )
    offer.status = EditorialStatus.ARCHIVED
    return _save(offer, by, _("archiviert"), ["status"])


@transaction.atomic
def offer_return_to_draft(*, offer, by):
    """Back to Entwurf: from in Prüfung or archiviert (anyone who may edit); taking a
    published offer offline needs the right to publish."""
    _locked(Offer, offer)
    _require_status(
        offer,
        {EditorialStatus.REVIEW, EditorialStatus.ARCHIVED, EditorialStatus.PUBLISHED},
        _("Zurück zum Entwurf"),
    )
    needed = (
        "offers.publish_offer"
        if offer.status == EditorialStatus.PUBLISHED
        else "offers.change_offer"
    )
    _require(by, needed, offer)
    offer.status = EditorialStatus.DRAFT
    return _save(offer, by, _("zurück zum Entwurf"), ["status"])


# --- events ---------------------------------------------------------------------------------


@transaction.atomic
def event_submit(*, event, by):
    """Entwurf → wartet auf Freigabe (staff here; the school area will submit, too)."""
    _require(by, "offers.change_event", event)
    _locked(Event, event)
    _require_status(event, {EventStatus.DRAFT, EventStatus.REJECTED}, _("Zur Freigabe geben"))
    event.status = EventStatus.REVIEW
    return _save(event, by, _("zur Freigabe gegeben"), ["status"])


@transaction.atomic
def event_approve(*, event, by, now=None):
    """Approve a submission (or publish a draft): it appears on the public pages."""
    _require(by, "offers.publish_event", event)
    _locked(Event, event)
    _require_status(event, {EventStatus.DRAFT, EventStatus.REVIEW}, _("Freigeben"))
    event.status = EventStatus.PUBLISHED
    event.published_at = now or timezone.now()
    event.moderation_message = ""
    return _save(event, by, _("freigegeben"), ["status", "published_at", "moderation_message"])


@transaction.atomic
def event_reject(*, event, by, message):
    """Reject a submission with a message to the submitter (why, what to change)."""
    _require(by, "offers.publish_event", event)
    message = (message or "").strip()
    if not message:
        raise ValidationError(_("Bitte schreiben Sie, warum die Veranstaltung abgelehnt wird."))
    _locked(Event, event)
    _require_status(event, {EventStatus.REVIEW}, _("Ablehnen"))
    event.status = EventStatus.REJECTED
    event.moderation_message = message
    return _save(event, by, _("abgelehnt"), ["status", "moderation_message"])


@transaction.atomic
def event_cancel(*, event, by):
    """A published event that will not take place: it stays visible, marked "abgesagt"."""
    _require(by, "offers.change_event", event)
    _locked(Event, event)
    _require_status(event, {EventStatus.PUBLISHED}, _("Absagen"))
    event.status = EventStatus.CANCELLED
    return _save(event, by, _("abgesagt"), ["status"])


@transaction.atomic
def event_archive(*, event, by):
    _require(by, "offers.archive_event", event)
    _locked(Event, event)
    _require_status(
        event,
        {s for s in EventStatus.values if s != EventStatus.ARCHIVED},
        _("Archivieren"),
    )
    event.status = EventStatus.ARCHIVED
    return _save(event, by, _("archiviert"), ["status"])
