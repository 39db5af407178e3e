"""The export of all applications and decisions for the accounts office (CSV/XLSX, from the
admin's list, scoped to the user's regions like every export). Export only: applications are
made in the provider area, never imported."""

from import_export import fields, widgets

from regions.resources import RegionScopedResource

from .models import Application


class ApplicationResource(RegionScopedResource):
    call = fields.Field(attribute="call__title", column_name="call", readonly=True)
    programme = fields.Field(
        attribute="call__programme__title", column_name="programme", readonly=True
    )
    institution = fields.Field(
        attribute="institution__name", column_name="institution", readonly=True
    )
    institution_kind = fields.Field(column_name="institution_kind", readonly=True)
    status = fields.Field(column_name="status", readonly=True)
    cost_total = fields.Field(
        column_name="cost_total", readonly=True, widget=widgets.DecimalWidget()
    )
    decided_by = fields.Field(column_name="decided_by", readonly=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "region",
            "programme",
            "call",
            "institution",
            "institution_kind",
            "title",
            "status",
            "submitted_at",
            "cost_total",
            "own_share",
            "requested_amount",
            "granted_amount",
            "decision_reason",
            "decided_at",
            "decided_by",
            "paid_at",
            "report_due_on",
            "report_submitted_at",
            "closed_at",
            "publish_consent",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        labels = {
            "region": "Region",
            "programme": "Förderprogramm",
            "call": "Ausschreibung",
            "institution": "Einrichtung",
            "institution_kind": "Art der Einrichtung",
            "status": "Status",
            "cost_total": "Kosten laut Kostenplan (EUR)",
            "decided_by": "entschieden von",
            "id": "Nummer",
        }
        for name, label in labels.items():
            self.fields[name].column_name = label

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("call__programme__region", "institution", "decided_by")
            .prefetch_related("cost_lines")
        )

    def dehydrate_institution_kind(self, application):
        return application.institution.get_kind_display()

    def dehydrate_status(self, application):
        return application.get_status_display()

    def dehydrate_cost_total(self, application):
        return application.cost_total

    def dehydrate_decided_by(self, application):
        user = application.decided_by
        return (user.get_full_name() or user.get_username()) if user else ""
