"""The office's view of the "Stand" reminders: a filter "Erinnerung ohne Antwort" on the offer
and event lists (offers.admin), so the lists stay scoped to the staff's region like any other
filter of those lists (regions.admin_scoping) and need no permissions of their own."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import freshness


class ReviewReminderFilter(admin.SimpleListFilter):
    title = _("Stand-Erinnerung")
    parameter_name = "erinnerung"

    def lookups(self, request, model_admin):
        return [
            ("ohne-antwort", _("Erinnerung ohne Antwort")),
            ("veraltet", _("möglicherweise veraltet")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "ohne-antwort":
            return freshness.unanswered(queryset)
        if self.value() == "veraltet":
            return freshness.possibly_outdated(queryset)
        return queryset
