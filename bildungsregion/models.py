import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The portal's user: Bildungsbüro staff, the people of institutions and superusers.

    Which region a staff user works for is recorded in regions.StaffMembership;
    which institutions a person acts for in actors.InstitutionMembership.
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


class ThesaurusEntry(models.Model):
    """A pair of terms of the education field that the search treats as related: a query for
    ``term`` also finds ``related``, and for synonyms and abbreviations the other way round.
    Kept by Land-level staff (superusers) in the admin; bildungsregion.search reads them."""

    class Kind(models.TextChoices):
        SYNONYM = "synonym", _("Synonym")
        ABBREVIATION = "abbreviation", _("Abkürzung")
        BROADER = "broader", _("Oberbegriff")

    term = models.CharField(
        _("Begriff"),
        max_length=100,
        help_text=_("Ein Wort oder mehrere, z. B. „VHS“ oder „Deutsch lernen“."),
    )
    kind = models.CharField(_("Beziehung"), max_length=16, choices=Kind.choices)
    related = models.CharField(
        _("verwandter Begriff"),
        max_length=100,
        help_text=_(
            "Synonym und Abkürzung gelten in beide Richtungen. Beim Oberbegriff steht hier der "
            "engere Begriff: Eine Suche nach dem Oberbegriff findet ihn, nicht umgekehrt."
        ),
    )
    source = models.CharField(
        _("Quelle"),
        max_length=200,
        blank=True,
        help_text=_("Woher der Eintrag stammt, z. B. „openthesaurus:6968“ oder „seeds:…“."),
    )

    class Meta:
        verbose_name = _("Thesaurus-Eintrag")
        verbose_name_plural = _("Thesaurus der Suche")
        ordering = ["term", "related"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind", "related"], name="thesaurus_entry_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(term=models.F("related")), name="thesaurus_entry_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.term} → {self.related} ({self.get_kind_display()})"
