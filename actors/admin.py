from django.contrib import admin

from .models import Actor, InstitutionMembership, Meeting, WorkingGroup, WorkingGroupMembership


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "municipality", "is_public", "last_reviewed"]
    list_filter = ["region", "kind", "is_public"]
    search_fields = ["name", "city", "postcode"]
    list_select_related = ["region", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]


class WorkingGroupMembershipInline(admin.TabularInline):
    model = WorkingGroupMembership
    extra = 0
    autocomplete_fields = ["actor"]


class MeetingInline(admin.StackedInline):
    model = Meeting
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "is_public", "last_reviewed"]
    list_filter = ["region", "kind", "is_public"]
    search_fields = ["name", "purpose"]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WorkingGroupMembershipInline, MeetingInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "working_group", "starts_at", "minutes_public"]
    list_filter = ["working_group__region", "minutes_public"]
    date_hierarchy = "starts_at"
    list_select_related = ["working_group"]


@admin.register(InstitutionMembership)
class InstitutionMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "actor", "created_at"]
    search_fields = ["user__username", "actor__name"]
    list_select_related = ["user", "actor"]
    autocomplete_fields = ["actor"]
