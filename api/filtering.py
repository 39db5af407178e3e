"""The lists' own FilterSets in the API (offers.filters, actors.filters, careers.filters).

DjangoFilterBackend builds the view's ``filterset_class`` from the query as the list page does;
this backend then takes the list's order from the FilterSet (``sorted_qs()``: relevance for a
search, distance in a radius search, …), so that the API lists the same entries in the same
order as the page. Unlike the page, which lists by the valid filters and shows the errors of
the others, an invalid value is refused with 400 and the form's German message: a program
should not get another list than it asked for.
"""

from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend


class ListFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        view.radius_origin = filterset.form.origin
        return filterset.sorted_qs()
