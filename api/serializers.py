"""What the API says about each entry: what its public page shows, under German names.

German field names, as the API's paths (DESIGN.md) and its query parameters (the lists'
FilterSets: ``region``, ``thema``, ``lebensphase``, ``umkreis`` …) are German: a client asks
``?thema=…`` and reads ``themen``, in one language. Names are ASCII (ä → ae …) for clients
that cannot take other identifiers.

``id`` is the primary key: it never changes, while a slug (in ``slug`` and ``url``) may be
edited when a title changes. Contact data only where the entry's public page shows it; an
actor that is not public is named (as the pages name it) but neither numbered nor linked.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor
from bildungsregion.links import absolute_url
from careers.models import Place
from offers.models import Event, Offer
from regions.models import Region


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the entry's public page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", _("Adresse der öffentlichen Seite im Portal"))
        super().__init__(**kwargs)

    def to_representation(self, value):
        return absolute_url(value.get_absolute_url(), self.context.get("request"))


@extend_schema_field({"type": "number", "format": "double", "nullable": True})
class DistanceField(serializers.Field):
    """Kilometres from the origin of a radius search (``plz`` or ``breite`` + ``laenge``)."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault(
            "help_text",
            _(
                "Entfernung in km vom Ausgangspunkt der Umkreissuche (plz oder breite + "
                "laenge), auf 0,1 km gerundet; ohne Umkreissuche null"
            ),
        )
        super().__init__(**kwargs)

    def to_representation(self, value):
        distance = getattr(value, "distance", None)
        return None if distance is None else round(distance, 1)


class NamedSerializer(serializers.Serializer):
    """A life stage, topic, transition or occupational field: its slug (the filter's value)
    and its name."""

    slug = serializers.CharField(help_text=_("Wert für den Filter der Listen"))
    name = serializers.CharField()


class RegionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField(help_text=_("Wert für den Filter „region“ der Listen"))
    name = serializers.CharField()
    url = PageUrlField()


class MunicipalityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text=_("Wert für den Filter „gemeinde“"))
    name = serializers.CharField()


