"""The page feedback ("War diese Seite hilfreich?") for the Bildungsbüro of the page's region:
a list with filters and, above it, the yes and no answers per page of what the filters show.
Nobody adds or changes an answer here; the office may delete one once read."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regions.admin_scoping import RegionScopedAdminMixin

from .models import PageFeedback

SUMMARY_LIMIT = 50


@admin.register(PageFeedback)
class PageFeedbackAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/usage/pagefeedback/change_list.html"
    list_display = ["day", "page_link", "kind", "answer", "comment_start", "region"]
    list_filter = ["helpful", "kind", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["page_title", "comment"]
    date_hierarchy = "day"
    list_select_related = ["region"]
    list_per_page = 50
    fields = ["day", "region", "kind", "page_title", "page_path", "helpful", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Seite"), ordering="page_title")
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.page_path, obj.page_title)

    @admin.display(description=_("hilfreich?"), ordering="helpful")
    def answer(self, obj):
        return _("ja") if obj.helpful else _("nein")

    @admin.display(description=_("Kommentar"))
    def comment_start(self, obj):
        return obj.comment[:80] + ("…" if len(obj.comment) > 80 else "")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["per_page"] = changelist.queryset.per_page()[:SUMMARY_LIMIT]
        return response
