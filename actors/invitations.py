"""Accounts for the people of institutions – every kind of actor (Kita, school, VHS, music
school, library, association, chamber, employer, authority …). Two ways in, one set of rules:

- the office path (``user_invite``): a Bildungsbüro invites a person for one or more
  institutions of its region from the admin;
- the colleague path (``colleague_invite``): a member of an institution who may invite
  (InstitutionMembership.can_invite) invites a colleague for their own institutions, at
  /mein-bereich/kolleginnen-und-kollegen/ (actors.provider_views).

Both share the checks (``_check_institutions``), the limits (``_count_invitation``), the
creation of the account and the invitation e-mail, whose link sets a password (Django's
password-reset token, with a salt of its own, so a reset link is no invitation and the other
way round). One person may work for several institutions: one membership each.

Accounts of institutions never get ``is_staff``: they cannot enter the admin; their rights come
only from their InstitutionMembership rows (offers.services, the provider area).

``base_url`` is the address of the request; the links use settings.PORTAL_BASE_URL instead when
it is set (bildungsregion.links). At most settings.INVITATION_LIMIT_PER_ADDRESS invitations go
to one address, and settings.INVITATION_LIMIT_PER_SENDER are sent by one account, per window
(bildungsregion.throttle); more are refused with a ValidationError on "email" (code THROTTLED).

No invitation tells anybody that an address has an account they cannot see:

- the office: for an account in another region, in one where their role shows no accounts, or
  a superuser's, the answer is the same as for an address that cannot be a username ("no
  invitation possible, ask the portal's administration"), and nobody gets mail; an account they
  can see they are told to add under "Zugänge für Einrichtungen" (the admin), which is also how
  the office lets one person work for a further institution;
- a colleague: always the same answer, "the invitation is sent", counted against the same
  limits. Behind it, a new address gets a new account; an account that has not yet set its
  password gets the new institutions and its invitation again (accepting it is the consent);
  an active account with a password gets a mail asking it to confirm that it now works for the
  institution too (a signed link, ``colleague_confirm``), and becomes a member only then; staff,
  superusers and inactive accounts get nothing (the office adds them). The colleagues page lists
  only people who have accepted, so that nothing there tells the two cases apart either.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
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

from .models import Actor, InstitutionMembership

logger = logging.getLogger(__name__)

# Both are needed to create an account of an institution: the account and its membership.
INVITE_PERMISSIONS = ("bildungsregion.add_user", "actors.add_institutionmembership")


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of invitation links; valid as long as a password-reset link
    (settings.PASSWORD_RESET_TIMEOUT) and void once a password is set or the user logs in."""

    # The module's old path: a new salt would void the invitation links already sent.
    key_salt = "bildungsregion.invitations.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()

# The signed link that confirms a further institution for an existing account.
COLLEAGUE_CONFIRM_SALT = "actors.invitations.colleague_confirm"


def invitable_region_ids(user):
    """Regions for whose institutions ``user`` may invite as the office (None: all)."""
    ids = None
    for perm in INVITE_PERMISSIONS:
        regions = regions_with_permission(user, perm)
        if regions is None:
            continue
        ids = regions if ids is None else ids & regions
    return ids


def colleague_institutions(user):
    """The institutions for which ``user`` may invite colleagues as their member
    (InstitutionMembership.can_invite); none for anonymous and inactive users."""
    return Actor.objects.of_member(user, may_invite=True).order_by("name")


