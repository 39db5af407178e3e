from django import forms
from django.utils.translation import gettext_lazy as _

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
