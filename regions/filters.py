"""The radius filter of the public lists: rows within some kilometres (`umkreis`) of a
German postcode (`plz`, the regions' own or the gazetteer's) or of the visitor's own position
(`breite`, `laenge`: "Standort verwenden", the browser's geolocation, static/js/geolocation.js).
"""

from typing import NamedTuple

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .geo import DEFAULT_RADIUS_KM, GERMANY_BOUNDS, MAX_RADIUS_KM, within_radius
from .models import Point, postcode_point

# The parameters of the radius search, for the lists' "active filters" and remove links.
RADIUS_PARAMS = ("plz", "umkreis", "breite", "laenge")
# Those a list does not show as active filters of their own: the radius note names them, and
# removing the postcode removes them too (FacetedFilterSet.hidden_from_active, removed_together).
RADIUS_DETAILS = ("umkreis", "breite", "laenge")


class RadiusForm(forms.Form):
    """Finds the origin of the radius search and its radius. A postcode (`plz`) wins over a
    position (`breite` + `laenge`); an invalid radius means no radius search (its error says
    why), an empty one the default radius."""

    origin = None  # a models.Point
    radius_km = None

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("plz")
        latitude, longitude = cleaned.get("breite"), cleaned.get("laenge")
        if code:
            self.origin = postcode_point(code)
            if self.origin is None:
                self.add_error(
                    "plz",
                    _(
                        "Die Postleitzahl %(plz)s kennen wir nicht. Bitte prüfen Sie sie oder "
                        "geben Sie die Postleitzahl eines Nachbarorts ein."
                    )
                    % {"plz": code},
                )
        elif self.has_error("plz"):
            pass  # an invalid postcode has its error; a position beside it does not count
        elif latitude is not None and longitude is not None:
            self.origin = self._position(float(latitude), float(longitude))
        elif (latitude is not None or longitude is not None) and not (
            self.has_error("breite") or self.has_error("laenge")
        ):
            self.add_error("breite", _("Der Standort ist unvollständig: Breite oder Länge fehlt."))
        if self.origin is not None:
            if self.has_error("umkreis"):
                self.origin = None
            else:
                self.radius_km = float(cleaned.get("umkreis") or DEFAULT_RADIUS_KM)
        return cleaned

    def _position(self, latitude, longitude):
        lat_min, lat_max, lon_min, lon_max = GERMANY_BOUNDS
        if not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max):
            self.add_error(
                "breite",
                _(
                    "Ihr Standort liegt außerhalb Deutschlands. Die Umkreissuche geht von einem "
                    "Ort in Deutschland aus: Bitte geben Sie eine Postleitzahl ein."
                ),
            )
            return None
        label = _("Ihren Standort (%(latitude)s° N, %(longitude)s° O)") % {
            "latitude": number_format(latitude, 2),
            "longitude": number_format(longitude, 2),
        }
        return Point(latitude, longitude, label)


class RadiusSearch(NamedTuple):
    """What the page says about the radius search it did."""

    origin: str  # "49074 Osnabrück", "Ihren Standort (…)"
    radius_km: float
    by_distance: bool  # the list is sorted by distance
    remove_url: str


# Runs while the class below is defined, at import, before mutmut switches a mutant on: its
# mutants could only survive (scripts/mutants.py). tests/regions/test_places.py checks the
# bounds and the message.
def _coordinate_filter(label, low, high):  # pragma: no mutate block
    message = _(
        "Der Standort ist ungültig. Bitte verwenden Sie ihn erneut oder geben Sie eine Postleitzahl ein."
    )
    return django_filters.NumberFilter(
        label=label,
        method="filter_noop",
        widget=forms.HiddenInput,
        error_messages={"invalid": message},
        validators=[MinValueValidator(low, message), MaxValueValidator(high, message)],
    )


class RadiusFilterSetMixin(django_filters.FilterSet):
    """`plz` or `breite` + `laenge`, and `umkreis` (km): rows within the radius, annotated
    with `distance`. The FilterSet's Meta.form is a RadiusForm (it finds the origin)."""

    plz = django_filters.CharFilter(
        label=_("Postleitzahl"),
        method="filter_noop",
        validators=[
            RegexValidator(r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl ein."))
        ],
    )
    umkreis = django_filters.NumberFilter(
        label=_("Umkreis in km"),
        method="filter_noop",
        help_text=format_lazy(
            _("Ohne Angabe {default} km, höchstens {limit} km."),
            default=DEFAULT_RADIUS_KM,
            limit=MAX_RADIUS_KM,
        ),
        error_messages={
            "invalid": _("Bitte geben Sie den Umkreis als Zahl in Kilometern ein, z. B. 10.")
        },
        validators=[
            MinValueValidator(1, _("Der Umkreis muss mindestens 1 km betragen.")),
            MaxValueValidator(
                MAX_RADIUS_KM, _("Der Umkreis darf höchstens %(limit_value)s km betragen.")
            ),
        ],
    )
    breite = _coordinate_filter(_("Breitengrad Ihres Standorts"), -90, 90)
    laenge = _coordinate_filter(_("Längengrad Ihres Standorts"), -180, 180)

    def filter_noop(self, queryset, name, value):
        return queryset

    def canonical_params(self, pairs):
        """A visitor's own position (breite, laenge) is nobody else's list: the canonical URL
        leaves it out, and with it a radius that has no postcode; the default radius is no
        radius parameter."""
        pairs = super().canonical_params(pairs)
        pairs.pop("breite", None)
        pairs.pop("laenge", None)
        radius = pairs.get("umkreis")
        if radius is not None and ("plz" not in pairs or float(radius) == DEFAULT_RADIUS_KM):
            del pairs["umkreis"]
        return pairs

    def filter_extra(self, queryset, data):
        origin = self.form.origin  # a RadiusForm
        if origin is None:
            return queryset
        return within_radius(queryset, origin.latitude, origin.longitude, self.form.radius_km)

    def radius_search(self):
        """The origin and radius the list uses, or None without a radius search."""
        self.errors  # noqa: B018 - validates the form, which finds the origin
        if self.form.origin is None:
            return None
        return RadiusSearch(
            self.form.origin.label,
            self.form.radius_km,
            self.sorts_by_distance(),
            self.url_without(*RADIUS_PARAMS),
        )

    def sorts_by_distance(self):
        """Whether a radius search lists the nearest first; override where the visitor can
        choose another order."""
        return True
