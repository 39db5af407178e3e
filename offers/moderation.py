"""Moderation in two levels: what a provider writes in its area, and what the Bildungsbüro
approves first (issue 14, item 3).

The provider area calls ``provider_create`` and ``provider_update``; the admin calls ``approve``
and ``reject``. The rules, in this one place:

* A **new entry** of a provider waits for the Bildungsbüro: a new offer is saved with status
  "in Prüfung" and a ChangeRequest of kind "neu"; a new event follows the events' own flow
  (status "wartet auf Freigabe", approved or rejected in the event admin with
  ``offers.services.event_approve`` / ``event_reject``, as the schools' events are). While an
  entry is not yet published, the provider's edits apply at once (nobody sees it); a rejected
  one, once edited, waits again.
* A **published entry** (an offer published or archived, an event published, cancelled or
  archived, an actor – the provider's profile – always): of a provider's edit, the MINOR
  fields are saved at once (public now; a ChangeRequest "kleine Änderung", status
  "übernommen", lists them for the office), the SUBSTANTIVE fields are kept in one waiting
  ChangeRequest "inhaltliche Änderung" per entry (a later edit updates it). The public page
  shows the published values until ``approve`` saves the request's values into the entry
  (a normal save: the history, the search index and the caches follow). ``reject`` keeps the
  entry as it is and tells the provider why.
* ``approve`` refuses a change whose published values changed since the request (``before``
  differs from the entry now, e.g. because the office edited the entry): it must not overwrite
  that silently.
* Approving and rejecting need ``offers.moderate_changerequest`` in the request's region (the
  coordination, see migration offers/0015); providers act only for their own institutions
  (``offers.services.is_institution_member``).

E-mails (after commit): to the Bildungsbüro for a new offer and a new substantive change
(``change_submitted_office``), to the submitter on approval and rejection (``change_approved``,
``change_rejected``, with the office's message).
"""

import dataclasses
import datetime
import decimal
import difflib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import yesno
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from actors.models import Actor
from bildungsregion.links import absolute_url
from bildungsregion.text import german_slugify, save_with_unique_slug, unique_slug

from . import services
from .models import ChangeRequest, EditorialStatus, Event, EventStatus, Offer

# --- which field is which: the one place ------------------------------------------------------

# Substantive: what an entry is about and for whom. Waits for the Bildungsbüro.
SUBSTANTIVE = {
    Offer: (
        "title",
        "summary",
        "description",
        "learning_setting",
        "life_stages",
        "transitions",
        "topics",
        "age_min",
        "age_max",
    ),
    Event: (
        "kind",
        "title",
        "description",
        "grade_min",
        "grade_max",
        "co_organisers",
        "offer",
    ),
    Actor: ("name", "kind", "description"),
}

# Minor: when, where, what it costs, how to register and whom to ask. Public at once.
# (Accessibility is part of completeness, not of moderation: minor.)
MINOR = {
    Offer: (
        "format",
        "venue",
        "municipality",
        "street",
        "postcode",
        "city",
        "latitude",
        "longitude",
        "is_free",
        "cost",
        "cost_note",
        "schedule",
        "languages",
        "registration_required",
        "registration",
        "registration_url",
        "contact_email",
        "contact_phone",
        "is_accessible",
        "accessibility_note",
        "valid_from",
        "valid_until",
    ),
    Event: (
        "starts_at",
        "ends_at",
        "venue",
        "municipality",
        "street",
        "postcode",
        "city",
        "latitude",
        "longitude",
        "capacity",
        "is_free",
        "registration",
        "contact_name",
        "contact_email",
        "contact_phone",
    ),
    Actor: (
        "phone",
        "email",
        "website",
        "municipality",
        "street",
        "postcode",
        "city",
        "latitude",
        "longitude",
    ),
}

# Neither: what the Bildungsbüro and the services keep (region, provider, slug, status, the
# "Stand" …). A provider cannot change these through this module (ValueError).
OFFICE_ONLY = {
    Offer: ("region", "provider", "slug", "status", "published_at", "last_reviewed"),
    Event: (
        "region",
        "organiser",
        "slug",
        "status",
        "submitted_by",
        "moderation_message",
        "published_at",
        "last_reviewed",
    ),
    Actor: ("region", "slug", "partner_role", "is_public", "last_reviewed"),
}

