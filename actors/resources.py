"""Import and export of actors (CSV, XLSX), scoped to the importer's region."""

from import_export import fields

from regions.models import Municipality
from regions.resources import InRegionForeignKeyWidget, RegionScopedResource

from .models import Actor


class ActorResource(RegionScopedResource):
    municipality = fields.Field(
        attribute="municipality",
        column_name="municipality",
        widget=InRegionForeignKeyWidget(Municipality, "name"),
    )

    class Meta:
        model = Actor
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "kind",
            "region",
            "municipality",
            "description",
            "street",
            "postcode",
            "city",
            "phone",
            "email",
            "website",
            "partner_role",
            "is_public",
            "latitude",
            "longitude",
            "last_reviewed",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
