from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Place

MESSAGE_MAX_CHARS = 3000


class ContactForm(forms.Form):
    """A young person writes to the employer of a place. Nothing of it is stored: the view
    mails it (careers.services.place_contact_send). ``homepage`` is a trap for bots, rendered
    hidden as in the accessibility feedback form."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=120,
        error_messages={"required": _("Bitte geben Sie Ihren Namen an.")},
    )
    contact_email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_(
            "Der Betrieb antwortet Ihnen hierhin; Sie bekommen eine Kopie Ihrer Nachricht."
        ),
        error_messages={
            "required": _(
                "Bitte geben Sie Ihre E-Mail-Adresse an, damit der Betrieb antworten kann."
            ),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein."),
        },
    )
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Zum Beispiel: Wer Sie sind, welche Klasse Sie besuchen und wann Sie Zeit haben."
        ),
        error_messages={
            "required": _("Bitte schreiben Sie eine Nachricht."),
            "max_length": _(
                "Ihre Nachricht hat %(show_value)d Zeichen; möglich sind höchstens "
                "%(limit_value)d. Bitte kürzen Sie sie."
            ),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Portal meinen Namen, meine E-Mail-Adresse und meine "
            "Nachricht per E-Mail an den Betrieb schickt. Das Portal speichert sie nicht."
        ),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass wir Ihre Nachricht weitergeben dürfen.")
        },
    )
    homepage = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlaceForm(forms.ModelForm):
    """A place as its institution keeps it in the provider area. ``institutions``: the
    actors the user acts for (Actor.objects.of_member)."""

    class Meta:
        model = Place
        fields = [
            "actor",
            "kind",
            "occupation",
            "title",
            "description",
            "number_of_places",
            "starts_on",
            "ends_on",
            "period_note",
            "certificate",
            "street",
            "postcode",
            "city",
            "contact_name",
            "contact_email",
            "contact_phone",
            "how_to_apply",
            "application_url",
            "valid_until",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "valid_until": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "how_to_apply": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "street": _("Leer: die Adresse der Einrichtung."),
        }

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = institutions
        self.fields["actor"].empty_label = None
        self.fields["occupation"].queryset = self.fields["occupation"].queryset.select_related(
            "field"
        )
        self.fields["occupation"].empty_label = _("kein bestimmter Beruf")
