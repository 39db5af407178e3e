"""The "Stand" reminders: which entries are due, one mail per provider institution, and the
signed link that confirms them as current.

Rules (one place): an offer or event is due when its ``last_reviewed`` ("Stand") is older than
its region's ``review_months``. Offers belong to their ``provider``, events to their
``organiser``; both are required fields, so every entry has an institution – but an
institution without members (InstitutionMembership) gets no mail: its due entries go to nobody
(and, having no reminder, do not appear in the office's "Erinnerung ohne Antwort" list). An institution gets no second reminder
while one is open (unanswered and its link not expired); after an answer or expiry a new one
is sent only when entries are due again by the rhythm.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from bildungsregion.links import absolute_url
from bildungsregion.mail import send_portal_mail
from regions.models import Region

from .models import Event, Offer, ReviewReminder


def months_before(day, months):
    """``day`` minus ``months`` calendar months (the 31st becomes the month's last day)."""
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue


TOKEN_MAX_AGE = datetime.timedelta(days=30)
SALT = "offers.review-reminder"


def due_offers(actor, today=None):
    today = today or timezone.localdate()
    return [
        o
        for o in Offer.objects.running(today).filter(provider=actor).select_related("region")
        if o.last_reviewed <= months_before(today, o.region.review_months)
    ]


def due_events(actor, today=None):
    today = today or timezone.localdate()
    return [
        e
        for e in Event.objects.filter(organiser=actor, status__in=Event.PUBLIC_STATUSES)
        .filter(starts_at__date__gte=today)
        .select_related("region")
        if e.last_reviewed <= months_before(today, e.region.review_months)
    ]


def open_reminder(actor, now=None):
    now = now or timezone.now()
    return actor.review_reminders.filter(answered_at__isnull=True, expires_at__gt=now).first()


def make_token(reminder):
    return signing.TimestampSigner(salt=SALT).sign(str(reminder.pk))


def reminder_for_token(token):
    """The reminder of a token, or raise signing.SignatureExpired / signing.BadSignature."""
    value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=TOKEN_MAX_AGE)
    try:
        return ReviewReminder.objects.select_related("actor").get(pk=int(value))
    except (ValueError, ReviewReminder.DoesNotExist) as exc:
        raise signing.BadSignature("unknown reminder") from exc


def confirm_entries(offers, events):
    """Set the Stand of the entries to today through their normal save()."""
    today = timezone.localdate()
    for entry in [*offers, *events]:
        entry.last_reviewed = today
        entry.save()


def send_review_reminders(*, base_url=None, now=None):
    """Send what is due; returns the reminders created. Safe to run daily."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = []
    for actor in Actor.objects.filter(user_memberships__isnull=False).distinct():
        if open_reminder(actor, now):
            continue
        offers, events = due_offers(actor, today), due_events(actor, today)
        if not offers and not events:
            continue
        recipients = sorted(
            InstitutionMembership.objects.filter(actor=actor, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if not recipients:
            continue
        with transaction.atomic():
            reminder = ReviewReminder.objects.create(
                actor=actor, sent_at=now, expires_at=now + TOKEN_MAX_AGE
            )
            reminder.offers.set(offers)
            reminder.events.set(events)
            path = reverse("offers:review-confirm", kwargs={"token": make_token(reminder)})
            context = {
                "actor": actor,
                "offers": offers,
                "events": events,
                "confirm_url": absolute_url(path, base_url=base_url),
                "edit_url": absolute_url(reverse("offers:provider-area"), base_url=base_url),
                "expires_at": reminder.expires_at,
            }
            send_portal_mail(template="review_reminder", context=context, to=recipients)
        created.append(reminder)
    return created


def _reminded_before(queryset, days_of_region, now):
    """Entries of ``queryset`` with an unanswered reminder sent after their Stand and at least
    ``days_of_region(region)`` days before ``now`` (each region has its own rhythm)."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    for region in Region.objects.filter(pk__in=queryset.values("region")):
        cutoff = now - datetime.timedelta(days=days_of_region(region))
        condition |= Q(
            region=region,
            review_reminders__answered_at__isnull=True,
            review_reminders__sent_at__lte=cutoff,
            review_reminders__sent_at__date__gte=F("last_reviewed"),
        )
    return queryset.filter(condition).distinct()


def unanswered(queryset, now=None):
    """ "Erinnerung ohne Antwort": reminded review_no_answer_days ago or longer, no answer."""
    return _reminded_before(queryset, lambda r: r.review_no_answer_days, now)


def possibly_outdated(queryset, now=None):
    """ "möglicherweise veraltet": review_outdated_days more after "ohne Antwort"."""
    return _reminded_before(
        queryset, lambda r: r.review_no_answer_days + r.review_outdated_days, now
    )


def is_possibly_outdated(entry, now=None):
    """As possibly_outdated() for one offer or event."""
    if not entry.review_reminders.exists():  # the common case: one cheap query
        return False
    return possibly_outdated(type(entry).objects.filter(pk=entry.pk), now).exists()
