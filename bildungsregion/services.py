"""Services on entries of every kind (ReviewedModel) and on accounts."""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .links import absolute_url
from .mail import send_portal_mail


def entry_confirm_current(*, entry, by, today=None):
    """Confirm an entry as current: its "Stand" becomes today. Versioned like any change."""
    opts = entry._meta
    if not by.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}", entry):
        raise PermissionDenied
    entry.last_reviewed = today or timezone.localdate()
    entry._history_user = by
    entry._change_reason = _("als aktuell bestätigt")
    entry.save(update_fields=["last_reviewed", "updated_at"])
    return entry


def user_password_reset_send(*, user, by, base_url):
    """Send ``user`` a link to choose a new password (templates/emails/password_reset*.txt).
    Staff never set other people's passwords; this is what they do instead. ``base_url``: the
    request's address; settings.PORTAL_BASE_URL wins when set (bildungsregion.links)."""
    if not by.has_perm("bildungsregion.change_user", user):
        raise PermissionDenied
    if not (user.is_active and user.email and user.has_usable_password()):
        # Invited accounts without a password get a new invitation instead.
        raise ValidationError(
            _(
                "Kein Link möglich: Das Konto ist inaktiv, hat keine E-Mail-Adresse oder "
                "kein Passwort."
            )
        )
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_portal_mail(
        template="password_reset",
        context={
            "user": user,
            "reset_url": absolute_url(path, base_url=base_url),
            "sent_by_office": True,
        },
        to=[user.email],
    )
    return user
