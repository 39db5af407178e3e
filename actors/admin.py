from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from regions.admin import STAND_FIELDSET
from regions.admin_scoping import (
    RegionScopedInlineMixin,
    ScopedImportExportAdmin,
    ScopedModelAdmin,
)

from .completeness import actor_completeness
from .models import Actor, InstitutionMembership, Meeting, WorkingGroup, WorkingGroupMembership
from .resources import ActorResource


class CompletenessAdminMixin:
    """A "Vollständigkeit" column ("80 %") in the changelist and, on the change form, a
    read-only line with the missing items (not a tooltip on the column: a title attribute
    reaches neither the keyboard nor most screen readers). ``completeness_of`` is the rule:
    ``entry -> Completeness`` (actors.completeness / offers.completeness)."""

    completeness_of = None

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "completeness_summary"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # nothing to score before it is saved
            return fieldsets
        return [(None, {"fields": ["completeness_summary"]}), *fieldsets]

    @admin.display(description=_("Vollständigkeit"))
    def completeness_column(self, obj):
        return _("%(score)d %%") % {"score": self.completeness_of(obj).score}

    @admin.display(description=_("Vollständigkeit"))
    def completeness_summary(self, obj):
        result = self.completeness_of(obj)
        if not result.missing:
            return _("%(score)d %% – alle Angaben vollständig") % {"score": result.score}
        return ngettext(
            "%(score)d %% – Es fehlt: %(items)s",
            "%(score)d %% – Es fehlen: %(items)s",
            len(result.missing),
        ) % {"score": result.score, "items": ", ".join(result.missing)}


@admin.register(Actor)
class ActorAdmin(CompletenessAdminMixin, ScopedImportExportAdmin):
    resource_classes = [ActorResource]
    completeness_of = staticmethod(actor_completeness)
    list_display = [
        "name",
        "kind",
        "municipality",
        "region",
        "is_public",
        "last_reviewed",
        "completeness_column",
    ]
    list_filter = [
        ("region", admin.RelatedOnlyFieldListFilter),
        "kind",
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "is_public",
    ]
    search_fields = ["name", "city", "postcode", "description"]
    list_select_related = ["region", "municipality"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]
    readonly_fields = ["coordinates_source"]
    fieldsets = [
        (None, {"fields": ["region", "name", "slug", "kind", "description"]}),
        (
            _("Adresse"),
            {
                "fields": [
                    "municipality",
                    "street",
                    ("postcode", "city"),
                    ("latitude", "longitude"),
                    "coordinates_source",
                ]
            },
        ),
        (_("Kontakt"), {"fields": ["phone", "email", "website"]}),
        (
            _("Kooperation und Anzeige"),
            {"fields": ["partner_role", "is_public"]},
        ),
        STAND_FIELDSET,
    ]


class WorkingGroupMembershipInline(RegionScopedInlineMixin, admin.TabularInline):
    model = WorkingGroupMembership
    extra = 0
    autocomplete_fields = ["actor"]
    fields = ["actor", "role", "note"]


class MeetingInline(RegionScopedInlineMixin, admin.StackedInline):
    model = Meeting
    extra = 0
    fields = [("title", "location"), ("starts_at", "ends_at"), "minutes_public"]
    show_change_link = True


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "region", "member_count", "is_public", "last_reviewed"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "kind", "is_public"]
    search_fields = ["name", "purpose"]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WorkingGroupMembershipInline, MeetingInline]
    fieldsets = [
        (None, {"fields": ["region", "name", "slug", "kind", "purpose", "contact_email"]}),
        (_("Anzeige"), {"fields": ["is_public"]}),
        STAND_FIELDSET,
    ]

    def get_queryset(self, request):
        # Aggregating drops Meta.ordering: order explicitly (autocomplete pages through this).
        return (
            super()
            .get_queryset(request)
            .annotate(_member_count=Count("memberships"))
            .order_by("region__name", "name")
        )

    @admin.display(description=_("Mitglieder"), ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count


@admin.register(WorkingGroupMembership)
class WorkingGroupMembershipAdmin(ScopedModelAdmin):
    list_display = ["actor", "working_group", "role", "note"]
    list_filter = [("working_group__region", admin.RelatedOnlyFieldListFilter), "role"]
    search_fields = ["actor__name", "working_group__name", "note"]
    list_select_related = ["actor", "working_group"]
    autocomplete_fields = ["working_group", "actor"]


@admin.register(Meeting)
class MeetingAdmin(ScopedModelAdmin):
    list_display = ["__str__", "working_group", "starts_at", "location", "minutes_public"]
    list_filter = [
        ("working_group__region", admin.RelatedOnlyFieldListFilter),
        ("working_group", admin.RelatedOnlyFieldListFilter),
        "minutes_public",
    ]
    search_fields = ["title", "working_group__name", "agenda", "minutes"]
    date_hierarchy = "starts_at"
    list_select_related = ["working_group"]
    autocomplete_fields = ["working_group"]
    fieldsets = [
        (None, {"fields": ["working_group", "title", ("starts_at", "ends_at"), "location"]}),
        (_("Inhalt"), {"fields": ["agenda", "minutes", "minutes_public"]}),
        STAND_FIELDSET,
    ]


@admin.register(InstitutionMembership)
class InstitutionMembershipAdmin(ScopedModelAdmin):
    """Who works for which institution (any kind of actor). One person may work for several:
    the office adds an existing account to a further institution here, and removes a person
    from one by deleting the row. ``can_invite``: may invite colleagues (actors.invitations)."""

    list_display = ["user", "actor", "actor_kind", "can_invite", "created_at"]
    list_filter = [
        ("actor__region", admin.RelatedOnlyFieldListFilter),
        "actor__kind",
        "can_invite",
    ]
    search_fields = ["user__username", "user__email", "actor__name"]
    list_select_related = ["user", "actor"]
    autocomplete_fields = ["user", "actor"]
    fields = ["user", "actor", "can_invite"]

    @admin.display(description=_("Art der Einrichtung"), ordering="actor__kind")
    def actor_kind(self, obj):
        return obj.actor.get_kind_display()
