from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from regions.models import StaffMembership

from .admin_scoping import RegionScopedAdminMixin, RegionScopedInlineMixin
from .auth import regions_with_permission
from .models import User


class StaffMembershipInline(RegionScopedInlineMixin, admin.TabularInline):
    model = StaffMembership
    fk_name = "user"
    extra = 0
    fields = ["region", "role"]
    verbose_name = _("Mitarbeit im Bildungsbüro")
    verbose_name_plural = _("Mitarbeit in Bildungsbüros (Rolle je Region)")


@admin.register(User)
class UserAdmin(RegionScopedAdminMixin, DjangoUserAdmin):
    """User accounts. Coordinators manage the accounts of their region's staff and schools;
    they never see superusers and never grant superuser, staff flags or single permissions:
    rights come from the role in StaffMembership (bildungsregion/auth.py)."""

    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = [
        "is_staff",
        "is_active",
        ("staff_memberships__region", admin.RelatedOnlyFieldListFilter),
    ]
    region_filter_names = ("staff_memberships__region",)
    search_fields = ["username", "email", "first_name", "last_name"]
    inlines = [StaffMembershipInline]
    limited_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Persönliche Angaben"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Zugang"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not request.user.is_superuser:
            filters = [f for f in filters if f != "is_staff"]
        return filters

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        adding = obj.pk is None
        if adding and not request.user.is_superuser:
            obj.is_staff = True
        super().save_model(request, obj, form, change)
        if adding and not request.user.is_superuser:
            # A coordinator's new account works for the coordinator's region, as editor;
            # the role can be changed below on the next page.
            region_ids = regions_with_permission(request.user, "bildungsregion.add_user")
            if region_ids:
                StaffMembership.objects.create(
                    user=obj, region_id=min(region_ids), role=StaffMembership.Role.EDITOR
                )

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)
