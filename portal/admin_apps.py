from django.contrib.admin.apps import AdminConfig


class BildungsregionAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's own admin site as ``admin.site``."""

    default_site = "portal.admin_site.BildungsregionAdminSite"