MODERATED = (Offer, Event, Actor)

# --- which events a provider may register: the one rule ---------------------------------------

# Schools register careers-guidance events (the rule of the school area since it began). Every
# other provider those too (a company's Betriebserkundung, a chamber's Praktikumsbörse) and its
# own workshops, information events, Fachtage and others. Network meetings and the Lange Woche
# der Bildung are the Bildungsbüro's.
SCHOOL_EVENT_KINDS = tuple(Event.CAREERS_GUIDANCE_KINDS)
PROVIDER_EVENT_KINDS = (
    *Event.CAREERS_GUIDANCE_KINDS,
    Event.Kind.WORKSHOP,
    Event.Kind.INFO_EVENT,
    Event.Kind.CONFERENCE,
    Event.Kind.OTHER,
)


def event_kinds_for(institutions):
    """The kinds of event (values, in Event.Kind's order) that any of ``institutions`` may
    register: a school's careers-guidance kinds, another provider's PROVIDER_EVENT_KINDS."""
    allowed = set()
    for institution in institutions:
        allowed.update(SCHOOL_EVENT_KINDS if institution.is_school else PROVIDER_EVENT_KINDS)
    return [value for value in Event.Kind.values if value in allowed]


def _check_event_kind(event, organiser):
    if event.kind and event.kind not in event_kinds_for([organiser]):
        raise ValidationError(
            {
                "kind": _(
                    "Diese Art von Veranstaltung kann %(name)s nicht anmelden. Bitte wählen "
                    "Sie eine der angebotenen Arten."
                )
                % {"name": organiser.name}
            }
        )


@dataclasses.dataclass
class ModerationResult:
    """What ``provider_update`` did: ``applied`` the names of the fields saved (and public, if
    the entry is) now, ``pending`` the entry's waiting ChangeRequest (None if none waits).
    ``minor`` is the "kleine Änderung" record of this edit, if it made one."""

    applied: list
    pending: ChangeRequest | None = None
    minor: ChangeRequest | None = None

    @property
    def waits(self):
        """True if something of the entry waits for the Bildungsbüro."""
        return self.pending is not None


# --- values as JSON -------------------------------------------------------------------------


def _field(model, name):
    return model._meta.get_field(name)


def serialize(instance, name):
    """The JSON value of ``instance``'s field ``name`` as ChangeRequest stores it: a foreign
    key as its primary key, a many-to-many field as the sorted list of primary keys, dates and
    decimals as DjangoJSONEncoder writes them (ISO dates, decimals as strings)."""
    field = _field(type(instance), name)
    if field.many_to_many:
        if instance.pk is None:
            return []
        value = sorted(getattr(instance, name).values_list("pk", flat=True))
    else:
        value = _normal(field, getattr(instance, field.attname))
    return _as_json(value)


def _as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _normal(field, value):
    """One form of a value whichever way it came (a form, the database): decimals with the
    field's places, aware times as ISO text in UTC with their microseconds (DjangoJSONEncoder
    would cut them to milliseconds)."""
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return value.astimezone(datetime.UTC).isoformat()
    return value


def _serialize_value(model, name, value):
    """The JSON value of ``value`` (a form's cleaned value) for ``model``'s field ``name``."""
    field = _field(model, name)
    if field.many_to_many:
        return sorted(item.pk if isinstance(item, models.Model) else int(item) for item in value)
    if isinstance(value, models.Model):
        value = value.pk
    elif value is not None and not field.is_relation:
        value = _normal(field, field.to_python(value))
    if value is None and not field.null and isinstance(field, (models.CharField, models.TextField)):
        value = ""
    return _as_json(value)


def _python(model, name, json_value):
    field = _field(model, name)
    if field.many_to_many:
        return list(json_value or [])
    if json_value is None:
        return None
    if field.is_relation:
        return field.target_field.to_python(json_value)
    return field.to_python(json_value)


