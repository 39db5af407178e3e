from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bildungsregion.admin_concurrency import StaleEditAdminMixin
from bildungsregion.models import BrokenLink, CheckedLink

from .admin_scoping import (
    HistoryQuerysetMixin,
    RegionScopedAdminMixin,
    RegionScopedInlineMixin,
    ScopedModelAdmin,
)
from .models import (
    AccessibilityFeedback,
    Document,
    FocusArea,
    FundingProgramme,
    LegalDetails,
    Municipality,
    PostalCode,
    Region,
    RegionHost,
    StaffMembership,
)
from .scoping import region_roles
from .validators import document_size_limit

STAND_FIELDSET = (
    _("Stand"),
    {
        "fields": ["last_reviewed"],
        "description": _(
            "Der Tag, an dem der Eintrag zuletzt geprüft wurde. Mit der Aktion „Als aktuell "
            "bestätigen“ in der Liste wird er auf heute gesetzt."
        ),
    },
)


class RegionHostInline(admin.TabularInline):
    """The region's own host names (regions.hosts): only superusers see and edit them, since
    each one must also be configured on the server (ALLOWED_HOSTS, DNS, certificate)."""

    model = RegionHost
    extra = 0
    fields = ["host", "is_primary"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Region)
class RegionAdmin(ScopedModelAdmin):
    inlines = [RegionHostInline]
    list_display = ["name", "district", "office_name", "office_email", "last_reviewed"]
    search_fields = ["name", "district", "office_name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    ("district", "district_key"),
                    "tagline",
                    "summary",
                    "description",
                ]
            },
        ),
        (
            _("Rhythmus der Stand-Erinnerungen"),
            {"fields": ["review_months", "review_no_answer_days", "review_outdated_days"]},
        ),
        (
            _("Bildungsstrategie und Zusammenarbeit"),
            {"fields": ["focus", "cooperation_since", "cooperation_history"]},
        ),
        (
            _("Bildungsbüro"),
            {
                "fields": [
                    "office_name",
                    "office_department",
                    "office_street",
                    ("office_postcode", "office_city"),
                    ("office_phone", "office_phone_alt"),
                    "office_email",
                    "website",
                ],
                "description": _("Funktionale Kontakte (Büro-Telefon, Büro-E-Mail) bevorzugen."),
            },
        ),
        (_("Lage"), {"fields": [("latitude", "longitude")], "classes": ["collapse"]}),
        (
            _("Eingebettete Listen"),
            {
                "fields": ["embed_origins"],
                "description": _(
                    "Websites, etwa von Gemeinden und Schulen, können Angebote und "
                    "Veranstaltungen der Region einbinden; den Code dafür erzeugt „Listen "
                    "einbetten“ auf der Übersicht."
                ),
            },
        ),
        STAND_FIELDSET,
    ]

    def get_readonly_fields(self, request, obj=None):
        # The address of a region's pages is stable: only superusers change it.
        return [] if request.user.is_superuser else ["slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}


class PostalCodeInline(RegionScopedInlineMixin, admin.TabularInline):
    model = PostalCode
    extra = 0
    fields = ["code", "place", "latitude", "longitude"]


@admin.register(Municipality)
class MunicipalityAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "postcode", "region", "last_reviewed"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "kind"]
    search_fields = ["name", "postcode", "postal_codes__code"]
    list_select_related = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PostalCodeInline]
    fieldsets = [
        (None, {"fields": ["region", "name", "slug", "kind", "postcode"]}),
        (
            _("Lage"),
            {
                "fields": [("latitude", "longitude")],
                "description": _("Der Mittelpunkt des Ortes: Ausgangspunkt der Umkreissuche."),
            },
        ),
        STAND_FIELDSET,
    ]


