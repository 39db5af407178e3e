"""The confirm pages of the "Stand" reminders (offers.freshness)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.models import Actor
from bildungsregion import throttle

from . import freshness


def review_confirm(request, token):
    """GET shows what the link confirms; POST (CSRF) sets their Stand to today."""
    if not throttle.hit(
        "review-confirm", throttle.client_ip(request), settings.REVIEW_CONFIRM_LIMIT_PER_CLIENT
    ):
        response = render(
            request,
            "offers/review_confirm_invalid.html",
            {"message": throttle.refusal_message()},
            status=429,
        )
        response["Retry-After"] = str(throttle.retry_after())
        return response
    try:
        reminder = freshness.reminder_for_token(token)
    except signing.SignatureExpired:
        return render(
            request,
            "offers/review_confirm_invalid.html",
            {"message": _("Dieser Link ist abgelaufen. Er war 30 Tage gültig.")},
            status=410,
        )
    except signing.BadSignature:
        return render(
            request,
            "offers/review_confirm_invalid.html",
            {"message": _("Dieser Link ist ungültig. Bitte prüfen Sie, ob er vollständig ist.")},
            status=400,
        )
    offers = list(reminder.offers.all())
    events = list(reminder.events.all())
    done = reminder.answered_at is not None
    if request.method == "POST" and not done:
        freshness.confirm_entries(offers, events)
        reminder.answered_at = timezone.now()
        reminder.save(update_fields=["answered_at"])
        done = True
    return render(
        request,
        "offers/review_confirm.html",
        {"reminder": reminder, "offers": offers, "events": events, "done": done},
    )


@login_required
@require_POST
def institution_confirm(request, pk):
    """A member confirms all current entries of an institution as current."""
    actor = get_object_or_404(Actor, pk=pk)
    if not actor.user_memberships.filter(user=request.user).exists():
        raise PermissionDenied
    offers = list(actor.offers.all())
    events = list(actor.events.all())
    freshness.confirm_entries(offers, events)
    actor.review_reminders.filter(answered_at__isnull=True).update(answered_at=timezone.now())
    return redirect("offers:provider-area")
