"""Services on entries of every kind (ReviewedModel) and on accounts."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _


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


class AccountPasswordResetForm(PasswordResetForm):
    """Django's password-reset e-mail for one given account (not for every account that
    shares its address). Like Django's form, it skips inactive accounts and accounts whose
    password is deliberately unusable (invited school accounts get a new invitation instead)."""

    def __init__(self, user):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        if self.user.is_active and self.user.has_usable_password():
            yield self.user


def user_password_reset_send(*, user, by, base_url):
    """Send ``user`` a link to choose a new password (templates/emails/password_reset*.txt).
    Staff never set other people's passwords; this is what they do instead. ``base_url``: the
    portal's address for the link, e.g. settings.PORTAL_BASE_URL."""
    if not by.has_perm("bildungsregion.change_user", user):
        raise PermissionDenied
    form = AccountPasswordResetForm(user)
    if not user.email or not form.is_valid() or not list(form.get_users(user.email)):
        raise ValidationError(
            _(
                "Kein Link möglich: Das Konto ist inaktiv, hat keine E-Mail-Adresse oder "
                "kein Passwort."
            )
        )
    address = urlsplit(base_url)
    with translation.override(settings.LANGUAGE_CODE):
        form.save(
            domain_override=(address.netloc + address.path).rstrip("/"),
            use_https=address.scheme == "https",
            subject_template_name="emails/password_reset_subject.txt",
            email_template_name="emails/password_reset.txt",
            extra_email_context={"sent_by_office": True},
        )
    return user
