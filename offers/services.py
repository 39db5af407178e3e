"""The editorial workflow of offers and events (admin actions and the school area call these).

Offers:  Entwurf → in Prüfung → veröffentlicht → archiviert (and back to Entwurf); a provider's
         new offer waits in Prüfung and may be abgelehnt (offers.moderation, which also keeps
         the providers' changes of published entries until the office approves them).
Events:  Entwurf / wartet auf Freigabe → veröffentlicht (approve) or abgelehnt (reject, with a
         message); veröffentlicht → abgesagt; any → archiviert.

Each function checks that the step is allowed from the entry's current status (else
ValidationError) and that ``by`` holds the permission for the step in the entry's region (else
PermissionDenied): publishing and archiving are for the region's coordinators
(``offers.publish_offer`` …, see regions/auth.py), the other steps for everyone who may
change the entry. Every step is saved as a new version (django-simple-history) by ``by``.

Each step runs in a `with transaction.atomic()` block rather than under the decorator: mutmut
(make mutants) leaves decorated functions alone, and these are the core of the workflow.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Actor
from bildungsregion.links import absolute_url
from bildungsregion.mail import send_portal_mail
from bildungsregion.text import german_slugify, save_with_unique_slug, unique_slug
from regions.models import StaffMembership

from .models import ChangeRequest, EditorialStatus, Event, EventStatus, Offer

logger = logging.getLogger(__name__)


# The statuses a step starts from, for the steps the admin's change page also offers as buttons
# (``status_buttons`` in offers/admin.py): the one rule for the service and the button.
OFFER_PUBLISH_FROM = frozenset({EditorialStatus.DRAFT, EditorialStatus.REVIEW})
EVENT_APPROVE_FROM = frozenset({EventStatus.DRAFT, EventStatus.REVIEW})
EVENT_REJECT_FROM = frozenset({EventStatus.REVIEW})


def _require(by, perm, obj):
    if not by.has_perm(perm, obj):
        raise PermissionDenied(_("Dazu fehlt Ihnen die Berechtigung in dieser Region."))


def require_permission(by, perm, obj):
    """PermissionDenied unless ``by`` holds ``perm`` in ``obj``'s region (offers.moderation)."""
    _require(by, perm, obj)


def _require_status(obj, allowed, step):
    if obj.status not in allowed:
        raise ValidationError(
            _("„%(step)s“ ist im Status „%(status)s“ nicht möglich.")
            % {"step": step, "status": obj.get_status_display()}
        )


def _save(obj, by, reason, fields):
    obj._history_user = by
    obj._change_reason = reason
    obj.save(update_fields=[*fields, "updated_at"])  # (the index follows: offers.indexing)
    return obj


def _locked(model, obj):
    """The row, locked for the transition (re-read so the status check sees the latest)."""
    fresh = model.objects.select_for_update().get(pk=obj.pk)
    obj.status = fresh.status
    return obj


# --- offers ---------------------------------------------------------------------------------


def offer_submit(*, offer, by):
    """Entwurf → in Prüfung: the editor asks the coordination to publish."""
    with transaction.atomic():
        _require(by, "offers.change_offer", offer)
        _locked(Offer, offer)
        _require_status(offer, {EditorialStatus.DRAFT}, _("Zur Prüfung geben"))
        offer.status = EditorialStatus.REVIEW
        return _save(offer, by, _("zur Prüfung gegeben"), ["status"])


def offer_publish(*, offer, by, now=None):
    with transaction.atomic():
        _require(by, "offers.publish_offer", offer)
        _locked(Offer, offer)
        _require_status(offer, OFFER_PUBLISH_FROM, _("Veröffentlichen"))
        offer.status = EditorialStatus.PUBLISHED
        offer.published_at = now or timezone.now()
        _save(offer, by, _("veröffentlicht"), ["status", "published_at"])
        # A provider's new offer that waited for this: its request is decided with it.
        ChangeRequest.objects.close_new(offer, by=by, now=offer.published_at)
        return offer


