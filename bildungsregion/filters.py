"""Pieces shared by the public list filters (offers, actors, events); the radius filter is
`regions.filters.RadiusFilterSetMixin`.

`FacetedFilterSet` adds two things to django-filter's FilterSet:
- `queryset_without(name)`: the queryset filtered by every active filter except one, the base
  of the counts beside that filter's options ("respects the other active filters");
- `active_filters()`: the active filters as (label, value label, URL without it), for the
  "remove this filter" links.

It keeps django-filter's own constructor and form class, which deep-copy the filters and build
the form class per request: a fork with shallow copies and one form class per FilterSet saved
2–9 % of /angebote/ (in-process, paired, page cache off), less than the 20 % that would pay
for a fork of library internals.
"""

from urllib.parse import urlencode

import django_filters
from django.utils.functional import lazy
from django.utils.translation import gettext

PAGE_PARAM = "seite"
# Up to this many options the message about a wrong choice lists them all.
LISTED_OPTIONS = 12


def invalid_choice_message(filter_):
    """The error of a value the choice filter does not offer (a changed or mistyped address),
    naming the filter and its options – instead of Django's "Bitte eine gültige Auswahl
    treffen." Lazy: the options are only read (in the page's language) when the error shows."""

    def message():
        options = [str(label) for value, label in filter_.field.choices if value != ""]
        if len(options) <= LISTED_OPTIONS:
            text = gettext(
                "Für „%(filter)s“ gibt es diese Auswahl nicht. Möglich sind: %(options)s."
            ) % {"filter": filter_.label, "options": ", ".join(options)}
        else:
            text = gettext(
                "Für „%(filter)s“ gibt es diese Auswahl nicht. Bitte wählen Sie einen Eintrag "
                "aus der Liste."
            ) % {"filter": filter_.label}
        return text.replace("%", "%%")  # Django fills in %(value)s, which the text leaves out

    return lazy(message, str)()


class FacetedFilterSet(django_filters.FilterSet):
    # Parameters that belong to the list but are not filters of their own.
    passthrough_params = ("sortierung",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():  # this FilterSet's own copies
            if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
                errors = filter_.extra.setdefault("error_messages", {})
                errors.setdefault("invalid_choice", invalid_choice_message(filter_))
                # A form field built before (django-filter keeps it on the filter, and the
                # copy keeps it: drf-spectacular reads the class's filters' fields for the API
                # schema) would miss the message; it is built again from ``extra``.
                filter_.__dict__.pop("_field", None)

    @classmethod
    def url_params(cls):
        """Every query parameter the list reads: its filters and the page number (declared
        to the page cache, see page_cache.query_params)."""
        return (*cls.base_filters, PAGE_PARAM)

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
        return "?" + urlencode(params)

    def active_filters(self):
        """(filter label, value label, URL without this filter) for each active filter."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []) or name in self.hidden_from_active:
                continue
            field = self.form.fields[name]
            label = field.label
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value_label = dict(field.choices)[value]  # a valid choice: the form checked it
            else:
                value_label = str(value)
            remove = (name, *self.removed_together.get(name, ()))
            active.append((label, value_label, self.url_without(*remove)))
        return active

    hidden_from_active = ()
    removed_together = {}

    def canonical_query(self, page_number=1, without=()):
        """The query string of the list's canonical URL ("" or "?lebensphase=…&q=…"): the
        list's parameters with a valid, non-empty value, sorted by name, words with single
        spaces, without what means the same as its absence (``canonical_params``), and the page
        number from page 2 on. Search engines then index one URL per list, not every spelling
        of it; an invalid parameter names the list without it, and so do the parameters
        ``without`` names (e.g. a region the canonical host implies)."""
        self.errors  # noqa: B018 - validates the form
        pairs = {}
        if self.is_bound:
            for name in self.base_filters:
                value = " ".join(str(self.data.get(name, "")).split())
                if value and name not in self.form.errors and name not in without:
                    pairs[name] = value
        pairs = self.canonical_params(pairs)
        if page_number > 1:
            pairs[PAGE_PARAM] = str(page_number)
        return "?" + urlencode(sorted(pairs.items())) if pairs else ""

    def canonical_params(self, pairs):
        """Drop parameters that say nothing beyond their absence; override."""
        return pairs
