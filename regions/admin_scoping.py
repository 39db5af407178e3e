"""The one mechanism that scopes every ModelAdmin of the portal to the user's region.

``RegionScopedAdminMixin`` (for ModelAdmins) and ``RegionScopedInlineMixin`` (for inlines)
give every view the same rules, all derived from ``regions.scoping.REGION_PATHS`` and
the per-region permissions of ``regions.auth.RegionRoleBackend``:

* querysets (changelist, change/delete/history views, autocomplete JSON, export, bulk actions,
  inlines, the choices of foreign-key and many-to-many fields) hold only rows of the regions
  where the user's role may view (or change) that kind of entry (``auth.viewable``); superusers
  see all;
* an entry is placed (the field its region path starts with: ``region``, ``actor`` …) only in
  a region where the user's role may add and change that kind of entry;
* an object the user does not see is a 404 (not the admin's redirect, which would confirm
  that it exists); an object the user sees but whose region gives them no right to an action
  is a 403 (``has_*_permission`` are asked with the object, per region);
* bulk actions act only on the rows of regions where the user's role allows the action.

``ScopedModelAdmin`` adds versioning (django-simple-history) and ``ScopedImportExportAdmin``
also import/export (django-import-export); every ModelAdmin of the portal derives from one of
them.
"""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.template.defaultfilters import yesno
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from bildungsregion.admin_concurrency import StaleEditAdminMixin
from bildungsregion.services import entry_confirm_current
from bildungsregion.text import german_slugify

from .auth import regions_with_permission, viewable
from .resources import ExportColumnsForm, PreviewConfirmForm
from .scoping import (
    REGION_PATHS,
    for_regions,
    region_roles,
    staff_region_ids,
    within_regions,
)

# Workflow actions work on selected rows of the list and on the entry open in the form.
BOTH = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


def _perm_name(opts, action):
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


def has_region_perm(request, opts, action, obj=None):
    """The user's right to ``action`` (view, change, publish …) on ``opts``' model, asked
    for ``obj``'s region when an object is given."""
    return request.user.has_perm(_perm_name(opts, action), obj)


def restrict_to_permission(request, queryset, action):
    """The rows of ``queryset`` in regions where the user's role allows ``action`` (for rows
    of several regions, users: in all of them, as ``RegionRoleBackend`` says)."""
    region_ids = regions_with_permission(request.user, _perm_name(queryset.model._meta, action))
    if region_ids is None or REGION_PATHS.get(queryset.model._meta.label_lower) is None:
        return queryset
    return within_regions(queryset, region_ids)


def _scoped_related_queryset(admin_site, request, related_model):
    """The choices of a relation to ``related_model``: ordered like its admin, scoped."""
    label = related_model._meta.label_lower
    if REGION_PATHS.get(label) is None:
        return None
    queryset = related_model._default_manager.all()
    related_admin = admin_site._registry.get(related_model)
    if related_admin is not None:
        ordering = related_admin.get_ordering(request)
        if ordering:
            queryset = queryset.order_by(*ordering)
    return viewable(queryset, request.user)


def _region_field_name(model):
    """The field a row's region path starts with (``region``, ``actor`` …), if it has one."""
    path = REGION_PATHS.get(model._meta.label_lower)
    return path.split("__")[0] if isinstance(path, str) and path != "pk" else None


def _placing_region_ids(request, opts):
    """Regions in which the user may put an entry of ``opts``' model (None: any)."""
    ids = [regions_with_permission(request.user, _perm_name(opts, a)) for a in ("add", "change")]
    return None if None in ids else set.intersection(*ids)


