"""The Ausbildungsregion: occupational fields, recognised training occupations and the
internship and apprenticeship places of employers, chambers, authorities and associations."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from bildungsregion.models import ContactModel, ReviewedModel, ReviewedQuerySet
from regions.models import LocatedModel, Region


class Interest(models.TextChoices):
    """Holland's six interest types (RIASEC), which the Berufswahl-Check asks about."""

    REALISTIC = "R", _("praktisch-technisch")
    INVESTIGATIVE = "I", _("forschend-untersuchend")
    ARTISTIC = "A", _("künstlerisch-kreativ")
    SOCIAL = "S", _("sozial-helfend")
    ENTERPRISING = "E", _("unternehmerisch-führend")
    CONVENTIONAL = "C", _("ordnend-verwaltend")


class OccupationField(models.Model):
    """A Berufsfeld: occupations grouped by what the work is about (e.g. "Metall")."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=120, unique=True)
    description = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    interests = models.CharField(
        _("Interessen (RIASEC)"),
        max_length=6,
        blank=True,
        # A validator, not a CheckConstraint: SQLite has no REGEXP outside Django (backups).
        validators=[
            RegexValidator(
                r"^[RIASEC]{0,6}$", _("Nur die Buchstaben R, I, A, S, E und C, z. B. „RI“.")
            )
        ],
        help_text=_(
            "Die Interessenbereiche nach Holland, zu denen das Berufsfeld passt, als Buchstaben "
            "R, I, A, S, E, C, der wichtigste zuerst – z. B. „RI“. Der Berufswahl-Check schlägt "
            "das Feld danach vor."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Berufsfeld")
        verbose_name_plural = _("Berufsfelder")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("careers:occupation-list") + f"#{self.slug}"

    @property
    def interest_labels(self):
        return [Interest(letter).label for letter in self.interests]


class SchoolCertificate(models.TextChoices):
    """School-leaving certificates in Lower Saxony, lowest first (the order counts: a place
    for a certificate is open to everyone who has it or a higher one)."""

    NONE = "ohne", _("ohne Schulabschluss")
    HAUPTSCHULE = "hauptschule", _("Hauptschulabschluss")
    REALSCHULE = "realschule", _("Sekundarabschluss I – Realschulabschluss")
    ERWEITERT = "erweitert", _("Erweiterter Sekundarabschluss I")
    FACHHOCHSCHULREIFE = "fachhochschulreife", _("Fachhochschulreife")
    ABITUR = "abitur", _("Allgemeine Hochschulreife (Abitur)")

    @classmethod
    def up_to(cls, value):
        """The certificates a person with ``value`` has reached: it and all below."""
        values = list(cls.values)
        return values[: values.index(value) + 1]


class OccupationQuerySet(models.QuerySet):
    def in_field(self, field):
        return self.filter(field=field)


class Occupation(models.Model):
    """A recognised training occupation (anerkannter Ausbildungsberuf) or a dual study
    programme, with the source of its name and facts."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=200, unique=True)
    field = models.ForeignKey(
        OccupationField,
        verbose_name=_("Berufsfeld"),
        on_delete=models.PROTECT,
        related_name="occupations",
    )
    short_description = models.TextField(_("Kurzbeschreibung"), blank=True)
    typical_certificate = models.CharField(
        _("typischer Schulabschluss"),
        max_length=20,
        choices=SchoolCertificate.choices,
        blank=True,
        help_text=_("Welcher Abschluss bei Ausbildungsbeginn am häufigsten ist; leer: unbekannt."),
    )
    duration = models.CharField(
        _("Ausbildungsdauer"),
        max_length=60,
        blank=True,
        help_text=_("Wie in der Quelle angegeben, z. B. „3 Jahre“; leer, wenn nicht belegt."),
    )
    source_name = models.CharField(
        _("Quelle"),
        max_length=200,
        help_text=_(
            "Woher Name und Angaben stammen, z. B. „BIBB: Verzeichnis der anerkannten "
            "Ausbildungsberufe“."
        ),
    )
    source_url = models.URLField(_("Adresse der Quelle"), blank=True)

    objects = OccupationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Beruf")
        verbose_name_plural = _("Berufe")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("careers:occupation-detail", kwargs={"slug": self.slug})


class PlaceStatus(models.TextChoices):
    """The same editorial steps and values as offers' (offers.models.EditorialStatus)."""

    DRAFT = "entwurf", _("Entwurf")
    REVIEW = "pruefung", _("in Prüfung")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")
    ARCHIVED = "archiviert", _("archiviert")
    REJECTED = "abgelehnt", _("abgelehnt")


