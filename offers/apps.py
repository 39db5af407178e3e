from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Angebote und Veranstaltungen")

    def ready(self):
        from . import signals  # noqa: F401 - the data layer keeps the search index right
