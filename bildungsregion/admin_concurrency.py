"""Two people editing one entry: the later save of a form loaded before the earlier save is
refused, instead of silently writing over it.

The admin's change form carries the entry's ``updated_at`` as it was loaded (the hidden field
``loaded_version``, rendered by ``templates/admin/change_form.html``). On saving, the form
compares it with the stored value. If somebody saved in between, the form is invalid with a
message saying who (the newest version in the history, django-simple-history) and when, and
listing the fields whose stored value changed since the form was loaded, with their current
values. What was typed stays in the form, and the hidden field now carries the stored version,
so that saving again deliberately overwrites.

Check and write are one step: the admin's change view runs in a transaction, and on PostgreSQL
the entry's row is locked (SELECT … FOR UPDATE) when it is loaded for a save, so no other save
can come between the check and the write. SQLite runs every transaction IMMEDIATE (settings),
which serializes writers anyway.

Only models with an ``updated_at`` field (``bildungsregion.models.ReviewedModel``) are checked.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import formats, timezone
from django.utils.translation import gettext as _

VERSION_FIELD = "loaded_version"


def is_versioned(model):
    return any(field.name == "updated_at" for field in model._meta.concrete_fields)


def version_token(obj):
    """The stored version of ``obj`` as the hidden field carries it."""
    updated_at = getattr(obj, "updated_at", None)
    return updated_at.astimezone(datetime.UTC).isoformat() if updated_at else ""


def _display(instance, name):
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{name}_display")())
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    text = str(formats.localize(value))
    return f"„{text[:80]}…“" if len(text) > 80 else f"„{text}“"


def _changed_fields(instance, loaded, names):
    """Names (of ``names``, in their order) whose stored value differs from the version loaded at ``loaded``
    (an updated_at value), according to the history; None if the history cannot tell."""
    history = getattr(instance, "history", None)
    if history is None:
        return None
    # A save sets updated_at first and writes its version right after: the loaded version is
    # the first one written at or after the loaded updated_at.
    loaded_record = history.filter(history_date__gte=loaded).order_by("history_date").first()
    latest = history.order_by("-history_date").first()
    if loaded_record is None or latest is None:
        return None
    tracked = {field.name for field in latest.tracked_fields}
    included = [name for name in names if name in tracked]
    changed = set(latest.diff_against(loaded_record, included_fields=included).changed_fields)
    return [name for name in included if name in changed]


def stale_edit_message(instance, loaded, form):
    """The form's error: who saved last (the newest version's user) and when, and the current
    values of the fields that changed since the form was loaded."""
    history = getattr(instance, "history", None)
    latest = None
    if history is not None:
        latest = history.select_related("history_user").order_by("-history_date").first()
    user = latest.history_user if latest is not None else None
    who = (user.get_full_name() or user.get_username()) if user else _("jemand anderem")
    when = formats.date_format(timezone.localtime(instance.updated_at), "d.m.Y, H:i")
    changed = _changed_fields(instance, loaded, list(form.fields))
    if changed:
        current = "; ".join(
            f"{form.fields[name].label or name}: {_display(instance, name)}" for name in changed
        )
    else:
        current = _("keine Unterschiede in den Feldern dieses Formulars")
    return _(
        "Dieser Eintrag wurde inzwischen von %(user)s geändert (%(time)s). Ihre Eingaben sind "
        "unten erhalten; die aktuelle Fassung: %(current)s. Speichern Sie erneut, um sie mit "
        "Ihren Eingaben zu überschreiben."
    ) % {"user": who, "time": when, "current": current}


class StaleEditFormMixin:
    """For a ModelForm bound to a stored entry (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD].initial = version_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get(VERSION_FIELD)
        # ``instance`` still holds the stored values here: the form writes into it later.
        current = version_token(self.instance)
        if loaded and loaded != current:
            try:
                loaded_at = datetime.datetime.fromisoformat(loaded)
            except ValueError:
                loaded_at = self.instance.updated_at
            self.add_error(
                None, ValidationError(stale_edit_message(self.instance, loaded_at, self))
            )
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = current
            self.data = data
        return cleaned_data


class StaleEditAdminMixin:
    """For a ModelAdmin: the change form of a versioned model refuses stale saves."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change or obj is None or not is_versioned(self.model):
            return form
        hidden = forms.CharField(widget=forms.HiddenInput, required=False)
        return type(form.__name__, (StaleEditFormMixin, form), {VERSION_FIELD: hidden})

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and is_versioned(self.model):
            self._lock_for_save(object_id, from_field)
        return super().get_object(request, object_id, from_field)

    def _lock_for_save(self, object_id, from_field):
        using = router.db_for_write(self.model)
        connection = connections[using]
        if not connection.features.has_select_for_update or not connection.in_atomic_block:
            return
        field = (
            self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        )
        try:
            value = field.to_python(object_id)
        except ValidationError:
            return  # get_object answers it
        rows = self.model._default_manager.db_manager(using).select_for_update()
        list(rows.filter(**{field.attname: value}).values_list("pk", flat=True))
