import re
import secrets
from typing import NamedTuple

from django.apps import apps as global_apps
from django.conf import settings
from django.core.validators import (
    DomainNameValidator,
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bildungsregion.models import ReviewedModel, ReviewedQuerySet

from .validators import (
    DocumentFileValidator,
    embed_origin_lines,
    is_embed_origin,
    validate_embed_origins,
)

postcode_validator = RegexValidator(r"^\d{5}$", _("Eine Postleitzahl hat fünf Ziffern."))
district_key_validator = RegexValidator(
    r"^\d{5}$", _("Ein Kreisschlüssel hat fünf Ziffern, z. B. „03359“.")
)
latitude_validators = [MinValueValidator(-90), MaxValueValidator(90)]
longitude_validators = [MinValueValidator(-180), MaxValueValidator(180)]


class RegionQuerySet(ReviewedQuerySet):
    def nav_list(self):
        return self.only("name", "slug").order_by("name")


class Region(ReviewedModel):
    """A Bildungsregion: a Landkreis cooperating with the Land Niedersachsen."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    # The rhythm of the "Stand" reminders (offers.freshness): a provider is asked to confirm
    # its entries when their Stand is review_months old; the office sees the entries after
    # review_no_answer_days without an answer, the public "möglicherweise veraltet" after
    # review_outdated_days more.
    review_months = models.PositiveSmallIntegerField(
        _("Erinnerung nach Monaten"),
        default=6,
        help_text=_(
            "Nach so vielen Monaten seit dem Stand wird der Anbieter um Bestätigung gebeten."
        ),
    )
    review_no_answer_days = models.PositiveSmallIntegerField(
        _("Tage bis „Erinnerung ohne Antwort“"),
        default=28,
        help_text=_(
            "So viele Tage nach der Erinnerung zeigt das Bildungsbüro unbeantwortete Einträge."
        ),
    )
    review_outdated_days = models.PositiveSmallIntegerField(
        _("weitere Tage bis „möglicherweise veraltet“"),
        default=56,
        help_text=_("So viele Tage danach zeigt die öffentliche Seite „möglicherweise veraltet“."),
    )
    slug = models.SlugField(_("Kurzname in Adressen"), max_length=60, unique=True)
    district = models.CharField(
        _("Landkreis"), max_length=120, help_text=_("z. B. „Landkreis Stade“")
    )
    district_key = models.CharField(
        _("Kreisschlüssel"),
        max_length=5,
        blank=True,
        validators=[district_key_validator],
        help_text=_(
            "Der amtliche Kreisschlüssel des Landkreises (fünf Ziffern, z. B. „03359“ für den "
            "Landkreis Stade). Der Open-Data-Katalog nennt damit das Gebiet der Daten."
        ),
    )
    tagline = models.CharField(_("Leitsatz"), max_length=200, blank=True)
    summary = models.TextField(
        _("Kurzbeschreibung"), help_text=_("Ein bis drei Sätze für Übersichten.")
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    focus = models.TextField(
        _("Schwerpunkt"), blank=True, help_text=_("Worauf die Bildungsregion besonders achtet.")
    )
    cooperation_since = models.DateField(_("Kooperation mit dem Land seit"), null=True, blank=True)
    cooperation_since_precision = models.CharField(
        _("Genauigkeit des Datums"),
        max_length=5,
        choices=[("tag", _("Tag")), ("monat", _("Monat")), ("jahr", _("Jahr"))],
        default="tag",
        help_text=_("Ist nur Monat oder Jahr bekannt, zeigt das Portal nur diese an."),
    )
    cooperation_history = models.TextField(
        _("Geschichte der Zusammenarbeit"),
        blank=True,
        help_text=_("Wichtige Stationen, z. B. Programme und Verträge."),
    )
    # The Bildungsbüro: the region's office (Geschäftsstelle).
    office_name = models.CharField(_("Name des Büros"), max_length=160, default="Bildungsbüro")
    office_department = models.CharField(_("Amt / Fachdienst"), max_length=200, blank=True)
    office_street = models.CharField(_("Straße und Hausnummer"), max_length=160, blank=True)
    office_postcode = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[postcode_validator]
    )
    office_city = models.CharField(_("Ort"), max_length=120, blank=True)
    office_phone = models.CharField(_("Telefon"), max_length=80, blank=True)
    office_phone_alt = models.CharField(_("weitere Telefonnummer"), max_length=80, blank=True)
    office_email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    latitude = models.FloatField(
        _("Breitengrad"), null=True, blank=True, validators=latitude_validators
    )
    longitude = models.FloatField(
        _("Längengrad"), null=True, blank=True, validators=longitude_validators
    )
    # The websites that may show the region's embeddable lists (offers.embed): the CSP
    # frame-ancestors of /einbetten/… filtered to this region; empty: any website.
    embed_origins = models.TextField(
        _("Websites, die Listen einbinden dürfen"),
        blank=True,
        validators=[validate_embed_origins],
        help_text=_(
            "Eine Adresse je Zeile in der Form https://host oder https://host:port, z. B. "
            "https://www.gemeinde-beispiel.de. Leer: Jede Website darf die Angebote und "
            "Veranstaltungen der Region einbinden."
        ),
    )

    objects = RegionQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Bildungsregion")
        verbose_name_plural = _("Bildungsregionen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:region-detail", kwargs={"slug": self.slug})

    @property
    def cooperation_since_label(self):
        """The start of the cooperation as precisely as it is known, in the active language's
        formats: "08.08.2016", "September 2014" or "2015"."""
        if self.cooperation_since is None:
            return ""
        pattern = {"monat": "YEAR_MONTH_FORMAT", "jahr": "Y"}.get(
            self.cooperation_since_precision, "SHORT_DATE_FORMAT"
        )
        return formats.date_format(self.cooperation_since, pattern)

    @property
    def cooperation_since_iso(self):
        """The same precision in the form of the HTML <time datetime> attribute."""
        if self.cooperation_since is None:
            return ""
        length = {"monat": 7, "jahr": 4}.get(self.cooperation_since_precision, 10)
        return self.cooperation_since.isoformat()[:length]

    @property
    def embed_origin_list(self):
        """The origins that may frame the region's embedded lists ([]: any website). Only
        valid ones, also for a value written without full_clean(): each goes into a header."""
        return [o for o in embed_origin_lines(self.embed_origins) if is_embed_origin(o)]

    @property
    def office_address_lines(self):
        lines = [self.district, self.office_department, self.office_name, self.office_street]
        lines.append(f"{self.office_postcode} {self.office_city}".strip())
        return [line for line in lines if line]


class HostNameField(models.CharField):
    """A host name as browsers send it in the Host header: lower case, without a trailing dot
    or port, an internationalised name in its ASCII form ("bildung-lüneburg.de" is kept as
    "xn--bildung-lneburg-7vb.de")."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        value = value.strip().rstrip(".").lower()
        try:
            return value.encode("idna").decode("ascii")
        except UnicodeError:
            return value  # the validator names the problem


class RegionHost(models.Model):
    """A host name on which the portal is the region's own (regions.hosts): its start page,
    its lists and feeds first. The host must also be in ALLOWED_HOSTS (system check
    regions.W002); a host not in this table is the main portal."""

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="hosts"
    )
    host = HostNameField(
        _("Host-Name"),
        max_length=253,
        unique=True,
        validators=[
            DomainNameValidator(
                accept_idna=False,
                message=_(
                    "Bitte geben Sie einen Host-Namen wie „bildung.landkreis-stade.de“ ein: "
                    "ohne „https://“, ohne Pfad und ohne Port."
                ),
            )
        ],
        help_text=_(
            "z. B. „bildung.landkreis-stade.de“, ohne „https://“. Der Name muss auch in "
            "ALLOWED_HOSTS des Servers stehen."
        ),
        error_messages={"unique": _("Dieser Host-Name gehört schon zu einer Region.")},
    )
    is_primary = models.BooleanField(
        _("Hauptadresse"),
        default=False,
        help_text=_(
            "Links von anderen Seiten und die kanonische Adresse der Seiten dieser Region "
            "verwenden die Hauptadresse (sonst den ersten Host-Namen im Alphabet)."
        ),
    )

    class Meta:
        verbose_name = _("Host-Name")
        verbose_name_plural = _("Host-Namen")
        ordering = ["-is_primary", "host"]
        constraints = [
            models.CheckConstraint(
                condition=Q(host=Lower("host")), name="regionhost_host_lower_case"
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(is_primary=True),
                name="regionhost_one_primary_per_region",
                violation_error_message=_("Eine Region hat höchstens eine Hauptadresse."),
            ),
        ]

    def __str__(self):
        return self.host


