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


class ReviewedModel(models.Model):
    """An entry with a visible "Stand": the day its content was last confirmed as current."""

    last_reviewed = models.DateField(
        _("Stand"),
        default=timezone.localdate,
        help_text=_("Tag, an dem der Eintrag zuletzt geprüft und als aktuell bestätigt wurde."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True
