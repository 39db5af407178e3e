import django_filters
from django.utils.translation import gettext_lazy as _

from regions.models import Region

from .models import Call


class CallFilter(django_filters.FilterSet):
    """The list of calls: all regions, or one."""

    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="programme__region",
        to_field_name="slug",
        queryset=Region.objects.order_by("name"),
        empty_label=_("alle Regionen"),
    )

    class Meta:
        model = Call
        fields = []

    def canonical_query(self):
        """``?region=<slug>`` when a region is chosen, else nothing."""
        if self.form.is_valid() and self.form.cleaned_data.get("region"):
            return f"?region={self.form.cleaned_data['region'].slug}"
        return ""
