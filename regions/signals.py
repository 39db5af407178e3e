"""Signals of the admin's write paths, for the apps above that keep derived data.

The region-scoped admin and import live on this floor; the portal's search index is kept by
``offers`` (``offers.signals``), which listens here, so this package need not import it.
"""

from django.dispatch import Signal

# RegionScopedAdminMixin.save_related, once an entry and its relations are saved.
# sender: the model; instance: the entry.
admin_entry_saved = Signal()

# RegionScopedResource.after_import, after an import that was not a dry run.
# sender: the model; ids: the primary keys of the imported rows (at least one).
rows_imported = Signal()
