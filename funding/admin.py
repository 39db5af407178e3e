"""The funding calls in the admin, scoped to the programme's region like every other entry
(regions.admin_scoping)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.admin_scoping import RegionScopedInlineMixin, ScopedModelAdmin

from .forms import CallAdminForm
from .models import Answer, Application, Attachment, Call, CostLine, Criterion, Question


class CriterionInline(RegionScopedInlineMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["name", "description", "weight", "position"]


class QuestionInline(RegionScopedInlineMixin, admin.TabularInline):
    model = Question
    extra = 0
    fields = ["text", "help_text", "required", "position"]


@admin.register(Call)
class CallAdmin(ScopedModelAdmin):
    form = CallAdminForm
    list_display = ["title", "programme", "budget", "opens_on", "deadline", "is_public"]
    list_filter = [("programme__region", admin.RelatedOnlyFieldListFilter), "is_public"]
    region_filter_names = (*ScopedModelAdmin.region_filter_names, "programme__region")
    list_select_related = ["programme__region"]
    search_fields = ["title", "summary", "eligibility"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CriterionInline, QuestionInline]
    fieldsets = [
        (None, {"fields": ["programme", "title", "slug", "summary"]}),
        (
            _("Termine"),
            {"fields": ["opens_on", "deadline", "period_start", "period_end"]},
        ),
        (_("Geld"), {"fields": ["budget", "max_amount"]}),
        (
            _("Antrag"),
            {"fields": ["eligible_kinds", "eligibility", "how_to_apply", "not_given"]},
        ),
        (_("Anzeige"), {"fields": ["is_public"]}),
        (_("Stand"), {"fields": ["last_reviewed"]}),
    ]


class CostLineInline(RegionScopedInlineMixin, admin.TabularInline):
    model = CostLine
    extra = 0
    fields = ["item", "amount"]
    readonly_fields = fields


class AnswerInline(RegionScopedInlineMixin, admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "text"]
    readonly_fields = fields


class AttachmentInline(RegionScopedInlineMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "uploaded_at"]
    readonly_fields = fields


# What the applicant wrote: read-only here (the decision has its own form).
APPLICANT_FIELDS = [
    "call",
    "institution",
    "created_by",
    "title",
    "aims",
    "target_group",
    "schedule",
    "partners",
    "own_share",
    "requested_amount",
    "status",
    "submitted_at",
    "granted_amount",
    "decision_reason",
    "decided_at",
    "decided_by",
]


@admin.register(Application)
class ApplicationAdmin(ScopedModelAdmin):
    """Applications are made in the provider area (/mein-bereich/foerderantraege/): never added
    or deleted here, not even by superusers."""

    list_display = ["title", "institution", "call", "requested_amount", "status", "submitted_at"]
    list_filter = ["status", ("call", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["institution", "call"]
    search_fields = ["title", "institution__name"]
    fields = APPLICANT_FIELDS
    readonly_fields = APPLICANT_FIELDS
    inlines = [CostLineInline, AnswerInline, AttachmentInline]

    def get_queryset(self, request):
        # Drafts are the applicant's own until submitted.
        return super().get_queryset(request).submitted()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