def _set(instance, name, json_value):
    """Set a concrete field from its JSON value (many-to-many fields: see _set_m2m)."""
    field = _field(type(instance), name)
    setattr(instance, field.attname, _python(type(instance), name, json_value))


def _set_m2m(instance, values):
    for name, json_value in values.items():
        getattr(instance, name).set(_python(type(instance), name, json_value))


def _split(model, values):
    m2m = {n: v for n, v in values.items() if _field(model, n).many_to_many}
    return {n: v for n, v in values.items() if n not in m2m}, m2m


def snapshot(instance, names=None):
    """{field: JSON value} of ``instance`` for ``names`` (default: all its moderated fields)."""
    model = type(instance)
    names = names if names is not None else (*SUBSTANTIVE[model], *MINOR[model])
    return {name: serialize(instance, name) for name in names}


def pending_values(instance):
    """{field: Python value} of the waiting substantive change of ``instance`` (many-to-many
    fields as lists of primary keys), for a form's ``initial`` so that the provider continues
    from what it submitted; {} if none waits."""
    change = pending_change(instance)
    if change is None or change.kind != ChangeRequest.Kind.CHANGE:
        return {}
    model = type(instance)
    return {name: _python(model, name, value) for name, value in change.after.items()}


# --- states ---------------------------------------------------------------------------------


def _model_of(instance):
    model = type(instance)
    if model not in MODERATED:
        raise TypeError(f"not a moderated model: {model.__name__}")
    return model


def is_published(instance):
    """Whether ``instance`` has been out in public, so that a substantive change waits: an
    offer published or archived, an event published, cancelled or archived, an actor always
    (the Bildungsbüro created it)."""
    if isinstance(instance, Offer):
        return instance.status in (EditorialStatus.PUBLISHED, EditorialStatus.ARCHIVED)
    if isinstance(instance, Event):
        return instance.status in (
            EventStatus.PUBLISHED,
            EventStatus.CANCELLED,
            EventStatus.ARCHIVED,
        )
    return True


def _institution_id(instance):
    if isinstance(instance, Offer):
        return instance.provider_id
    if isinstance(instance, Event):
        return instance.organiser_id
    return instance.pk


def _require_provider(by, instance):
    if not services.is_institution_member(by, _institution_id(instance)):
        raise PermissionDenied(
            _("Sie können nur die Einträge Ihrer eigenen Einrichtungen bearbeiten.")
        )


def _title(instance):
    return str(getattr(instance, "title", None) or getattr(instance, "name", "") or "")[:200]


def pending_change(instance):
    """The waiting ChangeRequest of ``instance`` (an offer, event or actor), or None: a new
    offer's "neu" request or a published entry's substantive change. (A new event waits by its
    status, "wartet auf Freigabe", without a request.)"""
    if instance.pk is None:
        return None
    return ChangeRequest.objects.for_entry(instance).waiting().first()


def _check_names(model, names):
    known = {*SUBSTANTIVE[model], *MINOR[model]}
    unknown = set(names) - known
    if unknown:
        raise ValueError(f"not a field a provider changes: {sorted(unknown)}")


# --- the provider's side --------------------------------------------------------------------


def provider_create(instance, *, by, m2m=None, base_url=None):
    """Save a provider's new Offer or Event (unsaved ``instance`` with its fields set, the
    provider – ``provider`` / ``organiser`` – one of ``by``'s institutions) so that it waits
    for the Bildungsbüro; returns it, saved.

    ``m2m``: {"topics": [pk or object, …], "life_stages": …} (offers), {"co_organisers": …}
    (events). The region is the provider's; a slug is made from the title if empty.

    - Offer: status "in Prüfung", a ChangeRequest "neu" and a mail to the Bildungsbüro.
    - Event: status "wartet auf Freigabe", ``submitted_by`` = ``by``; without an address it
      takes the organiser's; the Bildungsbüro is told as for a school's event and approves it
      in the event admin.

    Raises PermissionDenied (not ``by``'s institution), ValidationError (the model's checks,
    ``full_clean``; an event's start in the past), SubmissionLimitReached (events: the
    schools' limit of submissions per user and time), TypeError for other models (actors are
    created by the Bildungsbüro)."""
    m2m = dict(m2m or {})
    if isinstance(instance, Offer):
        return _create_offer(instance, by=by, m2m=m2m, base_url=base_url)
    if isinstance(instance, Event):
        return _create_event(instance, by=by, m2m=m2m, base_url=base_url)
    raise TypeError(f"provider_create: not an Offer or Event: {type(instance).__name__}")