class MunicipalityQuerySet(ReviewedQuerySet):
    def for_region(self, region):
        return self.filter(region=region)


class Municipality(ReviewedModel):
    """A town or Gemeinde of a Landkreis, the unit of place for offers and actors."""

    class Kind(models.TextChoices):
        CITY = "stadt", _("Stadt")
        HANSEATIC_CITY = "hansestadt", _("Hansestadt")
        MUNICIPALITY = "gemeinde", _("Gemeinde")
        FLECKEN = "flecken", _("Flecken")
        SAMTGEMEINDE = "samtgemeinde", _("Samtgemeinde")

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="municipalities"
    )
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname"), max_length=120)
    kind = models.CharField(
        _("Art"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    postcode = models.CharField(
        _("Postleitzahl"),
        max_length=5,
        validators=[postcode_validator],
        help_text=_("Die Hauptpostleitzahl; weitere stehen unter „Postleitzahlen“."),
    )
    latitude = models.FloatField(_("Breitengrad"), validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), validators=longitude_validators)

    objects = MunicipalityQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Stadt / Gemeinde")
        verbose_name_plural = _("Städte und Gemeinden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="municipality_unique_slug"),
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name"),
        ]

    def __str__(self):
        return self.name


class PostalCode(models.Model):
    """A postcode area with its centre: the starting point of a radius search."""

    code = models.CharField(_("Postleitzahl"), max_length=5, validators=[postcode_validator])
    place = models.CharField(_("Ort"), max_length=120)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt / Gemeinde"),
        on_delete=models.CASCADE,
        related_name="postal_codes",
    )
    latitude = models.FloatField(_("Breitengrad"), validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), validators=longitude_validators)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Postleitzahl")
        verbose_name_plural = _("Postleitzahlen")
        ordering = ["code", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"], name="postalcode_unique_per_municipality"
            ),
        ]
        indexes = [models.Index(fields=["code"], name="postalcode_code_idx")]

    def __str__(self):
        return f"{self.code} {self.place}"


