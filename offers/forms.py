"""Forms of the provider area (/mein-bereich/): an institution's events and offers.

What a provider may change and what waits for the Bildungsbüro is offers.moderation's; these
forms only collect the values (``changes()`` / ``m2m()``) that the views hand to
``provider_create`` / ``provider_update``."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actors.models import Actor
from regions.models import Municipality

from . import moderation
from .models import Event, LifeStage, Offer, Topic, Transition

GRADE_ERRORS = {
    "min_value": _("Bitte geben Sie einen Jahrgang von 5 bis 13 an."),
    "max_value": _("Bitte geben Sie einen Jahrgang von 5 bis 13 an."),
    "invalid": _("Bitte geben Sie einen Jahrgang als Zahl von 5 bis 13 an."),
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATE_FORMAT = "%Y-%m-%d"
MAX_LENGTH_ERROR = _(
    "Bitte kürzen Sie Ihre Angabe auf höchstens %(limit_value)d Zeichen; jetzt sind es "
    "%(show_value)d."
)


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date and time picker; without it, the field takes "2026-05-14T09:00"."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class DateInput(forms.DateInput):
    """The browser's date picker; without it, the field takes "2026-05-14" or "14.05.2026"."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATE_FORMAT)


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


INSTITUTION_ERRORS = {
    "required": _("Bitte wählen Sie Ihre Einrichtung."),
    "invalid_choice": _("Bitte wählen Sie eine Ihrer Einrichtungen."),
}
MUNICIPALITY_ERRORS = {
    "invalid_choice": _("Bitte wählen Sie eine Stadt oder Gemeinde der Bildungsregion."),
}
EMAIL_ERRORS = {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")}
POSTCODE_ERRORS = {"invalid": _("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.")}


class ProviderEntryForm(forms.ModelForm):
    """What the offer and the event form share: the institution (one of the user's, the
    entry's provider), the town among those of the institutions' regions, German errors, the
    browser's hints for address and contact fields.

    ``institutions``: the user's institutions (a queryset; for an edit only the entry's).
    ``FIELDS``: the model fields the provider fills in (moderation's SUBSTANTIVE or MINOR
    ones); ``M2M``: the many-to-many ones among them."""

    FIELDS = ()
    M2M = ()

    institution = forms.ModelChoiceField(
        label=_("Einrichtung"),
        queryset=Actor.objects.none(),
        empty_label=None,
        error_messages=INSTITUTION_ERRORS,
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = institutions.select_related("region")
        self.institutions = list(institutions)
        self.fields["institution"].queryset = institutions
        region_ids = {actor.region_id for actor in self.institutions}
        municipality = self.fields["municipality"]
        municipality.queryset = Municipality.objects.filter(region_id__in=region_ids).order_by(
            "name"
        )
        municipality.label = _("Stadt / Gemeinde")
        municipality.empty_label = _("– bitte wählen –")
        municipality.error_messages.update(MUNICIPALITY_ERRORS)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = MAX_LENGTH_ERROR
        self.fields["postcode"].error_messages.update(POSTCODE_ERRORS)
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["contact_email"].error_messages.update(EMAIL_ERRORS)
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["is_free"].label = _("kostenlos")

    def clean(self):
        cleaned = super().clean()
        institution = cleaned.get("institution")
        municipality = cleaned.get("municipality")
        if institution and municipality and municipality.region_id != institution.region_id:
            self.add_error(
                "municipality",
                _("Bitte wählen Sie eine Stadt oder Gemeinde der Bildungsregion %(region)s.")
                % {"region": institution.region.name},
            )
        return cleaned

    def changes(self):
        """{field: value} of the plain fields, for offers.moderation."""
        return {name: self.cleaned_data.get(name) for name in self.FIELDS if name not in self.M2M}

    def m2m(self):
        """{field: [objects]} of the many-to-many fields, for offers.moderation."""
        return {name: list(self.cleaned_data.get(name) or []) for name in self.M2M}


EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "municipality",
    "street",
    "postcode",
    "city",
    "grade_min",
    "grade_max",
    "capacity",
    "is_free",
    "registration",
    "contact_name",
    "contact_email",
    "contact_phone",
)


class EventForm(ProviderEntryForm):
    """An event as the staff of an institution – of any kind – register or change it.

    The kinds offered are those the institutions may register
    (``offers.moderation.event_kinds_for``; an edited event keeps its own kind as a choice);
    that the chosen kind fits the chosen institution is checked here and in moderation. The
    co-organisers are the public actors of the institutions' regions, grouped by kind; that the
    chosen ones belong to the chosen institution's region is checked here and in moderation."""

    FIELDS = (*EVENT_FIELDS, "co_organisers")
    M2M = ("co_organisers",)

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
        fields = list(EVENT_FIELDS)
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
                "invalid_choice": _("Bitte wählen Sie eine der angebotenen Arten."),
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
            "capacity": {
                "min_value": _("Bitte geben Sie eine Zahl von 1 an aufwärts an."),
                "invalid": _("Bitte geben Sie die Zahl der Plätze als Zahl an."),
            },
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "registration": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, institutions, now=None, **kwargs):
        super().__init__(*args, institutions=institutions, **kwargs)
        self.now = now or timezone.now()
        self.fields["institution"].label = _("Veranstaltende Einrichtung")
        kinds = set(moderation.event_kinds_for(self.institutions))
        if self.instance.pk:
            kinds.add(self.instance.kind)  # an office's kind stays the event's own
        self.fields["kind"].choices = [
            (value, label) for value, label in Event.Kind.choices if value in kinds
        ]
        self.fields["ends_at"].required = True
        self.fields["ends_at"].error_messages["required"] = _(
            "Bitte geben Sie Datum und Uhrzeit des Endes an."
        )
        # The model allows 0; the form's "von 1 an" needs its own validator, not only min_value.
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].validators.append(MinValueValidator(1))
        self.fields["capacity"].widget.attrs["min"] = 1
        region_ids = {actor.region_id for actor in self.institutions}
        pool = Actor.objects.public().filter(region_id__in=region_ids).order_by("kind", "name")
        if len(self.institutions) == 1:
            # An institution does not co-organise its own event; of several, one may another's.
            pool = pool.exclude(pk=self.institutions[0].pk)
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
        unchanged = self.instance.pk and starts_at == self.instance.starts_at
        if starts_at is not None and starts_at < self.now and not unchanged:
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
        kind = cleaned.get("kind")
        if (
            institution is not None
            and kind
            and kind != self.instance.kind
            and kind not in moderation.event_kinds_for([institution])
        ):
            self.add_error(
                "kind",
                _("Diese Art von Veranstaltung kann %(name)s nicht anmelden.")
                % {"name": institution.name},
            )
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

    def m2m(self):
        return {"co_organisers": list(self.cleaned_data.get("co_organiser_actors", []))}


