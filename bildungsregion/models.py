import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The portal's user: Bildungsbüro staff, school staff and superusers.

    Which region a staff user works for is recorded in regions.StaffMembership;
    which institutions a school user acts for in actors.InstitutionMembership.
    """

    email = models.EmailField(_("E-Mail-Adresse"), blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")
        swappable = "AUTH_USER_MODEL"


# An entry whose "Stand" is older than this needs a review (monitoring, the admin's filter).
STALE_MONTHS = 12


def stale_cutoff(today=None):
    """The first day a "Stand" is still current: STALE_MONTHS months before ``today``."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=round(STALE_MONTHS * 30.44))


class ReviewedQuerySet(models.QuerySet):
    """The queryset of every ReviewedModel (their own querysets derive from it)."""

    def stale(self, today=None):
        """Entries whose "Stand" is older than STALE_MONTHS months."""
        return self.filter(last_reviewed__lt=stale_cutoff(today))

    def reviewed(self, today=None):
        """Entries reviewed within the last STALE_MONTHS months (the others than stale())."""
        return self.filter(last_reviewed__gte=stale_cutoff(today))


class ReviewedModel(models.Model):
    """An entry with a visible "Stand": the day its content was last confirmed as current."""

    last_reviewed = models.DateField(
        _("Stand"),
        default=timezone.localdate,
        help_text=_("Tag, an dem der Eintrag zuletzt geprüft und als aktuell bestätigt wurde."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = ReviewedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_stale(self):
        """As ReviewedQuerySet.stale(): the "Stand" is older than STALE_MONTHS months."""
        return self.last_reviewed < stale_cutoff()


class ContactModel(models.Model):
    """How to reach the people behind an offer or an event."""

    contact_email = models.EmailField(_("Kontakt (E-Mail)"), blank=True)
    contact_phone = models.CharField(_("Kontakt (Telefon)"), max_length=80, blank=True)

    class Meta:
        abstract = True

    @property
    def has_contact(self):
        return bool(self.contact_email or self.contact_phone)