def _create_offer(offer, *, by, m2m, base_url):
    with transaction.atomic():
        _require_provider(by, offer)
        offer.region_id = offer.provider.region_id
        offer.status = EditorialStatus.REVIEW
        offer.published_at = None
        if not offer.slug:
            base = german_slugify(offer.title, max_length=200) or "angebot"
            offer.slug = unique_slug(Offer.objects.all(), base)
        offer.full_clean()
        offer._history_user = by
        offer._change_reason = _("vom Anbieter eingereicht")
        save_with_unique_slug(offer)
        _set_m2m(offer, {n: _serialize_value(Offer, n, v) for n, v in m2m.items()})
        change = ChangeRequest.objects.create(
            region_id=offer.region_id,
            content_type=ContentType.objects.get_for_model(Offer),
            object_id=offer.pk,
            kind=ChangeRequest.Kind.NEW,
            after=snapshot(offer),
            entry_title=_title(offer),
            submitted_by=by,
        )
        _mail_office(change, offer, base_url)
        return offer


def _create_event(event, *, by, m2m, base_url):
    with transaction.atomic():
        _require_provider(by, event)
        organiser = event.organiser
        event.region_id = organiser.region_id
        event.status = EventStatus.REVIEW
        event.submitted_by = by
        event.published_at = None
        event.moderation_message = ""
        event.fill_place_from(organiser)
        _check_event_kind(event, organiser)
        now = timezone.now()
        _require_future_start(event.starts_at, now)
        services.check_submission_limit(by, now)  # the schools' limit, for every provider
        if not event.slug:
            event.slug = services.unique_event_slug(event.title, event.starts_at)
        event.full_clean()
        co_organisers = _serialize_value(Event, "co_organisers", m2m.get("co_organisers", []))
        _check_co_organisers(event, co_organisers)
        event._history_user = by
        event._change_reason = _("vom Anbieter eingereicht")
        save_with_unique_slug(event)
        _set_m2m(event, {"co_organisers": co_organisers})
        services.notify_office_of_event(event, base_url)
        return event


def _require_future_start(starts_at, now):
    if starts_at is not None and starts_at < now:
        raise ValidationError(
            {"starts_at": _("Der Beginn darf nicht in der Vergangenheit liegen.")}
        )


def _check_co_organisers(event, pks):
    if not pks:
        return
    if (
        event.organiser_id in pks
        or Actor.objects.filter(pk__in=pks).exclude(region_id=event.region_id).exists()
    ):
        raise ValidationError(
            {"co_organisers": _("Mitveranstalter müssen aus derselben Bildungsregion kommen.")}
        )


def provider_update(instance, *, by, changes, m2m=None, base_url=None):
    """A provider's edit of its Offer, Event or Actor (profile): ``changes`` {field: new
    value} of SUBSTANTIVE and MINOR fields (others: ValueError), ``m2m`` {field: [pk or
    object, …]} for the many-to-many ones. Passing unchanged values is fine (a whole form's
    cleaned_data): only what differs from the stored entry counts.

    - Not yet published (``is_published`` false): everything is saved at once; a rejected
      offer or event waits again (the Bildungsbüro is told), a new offer's "neu" request
      stays open with the new values.
    - Published: the MINOR fields that changed are saved at once and recorded as a
      ChangeRequest "kleine Änderung" (status "übernommen"); the SUBSTANTIVE ones that differ
      from the published values are kept in the entry's one waiting ChangeRequest
      "inhaltliche Änderung" (made, updated, or deleted when nothing differs any more); the
      entry keeps its published values. A new request is mailed to the Bildungsbüro.

    The whole edit (published values with all changes) is checked with ``full_clean`` first
    (ValidationError, nothing saved; also for an event's start moved into the past). PermissionDenied if the entry is not of one of ``by``'s
    institutions. ``instance`` is reloaded from the database afterwards: it shows what is
    stored (the published version), not the waiting values (see ``pending_values``).
    Returns a ModerationResult."""
    model = _model_of(instance)
    m2m = dict(m2m or {})
    _check_names(model, [*changes, *m2m])
    _require_provider(by, instance)
    proposed = {n: _serialize_value(model, n, v) for n, v in {**changes, **m2m}.items()}
    with transaction.atomic():
        stored = model._default_manager.select_for_update().get(pk=instance.pk)
        _require_provider(by, stored)
        current = snapshot(stored, proposed)
        changed = {n: v for n, v in proposed.items() if v != current[n]}
        _validate(stored, changed)
        if not is_published(stored):
            result = _update_unpublished(stored, changed, by=by, base_url=base_url)
        else:
            result = _update_published(stored, changed, current, by=by, base_url=base_url)
    instance.refresh_from_db()
    return result


