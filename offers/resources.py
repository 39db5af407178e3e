"""Import and export of offers (CSV, XLSX), scoped to the importer's region."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from actors.models import Actor
from bildungsregion.languages import code_of
from regions.models import Municipality
from regions.resources import InRegionForeignKeyWidget, RegionScopedResource

from .models import LifeStage, Offer, Topic, Transition


class LanguagesWidget(widgets.Widget):
    """Languages as codes, comma-separated ("de,tr"); an import also takes the German or English
    names ("Deutsch, Türkisch"). An unknown language fails the row with its name."""

    def clean(self, value, row=None, **kwargs):
        codes, unknown = [], []
        for part in str(value or "").split(","):
            if part.strip():
                code = code_of(part)
                (codes if code else unknown).append(code or part.strip())
        if unknown:
            raise ValueError(_("Unbekannte Sprache: %(names)s") % {"names": ", ".join(unknown)})
        return list(dict.fromkeys(codes)) or ["de"]

    def render(self, value, obj=None, **kwargs):
        return ",".join(value or [])


class OfferResource(RegionScopedResource):
    provider = fields.Field(
        attribute="provider",
        column_name="provider",
        widget=InRegionForeignKeyWidget(Actor, "slug"),
    )
    municipality = fields.Field(
        attribute="municipality",
        column_name="municipality",
        widget=InRegionForeignKeyWidget(Municipality, "name"),
    )
    life_stages = fields.Field(
        attribute="life_stages",
        column_name="life_stages",
        widget=widgets.ManyToManyWidget(LifeStage, field="slug", separator=","),
    )
    topics = fields.Field(
        attribute="topics",
        column_name="topics",
        widget=widgets.ManyToManyWidget(Topic, field="slug", separator=","),
    )
    transitions = fields.Field(
        attribute="transitions",
        column_name="transitions",
        widget=widgets.ManyToManyWidget(Transition, field="slug", separator=","),
    )
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=LanguagesWidget()
    )
    # Exported, never imported: new offers start as drafts.
    status = fields.Field(attribute="status", column_name="status", readonly=True)
    name_field = "title"

    class Meta:
        model = Offer
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "region",
            "provider",
            "municipality",
            "status",
            "summary",
            "description",
            "learning_setting",
            "life_stages",
            "topics",
            "transitions",
            "format",
            "venue",
            "street",
            "postcode",
            "city",
            "age_min",
            "age_max",
            "is_free",
            "cost",
            "cost_note",
            "schedule",
            "registration_required",
            "registration",
            "registration_url",
            "contact_email",
            "contact_phone",
            "is_accessible",
            "accessibility_note",
            "languages",
            "valid_from",
            "valid_until",
            "last_reviewed",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
