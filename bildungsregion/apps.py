from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BildungsregionConfig(AppConfig):
    name = "bildungsregion"
    verbose_name = _("Benutzerkonten")
