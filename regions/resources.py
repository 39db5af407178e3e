"""Import and export of a region's entries (django-import-export), scoped like the admin.

Rules of every import, checked per row (errors are shown per row in the preview, the dry run):
* staff import only into their own region: with one region the column ``region`` is set to it
  whatever the file says; with several it must name one of them;
* a row may update an existing entry (matched by ``slug``) only if that entry belongs to one of
  the importer's regions;
* related entries (provider, municipality) are looked up by name or slug *in the row's region*;
* the status is exported but never imported: new entries start as drafts, publishing stays an
  editorial step.

The admin's confirm step (``admin_scoping.ScopedImportExportAdmin.process_import``) reads the
file only from the preview that this user's own dry run stored (``PreviewConfirmForm``, a
signed name; the file waits in the cache, ``ImportPreviewStorage``), checks every row again and
writes all rows or none.

Every export neutralises cells that a spreadsheet would take for a formula
(``RegionScopedResource.export_field``).

A file's columns are named in German, after the fields' labels in the admin ("Kurzname in
Adressen", "Titel", "Lernform" …), whatever the language of the session, so that an exported
file can be imported again; an import also takes the fields' own names ("slug", "title" …), the
headers of files exported before.
"""

from diff_match_patch import diff_match_patch
from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.forms import ConfirmImportForm, SelectableFieldsExportForm
from import_export.tmp_storages import CacheStorage

from bildungsregion.text import german_slugify, unique_slug

from .models import Region
from .scoping import region_roles

# A spreadsheet (Excel, LibreOffice) takes a cell starting with one of these for a formula, in
# CSV files even for a DDE command (``=cmd|' /C calc'!A0``). django-import-export's
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (4.4.3) covers only a leading "=" and turns every
# cell of an XLSX file into text (empty numbers into "None"), so it stays off and
# RegionScopedResource.export_field handles all of them, the one place for every export.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# How long an import preview can be confirmed: its file in the cache, its signed name.
PREVIEW_SECONDS = 60 * 60


def neutralise_formula(value):
    """``value`` with a leading apostrophe if a spreadsheet would read it as a formula: the
    cell then shows the text as it is (OWASP's advice against CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class InRegionForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up by ``field`` among the rows of the import row's region."""

    def __init__(self, model, field, region_lookup="region__slug"):
        super().__init__(model, field)
        self.region_lookup = region_lookup

    # The column of the row's region; the resource sets it to its own (German) column.
    region_column = "region"

    def get_queryset(self, value, row, *args, **kwargs):
        region = (row or {}).get(self.region_column)
        return self.model.objects.filter(**{self.region_lookup: region})

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("„%(value)s“ gibt es in dieser Region nicht.") % {"value": value}
            ) from None


class PreviewDiff(resources.Diff):
    """A row's changes in the import preview as django-import-export shows them, without the
    inline styles that diff_match_patch's ``diff_prettyHtml`` writes (``<ins style=…>``; the CSP
    forbids them): plain ``<ins>`` and ``<del>``, coloured by import_export/import.css."""

    TAGS = {diff_match_patch.DIFF_INSERT: "ins", diff_match_patch.DIFF_DELETE: "del"}

    def as_html(self):
        data = []
        dmp = diff_match_patch()
        for old, new in zip(self.left, self.right, strict=False):  # as django-import-export
            if old != new and self.new:
                old = ""
            diff = dmp.diff_main(force_str(old), force_str(new))
            dmp.diff_cleanupSemantic(diff)
            html = "".join(
                "<{0}>{1}</{0}>".format(
                    self.TAGS.get(op, "span"), escape(text).replace("\n", "&para;<br>")
                )
                for op, text in diff
            )
            data.append(mark_safe(html))  # every text escaped above
        return data


