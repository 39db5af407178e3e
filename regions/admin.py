from django.contrib import admin

from .models import (
    AccessibilityFeedback,
    Document,
    FocusArea,
    FundingProgramme,
    Municipality,
    PostalCode,
    Region,
    StaffMembership,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "office_name", "office_email", "last_reviewed"]
    search_fields = ["name", "district", "office_name"]
    prepopulated_fields = {"slug": ["name"]}


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "postcode", "region"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "postcode", "postal_codes__code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PostalCodeInline]


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "region", "position", "is_public", "last_reviewed"]
    list_filter = ["region", "kind", "is_public"]
    search_fields = ["title", "description"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "region", "published_on", "is_public", "last_reviewed"]
    list_filter = ["region", "kind", "is_public"]
    search_fields = ["title", "description"]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "budget", "deadline", "is_public", "last_reviewed"]
    list_filter = ["region", "is_public"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "role", "created_at"]
    list_filter = ["region", "role"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "region"]


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "region", "page_url", "is_handled"]
    list_filter = ["is_handled", "region"]
    search_fields = ["message", "page_url", "email"]
    date_hierarchy = "created_at"
    list_select_related = ["region"]