@admin.register(FocusArea)
class FocusAreaAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "region", "position", "is_public", "last_reviewed"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "kind", "is_public"]
    list_select_related = ["region"]
    search_fields = ["title", "description"]
    fieldsets = [
        (None, {"fields": ["region", "kind", "title", "description"]}),
        (_("Anzeige"), {"fields": ["position", "is_public"]}),
        STAND_FIELDSET,
    ]


@admin.register(Document)
class DocumentAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "region", "published_on", "is_public", "last_reviewed"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "kind", "is_public"]
    list_select_related = ["region"]
    search_fields = ["title", "description"]
    date_hierarchy = "published_on"
    fieldsets = [
        (None, {"fields": ["region", "kind", "title", "description", "published_on"]}),
        (
            _("Datei oder Link"),
            {
                "fields": ["file", "url"],
                "description": _("Eine Datei hochladen oder die Adresse im Web angeben."),
            },
        ),
        (_("Anzeige"), {"fields": ["is_public"]}),
        STAND_FIELDSET,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "file":
            formfield.help_text = _(
                "PDF, Office- oder OpenDocument-Datei oder Bild, höchstens %(limit)s."
            ) % {"limit": document_size_limit()}
        return formfield


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(ScopedModelAdmin):
    list_display = ["title", "region", "budget", "deadline", "is_public", "last_reviewed"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "is_public"]
    list_select_related = ["region"]
    search_fields = ["title", "description", "eligible"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["region", "title", "slug", "description"]}),
        (
            _("Förderung"),
            {"fields": ["budget", "eligible", "purpose", "how_to_apply", "deadline"]},
        ),
        (_("Kontakt"), {"fields": ["contact_email", "url"]}),
        (_("Anzeige"), {"fields": ["is_public"]}),
        STAND_FIELDSET,
    ]


