"""Keeps the portal's search index right after the admin's writes (regions.signals): an entry
saved in the admin, rows imported there. Connected in OffersConfig.ready()."""

from django.dispatch import receiver

from regions.signals import admin_entry_saved, rows_imported

from .search import index_instance, is_indexed, refresh_search_index


@receiver(admin_entry_saved, dispatch_uid="offers-search-admin-entry-saved")
def index_admin_entry(sender, instance, **kwargs):
    if is_indexed(instance):
        index_instance(instance)


@receiver(rows_imported, dispatch_uid="offers-search-rows-imported")
def index_imported_rows(sender, ids, **kwargs):
    refresh_search_index(sender, ids=ids)