def _validate(stored, changed):
    """full_clean of the stored entry with all of ``changed`` applied (in a copy)."""
    model = type(stored)
    candidate = model._default_manager.get(pk=stored.pk)
    plain, m2m = _split(model, changed)
    for name, value in plain.items():
        _set(candidate, name, value)
    candidate.full_clean()
    if isinstance(stored, Event):
        if "kind" in plain:
            _check_event_kind(candidate, candidate.organiser)
        if "co_organisers" in m2m:
            _check_co_organisers(candidate, m2m["co_organisers"])
        if "starts_at" in plain:
            _require_future_start(candidate.starts_at, timezone.now())


def _save_entry(entry, plain, m2m, *, by, reason):
    for name, value in plain.items():
        _set(entry, name, value)
    entry._history_user = by
    entry._change_reason = reason
    entry.save()  # a normal save: history, search index and caches follow
    _set_m2m(entry, m2m)


def _update_unpublished(entry, changed, *, by, base_url):
    model = type(entry)
    plain, m2m = _split(model, changed)
    resubmitted = entry.status in (EditorialStatus.REJECTED, EventStatus.REJECTED)
    if resubmitted:
        plain["status"] = EditorialStatus.REVIEW if model is Offer else EventStatus.REVIEW
        if model is Event:
            plain["submitted_by"] = by.pk
    if plain or m2m:
        _save_entry(entry, plain, m2m, by=by, reason=_("vom Anbieter geändert"))
    pending = pending_change(entry)
    if model is Offer and (pending is not None or resubmitted):
        if pending is None:
            pending = ChangeRequest(
                region_id=entry.region_id,
                content_type=ContentType.objects.get_for_model(Offer),
                object_id=entry.pk,
                kind=ChangeRequest.Kind.NEW,
            )
        pending.after = snapshot(entry)
        pending.entry_title = _title(entry)
        pending.submitted_by = by
        pending.submitted_at = timezone.now()
        pending.save()
        if resubmitted:
            _mail_office(pending, entry, base_url, resubmitted=True)
    elif model is Event and resubmitted:
        services.notify_office_of_event(entry, base_url, resubmitted=True)
    return ModerationResult(applied=sorted(changed), pending=pending)


