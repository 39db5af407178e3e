"""Funding calls (Ausschreibungen) of a region's funding programme, and the applications
institutions make to them.

A call belongs to a ``regions.FundingProgramme`` and so to its region. It says who may apply
(kinds of institution of ``actors.Actor.Kind``, always of the programme's region), until when,
with how much money in all and at most per application, which criteria the reviewers score and
which questions an application answers. What a call still holds is its budget less the amounts
granted to its applications (``Call.available``, the one rule).

The rules that change several rows (submit, decide) live in ``funding.services``.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor
from bildungsregion.models import ReviewedModel, ReviewedQuerySet
from bildungsregion.text import german_slugify
from regions.models import FundingProgramme
from regions.validators import DocumentFileValidator

AMOUNT = {"max_digits": 12, "decimal_places": 2}
# The statuses in which money counts as granted (against the call's budget).
GRANTED_STATUSES = ("bewilligt", "ausgezahlt", "nachweis_faellig", "abgeschlossen")
# The highest score a criterion may allow (each criterion sets its own ``max_score``).
MAX_SCORE = 10


class CallQuerySet(ReviewedQuerySet):
    def public(self):
        return self.filter(is_public=True, programme__is_public=True)

    def for_region(self, region):
        return self.filter(programme__region=region)

    def open(self, today=None):
        """Calls that take applications today: begun (or without a start) and not past their
        deadline (or without one)."""
        today = today or timezone.localdate()
        return self.filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today)).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today)
        )

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today)

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(opens_on__gt=today)

    def with_granted(self):
        """Annotates ``granted_total``: the sum granted to the call's applications."""
        return self.annotate(
            granted_total=Sum(
                "applications__granted_amount",
                filter=Q(applications__status__in=GRANTED_STATUSES),
                default=Decimal("0.00"),
            )
        )