def accepted_memberships():
    """Memberships whose person has accepted: an active account that has set a password or
    logged in (an invited account has neither until it follows its link)."""
    return InstitutionMembership.objects.filter(user__is_active=True).filter(
        ~Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX) | Q(user__last_login__isnull=False)
    )


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
    per sender (the account is the client here: both paths need a login)."""
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


def _check_institutions(by, institutions, *, as_office):
    """``by`` may invite for every one of ``institutions``: as the office of their regions, or
    as a member who may invite colleagues (``as_office`` False)."""
    if not institutions:
        raise ValidationError(_("Bitte wählen Sie mindestens eine Einrichtung."))
    if as_office:
        allowed = invitable_region_ids(by)
        if allowed is not None and any(actor.region_id not in allowed for actor in institutions):
            raise PermissionDenied(_("Sie können nur für Einrichtungen Ihrer Region einladen."))
        return
    own = set(colleague_institutions(by).values_list("pk", flat=True))
    if any(actor.pk not in own for actor in institutions):
        raise PermissionDenied(
            _("Sie können nur für Ihre eigenen Einrichtungen einladen, und nur, wenn Sie dürfen.")
        )


def _normalized(email):
    return User.objects.normalize_email(email).strip()


def _check_username(email):
    """The address must do as a username (it becomes one): else the neutral answer."""
    try:
        User._meta.get_field("username").clean(email, None)
    except ValidationError:
        raise ValidationError({"email": not_invitable_message()}) from None


@transaction.atomic
def user_invite(*, email, first_name="", last_name="", institutions, by, base_url, can_invite=True):
    """The office path: create an account for ``email`` (also its username), make it a member
    of ``institutions`` (``can_invite``: may invite colleagues) and send the invitation.
    Refuses an e-mail address that has an account; only of an account ``by`` can see does it
    say so (the office adds that account to an institution in the admin)."""
    institutions = list(institutions)
    _check_institutions(by, institutions, as_office=True)
    email = _normalized(email)
    existing = _accounts_of(email)
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
    return _account_create(
        email=email,
        first_name=first_name,
        last_name=last_name,
        institutions=institutions,
        can_invite=can_invite,
        by=by,
        invited_by=None,
        base_url=base_url,
    )


@transaction.atomic
def colleague_invite(
    *, email, first_name="", last_name="", institutions, by, base_url, can_invite=False
):
    """The colleague path: ``by``, a member who may invite, invites ``email`` for some of their
    own institutions. Says nothing about existing accounts (see the module docstring): it
    returns None and raises only what it would raise for any address (no institution, not
    ``by``'s to invite for, an address that cannot be a username, the limits)."""
    institutions = list(institutions)
    _check_institutions(by, institutions, as_office=False)
    email = _normalized(email)
    _check_username(email)
    _count_invitation(email, by)
    existing = _accounts_of(email)
    if not existing.exists():
        _account_create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            institutions=institutions,
            can_invite=can_invite,
            by=by,
            invited_by=by,
            base_url=base_url,
        )
        return None
    for account in existing.filter(email__iexact=email):
        _existing_account_invite(account, institutions, by, can_invite, base_url)
    return None


def _accounts_of(email):
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


def _account_create(
    *, email, first_name, last_name, institutions, can_invite, by, invited_by, base_url
):
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
        InstitutionMembership(user=user, actor=actor, can_invite=can_invite)
        for actor in institutions
    )
    _send_invitation(user, institutions, base_url, invited_by=invited_by)
    return user


def _existing_account_invite(account, institutions, by, can_invite, base_url):
    """A colleague invites an address that has an account (nothing of it reaches ``by``)."""
    if not account.is_active or account.is_staff or account.is_superuser:
        logger.info("Einladung durch %s: Konto %s bekommt keine Mail", by.pk, account.pk)
        return
    if not account.has_usable_password() and account.last_login is None:
        # Not yet accepted: the new institutions join the old ones in the invitation again.
        for actor in institutions:
            InstitutionMembership.objects.get_or_create(
                user=account, actor=actor, defaults={"can_invite": can_invite}
            )
        memberships = account.institution_memberships.select_related("actor__region")
        _send_invitation(account, [m.actor for m in memberships], base_url, invited_by=by)
        return
    token = signing.dumps(
        {"u": account.pk, "a": [actor.pk for actor in institutions], "c": can_invite, "b": by.pk},
        salt=COLLEAGUE_CONFIRM_SALT,
        compress=True,
    )
    confirm_url = absolute_url(
        reverse("actors:colleague-confirm", kwargs={"token": token}), base_url=base_url
    )

    send_portal_mail(
        template="colleague_confirm",
        context={
            "user": account,
            "invited_by": by,
            "institutions": institutions,
            "confirm_url": confirm_url,
        },
        to=[account.email],
    )