def _update_published(entry, changed, current, *, by, base_url):
    model = type(entry)
    minor = {n: v for n, v in changed.items() if n in MINOR[model]}
    minor_record = None
    if minor:
        plain, m2m = _split(model, minor)
        _save_entry(entry, plain, m2m, by=by, reason=_("kleine Änderung durch den Anbieter"))
        minor_record = ChangeRequest.objects.create(
            region_id=entry.region_id,
            content_type=ContentType.objects.get_for_model(model),
            object_id=entry.pk,
            kind=ChangeRequest.Kind.MINOR,
            status=ChangeRequest.Status.APPLIED,
            before={n: current[n] for n in minor},
            after=minor,
            entry_title=_title(entry),
            submitted_by=by,
            decided_at=timezone.now(),
        )
    pending = (
        ChangeRequest.objects.for_entry(entry)
        .waiting()
        .filter(kind=ChangeRequest.Kind.CHANGE)
        .select_for_update()
        .first()
    )
    substantive_names = [n for n in SUBSTANTIVE[model] if n in current]
    if substantive_names:
        after = dict(pending.after) if pending else {}
        before = dict(pending.before) if pending else {}
        for name in substantive_names:  # the fields of this edit; others keep what waits
            if name in changed:
                after[name] = changed[name]
                # The published value the request started from stays (approve compares it).
                before.setdefault(name, current[name])
            else:  # as published: nothing of it waits any more
                after.pop(name, None)
                before.pop(name, None)
        if after:
            is_new = pending is None
            if is_new:
                pending = ChangeRequest(
                    region_id=entry.region_id,
                    content_type=ContentType.objects.get_for_model(model),
                    object_id=entry.pk,
                    kind=ChangeRequest.Kind.CHANGE,
                )
            pending.before, pending.after = before, after
            pending.entry_title = _title(entry)
            pending.submitted_by = by
            pending.submitted_at = timezone.now()
            pending.save()
            if is_new:
                _mail_office(pending, entry, base_url)
        elif pending is not None:
            pending.delete()  # the provider took its change back
            pending = None
    return ModerationResult(applied=sorted(minor), pending=pending, minor=minor_record)


def can_end(offer, today=None):
    """Whether ``offer`` can still be ended (``provider_end``): its validity has not ended."""
    today = today or timezone.localdate()
    return offer.valid_until is None or offer.valid_until > today


def provider_end(offer, *, by, today=None, base_url=None):
    """A provider ends its offer: the validity ends today (``valid_until``; ``valid_from``
    moved to today if it lay later), a minor change through ``provider_update``, so that it
    is recorded for the office and the offer leaves the public pages after today – as every
    offer does at its validity date. (Archiving stays with the Bildungsbüro.) ValidationError
    if the validity has ended already; PermissionDenied as ``provider_update``."""
    today = today or timezone.localdate()
    if not can_end(offer, today):
        raise ValidationError(
            _("„%(title)s“ ist bereits beendet (gültig bis %(date)s).")
            % {"title": offer.title, "date": date_filter(offer.valid_until, "SHORT_DATE_FORMAT")}
        )
    changes = {"valid_until": today}
    if offer.valid_from is not None and offer.valid_from > today:
        changes["valid_from"] = today
    return provider_update(offer, by=by, changes=changes, base_url=base_url)


# --- the Bildungsbüro's side ----------------------------------------------------------------


def _require_moderator(by, change):
    services.require_permission(by, "offers.moderate_changerequest", change)


def _locked_change(change):
    fresh = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    for field in ("status", "before", "after", "kind"):
        setattr(change, field, getattr(fresh, field))
    if change.status != ChangeRequest.Status.WAITING:
        raise ValidationError(
            _("Diese Änderung ist bereits entschieden (%(status)s).")
            % {"status": change.get_status_display()}
        )
    return change


def _locked_entry(change, *, required=True):
    model = change.content_type.model_class()
    entry = model._default_manager.select_for_update().filter(pk=change.object_id).first()
    if entry is None and required:
        raise ValidationError(_("Den Eintrag dieser Änderung gibt es nicht mehr."))
    return entry


def conflicts(change, entry=None):
    """The fields of a waiting substantive change whose published value is no longer the one
    the request started from (``before``): somebody changed the entry since. [] if none."""
    if change.kind != ChangeRequest.Kind.CHANGE:
        return []
    entry = entry if entry is not None else change.entry
    if entry is None:
        return []
    return [name for name, value in change.before.items() if serialize(entry, name) != value]


