"""The region and radius filters of the public lists.

Region (`region`, `RegionFilterSetMixin`): on a region's own host (regions.hosts) a list
without a `region` parameter shows that region; `region=alle` (or the form's empty choice)
shows every region, another region's slug that region. On the main portal no parameter and
`region=alle` both mean every region.

Radius: rows within some kilometres (`umkreis`) of a German postcode (`plz`, the regions' own
or the gazetteer's) or of the visitor's own position (`breite`, `laenge`: "Standort
verwenden", the browser's geolocation, static/js/geolocation.js).
"""

from typing import NamedTuple
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from bildungsregion.links import absolute_url

from . import hosts
from .geo import DEFAULT_RADIUS_KM, GERMANY_BOUNDS, MAX_RADIUS_KM, within_radius
from .models import Point, Region, postcode_point

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


class RegionChoiceField(ModelChoiceField):
    """A region by its slug; ``alle`` (ALL_REGIONS) chooses none, like the empty value."""

    empty_values = [*ModelChoiceField.empty_values, hosts.ALL_REGIONS]


class RegionFilter(django_filters.ModelChoiceFilter):
    field_class = RegionChoiceField


def with_host_region(data, request):
    """The list's parameters with the default of the request's host: on a region's host no
    ``region`` parameter means that region, an empty one every region (``alle``, which the
    page's links keep). Unchanged on the main portal."""
    region = hosts.host_region(request)
    if data is None or region is None:
        return data
    value = data.get("region")
    if value is not None and value != "":
        return data
    data = data.copy()
    data["region"] = region.slug if value is None else hosts.ALL_REGIONS
    return data


def region_filter():
    """The `region` filter of a public list (declared by each list where its field goes)."""
    return RegionFilter(
        label=_("Region"),
        field_name="region",
        to_field_name="slug",
        queryset=Region.objects.all(),
        empty_label=_("alle Regionen"),
    )


class RegionFilterSetMixin(django_filters.FilterSet):
    """The host's default for a list's `region` filter (`region_filter()`, see
    `with_host_region`). Pass ``request=`` to the FilterSet."""

    def __init__(self, data=None, *args, request=None, **kwargs):
        self.host_region = hosts.host_region(request)
        super().__init__(with_host_region(data, request), *args, request=request, **kwargs)

    @property
    def all_regions_value(self):
        """The value of the "alle Regionen" option: on a region's host ``alle`` (no value
        would mean the region), on the main portal the empty one."""
        return hosts.ALL_REGIONS if self.host_region is not None else ""

    def url_without(self, *names):
        """Removing the region filter on a region's host leads to every region, not back to
        the host's default."""
        url = super().url_without(*names)
        if self.host_region is None or "region" not in names:
            return url
        return url + ("&" if len(url) > 1 else "") + urlencode({"region": hosts.ALL_REGIONS})

    def canonical_params(self, pairs):
        """``alle`` names the list without a region parameter (on the main portal, where the
        canonical URL of every list without a region is)."""
        pairs = super().canonical_params(pairs)
        if pairs.get("region") == hosts.ALL_REGIONS:
            del pairs["region"]
        return pairs

    def canonical_url(self, path, page_number=1):
        """The list's one absolute URL: a region with a host of its own on that host without
        the region parameter, any other list on the main portal (regions.hosts.canonical_url)."""
        self.errors  # noqa: B018 - validates the form
        region = self.form.cleaned_data.get("region") if "region" not in self.form.errors else None
        if self.request is None:
            return absolute_url(path + self.canonical_query(page_number))
        if hosts.region_origin(self.request, region) is not None:
            return hosts.canonical_url(
                self.request, path + self.canonical_query(page_number, without=("region",)), region
            )
        return hosts.canonical_url(self.request, path + self.canonical_query(page_number))
