"""The radius filter of the public lists: rows within some kilometres of a postcode of the
regions (`plz` + `umkreis`)."""

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from .geo import MAX_RADIUS_KM, within_radius
from .models import PostalCode


class RadiusForm(forms.Form):
    """Checks that `plz` is a postcode of the regions and remembers its centre."""

    origin = None

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("plz")
        if code:
            self.origin = postcode_centre(code)
            if self.origin is None:
                self.add_error(
                    "plz",
                    _("Die Postleitzahl %(plz)s liegt nicht in einer der Bildungsregionen.")
                    % {"plz": code},
                )
        return cleaned


def postcode_centre(code):
    """(latitude, longitude) of a postcode of the regions, or None."""
    row = PostalCode.objects.filter(code=code).values_list("latitude", "longitude").first()
    return row


class RadiusFilterSetMixin(django_filters.FilterSet):
    """`plz` + `umkreis` (km): rows within the radius, annotated with `distance`. The
    FilterSet's Meta.form is a RadiusForm (it finds the origin)."""

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
        validators=[
            MinValueValidator(1, _("Der Umkreis muss mindestens 1 km betragen.")),
            MaxValueValidator(
                MAX_RADIUS_KM, _("Der Umkreis darf höchstens %(limit_value)s km betragen.")
            ),
        ],
    )
    default_radius_km = 10

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_extra(self, queryset, data):
        origin = self.form.origin  # a RadiusForm
        if origin is None:
            return queryset
        radius = data.get("umkreis") or self.default_radius_km
        return within_radius(queryset, origin[0], origin[1], float(radius))
