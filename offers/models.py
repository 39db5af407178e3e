from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, router, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from actors.models import Actor
from bildungsregion import languages as language_table
from bildungsregion.fields import LanguagesField, default_languages
from bildungsregion.models import ContactModel, ReviewedModel, ReviewedQuerySet
from bildungsregion.text import in_language
from regions.models import LocatedModel, Municipality, Region


class MaskBitModel(models.Model):
    """Rows the offer list filters by bit masks (life stages, topics, transitions): each row
    owns one bit position of OfferIndex's BIGINT masks, 0 to MAX_BIT (bit 63 is the sign).

    The position is its own column, not the primary key (which only grows): a new row takes
    the lowest free position when it is first saved, a deleted row frees its position. When
    all positions are taken, creating one more fails with a clear ValidationError (``clean``
    for the admin's form, ``save`` for every other path) instead of filtering to nothing.
    """

    MAX_BIT = 62

    bit = models.SmallIntegerField(
        _("Position in der Filtermaske"),
        unique=True,
        editable=False,
        blank=True,  # assigned by save(); full_clean() of a new row must not ask for it
        help_text=_("Wird beim Anlegen vergeben; die Angebotsliste filtert mit ihr."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Saves; a new row takes the lowest free bit position first. The choice and the
        INSERT run in one transaction (a savepoint inside the caller's): SQLite serialises it
        (transactions begin IMMEDIATE, taking the write lock), and on PostgreSQL a row saved
        at the same time by another transaction may take the same position, so the unique
        constraint refuses the later INSERT: then the position is chosen again, among those
        still free."""
        if self.bit is not None:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "bit"}
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        for _attempt in range(self.MAX_BIT + 1):
            try:
                with transaction.atomic(using=using):
                    self.bit = self.free_bit(using=using)
                    if self.bit is None:
                        raise self._no_free_bit()
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                taken, self.bit = self.bit, None
                if not self.bit_taken(taken, using=using):
                    raise  # another constraint refused the row
        raise self._no_free_bit()

    @classmethod
    def bit_constraint(cls, name):
        return models.CheckConstraint(
            condition=Q(bit__gte=0) & Q(bit__lte=cls.MAX_BIT), name=f"{name}_bit_in_range"
        )

    def free_bit(self, *, using=None):
        """The lowest bit position no other row holds, or None when all are taken."""
        taken = set(self._others(using).values_list("bit", flat=True))
        return next((bit for bit in range(self.MAX_BIT + 1) if bit not in taken), None)

    def bit_taken(self, bit, *, using=None):
        """Whether another row holds ``bit``."""
        return self._others(using).filter(bit=bit).exists()

    def _others(self, using):
        rows = type(self)._default_manager
        return (rows.using(using) if using else rows).exclude(pk=self.pk)

    def _no_free_bit(self):
        return ValidationError(
            _(
                "Es gibt bereits %(count)d %(things)s: Mehr kann die Angebotsliste nicht "
                "unterscheiden. Bitte löschen Sie zuerst einen nicht mehr benötigten Eintrag "
                "oder fassen Sie Einträge zusammen."
            )
            % {"count": self.MAX_BIT + 1, "things": self._meta.verbose_name_plural},
            code="no_free_bit",
        )

    def clean(self):
        super().clean()
        if self.bit is None and self.free_bit() is None:
            raise self._no_free_bit()


class EnglishNameModel(models.Model):
    """A row of the portal's vocabulary (life stage, transition, topic): named in German, with
    an English name for the English pages (filled by migration 0011 from its reviewed table;
    editors keep it in the admin). ``display_name`` – and ``str()`` – is the name in the active
    language; search and addresses keep using the German ``name``."""

    name_en = models.CharField(
        _("Name auf Englisch"),
        max_length=120,
        blank=True,
        help_text=_("Für die englische Fassung der Seiten; leer: der deutsche Name."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return in_language(self.name, self.name_en)


class EnglishSummaryModel(EnglishNameModel):
    """Also the summary in English (``display_summary``)."""

    summary_en = models.TextField(
        _("Kurzbeschreibung auf Englisch"),
        blank=True,
        help_text=_("Für die englische Fassung der Seiten; leer: die deutsche Kurzbeschreibung."),
    )

    class Meta:
        abstract = True

    @property
    def display_summary(self):
        return in_language(self.summary, self.summary_en)


class LifeStage(EnglishSummaryModel, MaskBitModel):
    """A stage of the life course, from early childhood to old age."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), unique=True)
    age_from = models.PositiveSmallIntegerField(_("Alter von"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("Alter bis"), null=True, blank=True)
    is_cross_cutting = models.BooleanField(
        _("begleitet alle Phasen"),
        default=False,
        help_text=_("z. B. „Familie und Eltern“: gehört zu keinem bestimmten Alter."),
    )
    summary = models.TextField(_("Kurzbeschreibung"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Lebensphase")
        verbose_name_plural = _("Lebensphasen")
        ordering = ["position"]
        constraints = [
            MaskBitModel.bit_constraint("lifestage"),
            models.CheckConstraint(
                condition=Q(age_from__isnull=True)
                | Q(age_to__isnull=True)
                | Q(age_to__gte=F("age_from")),
                name="lifestage_age_range_valid",
            ),
        ]

    def get_absolute_url(self):
        return reverse("offers:lifestage-detail", kwargs={"slug": self.slug})

    @property
    def age_label(self):
        if self.age_from is not None and self.age_to is not None:
            return _("%(a)s–%(b)s Jahre") % {"a": self.age_from, "b": self.age_to}
        if self.age_from is not None:
            return _("ab %(a)s Jahren") % {"a": self.age_from}
        return ""


class Transition(EnglishSummaryModel, MaskBitModel):
    """A transition between two neighbouring life stages (Übergang), with a page of its own."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=120, unique=True)
    from_stage = models.ForeignKey(
        LifeStage, verbose_name=_("von"), on_delete=models.PROTECT, related_name="transitions_out"
    )
    to_stage = models.ForeignKey(
        LifeStage, verbose_name=_("nach"), on_delete=models.PROTECT, related_name="transitions_in"
    )
    summary = models.TextField(_("Kurzbeschreibung"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Übergang")
        verbose_name_plural = _("Übergänge")
        ordering = ["from_stage__position"]
        constraints = [
            MaskBitModel.bit_constraint("transition"),
            models.UniqueConstraint(fields=["from_stage", "to_stage"], name="transition_unique"),
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")), name="transition_distinct_stages"
            ),
        ]

    def get_absolute_url(self):
        return reverse("offers:transition-detail", kwargs={"slug": self.slug})


class Topic(EnglishNameModel, MaskBitModel):
    """A subject area (Thema) of offers: Sprache, MINT, Kultur, Berufsorientierung …"""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["name"]
        constraints = [MaskBitModel.bit_constraint("topic")]

    def get_absolute_url(self):
        return reverse("offers:offer-list") + f"?thema={self.slug}"


class LearningSetting(models.TextChoices):
    FORMAL = "formal", _("formal")
    NON_FORMAL = "non-formal", _("non-formal")
    INFORMAL = "informell", _("informell")


class OfferFormat(models.TextChoices):
    ON_SITE = "praesenz", _("vor Ort")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid")


class EditorialStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    REVIEW = "pruefung", _("in Prüfung")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")
    ARCHIVED = "archiviert", _("archiviert")
    # A new offer of a provider that the Bildungsbüro did not publish (offers.moderation.reject).
    REJECTED = "abgelehnt", _("abgelehnt")


class PublicOffersMixin:
    """The rule which offers the public sees, for Offer and for its list table OfferIndex
    (both have ``status`` and ``valid_until``); ``Offer.is_public`` says it for one offer."""

    def public(self, today=None):
        """Published offers whose validity has not ended (``valid_until`` empty, today or
        later)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(status=EditorialStatus.PUBLISHED),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def running(self, today=None):
        """The public ones: published and not past their validity (the same as public())."""
        return self.public(today)

    def ended(self, today=None):
        """Published, but their validity date has passed: they ended by themselves."""
        today = today or timezone.localdate()
        return self.filter(status=EditorialStatus.PUBLISHED, valid_until__lt=today)


class OfferQuerySet(PublicOffersMixin, ReviewedQuerySet):
    def for_region(self, region):
        return self.filter(region=region)

    def job_related(self):
        """Offers for working life and continuing education (the openQ-cat export, for
        KURSNET): those of a life stage in ``Offer.JOB_RELATED_LIFE_STAGES`` ("Beruf und
        Weiterbildung") or of a topic in ``Offer.JOB_RELATED_TOPICS`` ("Abschlüsse und
        Qualifizierung": Umschulung, berufliche Qualifizierung, Abschlüsse nachholen)."""
        stages = Offer.life_stages.through.objects.filter(
            offer_id=OuterRef("pk"), lifestage__slug__in=Offer.JOB_RELATED_LIFE_STAGES
        )
        topics = Offer.topics.through.objects.filter(
            offer_id=OuterRef("pk"), topic__slug__in=Offer.JOB_RELATED_TOPICS
        )
        return self.filter(Exists(stages) | Exists(topics))

    def for_life_stage(self, stage):
        return self.filter(life_stages=stage)


class Offer(ReviewedModel, LocatedModel, ContactModel):
    """A learning offer (Bildungsangebot) of an actor in a Bildungsregion."""

    Status = EditorialStatus
    Setting = LearningSetting
    Format = OfferFormat

    # What makes an offer job-related (OfferQuerySet.job_related): slugs of the vocabulary of
    # migration 0002.
    JOB_RELATED_LIFE_STAGES = ("beruf-und-weiterbildung",)
    JOB_RELATED_TOPICS = ("abschluesse-und-qualifizierung",)

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="offers"
    )
    provider = models.ForeignKey(
        Actor, verbose_name=_("Anbieter"), on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=220, unique=True)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    learning_setting = models.CharField(
        _("Lernform"),
        max_length=12,
        choices=LearningSetting.choices,
        help_text=_(
            "formal: mit anerkanntem Abschluss (Schule, Ausbildung, Studium); non-formal: "
            "organisiertes Lernen ohne Abschluss (VHS, Musikschule, Verein); informell: Lernen "
            "im Alltag (Bibliothek, offene Treffs)."
        ),
    )
    life_stages = models.ManyToManyField(
        LifeStage, verbose_name=_("Lebensphasen"), related_name="offers"
    )
    transitions = models.ManyToManyField(
        Transition, verbose_name=_("Übergänge"), related_name="offers", blank=True
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("Themen"), related_name="offers")
    # With a context: django-import-export's German catalogue has "Format" → "Dateiformat"
    # (the file format of its forms), which a plain _("Format") would pick up.
    format = models.CharField(
        pgettext_lazy("Durchführung eines Angebots", "Format"),
        max_length=10,
        choices=OfferFormat.choices,
        default=OfferFormat.ON_SITE,
    )
    venue = models.CharField(_("Ort / Raum"), max_length=200, blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("Alter ab"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("Alter bis"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    is_free = models.BooleanField(_("kostenlos"), default=False)
    cost = models.DecimalField(
        _("Kosten (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_note = models.CharField(
        _("Hinweis zu Kosten"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Ermäßigung mit Bildungskarte“"),
    )
    schedule = models.CharField(
        _("Zeiten"), max_length=200, blank=True, help_text=_("z. B. „dienstags 15–16.30 Uhr“")
    )
    registration_required = models.BooleanField(_("Anmeldung erforderlich"), default=False)
    registration = models.TextField(
        _("Anmeldung"), blank=True, help_text=_("Wie melde ich mich an?")
    )
    registration_url = models.URLField(_("Anmeldung online"), blank=True)
    is_accessible = models.BooleanField(
        _("barrierefrei"), default=False, help_text=_("Stufenlos erreichbar und nutzbar.")
    )
    accessibility_note = models.CharField(
        _("Hinweise zur Barrierefreiheit"), max_length=300, blank=True
    )
    languages = LanguagesField(_("Sprachen"), default=default_languages)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=EditorialStatus.choices, default=EditorialStatus.DRAFT
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    # Kept by offers.search, never edited by hand. SQLite: the folded, stemmed search document;
    # PostgreSQL leaves it empty and uses the column search_vector (tsvector, created by
    # migration 0003, not a model field so that the ORM never loads it).
    search_text = models.TextField(_("Suchtext"), editable=False, default="")

    objects = OfferQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_text"],
        m2m_fields=["life_stages", "topics", "transitions"],
    )

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_max__gte=F("age_min")),
                name="offer_age_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="offer_validity_range_valid",
            ),
            models.CheckConstraint(
                condition=~Q(is_free=True, cost__gt=0), name="offer_free_has_no_cost"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EditorialStatus.values), name="offer_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "region"], name="offer_status_region_idx"),
            models.Index(fields=["status", "-published_at"], name="offer_status_published_idx"),
            models.Index(fields=["status", "title"], name="offer_status_title_idx"),
            models.Index(fields=["latitude", "longitude"], name="offer_coordinates_idx"),
            models.Index(fields=["last_reviewed"], name="offer_last_reviewed_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:offer-detail", kwargs={"slug": self.slug})

    @property
    def language_names(self):
        """The offer's languages by name, in the visitor's language."""
        return language_table.names(self.languages)

    @property
    def is_public(self):
        """As OfferQuerySet.public(): published, and the validity has not ended."""
        return self.status == EditorialStatus.PUBLISHED and (
            self.valid_until is None or self.valid_until >= timezone.localdate()
        )

    @property
    def has_ended(self):
        """Published, but past its validity (as OfferQuerySet.ended())."""
        return (
            self.status == EditorialStatus.PUBLISHED
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        )

    @property
    def status_label(self):
        """The status as shown: "beendet" for a published offer past its validity."""
        if self.has_ended:
            return _("beendet")
        return self.get_status_display()


class EventStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    REVIEW = "pruefung", _("wartet auf Freigabe")
    PUBLISHED = "veroeffentlicht", _("veröffentlicht")
    REJECTED = "abgelehnt", _("abgelehnt")
    CANCELLED = "abgesagt", _("abgesagt")
    ARCHIVED = "archiviert", _("archiviert")


class EventQuerySet(ReviewedQuerySet):
    def public(self):
        """Events the public may see: approved ones, and approved ones since cancelled."""
        return self.filter(status__in=Event.PUBLIC_STATUSES)

    def for_region(self, region):
        return self.filter(region=region)

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now))

    def careers_guidance(self):
        return self.filter(kind__in=Event.CAREERS_GUIDANCE_KINDS)

    def for_grade(self, grade):
        return self.filter(
            Q(grade_min__isnull=True) | Q(grade_min__lte=grade),
            Q(grade_max__isnull=True) | Q(grade_max__gte=grade),
        )

    def awaiting_moderation(self):
        return self.filter(status=Event.Status.REVIEW)


class Event(ReviewedModel, LocatedModel, ContactModel):
    """A dated event: careers-guidance events of schools, Fachtage, network meetings …"""

    class Kind(models.TextChoices):
        CAREERS_DAY = "berufsinformationstag", _("Berufsinformationstag")
        INTERNSHIP_FAIR = "praktikumsboerse", _("Praktikumsbörse")
        COMPANY_VISIT = "betriebserkundung", _("Betriebserkundung")
        APPLICATION_TRAINING = "bewerbungstraining", _("Bewerbungstraining")
        PARENTS_EVENING = "elternabend-bo", _("Elternabend zur Berufsorientierung")
        NETWORK_MEETING = "netzwerktreffen", _("Netzwerktreffen")
        CONFERENCE = "fachtag", _("Fachtag")
        EDUCATION_WEEK = "lange-woche", _("Lange Woche der Bildung")
        WORKSHOP = "workshop", _("Workshop / Kurs")
        INFO_EVENT = "infoveranstaltung", _("Informationsveranstaltung")
        OTHER = "sonstige", _("Sonstige Veranstaltung")

    Status = EventStatus

    CAREERS_GUIDANCE_KINDS = (
        Kind.CAREERS_DAY,
        Kind.INTERNSHIP_FAIR,
        Kind.COMPANY_VISIT,
        Kind.APPLICATION_TRAINING,
        Kind.PARENTS_EVENING,
    )
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="events"
    )
    organiser = models.ForeignKey(
        Actor, verbose_name=_("Veranstalter"), on_delete=models.PROTECT, related_name="events"
    )
    co_organisers = models.ManyToManyField(
        Actor, verbose_name=_("Mitveranstalter"), related_name="co_organised_events", blank=True
    )
    offer = models.ForeignKey(
        "Offer",
        verbose_name=_("zugehöriges Angebot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("Art"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=220, unique=True)
    description = models.TextField(_("Beschreibung"))
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    venue = models.CharField(_("Ort / Raum"), max_length=200, blank=True)
    grade_min = models.PositiveSmallIntegerField(
        _("ab Jahrgang"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(13)],
    )
    grade_max = models.PositiveSmallIntegerField(
        _("bis Jahrgang"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(13)],
    )
    capacity = models.PositiveIntegerField(_("Plätze"), null=True, blank=True)
    is_free = models.BooleanField(_("kostenlos"), default=True)
    registration = models.TextField(
        _("Anmeldung"), blank=True, help_text=_("Wie melde ich mich an?")
    )
    contact_name = models.CharField(_("Ansprechstelle"), max_length=160, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_events",
    )
    moderation_message = models.TextField(_("Nachricht der Moderation"), blank=True)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    search_text = models.TextField(_("Suchtext"), editable=False, default="")

    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_text"], m2m_fields=["co_organisers"]
    )

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(grade_min__isnull=True) | Q(grade_min__gte=5, grade_min__lte=13))
                & (Q(grade_max__isnull=True) | Q(grade_max__gte=5, grade_max__lte=13)),
                name="event_grades_in_range",
            ),
            models.CheckConstraint(
                condition=Q(grade_min__isnull=True)
                | Q(grade_max__isnull=True)
                | Q(grade_max__gte=F("grade_min")),
                name="event_grade_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start_idx"),
            models.Index(fields=["region", "status", "starts_at"], name="event_region_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:event-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        """As EventQuerySet.public()."""
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_careers_guidance(self):
        return self.kind in self.CAREERS_GUIDANCE_KINDS


class OfferIndexQuerySet(PublicOffersMixin, models.QuerySet):
    pass


class OfferIndex(models.Model):
    """A narrow copy of what the offer list filters, counts, sorts by and shows: one row per
    offer.

    The list, its counts and its search run on this table instead of on the wide offers
    (descriptions, contacts …), so that they stay fast with 100,000 offers. Life stages,
    topics and transitions are bit masks (bit = their ``MaskBitModel.bit``, not the primary
    key), so that one GROUP BY gives every count beside the filters. On PostgreSQL the table
    also carries the weighted tsvector column ``search_vector`` (created by migration, not a
    field).

    Derived data, kept right by the data layer (offers.indexing): every save, delete and m2m
    change of an offer, and every rename of what an offer shows (provider, municipality,
    region, topic, life stage, transition) refreshes the rows concerned once, when the
    transaction commits. The rule for writes that send no signals – ``bulk_create``,
    ``bulk_update``, ``QuerySet.update()``, raw SQL – is: run them inside
    ``offers.indexing.deferred_indexing(full=True)``, which rebuilds the index at its end
    (the demo data does). ``manage.py check_search_index`` finds and repairs any drift.
    """

    offer = models.OneToOneField(
        Offer, on_delete=models.CASCADE, primary_key=True, related_name="list_index"
    )
    status = models.CharField(max_length=16)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, related_name="+"
    )
    learning_setting = models.CharField(max_length=12)
    format = models.CharField(max_length=10)
    is_free = models.BooleanField()
    is_accessible = models.BooleanField()
    age_min = models.PositiveSmallIntegerField(null=True)
    age_max = models.PositiveSmallIntegerField(null=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    valid_until = models.DateField(null=True)
    published_at = models.DateTimeField(null=True)
    title = models.CharField(max_length=200)
    # What the list's cards show besides: read with the page's rows, in the same query.
    slug = models.SlugField(max_length=220, default="")
    summary = models.CharField(max_length=300, default="")
    provider_name = models.CharField(max_length=200, default="")
    municipality_name = models.CharField(max_length=120, default="")
    city = models.CharField(max_length=120, default="")
    life_stage_mask = models.BigIntegerField(default=0)
    topic_mask = models.BigIntegerField(default=0)
    transition_mask = models.BigIntegerField(default=0)
    search_text = models.TextField(default="")

    objects = OfferIndexQuerySet.as_manager()

    class Meta:
        verbose_name = _("Listeneintrag eines Angebots")
        verbose_name_plural = _("Listeneinträge der Angebote")
        default_permissions = ()
        indexes = [
            models.Index(
                fields=[
                    "status",
                    "region",
                    "learning_setting",
                    "format",
                    "is_free",
                    "is_accessible",
                    "life_stage_mask",
                    "topic_mask",
                    "transition_mask",
                    "valid_until",
                    "municipality",
                ],
                name="offerindex_facets_idx",
            ),
            models.Index(fields=["status", "-published_at"], name="offerindex_newest_idx"),
            models.Index(fields=["status", "title"], name="offerindex_title_idx"),
            # On PostgreSQL migration 0007 makes it covering (INCLUDE status, valid_until, title,
            # offer_id): the radius search sorts by distance from the index alone. Declared
            # here without, as SQLite cannot have it (and would warn).
            models.Index(fields=["latitude", "longitude"], name="offerindex_coordinates_idx"),
        ]

    def __str__(self):
        return self.title


class ChangeRequestQuerySet(models.QuerySet):
    def waiting(self):
        """Requests the Bildungsbüro has still to decide (approve or reject)."""
        return self.filter(status=ChangeRequest.Status.WAITING)

    def for_entry(self, entry):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(entry)), object_id=entry.pk
        )

    def close_new(self, entry, *, by, now=None):
        """The waiting "neu" request of ``entry`` counts as approved: the entry was published
        another way (the offer admin's "Veröffentlichen"). Called by offers.services."""
        return (
            self.for_entry(entry)
            .waiting()
            .filter(kind=ChangeRequest.Kind.NEW)
            .update(
                status=ChangeRequest.Status.APPROVED,
                decided_by=by,
                decided_at=now or timezone.now(),
            )
        )


class ChangeRequest(models.Model):
    """A provider's new entry or change, as the Bildungsbüro moderates it (offers.moderation).

    ``entry`` is the offer, event or actor (provider profile) concerned. ``before`` and
    ``after`` hold the changed fields' values as JSON (``offers.moderation.serialize``: foreign
    keys and many-to-many fields as primary keys, dates ISO): ``before`` the published ones at
    the time of the request, ``after`` the provider's. A "neu" request's ``after`` is the new
    entry's fields, its ``before`` empty. Kinds and statuses:

    - neu: a new entry waits (``wartet``) until it is approved (``freigegeben``, the entry is
      published) or rejected (``abgelehnt``);
    - inhaltliche Änderung: a substantive change of a published entry waits; the entry keeps
      its published values until approval applies ``after``. At most one waits per entry;
    - kleine Änderung: a minor change, applied at once (``übernommen``), listed for the office.
    """

    class Kind(models.TextChoices):
        NEW = "neu", _("neuer Eintrag")
        CHANGE = "inhaltlich", _("inhaltliche Änderung")
        MINOR = "klein", _("kleine Änderung")

    class Status(models.TextChoices):
        WAITING = "wartet", _("wartet auf Freigabe")
        APPROVED = "freigegeben", _("freigegeben")
        REJECTED = "abgelehnt", _("abgelehnt")
        APPLIED = "uebernommen", _("sofort übernommen")

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="change_requests"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("Art des Eintrags"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("Nummer des Eintrags"))
    entry = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("Art der Änderung"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.WAITING
    )
    before = models.JSONField(_("vorher"), encoder=DjangoJSONEncoder, default=dict, blank=True)
    after = models.JSONField(_("nachher"), encoder=DjangoJSONEncoder, default=dict, blank=True)
    entry_title = models.CharField(
        _("Eintrag"),
        max_length=200,
        blank=True,
        help_text=_("Titel oder Name des Eintrags zur Zeit der Einreichung."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_changes",
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entschieden von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_changes",
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    message = models.TextField(
        _("Nachricht an den Anbieter"),
        blank=True,
        help_text=_("Warum die Änderung abgelehnt wurde, was sich ändern müsste."),
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderung zur Freigabe")
        verbose_name_plural = _("Änderungen zur Freigabe")
        ordering = ["-submitted_at", "-pk"]
        default_permissions = ("view",)
        permissions = [
            ("moderate_changerequest", _("Kann Änderungen von Anbietern freigeben und ablehnen"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="wartet"),
                name="changerequest_one_waiting_per_entry",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["neu", "inhaltlich", "klein"]),
                name="changerequest_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["wartet", "freigegeben", "abgelehnt", "uebernommen"]),
                name="changerequest_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["region", "status", "-submitted_at"], name="changerequest_queue_idx"
            ),
            models.Index(fields=["status", "-submitted_at"], name="changerequest_status_idx"),
            models.Index(fields=["content_type", "object_id"], name="changerequest_entry_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.entry_title}"

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING


class ReviewReminder(models.Model):
    """One "Stand" reminder to a provider institution (offers.freshness): the entries that
    were due, when it went out, until when its link confirms them, and when it was answered."""

    actor = models.ForeignKey(
        Actor,
        verbose_name=_("Einrichtung"),
        on_delete=models.CASCADE,
        related_name="review_reminders",
    )
    offers = models.ManyToManyField(
        Offer, verbose_name=_("Angebote"), related_name="review_reminders", blank=True
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("Veranstaltungen"), related_name="review_reminders", blank=True
    )
    sent_at = models.DateTimeField(_("gesendet am"), default=timezone.now)
    expires_at = models.DateTimeField(_("Link gültig bis"))
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stand-Erinnerung")
        verbose_name_plural = _("Stand-Erinnerungen")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["actor", "-sent_at"], name="reminder_actor_sent_idx")]

    def __str__(self):
        return f"{self.actor} – {self.sent_at:%d.%m.%Y}"
