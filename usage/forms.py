from django import forms
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH


class PageFeedbackForm(forms.Form):
    """ "War diese Seite hilfreich?" on an offer or event page: yes or no, an optional comment.

    The field names are the German words of the form's parameters. ``homepage`` is a trap for
    bots that fill every field, as in the accessibility feedback (regions.forms): hidden from
    people and screen readers; with it filled the view stores nothing and answers as if it had.
    """

    YES, NO = "ja", "nein"

    hilfreich = forms.ChoiceField(
        label=_("War diese Seite hilfreich?"),
        choices=[(YES, _("Ja")), (NO, _("Nein"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie „Ja“ oder „Nein“.")},
    )
    kommentar = forms.CharField(
        label=_("Was hat gefehlt, was können wir besser machen?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Höchstens 500 Zeichen. Bitte schreiben Sie keine persönlichen Daten hinein (Name, "
            "E-Mail-Adresse, Telefonnummer): Die Rückmeldung wird ohne Angaben zu Ihrer Person "
            "gespeichert, und das Bildungsbüro kann Ihnen nicht antworten."
        ),
        error_messages={
            "max_length": _(
                "Ihr Kommentar hat %(show_value)d Zeichen; möglich sind höchstens "
                "%(limit_value)d. Bitte kürzen Sie ihn."
            ),
        },
    )
    homepage = forms.CharField(
        label=_("Bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "rueckmeldung_%s")
        super().__init__(*args, **kwargs)

    def is_spam(self):
        return bool(self.cleaned_data.get("homepage"))

    def is_helpful(self):
        return self.cleaned_data["hilfreich"] == self.YES
