from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Ausbildung und Praktikum")

    def ready(self):
        from . import signals  # noqa: F401 - keeps the places' search documents current