def user_invite_again(*, user, by, base_url):
    """Send a new invitation link to an account of an institution (e.g. the first one
    expired). The office path only."""
    if user.is_staff or user.is_superuser:
        raise ValidationError(_("Einladungen gibt es nur für Konten von Einrichtungen."))
    institutions = list(user.institution_memberships.select_related("actor__region"))
    _check_institutions(by, [m.actor for m in institutions], as_office=True)
    _count_invitation(user.email, by)
    _send_invitation(user, [m.actor for m in institutions], base_url, invited_by=None)
    return user


def _send_invitation(user, institutions, base_url, *, invited_by):
    """The invitation e-mail (queued at commit, bildungsregion.mail); ``invited_by``: the
    colleague who invited (None: the office)."""
    send_portal_mail(
        template="invitation",
        context={
            "user": user,
            "institutions": institutions,
            "invited_by": invited_by,
            "invitation_url": invitation_url(user, base_url),
            "login_url": absolute_url(reverse("login"), base_url=base_url),
            "regions": sorted({a.region.name for a in institutions}),
        },
        to=[user.email],
    )


# --- confirming a further institution (the colleague path for an existing account) -----------


@dataclass
class PendingMembership:
    """What a confirm link offers: ``user`` to work for ``institutions`` too."""

    user_id: int
    institutions: list
    invited_by: object
    can_invite: bool


def colleague_confirm_load(token):
    """The offer of a confirm link, or ValidationError when it is forged, expired (after
    settings.PASSWORD_RESET_TIMEOUT) or no longer backed by the inviting member: only the
    institutions for which the inviter may still invite remain."""
    try:
        data = signing.loads(
            token, salt=COLLEAGUE_CONFIRM_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT
        )
        user_id, actor_ids, can_invite, inviter_id = data["u"], data["a"], data["c"], data["b"]
    except (signing.BadSignature, KeyError, TypeError):
        raise ValidationError(_("Dieser Link ist nicht mehr gültig.")) from None
    inviter = User.objects.filter(pk=inviter_id).first()
    institutions = (
        list(colleague_institutions(inviter).filter(pk__in=actor_ids).select_related("region"))
        if inviter is not None
        else []
    )
    if not institutions:
        raise ValidationError(_("Dieser Link ist nicht mehr gültig."))
    return PendingMembership(user_id, institutions, inviter, bool(can_invite))


@transaction.atomic
def colleague_confirm(*, token, by):
    """``by`` confirms the offer of their link: they become a member of its institutions
    (those they already work for stay as they are). Returns the PendingMembership."""
    pending = colleague_confirm_load(token)
    if not by.is_authenticated or by.pk != pending.user_id or not by.is_active:
        raise PermissionDenied(_("Dieser Link gehört zu einem anderen Konto."))
    for actor in pending.institutions:
        InstitutionMembership.objects.get_or_create(
            user=by, actor=actor, defaults={"can_invite": pending.can_invite}
        )
    return pending


# --- leaving an institution ------------------------------------------------------------------


@transaction.atomic
def membership_leave(*, user, actor):
    """``user`` stops working for ``actor`` (their membership is deleted, with its history).
    Removing other people is the office's (the admin's "Zugänge für Einrichtungen")."""
    membership = InstitutionMembership.objects.filter(user=user, actor=actor).first()
    if membership is None:
        raise PermissionDenied(_("Sie arbeiten nicht für diese Einrichtung."))
    membership._history_user = user
    membership.delete()