def approve(change, *, by, base_url=None):
    """The Bildungsbüro approves a waiting ChangeRequest: a "neu" offer is published
    (``offers.services.offer_publish``), a substantive change is saved into the entry (a normal
    save, so the search index and caches follow). The submitter is told by e-mail.

    Refused with ValidationError (German message) if the request is not waiting, its entry is
    gone, or the published values changed since the request (``conflicts``); with
    PermissionDenied without ``offers.moderate_changerequest`` in the request's region."""
    with transaction.atomic():
        _require_moderator(by, change)
        _locked_change(change)
        entry = _locked_entry(change)
        now = timezone.now()
        change.status = ChangeRequest.Status.APPROVED
        change.decided_by, change.decided_at = by, now
        change.message = ""
        if change.kind == ChangeRequest.Kind.NEW:
            change.save(update_fields=["status", "decided_by", "decided_at", "message"])
            if isinstance(entry, Event):  # the events' own flow, which mails the submitter
                services.event_approve(event=entry, by=by, now=now, base_url=base_url)
                return change
            services.offer_publish(offer=entry, by=by, now=now)
        else:
            stale = conflicts(change, entry)
            if stale:
                model = type(entry)
                labels = ", ".join(str(_field(model, n).verbose_name) for n in stale)
                raise ValidationError(
                    _(
                        "Der veröffentlichte Eintrag wurde nach dieser Einreichung geändert "
                        "(%(fields)s). Die Änderung wird nicht übernommen, damit nichts "
                        "unbemerkt überschrieben wird. Bitte lehnen Sie sie mit einem Hinweis "
                        "ab; der Anbieter kann sie dann neu einreichen."
                    )
                    % {"fields": labels}
                )
            plain, m2m = _split(type(entry), change.after)
            for name, value in plain.items():
                _set(entry, name, value)
            entry.full_clean()
            _save_entry(entry, {}, m2m, by=by, reason=_("Änderung des Anbieters freigegeben"))
            change.entry_title = _title(entry)
            change.save()
        _mail_submitter(change, entry, "change_approved", base_url)
        return change


def reject(change, *, by, message, base_url=None):
    """The Bildungsbüro rejects a waiting ChangeRequest with ``message`` to the provider (why,
    what to change; required): the entry stays as it is – a "neu" offer gets the status
    "abgelehnt" –, the submitter is told by e-mail with the message.

    A request whose entry was deleted meanwhile can be rejected (closed) this way, too.
    ValidationError without a message or if the request is not waiting; PermissionDenied
    without ``offers.moderate_changerequest`` in the request's region."""
    with transaction.atomic():
        _require_moderator(by, change)
        message = (message or "").strip()
        if not message:
            raise ValidationError(_("Bitte schreiben Sie, warum die Änderung abgelehnt wird."))
        _locked_change(change)
        entry = _locked_entry(change, required=False)  # None: deleted meanwhile
        change.status = ChangeRequest.Status.REJECTED
        change.decided_by, change.decided_at = by, timezone.now()
        change.message = message
        change.save(update_fields=["status", "decided_by", "decided_at", "message"])
        if change.kind == ChangeRequest.Kind.NEW and isinstance(entry, Offer):
            entry.status = EditorialStatus.REJECTED
            _save_entry(entry, {}, {}, by=by, reason=_("abgelehnt"))
        elif change.kind == ChangeRequest.Kind.NEW and isinstance(entry, Event):
            services.event_reject(event=entry, by=by, message=message, base_url=base_url)
            return change  # (event_reject mails the submitter)
        _mail_submitter(change, entry, "change_rejected", base_url)
        return change


# --- the diff, for the admin ----------------------------------------------------------------


@dataclasses.dataclass
class DiffRow:
    name: str
    label: str
    before: str  # HTML, escaped (texts: with <del> for removed words)
    after: str  # HTML, escaped (texts: with <ins> for added words)
    changed: bool
    conflict: bool = False


