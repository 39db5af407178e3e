from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.admin import STAND_FIELDSET
from regions.admin_scoping import BOTH, ScopedModelAdmin, run_transition

from . import services
from .models import Occupation, OccupationField, Place


@admin.register(OccupationField)
class OccupationFieldAdmin(ScopedModelAdmin):
    list_display = ["name", "interests"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Occupation)
class OccupationAdmin(ScopedModelAdmin):
    list_display = ["name", "field", "typical_certificate", "duration", "source_name"]
    list_filter = ["field"]
    list_select_related = ["field"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["field"]


@admin.register(Place)
class PlaceAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "actor", "occupation", "region", "status", "last_reviewed"]
    list_filter = [
        "status",
        "kind",
        ("region", admin.RelatedOnlyFieldListFilter),
        "occupation__field",
        "certificate",
    ]
    search_fields = ["title", "actor__name", "occupation__name", "city"]
    search_help_text = _("Sucht in Titel, Betrieb, Beruf und Ort.")
    list_select_related = ["actor", "occupation", "region"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["actor", "municipality"]
    readonly_fields = ["status", "published_at", "coordinates_source"]
    actions = ["publish", "reject", "archive"]
    fieldsets = [
        (None, {"fields": ["region", "actor", "kind", "occupation", "title", "slug"]}),
        (
            _("Der Platz"),
            {
                "fields": [
                    "description",
                    "number_of_places",
                    "starts_on",
                    "ends_on",
                    "period_note",
                    "certificate",
                ]
            },
        ),
        (
            _("Ort"),
            {
                "fields": [
                    "municipality",
                    "street",
                    "postcode",
                    "city",
                    "latitude",
                    "longitude",
                    "coordinates_source",
                ],
                "description": _(
                    "Ohne Koordinaten gelten die der Postleitzahl oder des Orts (Umkreissuche)."
                ),
            },
        ),
        (
            _("Kontakt und Bewerbung"),
            {
                "fields": [
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "how_to_apply",
                    "application_url",
                ]
            },
        ),
        (
            _("Veröffentlichung"),
            {"fields": ["status", "published_at", "valid_from", "valid_until"]},
        ),
        STAND_FIELDSET,
    ]

    @admin.action(description=_("Veröffentlichen"), location=BOTH, permissions=["change"])
    def publish(self, request, queryset):
        run_transition(self, request, queryset, services.place_publish, _("Veröffentlicht"))

    @admin.action(description=_("Ablehnen"), location=BOTH, permissions=["change"])
    def reject(self, request, queryset):
        run_transition(self, request, queryset, services.place_reject, _("Abgelehnt"))

    @admin.action(description=_("Archivieren"), location=BOTH, permissions=["change"])
    def archive(self, request, queryset):
        run_transition(self, request, queryset, services.place_archive, _("Archiviert"))
