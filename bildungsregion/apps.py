from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BildungsregionConfig(AppConfig):
    name = "bildungsregion"
    verbose_name = _("Benutzerkonten, Suche und Links")  # users, thesaurus, link check

    def ready(self):
        # A change to the public content makes the cached public pages stale; nothing else
        # (history rows, memberships, feedback of visitors) does.
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import checks  # noqa: F401 - registers the system checks
        from .page_cache import PUBLIC_CONTENT, bump, bump_on_m2m_change

        for label in PUBLIC_CONTENT:
            model = apps.get_model(label)
            post_save.connect(bump, sender=model, dispatch_uid=f"page-cache-{label}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"page-cache-del-{label}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    bump_on_m2m_change,
                    sender=through,
                    dispatch_uid=f"page-cache-m2m-{through._meta.label}",
                )
