from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bildungsregion.models import ReviewedModel, ReviewedQuerySet
from regions.models import LocatedModel, Region, RegionScopedQuerySet


class ActorQuerySet(RegionScopedQuerySet):
    def partners(self):
        return self.exclude(partner_role="")

    def schools(self):
        return self.filter(kind__in=Actor.SCHOOL_KINDS)

    def of_member(self, user, *, may_invite=False):
        """The institutions ``user`` acts for (InstitutionMembership): the one rule of whose
        entries a person keeps in the provider area. None for anonymous and inactive users.
        ``may_invite``: only those for which the membership may invite colleagues (one join,
        so that the condition holds for the user's own membership)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        condition = {"user_memberships__user": user}
        if may_invite:
            condition["user_memberships__can_invite"] = True
        return self.filter(**condition)


class Actor(ReviewedModel, LocatedModel):
    """An institution of the education landscape: Kita, school, chamber, company, library …"""

    class Kind(models.TextChoices):
        KITA = "kita", _("Kita")
        PRIMARY_SCHOOL = "grundschule", _("Grundschule")
        OBERSCHULE = "oberschule", _("Oberschule")
        GYMNASIUM = "gymnasium", _("Gymnasium")
        IGS = "igs", _("Gesamtschule (IGS/KGS)")
        SPECIAL_SCHOOL = "foerderschule", _("Förderschule")
        BBS = "bbs", _("Berufsbildende Schule")
        UNIVERSITY = "hochschule", _("Hochschule")
        VHS = "vhs", _("Volkshochschule")
        MUSIC_SCHOOL = "musikschule", _("Musikschule")
        LIBRARY = "bibliothek", _("Bibliothek")
        CHAMBER = "kammer", _("Kammer")
        COMPANY = "unternehmen", _("Unternehmen")
        AUTHORITY = "behoerde", _("Behörde")
        EMPLOYMENT_AGENCY = "arbeitsagentur", _("Agentur für Arbeit / Jobcenter")
        ASSOCIATION = "verein", _("Verein / Verband")
        YOUTH_WELFARE = "jugendhilfe", _("Jugendhilfe / Familienzentrum")
        REPRESENTATION = "vertretung", _("Eltern- / Schülervertretung")
        OTHER = "sonstige", _("Sonstige Einrichtung")

    SCHOOL_KINDS = (
        Kind.PRIMARY_SCHOOL,
        Kind.OBERSCHULE,
        Kind.GYMNASIUM,
        Kind.IGS,
        Kind.SPECIAL_SCHOOL,
        Kind.BBS,
    )

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="actors"
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("Beschreibung"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=80, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    partner_role = models.CharField(
        _("Rolle als Kooperationspartner"),
        max_length=300,
        blank=True,
        help_text=_(
            "Ausgefüllt, wenn der Akteur Kooperationspartner der Bildungsregion ist, z. B. "
            "„begleitet die Bildungsregion mit der Ist-Stand-Analyse“. Er erscheint dann auf der "
            "Seite der Region unter „Partner“."
        ),
    )
    is_public = models.BooleanField(
        _("öffentlich"), default=True, help_text=_("Nur öffentliche Akteure erscheinen im Portal.")
    )

    objects = ActorQuerySet.as_manager()

    search_text = models.TextField(_("Suchtext"), editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="actor_unique_name_per_region"),
        ]
        indexes = [
            models.Index(fields=["region", "kind"], name="actor_region_kind_idx"),
            models.Index(fields=["is_public", "name"], name="actor_public_name_idx"),
            models.Index(fields=["latitude", "longitude"], name="actor_coordinates_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actors:actor-detail", kwargs={"slug": self.slug})

    @property
    def is_school(self):
        return self.kind in self.SCHOOL_KINDS


class InstitutionMembership(models.Model):
    """A user who acts for an institution: keeps its profile, offers and events in the
    provider area (/mein-bereich/). Any kind of actor may have members; one person may work for
    several institutions (one row each).

    ``can_invite``: the member may invite colleagues for this institution
    (/mein-bereich/kolleginnen-und-kollegen/, actors.invitations). The office grants it: the
    people it invites or adds get it unless it unticks the box, because the office knows whom it
    gave the institution's access. A colleague invited by a member gets it only if the inviting
    member ticks it, so that an institution's circle grows only as far as its members decide.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        on_delete=models.CASCADE,
        related_name="institution_memberships",
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("Einrichtung"),
        on_delete=models.CASCADE,
        related_name="user_memberships",
    )
    can_invite = models.BooleanField(
        _("darf Kolleginnen und Kollegen einladen"),
        default=True,
        help_text=_(
            "Die Person kann unter „Mein Bereich“ weitere Personen für diese Einrichtung einladen."
        ),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Zugang für eine Einrichtung")
        verbose_name_plural = _("Zugänge für Einrichtungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "actor"], name="institutionmembership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.actor}"


class WorkingGroup(ReviewedModel):
    """An AG, network, Steuergruppe or Bündnis of a Bildungsregion."""

    class Kind(models.TextChoices):
        WORKING_GROUP = "ag", _("Arbeitsgruppe")
        NETWORK = "netzwerk", _("Netzwerk")
        STEERING_GROUP = "steuergruppe", _("Steuergruppe")
        ALLIANCE = "buendnis", _("Bündnis")

    class Article(models.TextChoices):
        """The German article of the group's name: "das Netzwerk …", "die AG …"."""

        MASCULINE = "der", "der"
        FEMININE = "die", "die"
        NEUTER = "das", "das"

    # The article of a name that starts with its kind ("Netzwerk der Bildungsregion Stade").
    KIND_ARTICLES = {
        Kind.WORKING_GROUP: Article.FEMININE,
        Kind.NETWORK: Article.NEUTER,
        Kind.STEERING_GROUP: Article.FEMININE,
        Kind.ALLIANCE: Article.NEUTER,
    }

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="working_groups"
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=200)
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP
    )
    article = models.CharField(
        _("Artikel des Namens"),
        max_length=3,
        choices=Article.choices,
        blank=True,
        help_text=_(
            "Wie der Name im Satz steht: „das Bildungsnetzwerk …“, „die Ausbildungsregion …“. "
            "Leer: der Artikel der Art (die Arbeitsgruppe, das Netzwerk, die Steuergruppe, "
            "das Bündnis)."
        ),
    )
    purpose = models.TextField(_("Ziel und Aufgabe"))
    contact_email = models.EmailField(_("Kontakt (E-Mail)"), blank=True)
    members = models.ManyToManyField(
        Actor,
        verbose_name=_("Mitglieder"),
        through="WorkingGroupMembership",
        related_name="working_groups",
        blank=True,
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)

    objects = RegionScopedQuerySet.as_manager()

    search_text = models.TextField(_("Suchtext"), editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("Arbeitsgruppe")
        verbose_name_plural = _("Arbeitsgruppen")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="workinggroup_unique_slug"),
        ]

    def __str__(self):
        return self.name

    @property
    def name_article(self):
        """ "der", "die" or "das": the field's, else the one of the group's kind."""
        return self.article or self.KIND_ARTICLES.get(self.kind, self.Article.FEMININE)

    @property
    def name_with_article(self):
        """The name as a sentence's subject: "das Netzwerk der Bildungsregion Stade"."""
        return f"{self.name_article} {self.name}"

    @property
    def members_caption(self):
        """ "Mitglieder im Netzwerk …", "Mitglieder in der AG …" (in English "Members of …")."""
        if self.name_article == self.Article.FEMININE:
            return _("Mitglieder in der %(name)s") % {"name": self.name}
        return _("Mitglieder im %(name)s") % {"name": self.name}

    def get_absolute_url(self):
        return reverse(
            "regions:workinggroup-detail",
            kwargs={"region_slug": self.region.slug, "slug": self.slug},
        )


