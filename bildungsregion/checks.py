"""System checks of the portal's configuration (``manage.py check --deploy``)."""

import os

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Tags, Warning, register
from django.utils.translation import gettext as _

PER_PROCESS_PAGE_CACHE = "bildungsregion.W001"


@register(Tags.caches, deploy=True)
def check_shared_page_cache(app_configs=None, **kwargs):
    """The page cache and its generation must be shared by every process that serves the
    site: with a memory cache per process, a change bumps the generation in one worker only,
    and the others serve the old pages (archived content, say) for PAGE_CACHE_SECONDS."""
    if settings.DEBUG or settings.PAGE_CACHE_SECONDS <= 0:
        return []
    if not isinstance(caches["default"], LocMemCache):
        return []
    if os.environ.get("GUNICORN_WORKERS", "").strip() == "1":
        return []  # one process (gunicorn.conf.py): its memory is the whole cache
    return [
        Warning(
            _(
                "Der Seiten-Cache (PAGE_CACHE_SECONDS=%(seconds)d) liegt im Speicher jedes "
                "Prozesses (CACHE_URL nicht gesetzt oder locmem://): Nach einer Änderung "
                "zeigen die anderen Worker bis zu %(seconds)d Sekunden lang veraltete Seiten, "
                "auch archivierte Inhalte."
            )
            % {"seconds": settings.PAGE_CACHE_SECONDS},
            hint=_(
                "CACHE_URL auf ein gemeinsames Redis setzen (z. B. redis://127.0.0.1:6379/1), "
                "nur einen Prozess starten (GUNICORN_WORKERS=1) oder den Seiten-Cache "
                "abschalten (PAGE_CACHE_SECONDS=0)."
            ),
            id=PER_PROCESS_PAGE_CACHE,
        )
    ]