class Call(ReviewedModel):
    """An Ausschreibung: a round of a funding programme that takes applications."""

    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("Förderprogramm"),
        on_delete=models.CASCADE,
        related_name="calls",
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=200, unique=True)
    summary = models.TextField(_("Beschreibung"))
    budget = models.DecimalField(
        _("Fördersumme (EUR)"),
        **AMOUNT,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Die Summe, die diese Ausschreibung insgesamt vergibt."),
    )
    max_amount = models.DecimalField(
        _("Höchstbetrag je Antrag (EUR)"),
        **AMOUNT,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Leer lassen, wenn es keinen Höchstbetrag gibt oder er nicht bekannt ist."),
    )
    opens_on = models.DateField(
        _("Anträge ab"),
        null=True,
        blank=True,
        help_text=_("Leer: Anträge sind schon jetzt möglich."),
    )
    deadline = models.DateField(
        _("Antragsfrist"),
        null=True,
        blank=True,
        help_text=_(
            "Der letzte Tag, an dem ein Antrag eingereicht werden kann. Leer: keine Frist bekannt."
        ),
    )
    period_start = models.DateField(_("Förderzeitraum von"), null=True, blank=True)
    period_end = models.DateField(_("Förderzeitraum bis"), null=True, blank=True)
    eligible_kinds = models.JSONField(
        _("Wer kann beantragen? (Arten von Einrichtungen)"),
        default=list,
        blank=True,
        help_text=_(
            "Einrichtungen dieser Arten aus der Region des Förderprogramms. Leer: keine "
            "Einrichtung kann online beantragen."
        ),
    )
    eligibility = models.TextField(
        _("Wer kann beantragen? (Beschreibung)"),
        help_text=_("So steht es auf der Seite der Ausschreibung."),
    )
    how_to_apply = models.TextField(_("Wie wird beantragt?"), blank=True)
    not_given = models.TextField(
        _("Nicht bekannte Angaben"),
        blank=True,
        help_text=_(
            "Was die Quelle der Ausschreibung nicht nennt (etwa Frist oder Kriterien); die "
            "Seite der Ausschreibung zeigt es als „nicht angegeben“."
        ),
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)

    objects = CallQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Ausschreibung")
        verbose_name_plural = _("Ausschreibungen")
        ordering = ["-deadline", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="call_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=0),
                name="call_max_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(deadline__isnull=True)
                | Q(opens_on__lte=models.F("deadline")),
                name="call_opens_before_deadline",
                violation_error_message=_("Die Antragsfrist liegt vor dem Beginn."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="call_period_in_order",
                violation_error_message=_("Der Förderzeitraum endet vor seinem Beginn."),
            ),
        ]
        indexes = [models.Index(fields=["is_public", "deadline"], name="call_public_deadline_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:call-detail", kwargs={"slug": self.slug})

    @property
    def region(self):
        return self.programme.region

    @property
    def granted(self):
        """The sum granted so far (annotated by ``with_granted`` or asked for)."""
        total = getattr(self, "granted_total", None)
        if total is None:
            total = self.applications.filter(status__in=GRANTED_STATUSES).aggregate(
                total=Sum("granted_amount", default=Decimal("0.00"))
            )["total"]
        return total

    @property
    def available(self):
        """What the budget still holds: the budget less the amounts granted (never below 0)."""
        return max(self.budget - self.granted, Decimal("0.00"))

    def is_open(self, today=None):
        today = today or timezone.localdate()
        begun = self.opens_on is None or self.opens_on <= today
        return begun and (self.deadline is None or today <= self.deadline)

    def is_past(self, today=None):
        today = today or timezone.localdate()
        return self.deadline is not None and self.deadline < today

    def eligible_kind_labels(self):
        labels = dict(Actor.Kind.choices)
        return [labels.get(kind, kind) for kind in self.eligible_kinds]

    def refusal_for(self, institution):
        """Why ``institution`` may not apply to this call (a German sentence), or "" if it may."""
        if institution.region_id != self.programme.region_id:
            return _(
                "%(institution)s liegt nicht in der Region %(region)s: nur Einrichtungen dieser "
                "Region können diese Förderung beantragen."
            ) % {"institution": institution.name, "region": self.programme.region.name}
        if institution.kind not in self.eligible_kinds:
            return _(
                "Einrichtungen der Art „%(kind)s“ können diese Förderung nicht beantragen."
            ) % {"kind": institution.get_kind_display()}
        return ""


class Criterion(models.Model):
    """A criterion of a call, which reviewers score (weighted)."""

    call = models.ForeignKey(
        Call, verbose_name=_("Ausschreibung"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("Kriterium"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Gewicht"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Von 1 bis 10: wie stark die Bewertung in die Gesamtpunktzahl eingeht."),
    )
    max_score = models.PositiveSmallIntegerField(
        _("Höchste Punktzahl"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SCORE)],
        help_text=_("Gutachterinnen und Gutachter vergeben 0 bis so viele Punkte (höchstens 10)."),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_unique_name"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=10), name="criterion_weight_range"
            ),
            models.CheckConstraint(
                condition=Q(max_score__gte=1, max_score__lte=MAX_SCORE),
                name="criterion_max_score_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.call.get_absolute_url() + "#kriterien"


class Question(models.Model):
    """A question every application to the call answers."""

    call = models.ForeignKey(
        Call, verbose_name=_("Ausschreibung"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("Frage"), max_length=300)
    help_text = models.CharField(_("Hinweis"), max_length=500, blank=True)
    required = models.BooleanField(_("Antwort nötig"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Frage im Antrag")
        verbose_name_plural = _("Fragen im Antrag")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.call.get_absolute_url()


class ApplicationStatus(models.TextChoices):
    DRAFT = "entwurf", _("Entwurf")
    SUBMITTED = "eingereicht", _("eingereicht")
    IN_REVIEW = "in_pruefung", _("in Prüfung")
    GRANTED = "bewilligt", _("bewilligt")
    REJECTED = "abgelehnt", _("abgelehnt")
    PAID = "ausgezahlt", _("Mittel ausgezahlt")
    REPORT_DUE = "nachweis_faellig", _("Verwendungsnachweis fällig")
    CLOSED = "abgeschlossen", _("abgeschlossen")


class ApplicationQuerySet(models.QuerySet):
    def of_user(self, user):
        """Applications of the institutions ``user`` is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(institution__user_memberships__user=user)

    def submitted(self):
        return self.exclude(status=ApplicationStatus.DRAFT)

    def funded_public(self):
        """Granted applications whose applicant agreed to be named, of public calls: the
        funded projects of the call and region pages."""
        return self.filter(
            status__in=GRANTED_STATUSES,
            publish_consent=True,
            call__is_public=True,
            call__programme__is_public=True,
        )


class Application(models.Model):
    """An institution's application to a call."""

    Status = ApplicationStatus

    call = models.ForeignKey(
        Call, verbose_name=_("Ausschreibung"), on_delete=models.PROTECT, related_name="applications"
    )
    institution = models.ForeignKey(
        Actor,
        verbose_name=_("Einrichtung"),
        on_delete=models.PROTECT,
        related_name="funding_applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("Titel des Vorhabens"), max_length=200)
    aims = models.TextField(_("Ziele"), blank=True)
    target_group = models.TextField(_("Zielgruppe"), blank=True)
    schedule = models.TextField(_("Zeitplan"), blank=True)
    partners = models.TextField(_("Partner"), blank=True)
    own_share = models.DecimalField(
        _("Eigenanteil (EUR)"),
        **AMOUNT,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    requested_amount = models.DecimalField(
        _("Beantragter Betrag (EUR)"),
        **AMOUNT,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    publish_consent = models.BooleanField(
        _("Veröffentlichung erlaubt"),
        default=False,
        help_text=_(
            "Wird der Antrag bewilligt, darf das Bildungsbüro das Vorhaben (Titel, Einrichtung, "
            "bewilligter Betrag) auf der Seite der Ausschreibung und der Region nennen."
        ),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ApplicationStatus.choices, default="entwurf"
    )
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("Bewilligter Betrag (EUR)"), **AMOUNT, null=True, blank=True
    )
    decision_reason = models.TextField(_("Begründung der Entscheidung"), blank=True)
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entschieden von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # After a grant: the payout, the report (Verwendungsnachweis) and the closing.
    paid_at = models.DateTimeField(_("ausgezahlt am"), null=True, blank=True)
    report_due_on = models.DateField(_("Verwendungsnachweis fällig am"), null=True, blank=True)
    report_reminded_before_at = models.DateTimeField(
        _("an den Verwendungsnachweis erinnert am"), null=True, blank=True
    )
    report_reminded_after_at = models.DateTimeField(
        _("an den überfälligen Verwendungsnachweis erinnert am"), null=True, blank=True
    )
    report_submitted_at = models.DateTimeField(
        _("Verwendungsnachweis eingereicht am"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abgeschlossen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Förderantrag")
        verbose_name_plural = _("Förderanträge")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_application", _("Kann Förderanträge bewerten")),
            ("decide_application", _("Kann über Förderanträge entscheiden")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(own_share__gte=0), name="application_own_share_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gt=0),
                name="application_requested_positive",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True)
                | (
                    Q(granted_amount__gte=0)
                    & Q(requested_amount__isnull=False)
                    & Q(granted_amount__lte=models.F("requested_amount"))
                ),
                name="application_granted_within_requested",
                violation_error_message=_(
                    "Der bewilligte Betrag darf den beantragten nicht übersteigen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="entwurf") | Q(submitted_at__isnull=False),
                name="application_submitted_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"], name="application_call_status_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.institution})"

    def get_absolute_url(self):
        return reverse("funding:application-detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self):
        return self.status == ApplicationStatus.DRAFT

    @property
    def region(self):
        return self.call.programme.region

    @property
    def takes_report(self):
        """The applicant may hand in (files of) the report: paid, not yet handed in."""
        return (
            self.status in (ApplicationStatus.PAID, ApplicationStatus.REPORT_DUE)
            and self.report_submitted_at is None
        )

    @property
    def cost_total(self):
        return sum((line.amount for line in self.cost_lines.all()), Decimal("0.00"))


class CostLine(models.Model):
    """A line of an application's cost plan."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("Förderantrag"),
        on_delete=models.CASCADE,
        related_name="cost_lines",
    )
    item = models.CharField(_("Posten"), max_length=200)
    amount = models.DecimalField(
        _("Betrag (EUR)"), **AMOUNT, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        verbose_name = _("Posten des Kostenplans")
        verbose_name_plural = _("Kostenplan")
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="costline_amount_positive"),
        ]

    def __str__(self):
        return f"{self.item}: {self.amount} €"


class Answer(models.Model):
    """An application's answer to one of its call's questions."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("Förderantrag"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("Antwort"), blank=True)

    class Meta:
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        ordering = ["application", "question__position", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="answer_unique"),
        ]

    def __str__(self):
        return f"{self.question}: {self.text[:60]}"


def attachment_upload_to(instance, filename):
    """``foerderantraege/<year>/<name>-<random>.<ext>``: no stored name can be guessed."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    return (
        f"foerderantraege/{timezone.localdate():%Y}/"
        f"{stem[:40]}-{secrets.token_urlsafe(12)}{dot}{extension[:10]}"
    )


class Attachment(models.Model):
    """A file attached to an application (checked like the Bildungsbüro's documents)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("Förderantrag"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("Bezeichnung"), max_length=200)
    file = models.FileField(
        _("Datei"),
        upload_to=attachment_upload_to,
        validators=[DocumentFileValidator()],
        help_text=_("PDF, Office- oder OpenDocument-Datei oder Bild, höchstens 20 MB."),
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_download_url(self):
        return reverse("funding:attachment-download", kwargs={"pk": self.pk})

    @property
    def download_name(self):
        return download_name(self.title, self.file)


class Review(models.Model):
    """A reviewer's assessment of an application: a score per criterion and a comment."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("Förderantrag"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gutachterin oder Gutachter"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("Kommentar"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        ordering = ["application", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_unique"),
        ]

    def __str__(self):
        return f"{self.application.title} – {self.reviewer}"


class Score(models.Model):
    """A reviewer's score of one criterion: 0 to the criterion's ``max_score``
    (funding.services.review_save checks it)."""

    review = models.ForeignKey(
        Review, verbose_name=_("Bewertung"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("Kriterium"), on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("Punkte"), validators=[MaxValueValidator(MAX_SCORE)])

    class Meta:
        verbose_name = _("Punktzahl")
        verbose_name_plural = _("Punktzahlen")
        ordering = ["review", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=Q(score__lte=MAX_SCORE), name="score_range"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


def may_download(user, application):
    """Files of an application (attachments, reports, receipts) are for the members of the
    applying institution and for the staff of the call's region whose role may see
    applications there (and superusers); to everybody else they do not exist."""
    if not user.is_authenticated or not user.is_active:
        return False
    if application.institution.user_memberships.filter(user=user).exists():
        return True
    return user.has_perm("funding.view_application", application) or user.has_perm(
        "funding.change_application", application
    )


def download_name(title, file):
    """``<title as slug>.<extension of the stored file>``: what the browser saves it as."""
    extension = file.name.rpartition(".")[2].lower() if "." in file.name else ""
    stem = german_slugify(title)[:60] or "datei"
    return f"{stem}.{extension}" if extension else stem


def report_upload_to(instance, filename):
    """``verwendungsnachweise/<year>/<name>-<random>.<ext>``, like the attachments."""
    return "verwendungsnachweise/" + attachment_upload_to(instance, filename).split("/", 1)[1]


class ReportFile(models.Model):
    """A file of an application's report (Verwendungsnachweis): the report itself or a
    receipt, checked like the attachments."""

    class Kind(models.TextChoices):
        REPORT = "bericht", _("Sachbericht / Verwendungsnachweis")
        RECEIPT = "beleg", _("Beleg")

    application = models.ForeignKey(
        Application,
        verbose_name=_("Förderantrag"),
        on_delete=models.CASCADE,
        related_name="report_files",
    )
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(_("Bezeichnung"), max_length=200)
    file = models.FileField(
        _("Datei"),
        upload_to=report_upload_to,
        validators=[DocumentFileValidator()],
        help_text=_("PDF, Office- oder OpenDocument-Datei oder Bild, höchstens 20 MB."),
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Datei des Verwendungsnachweises")
        verbose_name_plural = _("Dateien des Verwendungsnachweises")
        ordering = ["application", "kind", "uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_download_url(self):
        return reverse("funding:report-file-download", kwargs={"pk": self.pk})

    @property
    def download_name(self):
        return download_name(self.title, self.file)