class WorkingGroupMembership(models.Model):
    """An actor's seat in a working group, with its role there."""

    class Role(models.TextChoices):
        CHAIR = "vorsitz", _("Vorsitz")
        OFFICE = "geschaeftsfuehrung", _("Geschäftsführung")
        MEMBER = "mitglied", _("Mitglied")
        ADVISORY = "beratend", _("beratendes Mitglied")
        GUEST = "gast", _("Gast")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("Arbeitsgruppe"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("Akteur"), on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    note = models.CharField(
        _("Hinweis"), max_length=200, blank=True, help_text=_("z. B. „vertritt die Wirtschaft“")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["working_group", "role", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "actor"], name="workinggroupmembership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()})"


class MeetingQuerySet(ReviewedQuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(ReviewedModel):
    """A meeting of a working group, with public or internal minutes."""

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("Arbeitsgruppe"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.CharField(_("Ort"), max_length=200, blank=True)
    agenda = models.TextField(_("Tagesordnung"), blank=True)
    minutes = models.TextField(_("Protokoll"), blank=True)
    minutes_public = models.BooleanField(
        _("Protokoll öffentlich"),
        default=False,
        help_text=_("Nur öffentliche Protokolle erscheinen auf der Seite der Arbeitsgruppe."),
    )

    objects = MeetingQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["working_group", "starts_at"], name="meeting_group_start_idx")
        ]

    def __str__(self):
        label = self.title or self.working_group.name
        return f"{label}, {timezone.localtime(self.starts_at):%d.%m.%Y}"

    def get_absolute_url(self):
        return self.working_group.get_absolute_url() + "#sitzungen"
