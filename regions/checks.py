"""System checks of the portal's own content (``manage.py check --deploy``)."""

from django.core.checks import Warning, register
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .models import LegalDetails

LEGAL_DETAILS_INCOMPLETE = "regions.W001"


@register(deploy=True)
def check_legal_details(app_configs=None, **kwargs):
    """Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit must be complete
    before the portal goes live: every part the law requires that is still empty is named.
    A database that cannot be read yet (not migrated) is left to ``migrate``."""
    try:
        missing = LegalDetails.load().missing_everywhere
    except DatabaseError:
        return []
    if not missing:
        return []
    return [
        Warning(
            _(
                "Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit sind "
                "unvollständig; es fehlen: %(parts)s."
            )
            % {"parts": ", ".join(missing)},
            hint=_(
                "Als Superuser in der Verwaltung unter „Rechtliche Angaben“ eintragen "
                "(/admin/regions/legaldetails/1/change/). Bis dahin zeigen die Seiten einen Hinweis."
            ),
            id=LEGAL_DETAILS_INCOMPLETE,
        )
    ]