class StaleFilter(admin.SimpleListFilter):
    """Entries whose "Stand" is older than STALE_MONTHS months: they need a review
    (ReviewedQuerySet.stale, the one rule)."""

    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        # The labels name STALE_MONTHS (12) as translated text.
        return [
            ("veraltet", _("älter als 12 Monate")),
            ("aktuell", _("in den letzten 12 Monaten geprüft")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "veraltet":
            return queryset.stale()
        if self.value() == "aktuell":
            return queryset.reviewed()
        return queryset


def _is_reviewed(model):
    return any(f.name == "last_reviewed" for f in model._meta.get_fields())


class _ScopedFormfieldsMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = _scoped_related_queryset(
                self.admin_site, request, db_field.remote_field.model
            )
            if queryset is not None and db_field.name == _region_field_name(self.model):
                # Not into a region where the user's role may not add or change such entries.
                region_ids = _placing_region_ids(request, self.opts)
                if region_ids is not None:
                    queryset = for_regions(queryset, region_ids)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = _scoped_related_queryset(
                self.admin_site, request, db_field.remote_field.model
            )
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HistoryQuerysetMixin:
    """For a SimpleHistoryAdmin: the versions of an entry without the deprecated call, their
    changes shown in German (GermanHistoryContextHelper)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return GermanHistoryContextHelper(self.model, historical_record)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple-history calls select_related() without fields for models without foreign
        # keys, which Django 6.1 deprecates.
        queryset = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        related = [
            f.name for f in history_manager.model.tracked_fields if isinstance(f, models.ForeignKey)
        ]
        return queryset.select_related(*related) if related else queryset


class RegionScopedAdminMixin(StaleEditAdminMixin, HistoryQuerysetMixin, _ScopedFormfieldsMixin):
    """Region scoping for a ModelAdmin (see the module docstring); a change form saved after
    somebody else saved the entry is refused (``bildungsregion.admin_concurrency``)."""

    # List filters on these names are dropped for users of a single region: one value only.
    region_filter_names = ("region", "working_group__region", "actor__region")

    def get_queryset(self, request):
        return viewable(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Diesen Eintrag gibt es nicht oder er gehört zu einer anderen Region."))
        return obj

    # --- permissions, asked per object's region ---
    def has_view_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "view", obj) or has_region_perm(
            request, self.opts, "change", obj
        )

    def has_change_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "delete", obj)

    def has_add_permission(self, request):
        return has_region_perm(request, self.opts, "add")

    # --- forms ---
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        regions = list(region_roles(request.user))
        has_region_field = any(f.name == "region" for f in self.model._meta.fields)
        single = len(regions) == 1 and not request.user.is_superuser
        if has_region_field and single and "region" not in initial:
            initial["region"] = regions[0]
        return initial

    # --- lists ---
    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if not request.user.is_superuser and len(region_roles(request.user)) <= 1:
            filters = [
                f
                for f in filters
                if (f[0] if isinstance(f, tuple) else f) not in self.region_filter_names
            ]
        if _is_reviewed(self.model) and StaleFilter not in filters:
            filters.append(StaleFilter)
        return filters

    # --- actions ---
    # Workflow steps that the change page also offers as buttons beside its action menu:
    # (action name, button label, the statuses the step starts from – the service's rule).
    status_buttons = ()

    def get_status_buttons(self, request, obj):
        """The buttons for ``obj``: of ``status_buttons``, the actions of the change page that
        the user's role allows (``get_actions``), whose step starts from the entry's status and
        whose permissions the user holds in the entry's region. A button posts the action as the
        action menu does; the action calls the service, which checks everything again."""
        actions = self.get_actions(request, action_location=ActionLocation.CHANGE_FORM)
        buttons = []
        for name, label, starts_from in self.status_buttons:
            action = actions.get(name)
            if action is None or obj.status not in starts_from:
                continue
            permissions = getattr(action.func, "allowed_permissions", ())
            if all(has_region_perm(request, self.opts, perm, obj) for perm in permissions):
                buttons.append({"name": name, "label": label})
        return buttons

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.status_buttons:
            context["status_buttons"] = self.get_status_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(
                actions["delete_selected"], func=scoped_delete_selected
            )
        if _is_reviewed(self.model) and self.has_change_permission(request):
            action = self.get_action(confirm_current, action_location)
            if action is not None:
                actions[action.name] = action
        return actions

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    # --- history (django-simple-history) ---
    def history_view(self, request, object_id, extra_context=None):
        """An entry's versions; 404 for entries of other regions, as everywhere. A deleted
        entry's history is shown to those who could see its last version."""
        if not hasattr(self.model, "history"):  # Django's own log (get_object gives the 404)
            return super().history_view(request, object_id, extra_context)
        object_id = unquote(object_id)
        try:
            exists = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            raise Http404 from None
        if not exists:
            # The history table keeps the entry's own id under the model's pk name (its own pk
            # is history_id). An entry of another region answers like one that never existed.
            pk_name = self.model._meta.pk.attname
            last = (
                self.model.history.filter(**{pk_name: object_id}).order_by("-history_date").first()
            )
            if last is None or not self.has_view_permission(request, last.instance):
                raise Http404
            if not request.user.is_superuser and not staff_region_ids(request.user):
                raise Http404
        return super().history_view(request, object_id, extra_context)


class GermanHistoryContextHelper(HistoricalRecordContextHelper):
    """The values of a version's changes as the form shows them: the label of a choice
    ("veröffentlicht", not "veroeffentlicht"), "ja"/"nein" for a yes/no field, the entries of
    a list separated by commas and "–" for an empty value (simple-history writes "None",
    "True", the stored value and "[a, b]")."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "" or value == []:
            return "–"
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, bool):
            return yesno(value, _("ja,nein"))
        if getattr(field, "choices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return value


def scoped_delete_selected(modeladmin, request, queryset):
    """Django's "delete selected", only for rows of regions where the user may delete."""
    return delete_selected(modeladmin, request, restrict_to_permission(request, queryset, "delete"))


@admin.action(description=_("Als aktuell bestätigen (Stand: heute)"), location=BOTH)
def confirm_current(modeladmin, request, queryset):
    confirmed = 0
    for entry in restrict_to_permission(request, queryset, "change"):
        entry_confirm_current(entry=entry, by=request.user)
        confirmed += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(n)d Eintrag als aktuell bestätigt.",
            "%(n)d Einträge als aktuell bestätigt.",
            confirmed,
        )
        % {"n": confirmed},
        messages.SUCCESS,
    )


