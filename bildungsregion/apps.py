from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BildungsregionConfig(AppConfig):
    name = "bildungsregion"
    verbose_name = _("Benutzerkonten")

    def ready(self):
        # Any change to the portal's content makes the cached public pages stale.
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .page_cache import bump

        for label in ("regions", "actors", "offers"):
            for model in apps.get_app_config(label).get_models():
                post_save.connect(
                    bump, sender=model, dispatch_uid=f"page-cache-{model._meta.label}"
                )
                post_delete.connect(
                    bump, sender=model, dispatch_uid=f"page-cache-del-{model._meta.label}"
                )
        m2m_changed.connect(bump, dispatch_uid="page-cache-m2m")