def offer_archive(*, offer, by):
    with transaction.atomic():
        _require(by, "offers.archive_offer", offer)
        _locked(Offer, offer)
        _require_status(
            offer,
            {
                EditorialStatus.DRAFT,
                EditorialStatus.REVIEW,
                EditorialStatus.PUBLISHED,
                EditorialStatus.REJECTED,  # a provider's new offer the office did not publish
            },
            _("Archivieren"),
        )
        offer.status = EditorialStatus.ARCHIVED
        return _save(offer, by, _("archiviert"), ["status"])


def offer_return_to_draft(*, offer, by):
    """Back to Entwurf: from in Prüfung or archiviert (anyone who may edit); taking a
    published offer offline needs the right to publish."""
    with transaction.atomic():
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


def event_submit(*, event, by):
    """Entwurf → wartet auf Freigabe (staff here; the school area will submit, too)."""
    with transaction.atomic():
        _require(by, "offers.change_event", event)
        _locked(Event, event)
        _require_status(event, {EventStatus.DRAFT, EventStatus.REJECTED}, _("Zur Freigabe geben"))
        event.status = EventStatus.REVIEW
        return _save(event, by, _("zur Freigabe gegeben"), ["status"])


def event_approve(*, event, by, now=None, base_url=None):
    """Approve a submission (or publish a draft): it appears on the public pages. A school's
    submitter is told by e-mail."""
    with transaction.atomic():
        _require(by, "offers.publish_event", event)
        _locked(Event, event)
        _require_status(event, EVENT_APPROVE_FROM, _("Freigeben"))
        was_submitted = event.status == EventStatus.REVIEW
        event.status = EventStatus.PUBLISHED
        event.published_at = now or timezone.now()
        event.moderation_message = ""
        _save(event, by, _("freigegeben"), ["status", "published_at", "moderation_message"])
        if was_submitted:
            _mail_submitter_on_commit(event, "event_approved", base_url)
        return event


def event_reject(*, event, by, message, base_url=None):
    """Reject a submission with a message to the submitter (why, what to change)."""
    with transaction.atomic():
        _require(by, "offers.publish_event", event)
        message = (message or "").strip()
        if not message:
            raise ValidationError(_("Bitte schreiben Sie, warum die Veranstaltung abgelehnt wird."))
        _locked(Event, event)
        _require_status(event, EVENT_REJECT_FROM, _("Ablehnen"))
        event.status = EventStatus.REJECTED
        event.moderation_message = message
        _save(event, by, _("abgelehnt"), ["status", "moderation_message"])
        _mail_submitter_on_commit(event, "event_rejected", base_url)
        return event


def event_cancel(*, event, by, base_url=None):
    """A published event that will not take place: it stays visible, marked "abgesagt".

    Staff who may change the event cancel it in the admin; the staff of the organising
    institution in their area (the Bildungsbüro is then told by e-mail)."""
    with transaction.atomic():
        by_institution = is_institution_member(by, event.organiser_id)
        if not by_institution:
            _require(by, "offers.change_event", event)
        _locked(Event, event)
        _require_status(event, {EventStatus.PUBLISHED}, _("Absagen"))
        event.status = EventStatus.CANCELLED
        _save(event, by, _("abgesagt"), ["status"])
        if by_institution:
            _mail_office_on_commit(event, "event_cancelled_office", base_url)
        return event


def event_archive(*, event, by):
    with transaction.atomic():
        _require(by, "offers.archive_event", event)
        _locked(Event, event)
        _require_status(
            event,
            {s for s in EventStatus.values if s != EventStatus.ARCHIVED},
            _("Archivieren"),
        )
        event.status = EventStatus.ARCHIVED
        return _save(event, by, _("archiviert"), ["status"])


# --- the school area: institutions register careers-guidance events -------------------------

# The fields of an event that the staff of an institution fill in themselves; everything else
# (region, organiser, status, slug, moderation) the services set.
SCHOOL_EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "street",
    "postcode",
    "city",
    "grade_min",
    "grade_max",
    "capacity",
    "is_free",
    "registration",
    "contact_name",
    "contact_email",
    "contact_phone",
)


