from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "actors"
    verbose_name = _("Akteure und Arbeitsgruppen")

    def ready(self):
        from bildungsregion import linkcheck

        from .models import Actor

        # The web addresses the link check follows.
        linkcheck.register(Actor, ["website"], text_fields=["description"])
