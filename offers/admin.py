import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.admin import CompletenessAdminMixin
from actors.models import Actor
from regions.admin import STAND_FIELDSET
from regions.admin_scoping import (
    BOTH,
    ScopedImportExportAdmin,
    ScopedModelAdmin,
    has_region_perm,
    restrict_to_permission,
    run_transition,
)

from . import moderation, services
from .admin_freshness import ReviewReminderFilter
from .completeness import completeness, entries_for_completeness
from .models import ChangeRequest, Event, EventStatus, LifeStage, Offer, Topic, Transition
from .resources import OfferResource

# --- reference data: the same for every region; staff may look, superusers edit -------------


@admin.register(LifeStage)
class LifeStageAdmin(ScopedModelAdmin):
    list_display = ["name", "position", "age_from", "age_to", "is_cross_cutting"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Transition)
class TransitionAdmin(ScopedModelAdmin):
    list_display = ["name", "from_stage", "to_stage"]
    list_select_related = ["from_stage", "to_stage"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(ScopedModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


# --- offers -------------------------------------------------------------------------------


def _may(permission):
    """An action shown to users who hold ``permission`` (a codename prefix) in some region."""

    def check(modeladmin, request):
        return has_region_perm(request, modeladmin.opts, permission)

    return check


class PendingChangeNoticeMixin:
    """The change page of an entry tells the office when a provider's change of it waits
    (offers.moderation): editing those details here first would stop its approval. The notice
    is part of the page (templates/admin/change_form.html), not a message that would outlive
    it."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if request.method == "GET":
            pending = moderation.pending_change(self.get_object(request, unquote(object_id)))
            if pending is not None:
                extra_context["pending_change_url"] = reverse(
                    "admin:offers_changerequest_change",
                    args=[pending.pk],
                    current_app=self.admin_site.name,
                )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Offer)
class OfferAdmin(PendingChangeNoticeMixin, CompletenessAdminMixin, ScopedImportExportAdmin):
    resource_classes = [OfferResource]
    completeness_of = staticmethod(completeness)
    list_display = [
        "title",
        "provider",
        "municipality",
        "region",
        "status",
        "learning_setting",
        "last_reviewed",
        "completeness_column",
    ]
    list_filter = [
        "status",
        ReviewReminderFilter,
        ("region", admin.RelatedOnlyFieldListFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
        "life_stages",
        "topics",
        "learning_setting",
        "format",
        "is_free",
        "is_accessible",
    ]
    search_fields = ["title", "summary", "provider__name", "city"]
    search_help_text = _("Sucht in Titel, Kurzbeschreibung, Anbieter und Ort.")
    list_select_related = ["provider", "region", "municipality"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider", "municipality", "life_stages", "topics", "transitions"]
    readonly_fields = ["status", "published_at", "coordinates_source"]
    actions = ["submit", "publish", "archive", "return_to_draft"]
    status_buttons = [("publish", _("Veröffentlichen"), services.OFFER_PUBLISH_FROM)]
    fieldsets = [
        (None, {"fields": ["region", "title", "slug", "summary", "description", "provider"]}),
        (
            _("Einordnung"),
            {
                "fields": ["learning_setting", "life_stages", "transitions", "topics"],
                "description": _("Lebensphasen und Themen bestimmen, wo das Angebot erscheint."),
            },
        ),
        (
            _("Ort und Format"),
            {
                "fields": [
                    "format",
                    "municipality",
                    "venue",
                    "street",
                    ("postcode", "city"),
                    ("latitude", "longitude"),
                    "coordinates_source",
                ]
            },
        ),
        (
            _("Zielgruppe, Kosten und Zeiten"),
            {
                "fields": [
                    ("age_min", "age_max"),
                    ("is_free", "cost"),
                    "cost_note",
                    "schedule",
                    "languages",
                ]
            },
        ),
        (
            _("Anmeldung und Kontakt"),
            {
                "fields": [
                    "registration_required",
                    "registration",
                    "registration_url",
                    ("contact_email", "contact_phone"),
                ]
            },
        ),
        (_("Barrierefreiheit"), {"fields": ["is_accessible", "accessibility_note"]}),
        (
            _("Gültigkeit und Veröffentlichung"),
            {
                "fields": [("valid_from", "valid_until"), "status", "published_at"],
                "description": _(
                    "Der Status ändert sich über die Aktionen (in der Liste und oben auf dieser "
                    "Seite): zur Prüfung geben, veröffentlichen (Koordination, auch mit der "
                    "Schaltfläche „Veröffentlichen“), archivieren (Koordination). Nur "
                    "veröffentlichte Angebote sind öffentlich; „Auf der Website anzeigen“ zeigt "
                    "Ihnen auch einen Entwurf als Vorschau."
                ),
            },
        ),
        STAND_FIELDSET,
    ]

    def get_queryset(self, request):
        # Whether each offer has life stages and topics, for its completeness: no query per row.
        return entries_for_completeness(super().get_queryset(request), only=False)

    # --- the editorial workflow ---
    has_publish_permission = _may("publish")
    has_archive_permission = _may("archive")

    @admin.action(description=_("Zur Prüfung geben"), location=BOTH, permissions=["change"])
    def submit(self, request, queryset):
        run_transition(
            self,
            request,
            restrict_to_permission(request, queryset, "change"),
            services.offer_submit,
            _("Zur Prüfung gegeben"),
        )

    @admin.action(description=_("Veröffentlichen"), location=BOTH, permissions=["publish"])
    def publish(self, request, queryset):
        run_transition(self, request, queryset, services.offer_publish, _("Veröffentlicht"))

    @admin.action(description=_("Archivieren"), location=BOTH, permissions=["archive"])
    def archive(self, request, queryset):
        run_transition(self, request, queryset, services.offer_archive, _("Archiviert"))

    @admin.action(description=_("Zurück zum Entwurf"), location=BOTH, permissions=["change"])
    def return_to_draft(self, request, queryset):
        run_transition(
            self, request, queryset, services.offer_return_to_draft, _("Zurück zum Entwurf")
        )


# --- events -------------------------------------------------------------------------------


class RejectForm(forms.Form):
    message = forms.CharField(
        label=_("Nachricht an die Einreichenden"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("Warum wird die Veranstaltung abgelehnt, was müsste sich ändern?"),
    )


class AwaitingModerationFilter(admin.SimpleListFilter):
    title = _("Freigabe")
    parameter_name = "freigabe"

    def lookups(self, request, model_admin):
        return [("wartet", _("wartet auf Freigabe"))]

    def queryset(self, request, queryset):
        if self.value() == "wartet":
            return queryset.filter(status=EventStatus.REVIEW)
        return queryset


@admin.register(Event)
class EventAdmin(PendingChangeNoticeMixin, CompletenessAdminMixin, ScopedModelAdmin):
    completeness_of = staticmethod(completeness)
    list_display = [
        "title",
        "kind",
        "starts_at",
        "organiser",
        "region",
        "status",
        "completeness_column",
    ]
    list_filter = [
        AwaitingModerationFilter,
        "status",
        ReviewReminderFilter,
        ("region", admin.RelatedOnlyFieldListFilter),
        "kind",
        ("municipality", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "description", "organiser__name", "venue", "city"]
    list_select_related = ["organiser", "region"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser", "co_organisers", "municipality", "offer"]
    readonly_fields = [
        "status",
        "published_at",
        "submitted_by",
        "moderation_message",
        "coordinates_source",
    ]
    actions = ["approve", "reject", "cancel", "archive"]
    status_buttons = [
        ("approve", _("Freigeben"), services.EVENT_APPROVE_FROM),
        ("reject", _("Ablehnen"), services.EVENT_REJECT_FROM),
    ]
    fieldsets = [
        (None, {"fields": ["region", "kind", "title", "slug", "description"]}),
        (
            _("Termin und Ort"),
            {
                "fields": [
                    ("starts_at", "ends_at"),
                    "municipality",
                    "venue",
                    "street",
                    ("postcode", "city"),
                    ("latitude", "longitude"),
                    "coordinates_source",
                ]
            },
        ),
        (
            _("Veranstalter"),
            {"fields": ["organiser", "co_organisers", "offer"]},
        ),
        (
            _("Zielgruppe und Anmeldung"),
            {
                "fields": [
                    ("grade_min", "grade_max"),
                    "capacity",
                    "is_free",
                    "registration",
                    "contact_name",
                    ("contact_email", "contact_phone"),
                ],
                "description": _("Jahrgänge 5 bis 13 für Veranstaltungen der Berufsorientierung."),
            },
        ),
        (
            _("Freigabe"),
            {
                "fields": ["status", "published_at", "submitted_by", "moderation_message"],
                "description": _(
                    "Eingereichte Veranstaltungen von Schulen warten auf Freigabe. Freigeben "
                    "oder Ablehnen (mit Nachricht) mit den Schaltflächen oben auf dieser Seite "
                    "oder über die Aktionen in der Liste (Koordination)."
                ),
            },
        ),
        STAND_FIELDSET,
    ]

    has_publish_permission = _may("publish")
    has_archive_permission = _may("archive")

    @admin.action(
        description=_("Freigeben / veröffentlichen"), location=BOTH, permissions=["publish"]
    )
    def approve(self, request, queryset):
        run_transition(
            self,
            request,
            queryset,
            services.event_approve,
            _("Freigegeben"),
            base_url=request.build_absolute_uri("/"),  # for the links in the e-mail
        )

    @admin.action(description=_("Ablehnen (mit Nachricht)"), location=BOTH, permissions=["publish"])
    def reject(self, request, queryset):
        queryset = queryset.filter(status__in=services.EVENT_REJECT_FROM)
        # From the change page (its button or action menu) the message form posts back there.
        change_page_field = f"{ActionLocation.CHANGE_FORM.value}-action"
        on_change_page = change_page_field in request.POST
        if "message" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                run_transition(
                    self,
                    request,
                    queryset,
                    services.event_reject,
                    _("Abgelehnt"),
                    message=form.cleaned_data["message"],
                    base_url=request.build_absolute_uri("/"),
                )
                return None
        else:
            form = RejectForm()
        if not queryset.exists():
            self.message_user(
                request,
                _("Keine der ausgewählten Veranstaltungen wartet auf Freigabe."),
                messages.WARNING,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Veranstaltungen ablehnen"),
            "opts": self.opts,
            "events": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_field_name": change_page_field if on_change_page else "action",
            "cancel_url": (
                request.get_full_path()
                if on_change_page
                else reverse("admin:offers_event_changelist", current_app=self.admin_site.name)
            ),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/offers/event/reject.html", context)

    @admin.action(description=_("Absagen"), location=BOTH, permissions=["change"])
    def cancel(self, request, queryset):
        run_transition(self, request, queryset, services.event_cancel, _("Abgesagt"))

    @admin.action(description=_("Archivieren"), location=BOTH, permissions=["archive"])
    def archive(self, request, queryset):
        run_transition(self, request, queryset, services.event_archive, _("Archiviert"))


# --- providers' changes: the moderation (offers.moderation) --------------------------------


class ChangeRejectForm(forms.Form):
    message = forms.CharField(
        label=_("Nachricht an den Anbieter"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Warum wird die Änderung abgelehnt, was müsste sich ändern?"),
    )


class ChangeListFilter(admin.SimpleListFilter):
    """The office's two lists: what waits, and the minor changes of the last 30 days (they are
    public already; the office looks them through)."""

    title = _("Liste")
    parameter_name = "liste"
    RECENT_DAYS = 30

    def lookups(self, request, model_admin):
        return [
            ("wartet", _("wartet auf Freigabe")),
            ("klein-30-tage", _("kleine Änderungen der letzten 30 Tage")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "wartet":
            return queryset.waiting()
        if self.value() == "klein-30-tage":
            since = timezone.now() - datetime.timedelta(days=self.RECENT_DAYS)
            return queryset.filter(kind=ChangeRequest.Kind.MINOR, submitted_at__gte=since)
        return queryset


class EntryModelFilter(admin.SimpleListFilter):
    title = _("Art des Eintrags")
    parameter_name = "eintrag"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (_model, label) in self._models().items()]

    @staticmethod
    def _models():
        return {
            "angebot": (Offer, _("Angebot")),
            "veranstaltung": (Event, _("Veranstaltung")),
            "profil": (Actor, _("Profil (Akteur)")),
        }

    def queryset(self, request, queryset):
        entry = self._models().get(self.value())
        if entry is None:
            return queryset
        return queryset.filter(content_type=ContentType.objects.get_for_model(entry[0]))


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ScopedModelAdmin):
    """The providers' new entries and changes (offers.moderation): a list per region, and a
    page per request with its changes field by field and the buttons Freigeben / Ablehnen.
    Nobody adds, edits or deletes a request here: they come from the provider area and are
    decided with the buttons."""

    list_display = [
        "entry_title",
        "entry_model",
        "kind",
        "status",
        "submitted_by",
        "submitted_at",
        "region",
    ]
    list_filter = [
        ChangeListFilter,
        "status",
        "kind",
        EntryModelFilter,
        ("region", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["region", "content_type", "submitted_by"]
    search_fields = ["entry_title"]
    search_help_text = _("Sucht im Titel oder Namen des Eintrags.")
    date_hierarchy = None
    change_form_template = "admin/offers/changerequest/change_form.html"

    @admin.display(description=_("Art des Eintrags"), ordering="content_type")
    def entry_model(self, obj):
        model = obj.content_type.model_class()
        return _("Profil (Akteur)") if model is Actor else model._meta.verbose_name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request, obj=None):
        return has_region_perm(request, self.opts, "moderate", obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        return {}  # decided one by one, on the request's page

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The request's page: what changes (a table, field by field), its state, and the
        decision (POST ``decision`` = ``approve`` or ``reject`` with ``message``)."""
        change = self.get_object(request, unquote(object_id))  # 404 for other regions
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        may_decide = change.is_waiting and self.has_moderate_permission(request, change)
        reject_form = ChangeRejectForm()
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            decision = request.POST.get("decision")
            base_url = request.build_absolute_uri("/")
            try:
                if decision == "approve":
                    moderation.approve(change, by=request.user, base_url=base_url)
                    self.log_change(request, change, str(_("Freigegeben")))
                    self.message_user(request, _("Die Änderung ist freigegeben."), messages.SUCCESS)
                    return redirect(self._changelist_url())
                if decision == "reject":
                    reject_form = ChangeRejectForm(request.POST)
                    if reject_form.is_valid():
                        moderation.reject(
                            change,
                            by=request.user,
                            message=reject_form.cleaned_data["message"],
                            base_url=base_url,
                        )
                        self.log_change(request, change, str(_("Abgelehnt")))
                        self.message_user(
                            request,
                            _("Die Änderung ist abgelehnt; der Anbieter erhält Ihre Nachricht."),
                            messages.SUCCESS,
                        )
                        return redirect(self._changelist_url())
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
            change.refresh_from_db()
            may_decide = change.is_waiting and self.has_moderate_permission(request, change)
        entry = change.entry
        context = {
            **self.admin_site.each_context(request),
            "title": str(change),
            "subtitle": None,
            "opts": self.opts,
            "original": change,
            "change": change,
            "entry": entry,
            "entry_admin_url": self._entry_admin_url(change, entry),
            "entry_model": self.entry_model(change),
            "rows": moderation.diff_rows(change, entry),
            "conflicts": bool(entry is not None and moderation.conflicts(change, entry)),
            "may_decide": may_decide,
            "reject_form": reject_form,
            "has_view_permission": True,
            "has_change_permission": False,
            "has_delete_permission": False,
            "has_add_permission": False,
            "media": self.media,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.change_form_template, context)

    def history_view(self, request, object_id, extra_context=None):
        """Django's log of the request (its decisions), not simple-history's: a request keeps
        its own record (status, decided by, when)."""
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

    def _changelist_url(self):
        return reverse("admin:offers_changerequest_changelist", current_app=self.admin_site.name)

    def _entry_admin_url(self, change, entry):
        if entry is None:
            return None
        opts = type(entry)._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[entry.pk],
            current_app=self.admin_site.name,
        )
