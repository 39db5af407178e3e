from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regionen und Bildungsbüros")

    def ready(self):
        from bildungsregion import linkcheck

        from . import checks  # noqa: F401 - registers the system checks
        from .models import Document, FundingProgramme, Region

        # The web addresses the link check follows.
        linkcheck.register(Region, ["website"], region="pk")
        linkcheck.register(Document, ["url"], text_fields=["description"])
        linkcheck.register(FundingProgramme, ["url"], text_fields=["how_to_apply"])
