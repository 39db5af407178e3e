from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Angebote und Veranstaltungen")

    def ready(self):
        from bildungsregion import linkcheck

        from . import signals  # noqa: F401 - the data layer keeps the search index right
        from .models import Event, Offer

        # The web addresses the link check follows (an event has no address field: those in
        # its texts count).
        linkcheck.register(Offer, ["registration_url"], text_fields=["description", "registration"])
        linkcheck.register(Event, text_fields=["description", "registration"])
