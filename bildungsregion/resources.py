"""Import and export of a region's entries (django-import-export), scoped like the admin.

Rules of every import, checked per row (errors are shown per row in the preview, the dry run):
* staff import only into their own region: with one region the column ``region`` is set to it
  whatever the file says; with several it must name one of them;
* a row may update an existing entry (matched by ``slug``) only if that entry belongs to one of
  the importer's regions;
* related entries (provider, municipality) are looked up by name or slug *in the row's region*;
* the status is exported but never imported: new entries start as drafts, publishing stays an
  editorial step.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from regions.models import Region

from .scoping import region_roles


class InRegionForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up by ``field`` among the rows of the import row's region."""

    def __init__(self, model, field, region_lookup="region__slug"):
        super().__init__(model, field)
        self.region_lookup = region_lookup

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model.objects.filter(**{self.region_lookup: (row or {}).get("region")})

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("„%(value)s“ gibt es in dieser Region nicht.") % {"value": value}
            ) from None


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

    # --- who imports ---
    def _allowed_region_ids(self):
        if self.user is None or self.user.is_superuser:
            return None
        return set(region_roles(self.user))

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user") or self.user
        if self.user is None:
            raise ValueError("RegionScopedResource.import_data needs user=…")
        allowed = self._allowed_region_ids()
        self._single_region_slug = None
        if allowed is not None and len(allowed) == 1:
            self._single_region_slug = Region.objects.get(pk=next(iter(allowed))).slug
        if self._single_region_slug and "region" not in dataset.headers:
            dataset.append_col([self._single_region_slug] * len(dataset), header="region")
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        if self._single_region_slug:
            row["region"] = self._single_region_slug
        super().before_import_row(row, **kwargs)

    def get_instance(self, instance_loader, row):
        instance = super().get_instance(instance_loader, row)
        allowed = self._allowed_region_ids()
        if instance is not None and allowed is not None and instance.region_id not in allowed:
            raise ValidationError(
                {"slug": _("Der Kurzname „%(slug)s“ ist schon vergeben.") % {"slug": row["slug"]}}
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
        base = slugify(text)[:190] or model._meta.model_name
        slug, number = base, 1
        while model.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def save_instance(self, instance, is_create, row, **kwargs):
        instance._history_user = self.user
        super().save_instance(instance, is_create, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        """Make the imported rows findable in the portal's search."""
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run"):
            return
        from offers.search import refresh_search_index

        ids = [row.object_id for row in result.rows if row.object_id is not None]
        if ids:
            refresh_search_index(self._meta.model, ids=ids)
