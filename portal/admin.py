from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from actors import invitations
from actors.models import Actor
from bildungsregion import throttle
from bildungsregion.models import User
from bildungsregion.services import user_password_reset_send
from offers.admin import EventAdmin as OffersEventAdmin
from offers.models import Event
from regions.admin_scoping import BOTH, RegionScopedAdminMixin, RegionScopedInlineMixin
from regions.auth import regions_with_permission
from regions.models import Region, StaffMembership

from .models import EventOccupationField


class InviteForm(forms.Form):
    """An account of an institution (any kind of actor): who, for which institutions of the
    coordinator's region(s), and whether the person may invite colleagues."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Auch der Benutzername. Dorthin geht die Einladung mit dem Link."),
    )
    first_name = forms.CharField(label=_("Vorname"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nachname"), max_length=150, required=False)
    institutions = forms.ModelMultipleChoiceField(
        label=_("Einrichtungen"),
        queryset=Actor.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "Für diese Einrichtungen pflegt die Person Profil, Angebote und Veranstaltungen "
            "unter „Mein Bereich“ – jede Art von Akteur, von der Kita bis zur Kammer. Mehrere "
            "mit gedrückter Strg-Taste (Mac: cmd) auswählen."
        ),
    )
    can_invite = forms.BooleanField(
        label=_("darf Kolleginnen und Kollegen einladen"),
        required=False,
        initial=True,
        help_text=_(
            "Die Person lädt dann selbst weitere Personen ihrer Einrichtung ein (unter „Mein "
            "Bereich“ → „Kolleginnen und Kollegen“)."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        actors = Actor.objects.select_related("region")
        region_ids = invitations.invitable_region_ids(user)
        if region_ids is not None:
            actors = actors.filter(region_id__in=region_ids)
        ordered = sorted(actors, key=lambda a: (a.region.name, a.name.casefold()))
        self.fields["institutions"].queryset = actors
        self.fields["institutions"].choices = [
            (actor.pk, f"{actor.name} – {actor.get_kind_display()} ({actor.region.name})")
            for actor in ordered
        ]


class LimitedUserChangeForm(UserChangeForm):
    """An account as staff edit it: without the password field, which links to setting one."""

    password = None


class StaffMembershipInline(RegionScopedInlineMixin, admin.TabularInline):
    model = StaffMembership
    fk_name = "user"
    extra = 0
    fields = ["region", "role"]
    verbose_name = _("Mitarbeit im Bildungsbüro")
    verbose_name_plural = _("Mitarbeit in Bildungsbüros (Rolle je Region)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A role can be given only in a region whose staff the user manages (not in one they
        # merely work for as editor).
        if db_field.name == "region" and not request.user.is_superuser:
            region_ids = set.intersection(
                *(
                    regions_with_permission(request.user, f"regions.{action}_staffmembership")
                    for action in ("add", "change")
                )
            )
            kwargs["queryset"] = Region.objects.filter(pk__in=region_ids).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(RegionScopedAdminMixin, DjangoUserAdmin):
    """User accounts. Coordinators manage the accounts of their region's staff and of the
    people of its institutions (every kind of actor); they never see superusers and never grant
    superuser, staff flags or single permissions: rights come from the role in StaffMembership
    (regions/auth.py).

    An account that also works for another region is read-only to them (RegionRoleBackend
    asks for the right in every region of the account). Nobody but superusers sets another
    person's password: staff send a link to choose a new one (action below)."""

    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = [
        "is_staff",
        "is_active",
        ("staff_memberships__region", admin.RelatedOnlyFieldListFilter),
    ]
    region_filter_names = ("staff_memberships__region",)
    search_fields = ["username", "email", "first_name", "last_name"]
    inlines = [StaffMembershipInline]
    limited_fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Persönliche Angaben"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Zugang"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        return queryset

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = LimitedUserChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not request.user.is_superuser:
            filters = [f for f in filters if f != "is_staff"]
        return filters

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        adding = obj.pk is None
        if adding and not request.user.is_superuser:
            obj.is_staff = True
        super().save_model(request, obj, form, change)
        if adding and not request.user.is_superuser:
            # A coordinator's new account works for the coordinator's region, as editor;
            # the role can be changed below on the next page.
            region_ids = regions_with_permission(request.user, "bildungsregion.add_user")
            if region_ids:
                StaffMembership.objects.create(
                    user=obj, region_id=min(region_ids), role=StaffMembership.Role.EDITOR
                )

    def get_inlines(self, request, obj):
        return [] if obj is None else super().get_inlines(request, obj)

    # --- passwords: never set by staff, only a link sent to the account's address ---

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(
        description=_("Link zum Festlegen eines neuen Passworts senden"),
        permissions=["change"],
        location=BOTH,
    )
    def send_password_reset(self, request, queryset):
        base_url = request.build_absolute_uri("/")
        sent, refused = 0, []
        for user in queryset:
            try:
                user_password_reset_send(user=user, by=request.user, base_url=base_url)
            except (ValidationError, PermissionDenied):
                refused.append(str(user))
                continue
            self.log_change(request, user, str(_("Link für ein neues Passwort gesendet")))
            sent += 1
        if sent:
            self.message_user(
                request, _("Links für ein neues Passwort verschickt: %d") % sent, messages.SUCCESS
            )
        if refused:
            self.message_user(
                request,
                _(
                    "Kein Link (nur für aktive Konten mit E-Mail-Adresse und Passwort, die Sie "
                    "bearbeiten dürfen): %(list)s"
                )
                % {"list": ", ".join(refused)},
                messages.WARNING,
            )

    # --- accounts of institutions: invite by e-mail (actors/invitations.py) ---

    actions = ["invite_again", "send_password_reset"]

    def may_invite(self, request):
        region_ids = invitations.invitable_region_ids(request.user)
        return request.user.is_active and request.user.is_staff and region_ids != set()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_invite": self.may_invite(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "einladen/",
                self.admin_site.admin_view(self.invite_view),
                name="bildungsregion_user_invite",
            ),
            *super().get_urls(),
        ]

    def invite_view(self, request):
        """Create an account of institutions (never staff) and send the invitation."""
        if not self.may_invite(request):
            raise PermissionDenied
        form = InviteForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                user = invitations.user_invite(
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    institutions=form.cleaned_data["institutions"],
                    can_invite=form.cleaned_data["can_invite"],
                    by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.log_addition(request, user, str(_("eingeladen")))
                self.message_user(
                    request,
                    _("Die Einladung an %(email)s ist verschickt.") % {"email": user.email},
                    messages.SUCCESS,
                )
                return redirect("admin:bildungsregion_user_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Konto für eine Einrichtung anlegen und einladen"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
        }
        response = TemplateResponse(request, "admin/bildungsregion/user/invite.html", context)
        if form.has_error("email", code=invitations.THROTTLED):
            return throttle.refused(response)
        return response

    @admin.action(description=_("Einladung (erneut) senden"))
    def invite_again(self, request, queryset):
        if not self.may_invite(request):
            raise PermissionDenied
        sent, refused = 0, []
        for user in queryset:
            try:
                invitations.user_invite_again(
                    user=user, by=request.user, base_url=request.build_absolute_uri("/")
                )
            except PermissionDenied:
                refused.append(str(user))
                continue
            except ValidationError as error:
                # E.g. the address had its share of invitations (bildungsregion.throttle).
                self.message_user(request, f"{user}: {' '.join(error.messages)}", messages.WARNING)
                continue
            sent += 1
        if sent:
            self.message_user(request, _("Einladungen verschickt: %d") % sent, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                _("Keine Einladung (nur Konten von Einrichtungen Ihrer Region): %(list)s")
                % {"list": ", ".join(refused)},
                messages.WARNING,
            )


# --- the occupational fields of a careers-guidance event --------------------------------------


class EventOccupationFieldInline(RegionScopedInlineMixin, admin.TabularInline):
    """The fields an event serves (careers.OccupationField): edited with the event, by the
    staff of the event's region (the permission is asked for the event)."""

    model = EventOccupationField
    fk_name = "event"
    extra = 0
    fields = ["field"]
    verbose_name = _("Berufsfeld")
    verbose_name_plural = _(
        "Berufsfelder (die Berufe-Seiten dieser Felder nennen die Veranstaltung)"
    )


class EventAdmin(OffersEventAdmin):
    """offers' admin of events with the fields inline: offers cannot know careers, so the
    inline is added here, on the floor that sees both."""

    inlines = [*OffersEventAdmin.inlines, EventOccupationFieldInline]


admin.site.unregister(Event)
admin.site.register(Event, EventAdmin)
