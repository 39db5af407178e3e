"""System checks of the portal's own content (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError
from django.http.request import validate_host
from django.utils.translation import gettext as _

from .models import LegalDetails, RegionHost

LEGAL_DETAILS_INCOMPLETE = "regions.W001"
REGION_HOST_NOT_ALLOWED = "regions.W002"


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


@register(deploy=True)
def check_region_hosts(app_configs=None, **kwargs):
    """Every region's host (RegionHost) must be in ALLOWED_HOSTS, which production reads from
    the environment: Django answers any other Host with 400, so the region's portal would not
    be reachable."""
    try:
        hosts = list(RegionHost.objects.select_related("region").order_by("host"))
    except DatabaseError:
        return []
    return [
        Warning(
            _(
                "Der Host-Name „%(host)s“ der Region %(region)s steht nicht in ALLOWED_HOSTS: "
                "Anfragen an ihn werden abgewiesen."
            )
            % {"host": row.host, "region": row.region.name},
            hint=_(
                "Den Host-Namen in die Umgebungsvariable ALLOWED_HOSTS aufnehmen (durch Kommas "
                "getrennt) oder in der Verwaltung bei der Region entfernen."
            ),
            obj=row,
            id=REGION_HOST_NOT_ALLOWED,
        )
        for row in hosts
        if not validate_host(row.host, settings.ALLOWED_HOSTS)
    ]