class SubmissionLimitReached(Exception):
    """The user has submitted as many events as allowed in the current window."""

    def __init__(self, limit, window):
        minutes = max(1, round(window.total_seconds() / 60))
        super().__init__(
            ngettext(
                "Sie haben in der letzten Minute bereits %(limit)s Veranstaltungen eingereicht. "
                "Bitte versuchen Sie es später noch einmal; Ihre Angaben bleiben in diesem "
                "Formular erhalten.",
                "Sie haben in den letzten %(minutes)s Minuten bereits %(limit)s Veranstaltungen "
                "eingereicht. Bitte versuchen Sie es später noch einmal; Ihre Angaben bleiben "
                "in diesem Formular erhalten.",
                minutes,
            )
            % {"minutes": minutes, "limit": limit}
        )
        self.message = str(self.args[0])


def submission_limit():
    """(at most this many new submissions, per this window) for one user."""
    return (
        settings.SCHOOL_EVENT_SUBMISSION_LIMIT,
        datetime.timedelta(seconds=settings.SCHOOL_EVENT_SUBMISSION_WINDOW),
    )


def check_submission_limit(by, now):
    """SubmissionLimitReached if ``by`` submitted SCHOOL_EVENT_SUBMISSION_LIMIT events in the
    window already. Locks the user's row first (inside the caller's transaction), so that one
    user's submissions are counted and inserted one at a time."""
    get_user_model().objects.select_for_update().filter(pk=by.pk).first()
    limit, window = submission_limit()
    recent = Event.objects.filter(submitted_by=by, created_at__gte=now - window).count()
    if recent >= limit:
        raise SubmissionLimitReached(limit, window)


def institutions_of(user):
    """The institutions a user acts for (``Actor.objects.of_member``), by name."""
    return Actor.objects.of_member(user).order_by("name")


def is_institution_member(user, actor_id):
    if actor_id is None:
        return False
    return Actor.objects.of_member(user).filter(pk=actor_id).exists()


def events_of_institutions(user):
    """Every event organised by one of the user's institutions, whatever its status."""
    return Event.objects.filter(organiser__in=institutions_of(user)).select_related(
        "organiser", "region"
    )


def unique_event_slug(title, starts_at):
    """A free slug for a new event: its title and day."""
    base = german_slugify(title, max_length=180) or "veranstaltung"
    return unique_slug(Event.objects.all(), f"{base}-{timezone.localtime(starts_at):%Y-%m-%d}")


_unique_event_slug = unique_event_slug


