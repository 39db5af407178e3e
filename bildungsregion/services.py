"""Services on entries of every kind (ReviewedModel)."""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _


def entry_confirm_current(*, entry, by, today=None):
    """Confirm an entry as current: its "Stand" becomes today. Versioned like any change."""
    opts = entry._meta
    if not by.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}", entry):
        raise PermissionDenied
    entry.last_reviewed = today or timezone.localdate()
    entry._history_user = by
    entry._change_reason = _("als aktuell bestätigt")
    entry.save(update_fields=["last_reviewed", "updated_at"])
    return entry
