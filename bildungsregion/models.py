import datetime

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import FieldDoesNotExist
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


# --- The link check (bildungsregion.linkcheck) ------------------------------------------------

# A link counts as broken after this many failed checks in a row: one timeout or one bad
# minute of a server does not alarm anybody.
BROKEN_AFTER_FAILURES = 2


class LinkResult(models.TextChoices):
    """What a link's last check found."""

    UNCHECKED = "", _("noch nicht geprüft")
    OK = "ok", _("in Ordnung")
    BROKEN = "defekt", _("Fehlerseite")
    UNREACHABLE = "nicht-erreichbar", _("nicht erreichbar")
    TIMEOUT = "zeitueberschreitung", _("Zeitüberschreitung")
    REDIRECT_ERROR = "weiterleitung", _("Weiterleitung ins Leere")
    REFUSED = "nicht-erlaubt", _("nicht öffentlich erreichbar")


class CheckedLinkQuerySet(models.QuerySet):
    def used(self):
        return self.filter(uses__isnull=False).distinct()

    def broken(self):
        return self.filter(consecutive_failures__gte=BROKEN_AFTER_FAILURES)

    def due(self, now=None, *, interval=None):
        """Links not checked within ``interval`` (a timedelta) before ``now``."""
        now = now or timezone.now()
        return self.filter(
            models.Q(checked_at__isnull=True) | models.Q(checked_at__lte=now - interval)
        )


class CheckedLink(models.Model):
    """One web address that some entry shows, and what its last check found.

    Kept by bildungsregion.linkcheck: the rows are created for the addresses the registered
    fields hold (LinkUse) and updated by ``manage.py check_links``; nobody edits them.
    """

    Result = LinkResult

    # Web addresses can be longer than an index entry may be (PostgreSQL's B-tree takes about
    # 2,700 bytes): the unique index is on the SHA-256 of the address.
    url = models.TextField(_("Adresse"))
    url_hash = models.CharField(_("Prüfsumme der Adresse"), max_length=64, unique=True)
    result = models.CharField(
        _("Ergebnis"), max_length=20, choices=Result.choices, default=Result.UNCHECKED, blank=True
    )
    status_code = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    detail = models.CharField(
        _("Fehlermeldung"),
        max_length=300,
        blank=True,
        help_text=_("Was die Verbindung meldete, z. B. „Connection refused“."),
    )
    final_url = models.TextField(_("Ziel der Weiterleitung"), blank=True)
    checked_at = models.DateTimeField(_("zuletzt geprüft"), null=True, blank=True)
    first_failed_at = models.DateTimeField(
        _("fehlerhaft seit"),
        null=True,
        blank=True,
        help_text=_("Die erste der Prüfungen, die seit der letzten erfolgreichen fehlschlugen."),
    )
    consecutive_failures = models.PositiveSmallIntegerField(_("Fehlschläge in Folge"), default=0)

    objects = CheckedLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("geprüfter Link")
        verbose_name_plural = _("geprüfte Links")
        ordering = ["url"]
        indexes = [
            models.Index(fields=["checked_at"], name="checkedlink_checked_at_idx"),
            models.Index(fields=["consecutive_failures"], name="checkedlink_failures_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__in=LinkResult.values),
                name="checkedlink_result_valid",
            ),
        ]

    def __str__(self):
        return self.url

    @property
    def is_broken(self):
        """As CheckedLinkQuerySet.broken()."""
        return self.consecutive_failures >= BROKEN_AFTER_FAILURES

    @property
    def problem(self):
        """What is wrong, for people: "Seite nicht gefunden (404)", "Zeitüberschreitung"."""
        return problem_text(self.result, self.status_code)


# HTTP status → what it means for somebody following the link.
STATUS_TEXTS = {
    400: _("Ungültige Anfrage"),
    401: _("Anmeldung erforderlich"),
    403: _("Zugriff verweigert"),
    404: _("Seite nicht gefunden"),
    410: _("Seite entfernt"),
    429: _("zu viele Anfragen"),
    500: _("Fehler des Servers"),
    502: _("Server nicht verfügbar"),
    503: _("Server nicht verfügbar"),
    504: _("Server antwortet nicht"),
}


