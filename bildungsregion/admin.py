from django.contrib import admin

from .models import ThesaurusEntry


@admin.register(ThesaurusEntry)
class ThesaurusEntryAdmin(admin.ModelAdmin):
    """The search's thesaurus: Land-level staff (superusers) only; a Bildungsbüro neither sees
    nor edits it (it acts on every region's search)."""

    list_display = ["term", "kind", "related", "source"]
    list_filter = ["kind"]
    search_fields = ["term", "related"]
    fields = ["term", "kind", "related", "source"]

    def _land_level(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._land_level(request)

    def has_add_permission(self, request):
        return self._land_level(request)

    def has_view_permission(self, request, obj=None):
        return self._land_level(request)

    def has_change_permission(self, request, obj=None):
        return self._land_level(request)

    def has_delete_permission(self, request, obj=None):
        return self._land_level(request)