OFFER_FIELDS = (
    "title",
    "summary",
    "description",
    "learning_setting",
    "life_stages",
    "transitions",
    "topics",
    "age_min",
    "age_max",
    "format",
    "venue",
    "municipality",
    "street",
    "postcode",
    "city",
    "is_free",
    "cost",
    "cost_note",
    "schedule",
    "valid_from",
    "valid_until",
    "registration_required",
    "registration",
    "registration_url",
    "contact_email",
    "contact_phone",
    "is_accessible",
    "accessibility_note",
    "languages",
)

AGE_ERRORS = {
    "invalid": _("Bitte geben Sie das Alter als ganze Zahl an, z. B. 6."),
    "min_value": _("Bitte geben Sie ein Alter von 0 bis 120 an."),
    "max_value": _("Bitte geben Sie ein Alter von 0 bis 120 an."),
}
DATE_ERRORS = {"invalid": _("Bitte geben Sie ein Datum ein, z. B. 14.05.2026.")}


class OfferForm(ProviderEntryForm):
    """A learning offer as the staff of an institution add or change it: what it is and for
    whom (waits for the Bildungsbüro once published), when, where, what it costs, how to
    register and whom to ask (public at once) – offers.moderation's SUBSTANTIVE and MINOR."""

    FIELDS = OFFER_FIELDS
    M2M = ("life_stages", "transitions", "topics")

    class Meta:
        model = Offer
        fields = list(OFFER_FIELDS)
        # "45,00" as German users type it (a text field; a number field would refuse the comma).
        localized_fields = ("cost",)
        labels = {
            "title": _("Titel des Angebots"),
            "summary": _("Kurzbeschreibung"),
            "learning_setting": _("Lernform"),
            "life_stages": _("Lebensphasen"),
            "transitions": _("Übergänge"),
            "topics": _("Themen"),
            "age_min": _("Alter ab (Jahre)"),
            "age_max": _("Alter bis (Jahre)"),
            "format": _("Durchführung"),
            "cost": _("Kosten in Euro"),
            "schedule": _("Zeiten"),
            "valid_from": _("Gültig ab"),
            "valid_until": _("Gültig bis"),
            "registration_url": _("Anmeldung online (Adresse)"),
            "is_accessible": _("barrierefrei (stufenlos erreichbar und nutzbar)"),
        }
        help_texts = {
            "title": _("z. B. „Deutsch im Alltag – Kurs für Einsteigerinnen und Einsteiger“"),
            "summary": _("Ein bis zwei Sätze für die Ergebnisliste, höchstens 300 Zeichen."),
            "description": _("Was lernt man, wie läuft es ab, was muss man mitbringen?"),
            "life_stages": _("Für wen ist das Angebot? Mindestens eine."),
            "topics": _("Worum geht es? Mindestens eines."),
            "age_min": _("Leer lassen, wenn das Angebot allen Altersgruppen offensteht."),
            "cost": _("z. B. 45,00; leer lassen, wenn das Angebot kostenlos ist."),
            "schedule": _("z. B. „dienstags 15–16.30 Uhr“ oder „nach Vereinbarung“"),
            "valid_until": _(
                "Danach verschwindet das Angebot von selbst aus dem Portal. Leer lassen, "
                "wenn es dauerhaft gilt."
            ),
            "venue": _("z. B. „Raum 2“ oder „Stadtbibliothek, Lesesaal“"),
            "street": _("Vorgegeben ist die Adresse Ihrer Einrichtung."),
            "registration": _("z. B. „telefonisch bis eine Woche vorher“ oder „ohne Anmeldung“"),
            "registration_url": _("Beginnt mit https://"),
            "accessibility_note": _("z. B. „Aufzug vorhanden“ oder „zwei Stufen am Eingang“"),
            "languages": _("In welchen Sprachen findet das Angebot statt?"),
        }
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Titel an.")},
            "summary": {"required": _("Bitte beschreiben Sie das Angebot in ein bis zwei Sätzen.")},
            "learning_setting": {
                "required": _("Bitte wählen Sie die Lernform."),
                "invalid_choice": _("Bitte wählen Sie eine der angebotenen Lernformen."),
            },
            "life_stages": {
                "required": _("Bitte wählen Sie mindestens eine Lebensphase."),
                "invalid_choice": _("Bitte wählen Sie Lebensphasen aus der Liste."),
                "invalid_pk_value": _("Bitte wählen Sie Lebensphasen aus der Liste."),
            },
            "topics": {
                "required": _("Bitte wählen Sie mindestens ein Thema."),
                "invalid_choice": _("Bitte wählen Sie Themen aus der Liste."),
                "invalid_pk_value": _("Bitte wählen Sie Themen aus der Liste."),
            },
            "transitions": {
                "invalid_choice": _("Bitte wählen Sie Übergänge aus der Liste."),
                "invalid_pk_value": _("Bitte wählen Sie Übergänge aus der Liste."),
            },
            "age_min": AGE_ERRORS,
            "age_max": AGE_ERRORS,
            "format": {
                "required": _("Bitte wählen Sie, wie das Angebot stattfindet."),
                "invalid_choice": _("Bitte wählen Sie vor Ort, online oder hybrid."),
            },
            "cost": {
                "invalid": _("Bitte geben Sie die Kosten als Betrag an, z. B. 45,00."),
                "min_value": _("Die Kosten können nicht negativ sein."),
                "max_digits": _("Bitte geben Sie einen Betrag unter 1.000.000 Euro an."),
                "max_decimal_places": _("Bitte geben Sie höchstens zwei Nachkommastellen an."),
                "max_whole_digits": _("Bitte geben Sie einen Betrag unter 1.000.000 Euro an."),
            },
            "valid_from": DATE_ERRORS,
            "valid_until": DATE_ERRORS,
            "registration_url": {
                "invalid": _("Bitte geben Sie eine vollständige Adresse an, z. B. https://…")
            },
            "languages": {"required": _("Bitte nennen Sie mindestens eine Sprache.")},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "registration": forms.Textarea(attrs={"rows": 3}),
            "learning_setting": forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
            "format": forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
            "life_stages": forms.CheckboxSelectMultiple(
                attrs={"class": "kern-form-check__checkbox"}
            ),
            "transitions": forms.CheckboxSelectMultiple(
                attrs={"class": "kern-form-check__checkbox"}
            ),
            "topics": forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, institutions=institutions, **kwargs)
        self.fields["institution"].label = _("Anbietende Einrichtung")
        self.fields["life_stages"].queryset = LifeStage.objects.order_by("position")
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        self.fields["transitions"].queryset = Transition.objects.order_by("from_stage__position")
        self.fields["learning_setting"].choices = Offer.Setting.choices  # no empty choice
        self.fields["format"].choices = Offer.Format.choices
        for name in ("age_min", "age_max"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs.update({"min": 0, "max": 120, "inputmode": "numeric"})
        self.fields["cost"].widget.attrs["inputmode"] = "decimal"
        self.fields["registration_url"].widget.attrs["inputmode"] = "url"
        self.order_fields(["institution"])

    def clean(self):
        cleaned = super().clean()
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_max < age_min:
            self.add_error(
                "age_max",
                _("„Alter bis“ darf nicht kleiner sein als „Alter ab“ (%(min)s).")
                % {"min": age_min},
            )
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("„Gültig bis“ darf nicht vor „Gültig ab“ liegen."))
        cost = cleaned.get("cost")
        if cleaned.get("is_free") and cost:
            self.add_error(
                "cost",
                _(
                    "Ein kostenloses Angebot hat keine Kosten: Bitte leeren Sie das Feld "
                    "oder nehmen Sie den Haken bei „kostenlos“ heraus."
                ),
            )
        return cleaned


def address_initial(institution):
    """A new entry's place and contact, prefilled with the institution's address."""
    return {
        "institution": institution.pk,
        "venue": institution.name,
        "municipality": institution.municipality_id,
        "street": institution.street,
        "postcode": institution.postcode,
        "city": institution.city,
        "contact_email": institution.email,
        "contact_phone": institution.phone,
    }
