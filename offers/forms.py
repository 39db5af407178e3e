"""Forms of the school area (/mein-bereich/): registering a careers-guidance event."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor

from . import services
from .models import Event

GRADE_ERRORS = {
    "min_value": _("Bitte geben Sie einen Jahrgang von 5 bis 13 an."),
    "max_value": _("Bitte geben Sie einen Jahrgang von 5 bis 13 an."),
    "invalid": _("Bitte geben Sie einen Jahrgang als Zahl von 5 bis 13 an."),
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_LENGTH_ERROR = _(
    "Bitte kürzen Sie Ihre Angabe auf höchstens %(limit_value)d Zeichen; jetzt sind es "
    "%(show_value)d."
)


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date and time picker; without it, the field takes "2026-05-14T09:00"."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class ChoiceGroupsBoundField(forms.BoundField):
    """A multiple choice with grouped choices, one checkbox per choice under its group.

    ``choice_groups`` is [(group label, [BoundWidget, …]), …] in the order of the choices, for
    templates/includes/form_field_choices.html, which renders each group as a fieldset and adds
    the filter box static/js/choice-filter.js fills in. Choices outside a group (plain
    ``(value, label)`` pairs) are gathered under the label None.
    """

    @property
    def choice_groups(self):
        widgets = iter(self.subwidgets)
        groups = []
        for value, label in self.field.choices:
            if isinstance(label, (list, tuple)):
                groups.append((value, [next(widgets) for _choice in label]))
            elif groups and groups[-1][0] is None:
                groups[-1][1].append(next(widgets))
            else:
                groups.append((None, [next(widgets)]))
        return groups


class SchoolEventForm(forms.ModelForm):
    """A careers-guidance event as the staff of an institution register it.

    ``institutions``: the user's institutions (the event's organiser is one of them). The
    co-organisers are the public actors of the institutions' regions, grouped by kind; that the
    chosen ones belong to the chosen institution's region is checked here and in the service.
    """

    institution = forms.ModelChoiceField(
        label=_("Veranstaltende Einrichtung"),
        queryset=Actor.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Bitte wählen Sie Ihre Einrichtung."),
            "invalid_choice": _("Bitte wählen Sie eine Ihrer Einrichtungen."),
        },
    )
    grade_min = forms.IntegerField(
        label=_("ab Jahrgang"),
        required=False,
        min_value=5,
        max_value=13,
        error_messages=GRADE_ERRORS,
        help_text=_("Jahrgang 5 bis 13; leer lassen, wenn die Veranstaltung allen offensteht."),
    )
    grade_max = forms.IntegerField(
        label=_("bis Jahrgang"),
        required=False,
        min_value=5,
        max_value=13,
        error_messages=GRADE_ERRORS,
    )
    co_organisers = forms.TypedMultipleChoiceField(
        label=_("Mitveranstalter"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
        bound_field_class=ChoiceGroupsBoundField,
        help_text=_(
            "Unternehmen, Kammern und andere Akteure Ihrer Bildungsregion, die mitwirken; "
            "nach Art geordnet."
        ),
        error_messages={
            "invalid_choice": _("Bitte wählen Sie Mitveranstalter aus Ihrer Bildungsregion."),
            "invalid_list": _("Bitte wählen Sie Mitveranstalter aus Ihrer Bildungsregion."),
        },
    )

    class Meta:
        model = Event
        fields = list(services.SCHOOL_EVENT_FIELDS)  # what the services accept
        labels = {
            "kind": _("Art der Veranstaltung"),
            "starts_at": _("Beginn (Datum und Uhrzeit)"),
            "ends_at": _("Ende (Datum und Uhrzeit)"),
            "venue": _("Ort / Raum"),
            "capacity": _("Plätze"),
            "registration": _("Anmeldung"),
            "contact_name": _("Ansprechperson oder -stelle"),
        }
        help_texts = {
            "title": _("z. B. „Berufsinformationstag 2026 der Oberschule“"),
            "description": _("Was erwartet die Teilnehmenden, für wen ist die Veranstaltung?"),
            "starts_at": _("Format: TT.MM.JJJJ, hh:mm"),
            "ends_at": _("Muss nach dem Beginn liegen."),
            "venue": _("z. B. „Aula“ oder „Turnhalle“"),
            "street": _("Vorgegeben ist die Adresse Ihrer Einrichtung."),
            "capacity": _("Wie viele Personen können teilnehmen? Leer lassen, wenn unbegrenzt."),
            "registration": _("Wie und bis wann meldet man sich an?"),
        }
        error_messages = {
            "kind": {
                "required": _("Bitte wählen Sie die Art der Veranstaltung."),
                "invalid_choice": _(
                    "Bitte wählen Sie eine der angebotenen Arten der Berufsorientierung."
                ),
            },
            "title": {"required": _("Bitte geben Sie einen Titel an.")},
            "description": {"required": _("Bitte beschreiben Sie die Veranstaltung.")},
            "starts_at": {
                "required": _("Bitte geben Sie Datum und Uhrzeit des Beginns an."),
                "invalid": _("Bitte geben Sie Datum und Uhrzeit ein, z. B. 14.05.2026, 09:00."),
            },
            "ends_at": {
                "invalid": _("Bitte geben Sie Datum und Uhrzeit ein, z. B. 14.05.2026, 13:00."),
            },
            "postcode": {"invalid": _("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.")},
            "capacity": {
                "min_value": _("Bitte geben Sie eine Zahl von 1 an aufwärts an."),
                "invalid": _("Bitte geben Sie die Zahl der Plätze als Zahl an."),
            },
            "contact_email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")},
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "registration": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, institutions, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        institutions = institutions.select_related("region")
        self.fields["institution"].queryset = institutions
        self.fields["kind"].choices = [
            (value, label)
            for value, label in Event.Kind.choices
            if value in Event.CAREERS_GUIDANCE_KINDS
        ]
        self.fields["ends_at"].required = True
        self.fields["ends_at"].error_messages["required"] = _(
            "Bitte geben Sie Datum und Uhrzeit des Endes an."
        )
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = MAX_LENGTH_ERROR
        # The model allows 0; the form's "von 1 an" needs its own validator, not only min_value.
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].validators.append(MinValueValidator(1))
        self.fields["capacity"].widget.attrs["min"] = 1
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["is_free"].label = _("kostenlos")
        region_ids = {actor.region_id for actor in institutions}
        pool = Actor.objects.public().filter(region_id__in=region_ids).order_by("kind", "name")
        if len(institutions) == 1:
            # An institution does not co-organise its own event; of several, one may another's.
            pool = pool.exclude(pk=institutions[0].pk)
        self._co_organiser_pool = {actor.pk: actor for actor in pool}
        grouped = {}
        for actor in self._co_organiser_pool.values():
            grouped.setdefault(actor.get_kind_display(), []).append((actor.pk, actor.name))
        self.fields["co_organisers"].choices = sorted(grouped.items())
        if self.instance.pk:
            self.initial.setdefault(
                "co_organisers", list(self.instance.co_organisers.values_list("pk", flat=True))
            )
        # The institution first: the order of the page.
        self.order_fields(["institution", "kind", "title"])

    def clean_starts_at(self):
        starts_at = self.cleaned_data.get("starts_at")
        if starts_at is not None and starts_at < self.now:
            raise forms.ValidationError(
                _(
                    "Der Beginn liegt in der Vergangenheit. Bitte geben Sie einen Termin in der "
                    "Zukunft an."
                )
            )
        return starts_at

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        grade_min, grade_max = cleaned.get("grade_min"), cleaned.get("grade_max")
        if grade_min is not None and grade_max is not None and grade_max < grade_min:
            self.add_error(
                "grade_max",
                _("„bis Jahrgang“ darf nicht kleiner sein als „ab Jahrgang“ (%(min)s).")
                % {"min": grade_min},
            )
        institution = cleaned.get("institution")
        chosen = [self._co_organiser_pool[pk] for pk in cleaned.get("co_organisers", [])]
        if institution is not None:
            if any(a.region_id != institution.region_id for a in chosen):
                self.add_error(
                    "co_organisers",
                    _("Mitveranstalter müssen aus der Bildungsregion Ihrer Einrichtung kommen."),
                )
            chosen = [a for a in chosen if a.pk != institution.pk]
        cleaned["co_organiser_actors"] = chosen
        return cleaned

    def service_fields(self):
        """The cleaned values the services take (SCHOOL_EVENT_FIELDS)."""
        return {name: self.cleaned_data.get(name) for name in services.SCHOOL_EVENT_FIELDS}


def address_initial(institution):
    """The event form's place, prefilled with the institution's address."""
    return {
        "institution": institution.pk,
        "venue": institution.name,
        "street": institution.street,
        "postcode": institution.postcode,
        "city": institution.city,
        "contact_email": institution.email,
        "contact_phone": institution.phone,
    }