def run_transition(modeladmin, request, queryset, service, done_message, **kwargs):
    """Call a workflow service on every selected row; report successes and refusals."""
    done, refused = 0, []
    for obj in queryset:
        try:
            service(**{modeladmin.opts.model_name: obj}, by=request.user, **kwargs)
        except (ValidationError, PermissionDenied) as error:
            reason = "; ".join(error.messages) if isinstance(error, ValidationError) else ""
            refused.append(f"„{obj}“{': ' + reason if reason else ''}")
            continue
        modeladmin.log_change(request, obj, str(done_message))
        done += 1
    if done:
        modeladmin.message_user(request, f"{done_message}: {done}", messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request,
            _("Nicht möglich bei: %(list)s") % {"list": ", ".join(refused)},
            messages.WARNING,
        )


class RegionScopedInlineMixin(_ScopedFormfieldsMixin):
    """Region scoping for an inline; ``obj`` in the permission checks is the parent object."""

    def get_queryset(self, request):
        return viewable(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "view", obj) or has_region_perm(
            request, self.opts, "change", obj
        )

    def has_change_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "change", obj)

    def has_add_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "add", obj)

    def has_delete_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "delete", obj)


class ScopedModelAdmin(RegionScopedAdminMixin, SimpleHistoryAdmin):
    """The base of every ModelAdmin of the portal: region scoping and version history."""

    list_per_page = 50
    show_full_result_count = False


class ScopedImportExportAdmin(RegionScopedAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """Also import and export as CSV and XLSX, into and out of the user's own region(s).

    An import is a preview (dry run, errors per row) and a confirm. The confirm imports only
    the file that this user's own preview stored (``PreviewConfirmForm``), checks every row
    again, since the data may have changed in between, and writes all rows or none: with any
    error it rolls back and shows the errors per row instead of a success message.
    """

    list_per_page = 50
    show_full_result_count = False
    formats = [base_formats.CSV, base_formats.XLSX]
    confirm_form_class = PreviewConfirmForm
    export_form_class = ExportColumnsForm

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_valid_export_item_pks(self, request):
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_export_filename(self, request, queryset, file_format):
        """``angebote-2026-12-01.csv``: the German plural of the entries and the day (in the
        portal's time zone); django-import-export names it after the class (``Offer-…``)."""
        with translation.override("de"):
            name = german_slugify(str(self.opts.verbose_name_plural))
        day = timezone.localdate().isoformat()
        return f"{name}-{day}.{file_format.get_extension()}"

    # --- import: preview and confirm ---
    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form), "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial:
            initial["import_file_name"] = PreviewConfirmForm.sign(request.user, initial)
        return initial

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        # A preview with errors cannot be confirmed: its stored file is of no further use.
        name = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if name and "confirm_form" not in (getattr(response, "context_data", None) or {}):
            self._preview_storage(name, None).remove()
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirm step (replaces django-import-export's, which imports whatever file the
        form names and keeps the valid rows of a file with invalid ones)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            messages.error(request, PreviewConfirmForm.refused)
            return self._import_page(request)
        input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])](
            encoding=self.from_encoding
        )
        storage = self._preview_storage(confirm_form.cleaned_data["import_file_name"], input_format)
        data = storage.read()
        storage.remove()  # a preview is confirmed once
        if data is None:  # expired
            messages.error(request, PreviewConfirmForm.refused)
            return self._import_page(request)
        dataset = input_format.create_dataset(data)
        result = self.process_dataset(
            dataset, confirm_form, request, rollback_on_validation_errors=True, **kwargs
        )
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Es wurde nichts importiert: Einige Zeilen sind jetzt fehlerhaft (siehe "
                    "unten). Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch."
                ),
            )
            return self._import_page(request, result=result)
        return self.process_result(result, request)

    def _preview_storage(self, name, input_format):
        binary = input_format is None or input_format.is_binary()
        return self.get_tmp_storage_class()(
            name=name,
            encoding=None if binary else self.from_encoding,
            read_mode=input_format.get_read_mode() if input_format else "rb",
            **self.get_tmp_storage_class_kwargs(),
        )

    def _import_page(self, request, result=None):
        """The import page with an empty form (and the rows of a failed confirm), as
        django-import-export's import_action renders it."""
        resource_classes = self.get_import_resource_classes(request)
        form = self.get_import_form_class(request)(
            self.get_import_formats(),
            resource_classes,
            initial=self.get_import_form_initial(request),
        )
        resource_kwargs = self.get_import_resource_kwargs(request, form=form)
        resources = [resource_class(**resource_kwargs) for resource_class in resource_classes]
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [f.column_name for f in resource.get_user_visible_fields()],
                )
                for resource in resources
            ],
            "import_error_display": self.import_error_display,
            "result": result,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)