@admin.register(StaffMembership)
class StaffMembershipAdmin(ScopedModelAdmin):
    list_display = ["user", "region", "role", "created_at"]
    list_filter = [("region", admin.RelatedOnlyFieldListFilter), "role"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["user"]
    fields = ["user", "region", "role"]


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(ScopedModelAdmin):
    list_display = ["created_at", "region", "page_url", "is_handled"]
    list_filter = ["is_handled", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["message", "page_url", "email"]
    date_hierarchy = "created_at"
    list_select_related = ["region"]
    fields = ["region", "created_at", "name", "email", "page_url", "message", "is_handled"]

    def get_readonly_fields(self, request, obj=None):
        # What someone wrote stays as written; staff only mark it as handled.
        if request.user.is_superuser:
            return ["created_at"]
        return ["region", "created_at", "name", "email", "page_url", "message"]

    def has_add_permission(self, request):
        return request.user.is_superuser


PLAIN_TEXT_NOTE = _(
    "Leere Felder sind noch fehlende Pflichtangaben: Die Seite weist darauf hin, und "
    "„manage.py check --deploy“ warnt. Texte ohne HTML: Eine Leerzeile beginnt einen neuen "
    "Absatz, Zeilen, die mit „- “ beginnen, werden zu einer Liste."
)


@admin.register(LegalDetails)
class LegalDetailsAdmin(StaleEditAdminMixin, HistoryQuerysetMixin, SimpleHistoryAdmin):
    """Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: one entry, kept by
    Land-level staff (superusers) only; a Bildungsbüro neither sees nor edits it. It is never
    added a second time and never deleted (the pages need it). Asking nothing of the database
    for the permissions keeps every admin page's query count as it was."""

    readonly_fields = ["missing_parts"]
    fieldsets = [
        (_("Vollständigkeit"), {"fields": ["missing_parts"], "description": PLAIN_TEXT_NOTE}),
        (
            _("Impressum: Betreiber (§ 5 DDG)"),
            {
                "fields": [
                    "operator_name",
                    "operator_legal_form",
                    "operator_address",
                    "operator_representative",
                    ("operator_email", "operator_phone"),
                    "operator_vat_id",
                ],
                "description": _(
                    "Der Betreiber ist zugleich der Verantwortliche der Datenschutzerklärung "
                    "(Art. 13 Abs. 1 Buchst. a DSGVO)."
                ),
            },
        ),
        (
            _("Impressum: Aufsicht und Verantwortung"),
            {"fields": LegalDetails.SUPERVISION_FIELDS},
        ),
        (
            _("Datenschutzerklärung (Art. 13 DSGVO)"),
            {"fields": LegalDetails.PRIVACY_FIELDS},
        ),
        (
            _("Erklärung zur Barrierefreiheit (BITV 2.0 § 7, NBGG)"),
            {"fields": LegalDetails.BARRIEREFREIHEIT_FIELDS},
        ),
    ]

    @admin.display(description=_("Noch fehlende Pflichtangaben"))
    def missing_parts(self, obj):
        missing = obj.missing_everywhere if obj is not None else []
        if not missing:
            return _("keine – alle Pflichtangaben sind eingetragen")
        return format_html_join(", ", "{}", ((label,) for label in missing))

    def _land_level(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._land_level(request)

    def has_view_permission(self, request, obj=None):
        return self._land_level(request)

    def has_change_permission(self, request, obj=None):
        return self._land_level(request)

    def has_add_permission(self, request):
        return False  # the migration adds the one row; a missing one is opened as if it were there

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and from_field is None and object_id == str(LegalDetails.SINGLETON_ID):
            return LegalDetails.load()  # not saved yet: saving the form adds it
        return obj

    def has_delete_permission(self, request, obj=None):
        return False


class LinkRegionFilter(admin.SimpleListFilter):
    """The entries' region, for users of several regions (the uses keep a plain region id)."""

    title = _("Region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        regions = Region.objects.order_by("name")
        if not request.user.is_superuser:
            regions = regions.filter(pk__in=region_roles(request.user))
        choices = list(regions.values_list("pk", "name"))
        return [(str(pk), name) for pk, name in choices] if len(choices) > 1 else []

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(region_id=int(value))
        return queryset


class LinkResultFilter(admin.SimpleListFilter):
    title = _("Ergebnis")
    parameter_name = "ergebnis"

    def lookups(self, request, model_admin):
        return [c for c in CheckedLink.Result.choices if c[0] not in ("", "ok")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(link__result=self.value())
        return queryset


@admin.register(BrokenLink)
class BrokenLinkAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """The office's list "Defekte Links": every address in an entry of the region that failed
    BROKEN_AFTER_FAILURES checks in a row (manage.py check_links), with the entry to fix. Kept
    by the link check: nobody adds, changes or deletes these rows here; fixing the entry's
    address (or the next successful check) takes a link off the list."""

    list_display = ["entry_link", "field_name", "url_link", "problem", "since", "checked_at"]
    list_filter = [LinkResultFilter, LinkRegionFilter]
    search_fields = ["link__url"]
    list_select_related = ["link", "content_type"]
    list_per_page = 50
    show_full_result_count = False
    fields = ["entry_link", "field_name", "url_link", "problem", "detail", "since", "checked_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("entry")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Eintrag"))
    def entry_link(self, obj):
        content_type = obj.content_type
        label = obj.entry_label
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[obj.object_id],
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("Feld"))
    def field_name(self, obj):
        return obj.field_label

    @admin.display(description=_("Adresse"), ordering="link__url")
    def url_link(self, obj):
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>', obj.link.url, obj.link.url
        )

    @admin.display(description=_("Fehler"))
    def problem(self, obj):
        return obj.link.problem

    @admin.display(description=_("Meldung der Verbindung"))
    def detail(self, obj):
        return obj.link.detail or "–"

    @admin.display(description=_("defekt seit"), ordering="link__first_failed_at")
    def since(self, obj):
        return _moment(obj.link.first_failed_at)

    @admin.display(description=_("zuletzt geprüft"), ordering="link__checked_at")
    def checked_at(self, obj):
        return _moment(obj.link.checked_at)


def _moment(value):
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "–"