class ActorRefSerializer(serializers.Serializer):
    """An actor named by an entry: numbered and linked only if the actor is public."""

    id = serializers.IntegerField(source="pk", allow_null=True)
    name = serializers.CharField()
    url = PageUrlField(allow_null=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.is_public:
            data["id"] = data["url"] = None
        return data


class DescribedModelSerializer(serializers.ModelSerializer):
    """A field without its own help text is described by its model field's name (the label
    the admin shows), for the schema and the documentation page."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            source = field.source or name
            if field.help_text or source == "*":
                continue
            if name == "id":
                field.help_text = _("Nummer des Eintrags; sie ändert sich nie")
                continue
            display = source.startswith("get_") and source.endswith("_display")
            try:
                model_field = model._meta.get_field(source[4:-8] if display else source)
            except FieldDoesNotExist:
                continue
            label = getattr(model_field, "verbose_name", "")
            field.help_text = format_lazy(_("{field} als Text"), field=label) if display else label
        return fields


class LocationFieldsMixin(serializers.Serializer):
    """The address and coordinates of a LocatedModel."""

    gemeinde = MunicipalityRefSerializer(source="municipality", allow_null=True)
    strasse = serializers.CharField(source="street")
    plz = serializers.CharField(source="postcode")
    ort = serializers.CharField(source="city")
    breite = serializers.FloatField(source="latitude", allow_null=True)
    laenge = serializers.FloatField(source="longitude", allow_null=True)


class OfferSerializer(LocationFieldsMixin, DescribedModelSerializer):
    url = PageUrlField()
    titel = serializers.CharField(source="title")
    kurzbeschreibung = serializers.CharField(source="summary")
    beschreibung = serializers.CharField(source="description")
    anbieter = ActorRefSerializer(source="provider")
    region = RegionRefSerializer()
    raum = serializers.CharField(source="venue", help_text=_("Ort / Raum"))
    lernform = serializers.CharField(source="learning_setting")
    lernform_name = serializers.CharField(source="get_learning_setting_display")
    format = serializers.CharField()
    format_name = serializers.CharField(source="get_format_display")
    lebensphasen = NamedSerializer(source="life_stages", many=True)
    themen = NamedSerializer(source="topics", many=True)
    uebergaenge = NamedSerializer(source="transitions", many=True)
    alter_von = serializers.IntegerField(source="age_min", allow_null=True)
    alter_bis = serializers.IntegerField(source="age_max", allow_null=True)
    kostenlos = serializers.BooleanField(source="is_free")
    kosten = serializers.DecimalField(
        source="cost", max_digits=8, decimal_places=2, allow_null=True, help_text=_("in Euro")
    )
    kosten_hinweis = serializers.CharField(source="cost_note")
    zeiten = serializers.CharField(source="schedule")
    sprachen = serializers.ListField(
        source="languages", child=serializers.CharField(), help_text=_("Sprachcodes (ISO 639-1)")
    )
    anmeldung_erforderlich = serializers.BooleanField(source="registration_required")
    anmeldung = serializers.CharField(source="registration")
    anmeldung_url = serializers.URLField(source="registration_url")
    barrierefrei = serializers.BooleanField(source="is_accessible")
    barrierefreiheit_hinweis = serializers.CharField(source="accessibility_note")
    gueltig_ab = serializers.DateField(source="valid_from", allow_null=True)
    gueltig_bis = serializers.DateField(source="valid_until", allow_null=True)
    veroeffentlicht_am = serializers.DateTimeField(source="published_at", allow_null=True)
    stand = serializers.DateField(source="last_reviewed")
    kontakt_email = serializers.CharField(source="contact_email")
    kontakt_telefon = serializers.CharField(source="contact_phone")
    entfernung_km = DistanceField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "slug",
            "url",
            "titel",
            "kurzbeschreibung",
            "beschreibung",
            "anbieter",
            "region",
            "gemeinde",
            "strasse",
            "plz",
            "ort",
            "raum",
            "breite",
            "laenge",
            "lernform",
            "lernform_name",
            "format",
            "format_name",
            "lebensphasen",
            "themen",
            "uebergaenge",
            "alter_von",
            "alter_bis",
            "kostenlos",
            "kosten",
            "kosten_hinweis",
            "zeiten",
            "sprachen",
            "anmeldung_erforderlich",
            "anmeldung",
            "anmeldung_url",
            "barrierefrei",
            "barrierefreiheit_hinweis",
            "gueltig_ab",
            "gueltig_bis",
            "veroeffentlicht_am",
            "stand",
            "kontakt_email",
            "kontakt_telefon",
            "entfernung_km",
        ]


class OfferRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    titel = serializers.CharField(source="title")
    url = PageUrlField()


@extend_schema_field(OfferRefSerializer(allow_null=True))
class PublicOfferField(serializers.Field):
    """The offer an event belongs to, if that offer is public."""

    def __init__(self, **kwargs):
        kwargs.update(source="offer", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None or not value.is_public:
            return None
        return OfferRefSerializer(value, context=self.context).data

    def get_attribute(self, instance):
        return instance.offer


class EventSerializer(LocationFieldsMixin, DescribedModelSerializer):
    url = PageUrlField()
    titel = serializers.CharField(source="title")
    art = serializers.CharField(source="kind")
    art_name = serializers.CharField(source="get_kind_display")
    beschreibung = serializers.CharField(source="description")
    beginn = serializers.DateTimeField(source="starts_at")
    ende = serializers.DateTimeField(source="ends_at", allow_null=True)
    abgesagt = serializers.BooleanField(
        source="is_cancelled", help_text=_("Die Veranstaltung ist abgesagt")
    )
    veranstalter = ActorRefSerializer(source="organiser")
    mitveranstalter = ActorRefSerializer(source="co_organisers", many=True)
    angebot = PublicOfferField(help_text=_("Das Angebot, zu dem die Veranstaltung gehört"))
    region = RegionRefSerializer()
    raum = serializers.CharField(source="venue", help_text=_("Ort / Raum"))
    jahrgang_von = serializers.IntegerField(source="grade_min", allow_null=True)
    jahrgang_bis = serializers.IntegerField(source="grade_max", allow_null=True)
    plaetze = serializers.IntegerField(source="capacity", allow_null=True)
    kostenlos = serializers.BooleanField(source="is_free")
    anmeldung = serializers.CharField(source="registration")
    kontakt_name = serializers.CharField(source="contact_name")
    kontakt_email = serializers.CharField(source="contact_email")
    kontakt_telefon = serializers.CharField(source="contact_phone")
    veroeffentlicht_am = serializers.DateTimeField(source="published_at", allow_null=True)
    stand = serializers.DateField(source="last_reviewed")
    entfernung_km = DistanceField()

    class Meta:
        model = Event
        fields = [
            "id",
            "slug",
            "url",
            "titel",
            "art",
            "art_name",
            "beschreibung",
            "beginn",
            "ende",
            "abgesagt",
            "veranstalter",
            "mitveranstalter",
            "angebot",
            "region",
            "gemeinde",
            "strasse",
            "plz",
            "ort",
            "raum",
            "breite",
            "laenge",
            "jahrgang_von",
            "jahrgang_bis",
            "plaetze",
            "kostenlos",
            "anmeldung",
            "kontakt_name",
            "kontakt_email",
            "kontakt_telefon",
            "veroeffentlicht_am",
            "stand",
            "entfernung_km",
        ]


class ActorSerializer(LocationFieldsMixin, DescribedModelSerializer):
    url = PageUrlField()
    art = serializers.CharField(source="kind")
    art_name = serializers.CharField(source="get_kind_display")
    beschreibung = serializers.CharField(source="description")
    partner_rolle = serializers.CharField(
        source="partner_role", help_text=_("Rolle als Partner der Bildungsregion")
    )
    region = RegionRefSerializer()
    telefon = serializers.CharField(source="phone")
    email = serializers.CharField()
    website = serializers.URLField()
    stand = serializers.DateField(source="last_reviewed")
    entfernung_km = DistanceField()

    class Meta:
        model = Actor
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "art",
            "art_name",
            "beschreibung",
            "partner_rolle",
            "region",
            "gemeinde",
            "strasse",
            "plz",
            "ort",
            "breite",
            "laenge",
            "telefon",
            "email",
            "website",
            "stand",
            "entfernung_km",
        ]


class OccupationSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text=_("Wert für den Filter „beruf“"))
    name = serializers.CharField()
    url = PageUrlField()
    berufsfeld = NamedSerializer(source="field")


class PlaceSerializer(LocationFieldsMixin, DescribedModelSerializer):
    url = PageUrlField()
    titel = serializers.CharField(source="title")
    art = serializers.CharField(source="kind")
    art_name = serializers.CharField(source="get_kind_display")
    beschreibung = serializers.CharField(source="description")
    beruf = OccupationSerializer(source="occupation", allow_null=True)
    betrieb = ActorRefSerializer(source="actor", help_text=_("Betrieb / Einrichtung"))
    region = RegionRefSerializer()
    beginn = serializers.DateField(source="starts_on", allow_null=True)
    ende = serializers.DateField(source="ends_on", allow_null=True)
    zeitraum_hinweis = serializers.CharField(source="period_note")
    anzahl_plaetze = serializers.IntegerField(source="number_of_places")
    schulabschluss = serializers.CharField(
        source="certificate", help_text=_("Erwarteter Schulabschluss; leer: kein bestimmter")
    )
    schulabschluss_name = serializers.CharField(source="get_certificate_display")
    bewerbung = serializers.CharField(source="how_to_apply")
    bewerbung_url = serializers.URLField(source="application_url")
    kontakt_name = serializers.CharField(source="contact_name")
    kontakt_email = serializers.CharField(source="contact_email")
    kontakt_telefon = serializers.CharField(source="contact_phone")
    gueltig_bis = serializers.DateField(source="valid_until", allow_null=True)
    veroeffentlicht_am = serializers.DateTimeField(source="published_at", allow_null=True)
    stand = serializers.DateField(source="last_reviewed")
    entfernung_km = DistanceField()

    class Meta:
        model = Place
        fields = [
            "id",
            "slug",
            "url",
            "titel",
            "art",
            "art_name",
            "beschreibung",
            "beruf",
            "betrieb",
            "region",
            "gemeinde",
            "strasse",
            "plz",
            "ort",
            "breite",
            "laenge",
            "beginn",
            "ende",
            "zeitraum_hinweis",
            "anzahl_plaetze",
            "schulabschluss",
            "schulabschluss_name",
            "bewerbung",
            "bewerbung_url",
            "kontakt_name",
            "kontakt_email",
            "kontakt_telefon",
            "gueltig_bis",
            "veroeffentlicht_am",
            "stand",
            "entfernung_km",
        ]


class OfficeSerializer(serializers.Serializer):
    """The Bildungsbüro of a region, as its page shows it."""

    name = serializers.CharField(source="office_name")
    abteilung = serializers.CharField(source="office_department", help_text=_("Amt / Fachdienst"))
    strasse = serializers.CharField(source="office_street")
    plz = serializers.CharField(source="office_postcode")
    ort = serializers.CharField(source="office_city")
    telefon = serializers.CharField(source="office_phone")
    telefon_weitere = serializers.CharField(source="office_phone_alt")
    email = serializers.CharField(source="office_email")


class RegionSerializer(DescribedModelSerializer):
    url = PageUrlField()
    landkreis = serializers.CharField(source="district")
    leitsatz = serializers.CharField(source="tagline")
    kurzbeschreibung = serializers.CharField(source="summary")
    beschreibung = serializers.CharField(source="description")
    bildungsbuero = OfficeSerializer(source="*", help_text=_("Das Bildungsbüro der Region"))
    website = serializers.URLField()
    breite = serializers.FloatField(source="latitude", allow_null=True)
    laenge = serializers.FloatField(source="longitude", allow_null=True)

    class Meta:
        model = Region
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "landkreis",
            "leitsatz",
            "kurzbeschreibung",
            "beschreibung",
            "bildungsbuero",
            "website",
            "breite",
            "laenge",
        ]