def _apply_school_fields(event, fields, co_organisers):
    unknown = set(fields) - set(SCHOOL_EVENT_FIELDS)
    if unknown:
        raise ValueError(f"not a school event field: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(event, name, value if value is not None or name not in _TEXT_FIELDS else "")
    if event.kind not in Event.CAREERS_GUIDANCE_KINDS:
        raise ValidationError({"kind": _("Bitte wählen Sie eine Art der Berufsorientierung.")})
    co_organisers = list(co_organisers)
    foreign = [a for a in co_organisers if a.region_id != event.region_id]
    if foreign or any(a.pk == event.organiser_id for a in co_organisers):
        raise ValidationError(
            {"co_organisers": _("Mitveranstalter müssen aus derselben Bildungsregion kommen.")}
        )
    return co_organisers


_TEXT_FIELDS = {
    "venue",
    "street",
    "postcode",
    "city",
    "registration",
    "contact_name",
    "contact_email",
    "contact_phone",
}


def _require_member(by, institution_id):
    if not is_institution_member(by, institution_id):
        raise PermissionDenied(
            _("Sie können nur für Ihre eigene Einrichtung Veranstaltungen melden.")
        )


def event_school_submit(*, by, institution, co_organisers=(), now=None, base_url=None, **fields):
    """A school registers a careers-guidance event: it waits for the Bildungsbüro's approval
    (status "wartet auf Freigabe"), and the Bildungsbüro is told by e-mail.

    ``fields`` are SCHOOL_EVENT_FIELDS. At most SCHOOL_EVENT_SUBMISSION_LIMIT new submissions
    per user in SCHOOL_EVENT_SUBMISSION_WINDOW seconds (else SubmissionLimitReached)."""
    with transaction.atomic():
        _require_member(by, institution.pk)
        now = now or timezone.now()
        check_submission_limit(by, now)
        event = Event(
            region_id=institution.region_id,
            organiser=institution,
            submitted_by=by,
            status=EventStatus.REVIEW,
        )
        co_organisers = _apply_school_fields(event, fields, co_organisers)
        event.fill_place_from(institution)  # an event without an address is at the school
        if event.starts_at is not None and event.starts_at < now:
            raise ValidationError(
                {"starts_at": _("Der Beginn darf nicht in der Vergangenheit liegen.")}
            )
        event.slug = _unique_event_slug(event.title, event.starts_at)
        event.full_clean()
        event._history_user = by
        event._change_reason = _("von der Einrichtung eingereicht")
        save_with_unique_slug(event)
        event.co_organisers.set(co_organisers)
        _mail_office_on_commit(event, "event_submitted_office", base_url)
        return event


def event_school_update(*, event, by, co_organisers=(), now=None, base_url=None, **fields):
    """The institution edits its event while it waits for approval; a rejected event, once
    edited, is submitted again (and the Bildungsbüro told so)."""
    with transaction.atomic():
        _require_member(by, event.organiser_id)
        _locked(Event, event)
        _require_status(event, {EventStatus.REVIEW, EventStatus.REJECTED}, _("Bearbeiten"))
        now = now or timezone.now()
        resubmitted = event.status == EventStatus.REJECTED
        co_organisers = _apply_school_fields(event, fields, co_organisers)
        if event.starts_at is not None and event.starts_at < now:
            raise ValidationError(
                {"starts_at": _("Der Beginn darf nicht in der Vergangenheit liegen.")}
            )
        event.status = EventStatus.REVIEW
        event.submitted_by = by
        event.full_clean()
        event._history_user = by
        event._change_reason = (
            _("überarbeitet und erneut eingereicht")
            if resubmitted
            else _("von der Einrichtung geändert")
        )
        event.save()
        event.co_organisers.set(co_organisers)
        if resubmitted:
            _mail_office_on_commit(event, "event_submitted_office", base_url, resubmitted=True)
        return event


# --- e-mails of the moderation --------------------------------------------------------------


def office_recipients(region):
    """Where the Bildungsbüro of ``region`` is reached: its office e-mail, else the e-mail
    addresses of its coordinators."""
    if region.office_email:
        return [region.office_email]
    emails = (
        StaffMembership.objects.filter(
            region=region,
            role=StaffMembership.Role.COORDINATOR,
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    return list(dict.fromkeys(emails))


def _event_mail_context(event, base_url, **extra):
    def link(path):
        return absolute_url(path, base_url=base_url)

    return {
        "event": event,
        "region": event.region,
        "public_url": link(event.get_absolute_url()),
        "school_area_url": link(reverse("offers:provider-area")),
        "admin_url": link(reverse("admin:offers_event_change", args=[event.pk])),
        "queue_url": link(reverse("admin:offers_event_changelist")) + "?freigabe=wartet",
        **extra,
    }


def send_after_commit(template, context, to):
    """Send the portal mail ``template`` to ``to``: queued when the transaction commits, and
    retried if the mail server fails (bildungsregion.mail)."""
    send_portal_mail(template=template, context=context, to=to)


def _mail_office_on_commit(event, template, base_url, **extra):
    context = _event_mail_context(event, base_url, **extra)
    send_after_commit(template, context, office_recipients(event.region))


def notify_office_of_event(event, base_url, *, resubmitted=False):
    """Tell the Bildungsbüro that ``event`` waits for its approval (after commit)."""
    _mail_office_on_commit(event, "event_submitted_office", base_url, resubmitted=resubmitted)


def _mail_submitter_on_commit(event, template, base_url):
    submitter = event.submitted_by
    if submitter is None or not submitter.email:
        return
    send_after_commit(template, _event_mail_context(event, base_url), [submitter.email])
