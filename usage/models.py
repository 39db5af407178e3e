"""What visitors searched for and whether a page helped them – without personal data.

``SearchCount`` is an aggregate, not a log: one row per day, listing, region, search terms and
filters, with the number of such searches, how many of them found nothing and the number of
results of the latest one. A row holds nothing about who searched: no address, no session, no
user agent, no cookie, no exact time (the day only), and no position (a radius search from the
visitor's own position is stored as ``standort=1``, never with its coordinates).

``PageFeedback`` is the answer to "War diese Seite hilfreich?" on an offer or event page: yes or
no, an optional comment and the day, for the Bildungsbüro of the entry's region.

Both are kept for ``RETENTION_DAYS`` (``manage.py prune_usage``).
"""

import datetime

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Region

# Long enough for the admin's longest period (365 days) on every day of the year.
RETENTION_DAYS = 366
TERMS_MAX_LENGTH = 100
FILTERS_MAX_LENGTH = 300
COMMENT_MAX_LENGTH = 500


class SearchList(models.TextChoices):
    """The public lists a search is made on (their paths' words)."""

    OFFERS = "angebote", _("Angebote")
    ACTORS = "akteure", _("Akteure")
    EVENTS = "veranstaltungen", _("Veranstaltungen")
    PLACES = "plaetze", _("Praktikums- und Ausbildungsplätze")
    SITE = "suche", _("Suche über alles")


class SearchCountQuerySet(models.QuerySet):
    def since(self, days, today=None):
        """The rows of the last ``days`` days, today included."""
        today = today or timezone.localdate()
        return self.filter(day__gt=today - datetime.timedelta(days=days))

    def for_regions(self, region_ids):
        """The rows of the regions ``region_ids``; ``None``: every row (also those without an
        explicit region, which only the Land level sees)."""
        if region_ids is None:
            return self
        return self.filter(region_id__in=region_ids)

    def _grouped(self):
        return self.values("terms", "filters", "listing").order_by()

    def most_frequent(self, limit=20):
        """[{terms, filters, listing, total, empty}] the most frequent searches first."""
        return list(
            self._grouped()
            .annotate(total=Sum("searches"), empty=Sum("without_results"))
            .order_by("-total", "terms", "filters", "listing")[:limit]
        )

    def without_results(self, limit=20):
        """[{terms, filters, listing, total}] the searches that found nothing, most frequent first."""
        return list(
            self.filter(without_results__gt=0)
            ._grouped()
            .annotate(total=Sum("without_results"))
            .order_by("-total", "terms", "filters", "listing")[:limit]
        )

    def totals(self):
        """{"searches": n, "empty": n} over the rows."""
        result = self.aggregate(searches=Sum("searches"), empty=Sum("without_results"))
        return {key: value or 0 for key, value in result.items()}


class SearchCount(models.Model):
    """How often one search was made on one day (see the module docstring)."""

    # SHA-256 of day, listing, region, terms and filters: the one unique key the counting upserts
    # on (a unique constraint over the fields would let rows without region repeat, NULLs being
    # distinct).
    key = models.CharField(max_length=64, unique=True, editable=False)
    day = models.DateField(_("Tag"))
    listing = models.CharField(_("Liste"), max_length=20, choices=SearchList.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("Region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_counts",
        help_text=_("Die Region, auf die die Suche eingegrenzt war (Filter „Region“)."),
    )
    terms = models.CharField(_("Suchbegriffe"), max_length=TERMS_MAX_LENGTH, blank=True)
    filters = models.CharField(_("Filter"), max_length=FILTERS_MAX_LENGTH, blank=True)
    searches = models.PositiveIntegerField(_("Suchen"), default=0)
    without_results = models.PositiveIntegerField(_("davon ohne Treffer"), default=0)
    results = models.PositiveIntegerField(_("Treffer der letzten Suche"), default=0)

    objects = SearchCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("Suchanfrage")
        verbose_name_plural = _("Suchanfragen")
        indexes = [models.Index(fields=["day", "region"], name="searchcount_day_region_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(without_results__lte=models.F("searches")),
                name="searchcount_empty_within_searches",
            )
        ]

    def __str__(self):
        return f"{self.day:%d.%m.%Y} {self.get_listing_display()}: {self.terms or self.filters}"


class PageFeedbackQuerySet(models.QuerySet):
    def per_page(self):
        """[{page_path, page_title, yes, no}] per page, most answers first."""
        return list(
            self.values("page_path", "page_title")
            .annotate(
                yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
            )
            .order_by("-no", "-yes", "page_title", "page_path")
        )


class PageFeedback(models.Model):
    """One answer to "War diese Seite hilfreich?" (see the module docstring)."""

    class Kind(models.TextChoices):
        OFFER = "angebot", _("Angebot")
        EVENT = "veranstaltung", _("Veranstaltung")

    region = models.ForeignKey(
        Region,
        verbose_name=_("Region"),
        on_delete=models.CASCADE,
        related_name="page_feedback",
        help_text=_("Die Region des Angebots oder der Veranstaltung."),
    )
    kind = models.CharField(_("Art der Seite"), max_length=20, choices=Kind.choices)
    page_path = models.CharField(_("Seite"), max_length=300)
    page_title = models.CharField(_("Titel der Seite"), max_length=300)
    helpful = models.BooleanField(_("hilfreich"))
    comment = models.TextField(_("Kommentar"), max_length=COMMENT_MAX_LENGTH, blank=True)
    day = models.DateField(_("eingegangen am"), default=timezone.localdate)

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rückmeldung „hilfreich?“")
        verbose_name_plural = _("Rückmeldungen „hilfreich?“")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["region", "day"], name="pagefeedback_region_day_idx")]

    def __str__(self):
        answer = _("ja") if self.helpful else _("nein")
        return f"{self.day:%d.%m.%Y} {self.page_title}: {answer}"

    def get_absolute_url(self):
        return self.page_path
