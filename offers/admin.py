from django.contrib import admin

from .models import Event, LifeStage, Offer, Topic, Transition


@admin.register(LifeStage)
class LifeStageAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "age_from", "age_to", "is_cross_cutting"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["name", "from_stage", "to_stage"]
    list_select_related = ["from_stage", "to_stage"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "region", "learning_setting", "status", "last_reviewed"]
    list_filter = ["status", "region", "learning_setting", "format", "life_stages", "topics"]
    search_fields = ["title", "summary", "provider__name"]
    list_select_related = ["provider", "region"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider", "municipality"]
    filter_horizontal = ["life_stages", "topics", "transitions"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organiser", "region", "starts_at", "status"]
    list_filter = ["status", "region", "kind"]
    search_fields = ["title", "description", "organiser__name"]
    list_select_related = ["organiser", "region"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser", "co_organisers", "municipality", "offer"]
