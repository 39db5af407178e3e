"""Accounts for school staff: a Bildungsbüro invites a person for one or more institutions of
its region; the invitation e-mail carries a link to set a password (Django's password-reset
token, with a salt of its own, so a reset link is no invitation and the other way round).

School accounts never get ``is_staff``: they cannot enter the admin; their rights come only
from their InstitutionMembership rows (offers.services, the school area).

``base_url`` is the address of the admin's request; the links use settings.PORTAL_BASE_URL
instead when it is set (bildungsregion.links). At most settings.INVITATION_LIMIT_PER_ADDRESS
invitations go to one address, and settings.INVITATION_LIMIT_PER_SENDER are sent by one staff
account, per window (bildungsregion.throttle); more are refused with a ValidationError on
"email" (code THROTTLED).

An invitation never tells a coordinator that an address has an account they cannot see (in
another region, in one where their role shows no accounts, or a superuser's): the answer is
then the same as for an address that cannot be a username, "no invitation possible, ask the
portal's administration", and nobody gets mail.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from bildungsregion import throttle
from bildungsregion.links import absolute_url
from bildungsregion.mail import send_portal_mail
from bildungsregion.models import User
from regions.auth import regions_with_permission, viewable

from .models import InstitutionMembership

logger = logging.getLogger(__name__)

# Both are needed to create a school account: the account and its link to the institution.
INVITE_PERMISSIONS = ("bildungsregion.add_user", "actors.add_institutionmembership")


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of invitation links; valid as long as a password-reset link
    (settings.PASSWORD_RESET_TIMEOUT) and void once a password is set or the user logs in."""

    # The module's old path: a new salt would void the invitation links already sent.
    key_salt = "bildungsregion.invitations.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()


def invitable_region_ids(user):
    """Regions for whose institutions ``user`` may invite school staff (None: all)."""
    ids = None
    for perm in INVITE_PERMISSIONS:
        regions = regions_with_permission(user, perm)
        if regions is None:
            continue
        ids = regions if ids is None else ids & regions
    return ids


def invitation_url(user, base_url):
    path = reverse(
        "invitation-accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    return absolute_url(path, base_url=base_url)


THROTTLED = "throttled"


def _count_invitation(email, by):
    """One more invitation to ``email``, sent by ``by``: refused past the limit per address or
    per sender (the staff account is the client here: the admin needs a login)."""
    if not throttle.hit(
        "invitation:address", email, settings.INVITATION_LIMIT_PER_ADDRESS
    ) or not throttle.hit("invitation:sender", by.pk, settings.INVITATION_LIMIT_PER_SENDER):
        raise ValidationError({"email": ValidationError(throttle.refusal_message(), THROTTLED)})


def not_invitable_message():
    """For an address that cannot be invited, whatever the reason (see the module docstring)."""
    return _(
        "Für diese E-Mail-Adresse kann keine Einladung angelegt werden. Bitte wenden Sie sich "
        "an die Verwaltung des Portals."
    )


def _check_institutions(by, institutions):
    if not institutions:
        raise ValidationError(_("Bitte wählen Sie mindestens eine Einrichtung."))
    allowed = invitable_region_ids(by)
    if allowed is not None and any(actor.region_id not in allowed for actor in institutions):
        raise PermissionDenied(_("Sie können nur für Einrichtungen Ihrer Region einladen."))


@transaction.atomic
def user_invite(*, email, first_name="", last_name="", institutions, by, base_url):
    """Create a school account for ``email`` (also its username), link it to
    ``institutions`` and send the invitation. Refuses an e-mail address that has an account;
    only of an account ``by`` can see does it say so."""
    institutions = list(institutions)
    _check_institutions(by, institutions)
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    if existing.exists():
        visible = viewable(existing, by)
        if not by.is_superuser:
            visible = visible.filter(is_superuser=False)
        if visible.exists():
            raise ValidationError(
                {
                    "email": _(
                        "Zu dieser E-Mail-Adresse gibt es schon ein Konto. Ordnen Sie es unter "
                        "„Zugänge für Einrichtungen“ der Einrichtung zu."
                    )
                }
            )
        logger.info("Einladung abgelehnt: die Adresse hat ein Konto außerhalb der Sicht von %s", by)
        raise ValidationError({"email": not_invitable_message()})
    _count_invitation(email, by)
    user = User(username=email, email=email, first_name=first_name, last_name=last_name)
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        if "username" not in error.message_dict:
            raise
        raise ValidationError({"email": not_invitable_message()}) from None
    user._history_user = by
    user.save()
    InstitutionMembership.objects.bulk_create(
        InstitutionMembership(user=user, actor=actor) for actor in institutions
    )
    _send_after_commit(user, institutions, base_url)
    return user


def user_invite_again(*, user, by, base_url):
    """Send a new invitation link to a school account (e.g. the first one expired)."""
    if user.is_staff or user.is_superuser:
        raise ValidationError(_("Einladungen gibt es nur für Konten von Einrichtungen."))
    institutions = list(user.institution_memberships.select_related("actor"))
    _check_institutions(by, [m.actor for m in institutions])
    _count_invitation(user.email, by)
    _send_after_commit(user, [m.actor for m in institutions], base_url)
    return user


def _send_after_commit(user, institutions, base_url):
    def send():
        send_portal_mail(
            template="invitation",
            context={
                "user": user,
                "institutions": institutions,
                "invitation_url": invitation_url(user, base_url),
                "login_url": absolute_url(reverse("login"), base_url=base_url),
                "regions": sorted({a.region.name for a in institutions}),
            },
            to=[user.email],
        )

    transaction.on_commit(send)
