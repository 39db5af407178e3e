"""Forms of the provider area that belong to actors: inviting colleagues."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Actor

REQUIRED = {"required": _("Bitte geben Sie die E-Mail-Adresse an.")}


class ColleagueInviteForm(forms.Form):
    """A colleague for some of the user's institutions (those they may invite for)."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=150,
        help_text=_("Dorthin geht die Einladung; sie ist auch der Benutzername."),
        error_messages={
            **REQUIRED,
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de."),
            "max_length": _("Bitte geben Sie eine E-Mail-Adresse mit höchstens 150 Zeichen an."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Bitte kürzen Sie den Vornamen auf 150 Zeichen.")},
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=150,
        required=False,
        error_messages={"max_length": _("Bitte kürzen Sie den Nachnamen auf 150 Zeichen.")},
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Für welche Einrichtungen?"),
        queryset=Actor.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
        error_messages={
            "required": _("Bitte wählen Sie mindestens eine Einrichtung."),
            "invalid_choice": _("Bitte wählen Sie nur Ihre eigenen Einrichtungen."),
            "invalid_pk_value": _("Bitte wählen Sie nur Ihre eigenen Einrichtungen."),
            "invalid_list": _("Bitte wählen Sie nur Ihre eigenen Einrichtungen."),
        },
    )
    can_invite = forms.BooleanField(
        label=_("Darf ebenfalls Kolleginnen und Kollegen einladen"),
        required=False,
        help_text=_("Zum Beispiel für eine Vertretung. Ohne Haken kann die Person nicht einladen."),
    )

    def __init__(self, *args, institutions, **kwargs):
        """``institutions``: the actors the user may invite for (a queryset)."""
        super().__init__(*args, **kwargs)
        field = self.fields["institutions"]
        field.queryset = institutions
        field.label_from_instance = lambda actor: actor.name
        if len(institutions) == 1:
            # One institution: ticked already (the person still sees for which one).
            self.initial.setdefault("institutions", [institutions[0].pk])


PROFILE_FIELDS = ("name", "description", "street", "postcode", "city", "phone", "email", "website")


class ActorProfileForm(forms.ModelForm):
    """An institution's public profile as its staff keep it in the provider area. The name and
    the description wait for the Bildungsbüro, address and contact are public at once
    (offers.moderation's field lists for Actor); the views save through
    ``offers.moderation.provider_update`` with ``changes()``, never with ``save()``."""

    class Meta:
        model = Actor
        fields = list(PROFILE_FIELDS)
        labels = {
            "name": _("Name der Einrichtung"),
            "description": _("Beschreibung"),
            "website": _("Website (Adresse)"),
        }
        help_texts = {
            "description": _(
                "Was bietet Ihre Einrichtung, für wen, mit welchen Schwerpunkten? Auch "
                "Öffnungszeiten und Hinweise zur Barrierefreiheit gehören hierher."
            ),
            "website": _("Beginnt mit https://"),
            "phone": _("Die allgemeine Nummer, z. B. des Sekretariats."),
            "email": _("Eine Funktionsadresse, z. B. info@…"),
        }
        error_messages = {
            "name": {
                "required": _("Bitte geben Sie den Namen Ihrer Einrichtung an."),
                "max_length": _("Bitte kürzen Sie den Namen auf höchstens 200 Zeichen."),
            },
            "postcode": {"invalid": _("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.")},
            "email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")},
            "website": {
                "invalid": _("Bitte geben Sie eine vollständige Adresse an, z. B. https://…")
            },
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if getattr(field, "max_length", None) and "max_length" not in (
                self._meta.error_messages or {}
            ).get(name, {}):
                field.error_messages["max_length"] = _(
                    "Bitte kürzen Sie Ihre Angabe auf höchstens %(limit_value)d Zeichen; jetzt "
                    "sind es %(show_value)d."
                )
        self.fields["postcode"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code"}
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs["autocomplete"] = "url"

    def changes(self):
        """{field: value} for offers.moderation.provider_update."""
        return {name: self.cleaned_data.get(name) for name in PROFILE_FIELDS}
