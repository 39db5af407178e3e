"""The funding calls in the admin, scoped to the programme's region like every other entry
(regions.admin_scoping)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from regions.admin_scoping import (
    RegionScopedInlineMixin,
    ScopedImportExportAdmin,
    ScopedModelAdmin,
)

from . import services
from .forms import CallAdminForm, DecisionForm, PayoutForm, ReviewForm
from .models import (
    Answer,
    Application,
    Attachment,
    Call,
    CostLine,
    Criterion,
    Question,
    ReportFile,
    Review,
)
from .money import format_euro
from .resources import ApplicationResource


class CriterionInline(RegionScopedInlineMixin, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["name", "description", "weight", "max_score", "position"]


class QuestionInline(RegionScopedInlineMixin, admin.TabularInline):
    model = Question
    extra = 0
    fields = ["text", "help_text", "required", "position"]


@admin.register(Call)
class CallAdmin(ScopedModelAdmin):
    form = CallAdminForm
    list_display = ["title", "programme", "budget_display", "opens_on", "deadline", "is_public"]
    list_filter = [("programme__region", admin.RelatedOnlyFieldListFilter), "is_public"]
    region_filter_names = (*ScopedModelAdmin.region_filter_names, "programme__region")
    list_select_related = ["programme__region"]
    search_fields = ["title", "summary", "eligibility"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CriterionInline, QuestionInline]

    @admin.display(description=_("Fördersumme"), ordering="budget")
    def budget_display(self, obj):
        return format_euro(obj.budget)

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
    fields = ["title", "download", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("Datei"))
    def download(self, obj):
        if obj.pk is None:
            return "–"
        # Through the access check (funding.provider_views.attachment_download), never the
        # stored file's address.
        return format_html('<a href="{}">{}</a>', obj.get_download_url(), obj.download_name)


class ReportFileInline(RegionScopedInlineMixin, admin.TabularInline):
    model = ReportFile
    extra = 0
    fields = ["kind", "title", "download", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("Datei"))
    def download(self, obj):
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', obj.get_download_url(), obj.download_name)


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
    "paid_at",
    "report_due_on",
    "report_reminded_before_at",
    "report_reminded_after_at",
    "report_submitted_at",
    "closed_at",
    "closed_by",
]


@admin.register(Application)
class ApplicationAdmin(ScopedImportExportAdmin):
    """Applications are made in the provider area (/mein-bereich/foerderantraege/): never added,
    imported or deleted here, not even by superusers. The export (CSV/XLSX) lists all
    applications and decisions of the user's regions for the accounts office."""

    resource_classes = [ApplicationResource]

    def has_import_permission(self, request):
        return False

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("call__programme__region", "institution", "decided_by")
            .prefetch_related("cost_lines")
        )

    list_display = [
        "title",
        "institution",
        "call",
        "requested_display",
        "granted_display",
        "status",
        "submitted_at",
    ]
    list_filter = ["status", ("call", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["institution", "call"]
    search_fields = ["title", "institution__name"]
    fields = [*APPLICANT_FIELDS, "review_link", "decide_link", "after_grant_link"]
    readonly_fields = [*APPLICANT_FIELDS, "review_link", "decide_link", "after_grant_link"]

    @admin.display(description=_("Auszahlung und Abschluss"))
    def after_grant_link(self, obj):
        if obj.pk is None:
            return "–"
        if obj.status == Application.Status.GRANTED:
            url, label = "admin:funding_application_pay", _("Auszahlung eintragen (Koordination)")
        elif obj.report_submitted_at and obj.status != Application.Status.CLOSED:
            url, label = "admin:funding_application_close", _("Antrag abschließen (Koordination)")
        else:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse(url, args=[obj.pk]), label)

    @admin.display(description=_("Beantragt"), ordering="requested_amount")
    def requested_display(self, obj):
        return format_euro(obj.requested_amount) or "–"

    @admin.display(description=_("Bewilligt"), ordering="granted_amount")
    def granted_display(self, obj):
        return format_euro(obj.granted_amount) or "–"

    @admin.display(description=_("Bewertung"))
    def review_link(self, obj):
        if obj.pk is None or obj.status not in services.REVIEWABLE:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:funding_application_review", args=[obj.pk]),
            _("Antrag bewerten"),
        )

    @admin.display(description=_("Entscheidung"))
    def decide_link(self, obj):
        if obj.pk is None or obj.status not in services.DECIDABLE:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:funding_application_decide", args=[obj.pk]),
            _("Über den Antrag entscheiden (Koordination)"),
        )

    inlines = [CostLineInline, AnswerInline, AttachmentInline, ReportFileInline]

    def get_queryset(self, request):
        # Drafts are the applicant's own until submitted.
        return super().get_queryset(request).submitted()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        decide = path(
            "<path:object_id>/entscheiden/",
            self.admin_site.admin_view(self.decide_view),
            name="funding_application_decide",
        )
        review = path(
            "<path:object_id>/bewerten/",
            self.admin_site.admin_view(self.review_view),
            name="funding_application_review",
        )
        pay = path(
            "<path:object_id>/auszahlen/",
            self.admin_site.admin_view(self.pay_view),
            name="funding_application_pay",
        )
        close = path(
            "<path:object_id>/abschliessen/",
            self.admin_site.admin_view(self.close_view),
            name="funding_application_close",
        )
        return [decide, review, pay, close, *super().get_urls()]

    def _step_view(self, request, object_id, *, form_class, service, done, title, template):
        """A step of the coordination after the grant (payout, closing): 404 for what the
        user may not see, 403 for what they may see but not decide."""
        application = self.get_object(request, object_id)
        if not request.user.has_perm("funding.decide_application", application):
            raise PermissionDenied
        form = form_class(
            request.POST if request.method == "POST" else None,
            initial={"report_due_on": application.report_due_on},
        )
        if request.method == "POST" and form.is_valid():
            try:
                service(application=application, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:funding_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "application": application,
            "call": application.call,
            "report_files": list(application.report_files.all()),
            "form": form,
            "title": title % {"title": application.title},
            "submit_label": template,
        }
        return TemplateResponse(request, "admin/funding/application/step.html", context)

    def pay_view(self, request, object_id):
        def pay(**kwargs):
            return services.application_pay(base_url=request.build_absolute_uri("/"), **kwargs)

        return self._step_view(
            request,
            object_id,
            form_class=PayoutForm,
            service=pay,
            done=gettext_now("Die Auszahlung ist eingetragen."),
            title=gettext_now("Auszahlung für „%(title)s“"),
            template=gettext_now("Auszahlung eintragen"),
        )

    def close_view(self, request, object_id):
        return self._step_view(
            request,
            object_id,
            form_class=forms.Form,
            service=services.application_close,
            done=gettext_now("Der Antrag ist abgeschlossen."),
            title=gettext_now("„%(title)s“ abschließen"),
            template=gettext_now("Verwendungsnachweis geprüft: abschließen"),
        )

    def review_view(self, request, object_id):
        """The signed-in reviewer's own review: a score per criterion and a comment. 404 for an
        application the user may not see, 403 for one they may see but not review."""
        application = self.get_object(request, object_id)
        if not request.user.has_perm("funding.review_application", application):
            raise PermissionDenied
        call = application.call
        criteria = list(call.criteria.all())
        review = (
            Review.objects.filter(application=application, reviewer=request.user)
            .prefetch_related("scores")
            .first()
        )
        form = ReviewForm(request.POST or None, criteria=criteria, review=review)
        reviewable = application.status in services.REVIEWABLE
        if request.method == "POST" and form.is_valid() and reviewable:
            try:
                services.review_save(
                    application=application,
                    by=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request, gettext_now("Ihre Bewertung ist gespeichert."), messages.SUCCESS
                )
                return redirect("admin:funding_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "application": application,
            "call": call,
            "criteria": criteria,
            "review": review,
            "reviewable": reviewable,
            "form": form,
            "title": gettext_now("„%(title)s“ bewerten") % {"title": application.title},
        }
        return TemplateResponse(request, "admin/funding/application/review.html", context)

    def decide_view(self, request, object_id):
        """The coordination's decision: amount (or rejection) and reason. A user who may not
        see the application gets 404, one who may see but not decide 403."""
        application = self.get_object(request, object_id)
        if not request.user.has_perm("funding.decide_application", application):
            raise PermissionDenied
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.application_decide(
                    application=application,
                    by=request.user,
                    granted_amount=form.amount(),
                    reason=form.cleaned_data["reason"],
                    base_url=request.build_absolute_uri("/"),
                    report_due_on=form.cleaned_data.get("report_due_on"),
                )
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request, gettext_now("Die Entscheidung ist gespeichert."), messages.SUCCESS
                )
                return redirect("admin:funding_application_change", application.pk)
        call = application.call
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "application": application,
            "call": call,
            "available": call.available,
            "summary": services.review_summary(application),
            "form": form,
            "title": gettext_now("Über „%(title)s“ entscheiden") % {"title": application.title},
        }
        return TemplateResponse(request, "admin/funding/application/decide.html", context)