def _display(model, name, json_value, names_of):
    field = _field(model, name)
    if json_value is None or json_value == "" or json_value == []:
        return "–"
    python = _python(model, name, json_value)
    if field.many_to_many or field.is_relation:
        pks = python if field.many_to_many else [python]
        return ", ".join(names_of(field.related_model, pks))
    if isinstance(field, models.BooleanField):
        return yesno(python, _("ja,nein"))
    if field.choices:
        return str(dict(field.flatchoices).get(python, python))
    if isinstance(field, models.DateTimeField):
        return date_filter(timezone.localtime(python), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return date_filter(python, "DATE_FORMAT")
    return str(python)


def word_diff(before, after):
    """(before, after) as HTML: the words only in ``before`` in <del>, those only in
    ``after`` in <ins>, everything escaped."""
    old, new = before.split(" "), after.split(" ")
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        a, b = escape(" ".join(old[i1:i2])), escape(" ".join(new[j1:j2]))
        if op == "equal":
            old_html.append(a)
            new_html.append(b)
            continue
        if i2 > i1:
            old_html.append(f"<del>{a}</del>")
        if j2 > j1:
            new_html.append(f"<ins>{b}</ins>")
    return mark_safe(" ".join(old_html)), mark_safe(" ".join(new_html))  # (escaped above)


def diff_rows(change, entry=None):
    """The rows of ``change``'s diff, field by field in the model's order: label, before and
    after for display (HTML; texts as a word diff), whether the value changed, and whether the
    published value moved since the request (``conflicts``)."""
    model = change.content_type.model_class()
    entry = entry if entry is not None else change.entry
    stale = set(conflicts(change, entry)) if entry is not None else set()
    wanted = {}  # related model → pks, to name them with one query per model
    values = [change.before, change.after]
    for name in {*change.before, *change.after}:
        field = _field(model, name)
        if field.is_relation:
            for data in values:
                raw = data.get(name)
                if raw not in (None, []):
                    wanted.setdefault(field.related_model, set()).update(
                        raw if field.many_to_many else [raw]
                    )
    names = {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=pks)}
        for related, pks in wanted.items()
    }

    def names_of(related, pks):
        return [names.get(related, {}).get(pk, str(pk)) for pk in pks]

    order = [*SUBSTANTIVE[model], *MINOR[model], *OFFICE_ONLY[model]]
    rows = []
    for name in sorted(
        {*change.before, *change.after},
        key=lambda n: (n not in order, order.index(n) if n in order else n),
    ):
        field = _field(model, name)
        before_raw, after_raw = change.before.get(name), change.after.get(name)
        if name not in change.before and after_raw in (None, "", []):
            continue  # a new entry's empty field
        before = _display(model, name, before_raw, names_of) if name in change.before else "–"
        after = _display(model, name, after_raw, names_of)
        is_text = isinstance(field, (models.CharField, models.TextField)) and not field.choices
        if is_text and name in change.before:
            before_html, after_html = word_diff(before, after)
        else:
            before_html, after_html = escape(before), escape(after)
        rows.append(
            DiffRow(
                name=name,
                label=str(field.verbose_name),
                before=before_html,
                after=after_html,
                changed=name not in change.before or before_raw != after_raw,
                conflict=name in stale,
            )
        )
    return rows


# --- e-mails ----------------------------------------------------------------------------------


def _context(change, entry, base_url, **extra):
    def link(path):
        return absolute_url(path, base_url=base_url)

    public_url = ""
    if entry is not None:
        public_url = link(entry.get_absolute_url())
    model = change.content_type.model_class()
    changed_labels = []
    if change.kind != ChangeRequest.Kind.NEW:
        changed_labels = [str(_field(model, name).verbose_name) for name in change.after]
    return {
        "change": change,
        "entry": entry,
        "entry_kind": _("Profil") if model is Actor else model._meta.verbose_name,
        "changed_labels": changed_labels,
        "region": change.region,
        "provider": _provider(entry),
        "submitter": change.submitted_by,
        "public_url": public_url,
        "area_url": link(reverse("offers:provider-area")),
        "admin_url": link(reverse("admin:offers_changerequest_change", args=[change.pk])),
        "queue_url": link(reverse("admin:offers_changerequest_changelist")) + "?liste=wartet",
        **extra,
    }


def _provider(entry):
    if isinstance(entry, Offer):
        return entry.provider
    if isinstance(entry, Event):
        return entry.organiser
    return entry


def _mail_office(change, entry, base_url, **extra):
    services.send_after_commit(
        "change_submitted_office",
        _context(change, entry, base_url, **extra),
        services.office_recipients(change.region),
    )


def _mail_submitter(change, entry, template, base_url):
    submitter = change.submitted_by
    if submitter is None or not submitter.email:
        return
    services.send_after_commit(template, _context(change, entry, base_url), [submitter.email])