class RegionScopedResource(resources.ModelResource):
    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=widgets.ForeignKeyWidget(Region, "slug"),
    )

    # The field whose value makes a slug when the file has none.
    name_field = "name"

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        # Each instance has its own copy of the fields (ModelResource.__init__).
        for name, field in self.fields.items():
            field.column_name = self.column_label(name)
        for field in self.fields.values():
            if isinstance(field.widget, InRegionForeignKeyWidget):
                field.widget.region_column = self.column("region")

    @classmethod
    def column_label(cls, name):
        """The German column of the field ``name``: its model field's label, in German."""
        try:
            model_field = cls._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        with translation.override("de"):
            return str(capfirst(model_field.verbose_name))

    def column(self, name):
        """The column of the field ``name`` in this resource's files."""
        return self.fields[name].column_name

    def get_diff_class(self):
        return PreviewDiff

    # --- export ---
    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):  # "-3" is a number, not a formula
            return value
        return neutralise_formula(value)

    # --- who imports ---
    def _allowed_region_ids(self):
        if self.user is None or self.user.is_superuser:
            return None
        return set(region_roles(self.user))

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user
        if self.user is None:
            raise ValueError("RegionScopedResource.import_data needs user=…")
        # A file with the fields' own names as headers (exported before the German columns).
        if dataset.headers:
            dataset.headers = [
                self.column(header) if header in self.fields else header
                for header in dataset.headers
            ]
        allowed = self._allowed_region_ids()
        self._single_region_slug = None
        if allowed is not None and len(allowed) == 1:
            self._single_region_slug = Region.objects.get(pk=next(iter(allowed))).slug
        if self._single_region_slug and self.column("region") not in dataset.headers:
            dataset.append_col(
                [self._single_region_slug] * len(dataset), header=self.column("region")
            )
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        if self._single_region_slug:
            row[self.column("region")] = self._single_region_slug
        super().before_import_row(row, **kwargs)

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        allowed = self._allowed_region_ids()
        if instance is not None and allowed is not None and instance.region_id not in allowed:
            raise ValidationError(
                {
                    "slug": _("Der Kurzname „%(slug)s“ ist schon vergeben.")
                    % {"slug": row[self.column("slug")]}
                }
            )
        return instance

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        allowed = self._allowed_region_ids()
        if (
            allowed is not None
            and "region" not in errors
            and instance.region_id is not None
            and instance.region_id not in allowed
        ):
            errors["region"] = [_("Sie können nur in Ihre eigene Region importieren.")]
        if not instance.slug and getattr(instance, self.name_field, ""):
            instance.slug = self.unique_slug(getattr(instance, self.name_field))
        if errors:
            raise ValidationError(errors)

    def unique_slug(self, text):
        model = self._meta.model
        base = german_slugify(text, max_length=190) or model._meta.model_name
        return unique_slug(model._default_manager.all(), base)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance._history_user = self.user
        super().save_instance(instance, is_create, row, **kwargs)


# --- the confirm step of an admin import ---
class ImportPreviewStorage(CacheStorage):
    """Keeps an uploaded file between the preview (dry run) and the confirm: in the shared
    cache under a random name, so that nothing stays behind in the server's temp folder and an
    unconfirmed preview expires by itself (IMPORT_EXPORT_TMP_STORAGE_CLASS)."""

    CACHE_LIFETIME = PREVIEW_SECONDS


class PreviewConfirmForm(ConfirmImportForm):
    """The confirm step's form. ``import_file_name`` carries the preview (stored name, file
    name, format, resource) signed for the user whose dry run stored it; django-import-export's
    own form takes any name and its storage reads it from the server's temp folder."""

    salt = "bildungsregion.import-preview"
    refused = gettext_lazy(
        "Diese Vorschau ist abgelaufen oder gehört nicht zu Ihrem Import. Bitte laden Sie die "
        "Datei erneut hoch."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.preview = None

    @classmethod
    def sign(cls, user, initial):
        """The value of ``import_file_name`` for the preview described by ``initial``."""
        preview = {
            "user": user.pk,
            "name": initial["import_file_name"],
            "original_file_name": initial["original_file_name"],
            "format": str(initial["format"]),
            "resource": str(initial.get("resource") or ""),
        }
        return signing.dumps(preview, salt=cls.salt)

    def clean_import_file_name(self):
        try:
            preview = signing.loads(
                self.cleaned_data["import_file_name"], salt=self.salt, max_age=PREVIEW_SECONDS
            )
        except signing.BadSignature:  # also SignatureExpired
            preview = None
        if not isinstance(preview, dict) or preview.get("user") != self.user.pk:
            raise forms.ValidationError(self.refused, code="invalid_preview")
        self.preview = preview
        return preview["name"]

    def clean(self):
        cleaned_data = super().clean()
        if self.preview is not None:  # what was previewed, whatever the other fields say
            cleaned_data.update(
                original_file_name=self.preview["original_file_name"],
                format=self.preview["format"],
                resource=self.preview["resource"],
            )
        return cleaned_data


# --- the admin's export form ---
class ExportColumnsForm(SelectableFieldsExportForm):
    """django-import-export's export form (4.4.3) with the columns named as in the file, and
    every ticked column exported.

    Its form names a column's checkbox ``<resource>_<field>`` and, once valid, stores the ticks
    under the bare field names in ``cleaned_data`` – beside its own fields. A resource field
    called ``format`` (the offer's vor Ort/online/hybrid) is then overwritten by the form's
    ``format`` (the file format, "0" for CSV), and the ticked column dropped out of the file.
    This form keeps the ticks apart (``selected_columns``) and ``cleaned_data`` as the form's
    own fields."""

    def _get_field_label(self, resource, field_name):
        return resource().column(field_name)

    def _normalize_resource_fields(self, selected_resource):
        prefix = self.create_boolean_field_name(selected_resource, "")
        ticked = {
            name.removeprefix(prefix)
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value is True
        }
        self.selected_columns = [
            name for name in selected_resource().get_export_order() if name in ticked
        ]
        self._selected_resource_fields = self.selected_columns
        self.cleaned_data = {
            name: value for name, value in self.cleaned_data.items() if not name.startswith(prefix)
        }

    def _validate_any_field_selected(self, resource):
        if not self.selected_columns:
            raise forms.ValidationError(
                _("Bitte wählen Sie mindestens eine Spalte aus."), code="invalid"
            )

    def get_selected_resource_export_fields(self):
        return list(self.selected_columns)
