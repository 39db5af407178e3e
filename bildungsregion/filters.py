"""Pieces shared by the public list filters (offers, actors, events); the radius filter is
`regions.filters.RadiusFilterSetMixin`.

`FacetedFilterSet` adds two things to django-filter's FilterSet:
- `queryset_without(name)`: the queryset filtered by every active filter except one, the base
  of the counts beside that filter's options ("respects the other active filters");
- `active_filters()`: the active filters as (label, value label, URL without it), for the
  "remove this filter" links.
"""

import copy
from urllib.parse import urlencode

import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

PAGE_PARAM = "seite"


class FacetedFilterSet(django_filters.FilterSet):
    # Parameters that belong to the list but are not filters of their own.
    passthrough_params = ("sortierung",)

    @classmethod
    def url_params(cls):
        """Every query parameter the list reads: its filters and the page number (declared
        to the page cache, see page_cache.query_params)."""
        return (*cls.base_filters, PAGE_PARAM)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        """As django-filter's FilterSet.__init__, but with shallow copies of the filters: it
        deep-copies them (with their form fields and querysets) for every request, which costs
        a list page about a millisecond. Our filters keep no state of their own beyond the
        parent and model set here; their configuration is never changed after the class is
        built."""
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, filter_ in self.base_filters.items():
            filter_ = copy.copy(filter_)
            if filter_.method is not None:
                filter_.method = filter_.method  # binds a new FilterMethod to the copy
            filter_.model = queryset.model
            filter_.parent = self
            self.filters[name] = filter_

    @classmethod
    def _form_class(cls, filters):
        """The filter form's class, built once per FilterSet class (django-filter builds it
        for every request); its fields depend only on the filters' configuration."""
        form_class = cls.__dict__.get("_built_form_class")
        if form_class is None:
            fields = {name: filter_.field for name, filter_ in filters.items()}
            form_class = type(f"{cls.__name__}Form", (cls._meta.form,), fields)
            cls._built_form_class = form_class
        return form_class

    def get_form_class(self):
        return self._form_class(self.filters)

    def filter_queryset(self, queryset):
        return self._filter(queryset, exclude=None)

    def _filter(self, queryset, exclude):
        for name, value in self.form.cleaned_data.items():
            if name == exclude:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return self.filter_extra(queryset, self.form.cleaned_data)

    def filter_extra(self, queryset, data):
        """Filtering that combines several fields (radius); override."""
        return queryset

    def queryset_without(self, name):
        self.errors  # noqa: B018 - validates the form
        return self._filter(self.queryset.all(), exclude=name)

    def url_without(self, *names):
        params = [
            (key, value)
            for key, values in self.data.lists()
            if key not in names and key != PAGE_PARAM
            for value in values
            if value != ""
        ]
        return "?" + urlencode(params) if params else "?"

    def active_filters(self):
        """(filter label, value label, URL without this filter) for each active filter."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], False) or name in self.hidden_from_active:
                continue
            field = self.form.fields[name]
            label = field.label
            if isinstance(value, bool):
                value_label = _("ja")
            elif hasattr(field, "choices") and not hasattr(value, "pk"):
                value_label = dict(field.choices).get(value, value)
            else:
                value_label = str(value)
            remove = (name, *self.removed_together.get(name, ()))
            active.append((label, value_label, self.url_without(*remove)))
        return active

    hidden_from_active = ()
    removed_together = {}