class PlaceKind(models.TextChoices):
    SCHOOL_INTERNSHIP = "schuelerpraktikum", _("Schülerpraktikum")
    PRACTICE_DAY = "praxistag", _("Praxistag")
    HOLIDAY_INTERNSHIP = "ferienpraktikum", _("Ferienpraktikum")
    INTERNSHIP_WEEK = "praktikumswoche", _("Praktikum in der Praktikumswoche")
    APPRENTICESHIP = "ausbildung", _("Ausbildungsplatz")
    DUAL_STUDY = "duales-studium", _("duales Studium")


INTERNSHIP_KINDS = (
    PlaceKind.SCHOOL_INTERNSHIP,
    PlaceKind.PRACTICE_DAY,
    PlaceKind.HOLIDAY_INTERNSHIP,
    PlaceKind.INTERNSHIP_WEEK,
)


class PlaceQuerySet(ReviewedQuerySet):
    def public(self, today=None):
        """Published places whose validity has not ended (as offers' public())."""
        today = today or timezone.localdate()
        return self.filter(
            Q(status=PlaceStatus.PUBLISHED),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def for_region(self, region):
        return self.filter(region=region)

    def internships(self):
        return self.filter(kind__in=INTERNSHIP_KINDS)

    def apprenticeships(self):
        return self.exclude(kind__in=INTERNSHIP_KINDS)

    def dated(self):
        return self.filter(starts_on__isnull=False)

    def of_actors(self, actors):
        return self.filter(actor__in=actors)


class Place(ReviewedModel, LocatedModel, ContactModel):
    """An internship or apprenticeship place of an employer (or a chamber, authority,
    association) in a Bildungsregion."""

    Kind = PlaceKind
    Status = PlaceStatus
    Certificate = SchoolCertificate

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="places"
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("Betrieb / Einrichtung"),
        on_delete=models.PROTECT,
        related_name="places",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=PlaceKind.choices)
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("Beruf"),
        on_delete=models.PROTECT,
        related_name="places",
        null=True,
        blank=True,
        help_text=_("Der Ausbildungsberuf, den der Platz zeigt oder in dem ausgebildet wird."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=220, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    number_of_places = models.PositiveSmallIntegerField(
        _("Zahl der Plätze"), default=1, validators=[MinValueValidator(1)]
    )
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    ends_on = models.DateField(
        _("Ende"), null=True, blank=True, help_text=_("Bei Praktika: der letzte Tag.")
    )
    period_note = models.CharField(
        _("Zeitraum (Hinweis)"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „nach Absprache“ oder „jeden Mittwoch im zweiten Halbjahr“"),
    )
    certificate = models.CharField(
        _("erwarteter Schulabschluss"),
        max_length=20,
        choices=SchoolCertificate.choices,
        blank=True,
        help_text=_("Leer: kein bestimmter Abschluss erwartet (z. B. bei Schülerpraktika)."),
    )
    contact_name = models.CharField(
        _("Ansprechperson"),
        max_length=120,
        blank=True,
        help_text=_("Name oder Funktion, z. B. „Ausbildungsleitung“."),
    )
    how_to_apply = models.TextField(
        _("So bewerben Sie sich"),
        blank=True,
        help_text=_("Welche Unterlagen, bis wann, auf welchem Weg."),
    )
    application_url = models.URLField(_("Bewerbung online"), blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(
        _("gültig bis"),
        null=True,
        blank=True,
        help_text=_("Danach erscheint der Platz nicht mehr, z. B. nach der Bewerbungsfrist."),
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=PlaceStatus.choices, default=PlaceStatus.DRAFT
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    # Kept by careers.search: SQLite's folded, stemmed document (PostgreSQL: the hidden
    # column search_vector of migration 0002).
    search_text = models.TextField(_("Suchtext"), editable=False, default="")

    objects = PlaceQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("Praktikums- oder Ausbildungsplatz")
        verbose_name_plural = _("Praktikums- und Ausbildungsplätze")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="place_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(number_of_places__gte=1), name="place_number_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PlaceStatus.values), name="place_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=PlaceKind.values), name="place_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "region"], name="place_status_region_idx"),
            models.Index(fields=["latitude", "longitude"], name="place_coordinates_idx"),
            models.Index(fields=["starts_on"], name="place_starts_on_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("careers:place-detail", kwargs={"slug": self.slug})

    @property
    def is_internship(self):
        return self.kind in INTERNSHIP_KINDS

    @property
    def is_public(self):
        return self.status == PlaceStatus.PUBLISHED and (
            self.valid_until is None or self.valid_until >= timezone.localdate()
        )

    @property
    def contact_address(self):
        """Where the contact form's mail goes: the place's contact, else the actor's."""
        return self.contact_email or self.actor.email
