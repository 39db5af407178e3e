from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityFeedback


class AccessibilityFeedbackForm(forms.ModelForm):
    """The feedback form of the accessibility statement (BITV 2.0 § 7 Abs. 1 Nr. 2).

    ``homepage`` is a trap for bots that fill every field: the template renders it hidden
    (``hidden``: neither shown nor read out), labelled "Bitte leer lassen" for any agent that
    still shows it. A form with it filled is ``is_spam()``: the view stores nothing and answers
    as if it had.
    """

    homepage = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = AccessibilityFeedback
        fields = ["region", "name", "email", "page_url", "message"]
        labels = {
            "region": _("An welches Bildungsbüro richtet sich Ihre Rückmeldung?"),
            "name": _("Ihr Name"),
            "email": _("Ihre E-Mail-Adresse (für eine Antwort)"),
            "page_url": _("Welche Seite betrifft es?"),
            "message": _("Ihre Nachricht"),
        }
        help_texts = {
            "region": _("Ohne Auswahl geht die Rückmeldung an alle Bildungsbüros."),
            "page_url": _("Zum Beispiel die Adresse der Seite oder ihre Überschrift."),
            "message": _("Beschreiben Sie bitte, was nicht barrierefrei ist."),
        }
        error_messages = {
            "message": {
                "required": _("Bitte schreiben Sie uns eine Nachricht."),
                "max_length": _(
                    "Ihre Nachricht hat %(show_value)d Zeichen; möglich sind höchstens "
                    "%(limit_value)d. Bitte kürzen Sie sie."
                ),
            },
            "email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")},
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("alle Bildungsbüros")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(
                _("Bitte beschreiben Sie das Problem in mindestens zehn Zeichen.")
            )
        return message
