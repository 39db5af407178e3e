from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Offene Daten (API)")

    def ready(self):
        # Registers the schema annotations of the lists' filters (as Django apps register
        # signal handlers in ready()).
        from . import schema  # noqa: F401
