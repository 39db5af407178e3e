"""The admin site of the portal: titled with the user's Bildungsbüro, with the monitoring page."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from actors.invitations import invitable_region_ids
from bildungsregion.models import BrokenLink
from offers.models import ChangeRequest, Event
from regions.models import Region
from regions.scoping import UnscopedModel, region_roles, scope_queryset
from regions.two_factor import OTPAdminLoginForm, second_factor_state, setup_view
from usage.admin_views import search_statistics_view

from .embed_admin import embed_snippet_view
from .monitoring import monitoring_view


def staff_regions(user):
    """The regions a staff user works for (name and office), cached on the user object."""
    cached = getattr(user, "_staff_regions_cache", None)
    if cached is None:
        ids = list(region_roles(user))
        cached = list(Region.objects.filter(pk__in=ids).only("name", "slug", "office_name"))
        user._staff_regions_cache = cached
    return cached


class BildungsregionAdminSite(admin.AdminSite):
    site_title = _("Bildungsportal")
    site_header = _("Bildungsportal – Verwaltung")
    index_title = _("Übersicht")
    index_template = "admin/bildungsregion_index.html"
    login_form = OTPAdminLoginForm

    def has_permission(self, request):
        """Active staff – and, with a second factor set up or required, a verified session."""
        return super().has_permission(request) and second_factor_state(request) == "ok"

    def login(self, request, extra_context=None):
        user = request.user
        if (
            user.is_authenticated
            and user.is_active
            and user.is_staff
            and second_factor_state(request) == "setup"
        ):
            return redirect("admin:two-factor-setup")
        return super().login(request, extra_context)

    def embed_snippet(self, request):
        return embed_snippet_view(request, self)

    def two_factor_setup(self, request):
        return setup_view(request, self)

    def office_title(self, request):
        """ "Bildungsbüro Stade" for the staff of Stade; the portal's header for everyone else."""
        user = request.user
        if not user.is_active or not user.is_staff or user.is_superuser:
            return None
        regions = staff_regions(user)
        if len(regions) != 1:
            return None
        region = regions[0]
        return f"{region.office_name} {region.name}"

    def each_context(self, request):
        context = super().each_context(request)
        title = self.office_title(request) if hasattr(request, "user") else None
        if title:
            context["site_header"] = title
            context["site_title"] = title
        context["may_see_monitoring"] = self.may_see_monitoring(request)
        return context

    def may_see_monitoring(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_active or not user.is_staff:
            return False
        return user.is_superuser or bool(region_roles(user))

    def index(self, request, extra_context=None):
        user = request.user
        awaiting = scope_queryset(Event.objects.awaiting_moderation(), user).count()
        changes = scope_queryset(ChangeRequest.objects.waiting(), user).count()
        extra_context = {
            "events_awaiting_moderation": awaiting,
            "changes_awaiting_moderation": changes,
            "broken_links": scope_queryset(BrokenLink.objects.all(), user).count(),
            "may_invite": bool(user.is_superuser or invitable_region_ids(user)),
            **(extra_context or {}),
        }
        return super().index(request, extra_context)

    def get_urls(self):
        urls = super().get_urls()
        # Replace the "view on site" redirect with one that checks the object's region.
        urls = [url for url in urls if getattr(url, "name", None) != "view_on_site"]
        return [
            path("monitoring/", self.admin_view(monitoring_view), name="monitoring"),
            path(
                "suchanfragen/",
                self.admin_view(search_statistics_view),
                name="search-statistics",
            ),
            path("einbetten/", self.admin_view(self.embed_snippet), name="embed-snippet"),
            # Outside admin_view: reachable before the second factor exists.
            path("zwei-faktor/", self.two_factor_setup, name="two-factor-setup"),
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.scoped_shortcut),
                name="view_on_site",
            ),
            *urls,
        ]

    def scoped_shortcut(self, request, content_type_id, object_id):
        """Django's "view on site" redirect, only for objects the user may see."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        try:
            queryset = scope_queryset(model._default_manager.all(), request.user)
            visible = queryset.filter(pk=object_id).exists()
        except (UnscopedModel, ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404
        return shortcut(request, content_type_id, object_id)