def problem_text(result, status_code):
    """The German description of a check's result (empty for a link in order)."""
    Result = LinkResult
    if result in (Result.OK, Result.UNCHECKED):
        return ""
    if result in (Result.BROKEN, Result.REDIRECT_ERROR) and status_code:
        default = _("Fehler des Servers") if status_code >= 500 else _("Seite nicht abrufbar")
        text = f"{STATUS_TEXTS.get(status_code, default)} ({status_code})"
        if result == Result.REDIRECT_ERROR:
            return _("Weiterleitung auf eine Fehlerseite: %(text)s") % {"text": text}
        return text
    if result == Result.REDIRECT_ERROR:
        return _("zu viele oder fehlerhafte Weiterleitungen")
    if result == Result.TIMEOUT:
        return _("Zeitüberschreitung: Der Server antwortet nicht rechtzeitig")
    if result == Result.REFUSED:
        return _("Adresse im internen Netz, öffentlich nicht erreichbar")
    return _("Server nicht erreichbar")


class LinkUseQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(link__consecutive_failures__gte=BROKEN_AFTER_FAILURES)


class LinkUse(models.Model):
    """A web address in one field of one entry (an offer's online registration, an actor's
    website …). Derived data: bildungsregion.linkcheck keeps these rows right on every save
    and delete of a registered model (and ``linkcheck.rebuild()`` after bulk writes)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("Art des Eintrags"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("Nummer des Eintrags"))
    entry = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("Feld"), max_length=64)
    link = models.ForeignKey(
        CheckedLink, verbose_name=_("Link"), on_delete=models.CASCADE, related_name="uses"
    )
    # The entry's region, for scoping (regions.scoping.REGION_PATHS). A plain number: this
    # floor knows no regions; the registration says where an entry keeps its region.
    region_id = models.PositiveBigIntegerField(_("Region"), null=True, blank=True)

    objects = LinkUseQuerySet.as_manager()

    class Meta:
        # The unique constraint's index (content type, object first) finds an entry's uses.
        verbose_name = _("Link in einem Eintrag")
        verbose_name_plural = _("Links in Einträgen")
        ordering = ["content_type", "object_id", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "link"], name="linkuse_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["region_id"], name="linkuse_region_idx"),
        ]

    def __str__(self):
        return f"{self.entry_label}: {self.link.url}"

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def field_label(self):
        """The field's name as its form shows it ("Website", "Anmeldung online")."""
        model = self.model
        try:
            return str(model._meta.get_field(self.field).verbose_name) if model else self.field
        except FieldDoesNotExist:
            return self.field

    @property
    def entry_label(self):
        model = self.model
        kind = str(model._meta.verbose_name) if model else self.content_type.model
        return f"{kind} „{self.entry}“" if self.entry is not None else kind


class BrokenLinkManager(models.Manager.from_queryset(LinkUseQuerySet)):
    def get_queryset(self):
        return super().get_queryset().broken()


class BrokenLink(LinkUse):
    """The office's list "Defekte Links": the uses of links that failed BROKEN_AFTER_FAILURES
    checks in a row (a proxy, so that it has its own permission and admin)."""

    objects = BrokenLinkManager()

    class Meta:
        proxy = True
        verbose_name = _("defekter Link")
        verbose_name_plural = _("Defekte Links")
        ordering = ["-link__first_failed_at", "content_type", "object_id", "field"]


class DemoMark(models.Model):
    """Left by ``manage.py demo_data``: this installation holds demo data, so its mail reaches
    example domains only (bildungsregion.mail.is_demo). One row; delete it – or set up the
    installation afresh – when the portal goes live with real data."""

    created_at = models.DateTimeField(_("Demodaten geladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Demo-Kennzeichen")
        verbose_name_plural = _("Demo-Kennzeichen")

    def __str__(self):
        return _("Demodaten seit %(date)s") % {
            "date": timezone.localtime(self.created_at).strftime("%d.%m.%Y")
        }