class PostcodePlace(models.Model):
    """A place of a German postcode with its centre, from GeoNames' gazetteer
    (``data/postcode_places_de.csv``, ``manage.py load_postcodes``): the origin of a radius
    search anywhere in Germany and the coordinates of entries that have none. The regions'
    own postcodes (``PostalCode``) come first wherever they have one."""

    code = models.CharField(_("Postleitzahl"), max_length=5, validators=[postcode_validator])
    place = models.CharField(_("Ort"), max_length=120)
    state = models.CharField(_("Bundesland"), max_length=60, blank=True)
    latitude = models.FloatField(_("Breitengrad"), validators=latitude_validators)
    longitude = models.FloatField(_("Längengrad"), validators=longitude_validators)

    class Meta:
        verbose_name = _("Ort einer Postleitzahl")
        verbose_name_plural = _("Orte der Postleitzahlen")
        ordering = ["code", "place"]
        constraints = [
            models.UniqueConstraint(fields=["code", "place"], name="postcodeplace_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.place}"


class Point(NamedTuple):
    """Where a postcode (or town) lies, and how the page names it: "49074 Osnabrück"."""

    latitude: float
    longitude: float
    label: str


def postcode_point(code, *, city="", municipality_id=None, apps=global_apps):
    """The centre of a postcode: the regions' own (``PostalCode``; of the entry's town, else of
    the place named ``city``, else the first), else the gazetteer's place named ``city``, else
    the middle of the gazetteer's places of the code. None for a code nobody knows. ``apps``:
    a data migration's registry of historical models."""
    city = city.strip().casefold()
    own = list(
        apps.get_model("regions", "PostalCode")
        .objects.filter(code=code)
        .values_list("municipality_id", "place", "latitude", "longitude")
    )
    if own:
        best = min(own, key=lambda row: (row[0] != municipality_id, row[1].casefold() != city))
        return Point(best[2], best[3], f"{code} {best[1]}")
    places = list(
        apps.get_model("regions", "PostcodePlace")
        .objects.filter(code=code)
        .values_list("place", "latitude", "longitude")
    )
    if not places:
        return None
    named = [row for row in places if row[0].casefold() == city]
    if named:
        return Point(named[0][1], named[0][2], f"{code} {named[0][0]}")
    return Point(
        sum(row[1] for row in places) / len(places),
        sum(row[2] for row in places) / len(places),
        f"{code} {', '.join(row[0] for row in places)}",
    )


def located_point(*, postcode, city, municipality_id, apps=global_apps):
    """Where an entry lies by its place: at its postcode (``postcode_point``), else at its
    town's centre; None if it has neither."""
    if postcode:
        point = postcode_point(postcode, city=city, municipality_id=municipality_id, apps=apps)
        if point is not None:
            return point
    if municipality_id is not None:
        row = (
            apps.get_model("regions", "Municipality")
            .objects.filter(pk=municipality_id)
            .values_list("latitude", "longitude", "name")
            .first()
        )
        if row is not None:
            return Point(*row)
    return None


class CoordinatesSource(models.TextChoices):
    """Where an entry's coordinates come from (``LocatedModel.coordinates_source``)."""

    NONE = "", _("keine Angabe")
    PLACE = "place", _("aus Postleitzahl oder Ort")
    MANUAL = "manual", _("von Hand eingetragen")


# The fields of a LocatedModel (attnames) that say where it is, which its coordinates follow.
PLACE_FIELDS = ("postcode", "city", "municipality_id")


def coordinates_by_rule(*, place, coordinates, source, locate):
    """The rule of an entry's coordinates, in one place: returns ``(coordinates, source)``.

    - Hand-entered coordinates (``MANUAL``) stay, whatever the place.
    - Missing coordinates (or half of them) are those of the place: of its postcode, else its
      town (``located_point``), marked ``PLACE``.
    - Coordinates of the place are always the place's: when the postcode, city or town
      changes, they follow it (and are dropped when nobody knows the new place).
    - Coordinates of no known source (rows written in bulk) are the place's if they equal its
      point, else hand-entered.

    ``place`` is the entry's (postcode, city, municipality_id), ``coordinates`` its (latitude,
    longitude), ``locate(place)`` the place's ``Point`` or None. ``LocatedModel.save`` applies
    the rule to one entry (after noting what was entered by hand),
    ``services.located_coordinates_fill`` to rows written in bulk."""
    has_coordinates = None not in coordinates
    if has_coordinates and source == CoordinatesSource.MANUAL:
        return coordinates, source
    point = locate(place)
    at_place = None if point is None else (point.latitude, point.longitude)
    if has_coordinates and source == CoordinatesSource.NONE and coordinates != at_place:
        return coordinates, CoordinatesSource.MANUAL
    if at_place is None:
        dropped = has_coordinates and source == CoordinatesSource.PLACE
        return ((None, None) if dropped else coordinates), CoordinatesSource.NONE
    return at_place, CoordinatesSource.PLACE


def place_locator(apps=global_apps):
    """``locate(place)`` for ``coordinates_by_rule``: ``located_point`` of a (postcode, city,
    municipality_id), each place looked up once."""
    points = {}

    def locate(place):
        if place not in points:
            postcode, city, municipality_id = place
            points[place] = located_point(
                postcode=postcode, city=city, municipality_id=municipality_id, apps=apps
            )
        return points[place]

    return locate


class LocatedModel(models.Model):
    """An entry at a place (actors, offers, events): its town, address and coordinates, and
    what follows from them."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Stadt / Gemeinde"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",  # Municipality.actors, .offers, .events
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=160, blank=True)
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    latitude = models.FloatField(
        _("Breitengrad"), null=True, blank=True, validators=latitude_validators
    )
    longitude = models.FloatField(
        _("Längengrad"), null=True, blank=True, validators=longitude_validators
    )
    coordinates_source = models.CharField(
        _("Herkunft der Koordinaten"),
        max_length=6,
        choices=CoordinatesSource.choices,
        default=CoordinatesSource.NONE,
        blank=True,
        editable=False,
        help_text=_(
            "Koordinaten aus Postleitzahl oder Ort folgen ihnen, wenn sie sich ändern; von "
            "Hand eingetragene bleiben."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Saves; first the coordinates follow the rule (``locate``), so that a radius search
        finds the entry at its place whichever way it was written. Bulk writes, which bypass
        save(), call ``services.located_coordinates_fill``."""
        changed = self.locate()
        if changed and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *changed}
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self._remember_stored()
        else:
            self._remember_stored(
                {*update_fields, *(self._meta.get_field(name).attname for name in update_fields)}
            )

    # What was last loaded or saved of the fields the rule looks at (attname → value).
    _STORED = (*PLACE_FIELDS, "latitude", "longitude", "coordinates_source")

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._remember_stored()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        names = None
        if fields is not None:
            names = {*fields, *(f.attname for f in self._meta.concrete_fields if f.name in fields)}
        self._remember_stored(names)

    def _remember_stored(self, names=None):
        # A new dict each time: a shallow copy of the instance must not share it.
        stored = dict(self.__dict__.get("_located_stored", {}))
        for name in self._STORED:
            if name in self.__dict__ and (names is None or name in names):
                stored[name] = self.__dict__[name]
        self.__dict__["_located_stored"] = stored

    def _stored(self):
        """The rule's fields as stored, or None for a new entry. Fields neither loaded nor
        saved by this instance (deferred) are read from the database."""
        if self._state.adding:
            return None
        stored = dict(self.__dict__.get("_located_stored", {}))
        missing = [name for name in self._STORED if name not in stored]
        if missing:
            row = type(self)._base_manager.filter(pk=self.pk).values(*missing).first()
            if row is None:  # saved under a primary key that has no row yet
                return None
            stored.update(row)
        return stored

    def locate(self):
        """Apply ``coordinates_by_rule`` to this entry; coordinates entered since it was
        loaded (or those of a new entry), unless their source was set along, are
        hand-entered. Returns the names of the fields it changed. Does not save."""
        place = tuple(getattr(self, name) for name in PLACE_FIELDS)
        coordinates = (self.latitude, self.longitude)
        source = self.coordinates_source
        has_coordinates = None not in coordinates
        stored = self._stored()
        locate = place_locator()
        if stored is None:
            if has_coordinates and source == CoordinatesSource.NONE:
                source = CoordinatesSource.MANUAL
        else:
            stored_place = tuple(stored[name] for name in PLACE_FIELDS)
            stored_coordinates = (stored["latitude"], stored["longitude"])
            unchanged = coordinates == stored_coordinates
            stored_source = stored["coordinates_source"]
            if has_coordinates and not unchanged and source == stored_source:
                source = CoordinatesSource.MANUAL
            elif has_coordinates and unchanged and source == CoordinatesSource.NONE:
                # Of no known source: the place's if at the place they were stored with.
                _, source = coordinates_by_rule(
                    place=stored_place, coordinates=coordinates, source=source, locate=locate
                )
            elif has_coordinates and unchanged and (place, source) == (stored_place, stored_source):
                return set()  # nothing the rule looks at changed: no query
        coordinates, source = coordinates_by_rule(
            place=place, coordinates=coordinates, source=source, locate=locate
        )
        changed = set()
        for name, value in zip(
            ("latitude", "longitude", "coordinates_source"), (*coordinates, source), strict=True
        ):
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed.add(name)
        return changed

    @property
    def has_address(self):
        """Any part of the postal address is known."""
        return bool(self.street or self.postcode or self.city)

    @property
    def has_full_address(self):
        return bool(self.street and self.postcode and self.city)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def address_lines(self):
        """The postal address as lines, empty ones left out: ["Am Markt 1", "21682 Stade"]."""
        lines = [self.street, f"{self.postcode} {self.city}".strip()]
        return [line for line in lines if line]

    def fill_place_from(self, other):
        """An entry without any address takes ``other``'s (e.g. an event its organiser's),
        and its town and coordinates (with their source) where it has none of its own. Does
        not save."""
        if self.has_address:
            return
        self.street, self.postcode, self.city = other.street, other.postcode, other.city
        if self.municipality_id is None:
            self.municipality_id = other.municipality_id
        if self.latitude is None and self.longitude is None:
            self.latitude, self.longitude = other.latitude, other.longitude
            self.coordinates_source = other.coordinates_source


class RegionScopedQuerySet(ReviewedQuerySet):
    """Entries of one region with an ``is_public`` switch (actors, working groups, documents,
    focus areas, funding programmes)."""

    def for_region(self, region):
        return self.filter(region=region)

    def public(self):
        """The entries the portal shows."""
        return self.filter(is_public=True)


class FocusArea(ReviewedModel):
    """A Handlungsfeld or Handlungsschwerpunkt of a region's Bildungsstrategie."""

    class Kind(models.TextChoices):
        FIELD = "handlungsfeld", _("Handlungsfeld")
        PRIORITY = "handlungsschwerpunkt", _("Handlungsschwerpunkt")

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="focus_areas"
    )
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.FIELD)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_public = models.BooleanField(_("öffentlich"), default=True)

    objects = RegionScopedQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["region", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="focusarea_unique_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.region.get_absolute_url() + "#handlungsfelder"


# The random part of a stored document name: token_urlsafe(12) gives 16 characters.
DOCUMENT_TOKEN_LENGTH = 16
_DOCUMENT_TOKEN = re.compile(rf"-[A-Za-z0-9_-]{{{DOCUMENT_TOKEN_LENGTH}}}(?=\.[^.]*$|$)")


def document_upload_to(instance, filename):
    """``dokumente/<year>/<name>-<random>.<ext>``: nobody can guess a stored name (files
    uploaded before keep theirs). The name is cut short so that the random part always fits."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    token = secrets.token_urlsafe(12)
    name = f"{stem[:40]}-{token}{dot}{extension[:10]}"
    return f"dokumente/{timezone.localdate():%Y}/{name}"


class DocumentFieldFile(FieldFile):
    """A document's file, whose URL is the access-checked one (``Document.download_url``):
    also the admin's "Derzeit: …" link goes through the check."""

    @property
    def url(self):
        self._require_file()
        return self.instance.download_url


class DocumentFileField(models.FileField):
    attr_class = DocumentFieldFile


class Document(ReviewedModel):
    """A publication of a Bildungsbüro: report, journal, guideline, minutes …"""

    class Kind(models.TextChoices):
        REPORT = "bericht", _("Bildungsbericht")
        JOURNAL = "journal", _("Journal / Newsletter")
        GUIDELINE = "leitlinie", _("Leitlinie / Konzept")
        CONTRACT = "vertrag", _("Kooperationsvertrag")
        MINUTES = "protokoll", _("Protokoll")
        ANALYSIS = "analyse", _("Analyse")
        OTHER = "sonstiges", _("Sonstiges")

    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    file = DocumentFileField(
        _("Datei"),
        upload_to=document_upload_to,
        blank=True,
        validators=[DocumentFileValidator()],
        help_text=_("PDF, Office- oder OpenDocument-Datei oder Bild, höchstens 20 MB."),
    )
    url = models.URLField(_("Adresse im Web"), blank=True)
    published_on = models.DateField(_("erschienen am"), null=True, blank=True)
    is_public = models.BooleanField(_("öffentlich"), default=True)

    objects = RegionScopedQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["region", "-published_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="document_unique_title"),
        ]
        indexes = [models.Index(fields=["region", "is_public"], name="document_region_public_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.region.get_absolute_url() + "#dokumente"

    @property
    def download_name(self):
        """The file's name without the random part of the stored name."""
        if not self.file:
            return ""
        stored = self.file.name.rsplit("/", 1)[-1]
        return _DOCUMENT_TOKEN.sub("", stored).lstrip(".") or stored

    @property
    def download_url(self):
        """The file's address, served by regions.views.document_file after an access check
        (MEDIA_ROOT itself is served to nobody)."""
        if not self.file or self.pk is None:
            return ""
        return reverse(
            "regions:document-file", kwargs={"pk": self.pk, "filename": self.download_name}
        )

    @property
    def link(self):
        return self.file.url if self.file else self.url


class FundingProgramme(ReviewedModel):
    """A fund a region offers, e.g. Lüneburg's Förderfonds for cultural education."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("Region"),
        on_delete=models.CASCADE,
        related_name="funding_programmes",
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200)
    description = models.TextField(_("Beschreibung"))
    budget = models.DecimalField(
        _("Fördervolumen (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    eligible = models.TextField(_("Wer kann beantragen?"))
    purpose = models.TextField(_("Was wird gefördert?"), blank=True)
    how_to_apply = models.TextField(_("Wie wird beantragt?"), blank=True)
    deadline = models.DateField(_("Antragsfrist"), null=True, blank=True)
    contact_email = models.EmailField(_("Kontakt (E-Mail)"), blank=True)
    url = models.URLField(_("Weitere Informationen"), blank=True)
    is_public = models.BooleanField(_("öffentlich"), default=True)

    objects = RegionScopedQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["region", "title"]
        constraints = [
            models.UniqueConstraint(fields=["region", "slug"], name="funding_unique_slug"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="funding_budget_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.region.get_absolute_url() + "#foerderung"


class StaffMembership(models.Model):
    """Which user works for which Bildungsbüro, and in which role."""

    class Role(models.TextChoices):
        EDITOR = "redaktion", _("Redaktion")
        COORDINATOR = "koordination", _("Koordination")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        on_delete=models.CASCADE,
        related_name="staff_memberships",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.CASCADE, related_name="staff_memberships"
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitarbeit im Bildungsbüro")
        verbose_name_plural = _("Mitarbeit in Bildungsbüros")
        ordering = ["region", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="staffmembership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.region.office_name} {self.region.name} ({self.get_role_display()})"


class AccessibilityFeedback(models.Model):
    """A message sent through the accessibility statement's feedback form."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("Region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accessibility_feedback",
        help_text=_("Das Bildungsbüro, an das sich die Rückmeldung richtet."),
    )
    name = models.CharField(_("Name"), max_length=120, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    message = models.TextField(_("Nachricht"), max_length=5000)
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    is_handled = models.BooleanField(_("erledigt"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["is_handled", "created_at"], name="feedback_open_idx")]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y} – {self.message[:60]}"


class LegalDetails(models.Model):
    """The operator's legal pages: Impressum, Datenschutzerklärung and Erklärung zur
    Barrierefreiheit, one row for the whole portal, kept by Land-level staff (superusers).

    Each field is a part the law requires (the help texts name the provision). An empty field
    is a part still missing: the pages show a notice while any remains, and
    ``manage.py check --deploy`` warns (``regions.checks``). Only the VAT id is optional (the
    law asks for it only if the operator has one). Prose fields are plain text: a blank line
    starts a new paragraph, lines beginning with "- " form a list (the ``paragraphs`` filter).
    """

    class Conformity(models.TextChoices):
        # The three levels of the model statement (Durchführungsbeschluss (EU) 2018/1523).
        FULL = "vollstaendig", _("vollständig vereinbar")
        PARTIAL = "teilweise", _("teilweise vereinbar")
        NONE = "nicht", _("nicht vereinbar")

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)

    # --- Impressum (§ 5 DDG, § 18 MStV); also the controller of the Datenschutzerklärung ---
    operator_name = models.CharField(
        _("Name des Betreibers"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Landkreis Stade“. Pflichtangabe nach § 5 Abs. 1 Nr. 1 DDG."),
    )
    operator_legal_form = models.CharField(
        _("Rechtsform"),
        max_length=200,
        blank=True,
        help_text=_(
            "Bei juristischen Personen die Rechtsform, z. B. „Körperschaft des öffentlichen "
            "Rechts“ (§ 5 Abs. 1 Nr. 1 DDG)."
        ),
    )
    operator_address = models.TextField(
        _("Anschrift"),
        blank=True,
        help_text=_(
            "Die Anschrift, unter der der Betreiber niedergelassen ist (kein Postfach), eine "
            "Angabe je Zeile (§ 5 Abs. 1 Nr. 1 DDG). Sie gilt auch als Anschrift des "
            "Verantwortlichen nach Art. 13 Abs. 1 Buchst. a DSGVO."
        ),
    )
    operator_representative = models.CharField(
        _("Vertreten durch"),
        max_length=200,
        blank=True,
        help_text=_(
            "Die vertretungsberechtigte Person mit Amtsbezeichnung, z. B. die Landrätin oder "
            "der Landrat (§ 5 Abs. 1 Nr. 1 DDG)."
        ),
    )
    operator_email = models.EmailField(
        _("E-Mail-Adresse"),
        blank=True,
        help_text=_("Für die schnelle elektronische Kontaktaufnahme (§ 5 Abs. 1 Nr. 2 DDG)."),
    )
    operator_phone = models.CharField(
        _("Telefon"),
        max_length=80,
        blank=True,
        help_text=_("Für die unmittelbare Kommunikation (§ 5 Abs. 1 Nr. 2 DDG)."),
    )
    operator_vat_id = models.CharField(
        _("Umsatzsteuer-Identifikationsnummer"),
        max_length=40,
        blank=True,
        help_text=_("Nur, wenn der Betreiber eine hat (§ 5 Abs. 1 DDG); sonst leer lassen."),
    )
    supervisory_authority = models.TextField(
        _("Aufsichtsbehörde"),
        blank=True,
        help_text=_(
            "Die zuständige Aufsichtsbehörde mit Anschrift (§ 5 Abs. 1 Nr. 3 DDG); für einen "
            "Landkreis die Kommunalaufsicht nach § 171 Abs. 1 NKomVG."
        ),
    )
    content_responsible = models.TextField(
        _("Inhaltlich verantwortlich"),
        blank=True,
        help_text=_(
            "Name und Anschrift der verantwortlichen Person nach § 18 Abs. 2 MStV, eine Angabe "
            "je Zeile."
        ),
    )
    regional_responsibility = models.TextField(
        _("Verantwortung der Bildungsbüros"),
        blank=True,
        help_text=_("Wer für die Inhalte einer Bildungsregion zuständig ist."),
    )
    liability = models.TextField(_("Haftung für Inhalte und Links"), blank=True)
    copyright_notice = models.TextField(_("Urheberrecht und verwendete Software"), blank=True)

    # --- Datenschutzerklärung (Art. 13 DSGVO) ---
    privacy_summary = models.TextField(
        _("Kurzfassung"), blank=True, help_text=_("Der einleitende Absatz der Seite.")
    )
    data_protection_officer = models.TextField(
        _("Datenschutzbeauftragte oder Datenschutzbeauftragter"),
        blank=True,
        help_text=_(
            "Kontaktdaten der oder des behördlichen Datenschutzbeauftragten, eine Angabe je "
            "Zeile (Art. 13 Abs. 1 Buchst. b DSGVO)."
        ),
    )
    privacy_server_logs = models.TextField(
        _("Aufruf der Seiten"),
        blank=True,
        help_text=_(
            "Welche Daten der Server beim Aufruf verarbeitet, Zweck und Rechtsgrundlage "
            "(Art. 13 Abs. 1 Buchst. c DSGVO)."
        ),
    )
    privacy_log_retention = models.TextField(
        _("Speicherdauer der Server-Protokolle"),
        blank=True,
        help_text=_(
            "Wie lange die Protokolle des Webservers aufbewahrt werden, so wie der Betrieb sie "
            "tatsächlich löscht (Art. 13 Abs. 2 Buchst. a DSGVO)."
        ),
    )
    privacy_third_parties = models.TextField(
        _("Keine Analyse, keine Inhalte von Dritten"), blank=True
    )
    privacy_cookies = models.TextField(
        _("Cookies"),
        blank=True,
        help_text=_("Die Cookies des Portals und ihre Rechtsgrundlage (§ 25 Abs. 2 Nr. 2 TDDDG)."),
    )
    privacy_feedback = models.TextField(
        _("Rückmeldungen zur Barrierefreiheit"),
        blank=True,
        help_text=_("Zweck, Rechtsgrundlage, Empfänger und Speicherdauer (Art. 13 DSGVO)."),
    )
    privacy_accounts = models.TextField(
        _("Zugänge für Bildungsbüros und Schulen"),
        blank=True,
        help_text=_("Zweck, Rechtsgrundlage und Speicherdauer (Art. 13 DSGVO)."),
    )
    privacy_recipients = models.TextField(
        _("Empfänger und Übermittlung"),
        blank=True,
        help_text=_(
            "Empfänger, Auftragsverarbeiter, Übermittlung in Drittländer "
            "(Art. 13 Abs. 1 Buchst. e und f DSGVO)."
        ),
    )
    privacy_rights = models.TextField(
        _("Ihre Rechte"),
        blank=True,
        help_text=_("Die Rechte der betroffenen Personen (Art. 13 Abs. 2 Buchst. b DSGVO)."),
    )
    privacy_authority = models.TextField(
        _("Datenschutz-Aufsichtsbehörde"),
        blank=True,
        help_text=_(
            "Bei wem sich Betroffene beschweren können, mit Anschrift "
            "(Art. 13 Abs. 2 Buchst. d DSGVO, Art. 77 DSGVO)."
        ),
    )

    # --- Erklärung zur Barrierefreiheit (NBGG, BITV 2.0 § 7) ---
    accessibility_intro = models.TextField(_("Einleitung und Rechtsgrundlage"), blank=True)
    conformity = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=12,
        choices=Conformity.choices,
        blank=True,
        help_text=_("Wie weit das Portal die Anforderungen erfüllt (BITV 2.0 § 7)."),
    )
    conformity_details = models.TextField(_("Erläuterung zur Vereinbarkeit"), blank=True)
    non_accessible_content = models.TextField(
        _("Nicht barrierefreie Inhalte"),
        blank=True,
        help_text=_(
            "Welche Inhalte nicht barrierefrei sind und warum, und welche Alternativen es gibt "
            "(BITV 2.0 § 7)."
        ),
    )
    statement_date = models.DateField(
        _("Datum der Erklärung"),
        null=True,
        blank=True,
        help_text=_("Der Tag, an dem die Erklärung erstellt oder zuletzt überprüft wurde."),
    )
    statement_method = models.TextField(
        _("Erstellung der Erklärung"),
        blank=True,
        help_text=_(
            "Wie die Erklärung erstellt wurde, z. B. Selbstbewertung oder Prüfung durch Dritte."
        ),
    )
    feedback_text = models.TextField(
        _("Feedback-Mechanismus"),
        blank=True,
        help_text=_(
            "Wie Besucher Mängel melden und Inhalte in anderer Form anfordern "
            "(BITV 2.0 § 7); das Formular steht darunter."
        ),
    )
    feedback_contact = models.TextField(
        _("Kontakt für Rückmeldungen"),
        blank=True,
        help_text=_(
            "Die Stelle, die Rückmeldungen zur Barrierefreiheit beantwortet, mit Anschrift, "
            "E-Mail-Adresse und Telefon, eine Angabe je Zeile (BITV 2.0 § 7)."
        ),
    )
    arbitration_text = models.TextField(
        _("Schlichtungsverfahren"),
        blank=True,
        help_text=_("Wann und wie Besucher die Schlichtungsstelle anrufen können (§ 9d NBGG)."),
    )
    arbitration_body = models.TextField(
        _("Schlichtungsstelle"),
        blank=True,
        help_text=_(
            "Name und Anschrift der Schlichtungsstelle nach § 9d NBGG bei der oder dem "
            "Landesbeauftragten für Menschen mit Behinderungen, mit E-Mail-Adresse und "
            "Telefon, eine Angabe je Zeile – aus deren eigenen Angaben übernehmen."
        ),
    )

    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    # The parts each page shows (and names in its notice while they are missing). The
    # operator's details are in the Impressum and, as the controller, in the Datenschutz.
    OPERATOR_FIELDS = (
        "operator_name",
        "operator_legal_form",
        "operator_address",
        "operator_representative",
        "operator_email",
        "operator_phone",
    )
    SUPERVISION_FIELDS = (
        "supervisory_authority",
        "content_responsible",
        "regional_responsibility",
        "liability",
        "copyright_notice",
    )
    PRIVACY_FIELDS = (
        "privacy_summary",
        "data_protection_officer",
        "privacy_server_logs",
        "privacy_log_retention",
        "privacy_third_parties",
        "privacy_cookies",
        "privacy_feedback",
        "privacy_accounts",
        "privacy_recipients",
        "privacy_rights",
        "privacy_authority",
    )
    IMPRESSUM_FIELDS = (*OPERATOR_FIELDS, *SUPERVISION_FIELDS)
    DATENSCHUTZ_FIELDS = (*OPERATOR_FIELDS, *PRIVACY_FIELDS)
    BARRIEREFREIHEIT_FIELDS = (
        "accessibility_intro",
        "conformity",
        "conformity_details",
        "non_accessible_content",
        "statement_date",
        "statement_method",
        "feedback_text",
        "feedback_contact",
        "arbitration_text",
        "arbitration_body",
    )

    class Meta:
        verbose_name = _("Rechtliche Angaben")
        verbose_name_plural = _("Rechtliche Angaben")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="legaldetails_singleton"),
        ]

    def __str__(self):
        return str(_("Impressum, Datenschutz und Barrierefreiheit"))

    def get_absolute_url(self):
        return reverse("regions:impressum")

    @classmethod
    def load(cls):
        """The one row; before it exists, an empty (unsaved) one: every part missing."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls(pk=cls.SINGLETON_ID)

    def missing(self, names):
        """The labels of the parts among ``names`` that are still empty, in that order."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in names
            if not str(getattr(self, name) or "").strip()
        ]

    @property
    def missing_everywhere(self):
        """The labels of every missing part of the three pages, each once."""
        names = dict.fromkeys(
            (*self.IMPRESSUM_FIELDS, *self.DATENSCHUTZ_FIELDS, *self.BARRIEREFREIHEIT_FIELDS)
        )
        return self.missing(names)
