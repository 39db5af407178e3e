"""The languages an offer can be held in: stored as language codes (BCP 47: the two-letter
ISO 639-1 code where there is one, else ISO 639-3), shown by name in the visitor's language.

Codes and names are those of ISO 639 in Debian's iso-codes 4.15.0 (``iso_639-3.json`` and its
German catalogue ``iso_639-3.mo``), shortened where iso-codes names two forms ("Spanisch;
Kastilianisch" is "Spanisch", "Neugriechisch (ab 1453)" is "Griechisch", "Paschtu; Afghanisch"
is "Paschtu"). The list holds the languages of the migrant and neighbouring communities the
portal's providers teach and advise in, and German Sign Language.
"""

import functools

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop

# code: German name (translated by the catalogue). In the order a form offers them: German and
# English first, then by German name.
LANGUAGES = {
    "de": gettext_noop("Deutsch"),
    "en": gettext_noop("Englisch"),
    "sq": gettext_noop("Albanisch"),
    "ar": gettext_noop("Arabisch"),
    "bs": gettext_noop("Bosnisch"),
    "bg": gettext_noop("Bulgarisch"),
    "zh": gettext_noop("Chinesisch"),
    "da": gettext_noop("Dänisch"),
    "gsg": gettext_noop("Deutsche Gebärdensprache"),
    "fr": gettext_noop("Französisch"),
    "el": gettext_noop("Griechisch"),
    "it": gettext_noop("Italienisch"),
    "hr": gettext_noop("Kroatisch"),
    "ku": gettext_noop("Kurdisch"),
    "nl": gettext_noop("Niederländisch"),
    "ps": gettext_noop("Paschtu"),
    "fa": gettext_noop("Persisch"),
    "pl": gettext_noop("Polnisch"),
    "pt": gettext_noop("Portugiesisch"),
    "ro": gettext_noop("Rumänisch"),
    "ru": gettext_noop("Russisch"),
    "sr": gettext_noop("Serbisch"),
    "so": gettext_noop("Somali"),
    "es": gettext_noop("Spanisch"),
    "ti": gettext_noop("Tigrinja"),
    "tr": gettext_noop("Türkisch"),
    "uk": gettext_noop("Ukrainisch"),
    "ur": gettext_noop("Urdu"),
    "vi": gettext_noop("Vietnamesisch"),
}
CHOICES = [(code, gettext_lazy(name)) for code, name in LANGUAGES.items()]

# Other spellings people type in an import file or that older entries hold.
OTHER_SPELLINGS = {
    "farsi": "fa",
    "dari": "fa",
    "gebärdensprache": "gsg",
    "dgs": "gsg",
    "tigrinya": "ti",
    "pushto": "ps",
    "kastilisch": "es",
    "neugriechisch": "el",
}


@functools.cache
def _by_name():
    with translation.override("en"):
        english = {gettext(name).casefold(): code for code, name in LANGUAGES.items()}
    return {
        **english,
        **{name.casefold(): code for code, name in LANGUAGES.items()},
        **OTHER_SPELLINGS,
        **{code: code for code in LANGUAGES},
    }


def code_of(text):
    """The code of a language given by its code or its German or English name ("tr",
    "Türkisch", "Turkish"), or None."""
    return _by_name().get(str(text).strip().casefold())


def names(codes):
    """The names of ``codes`` in the active language, in the order given."""
    return [gettext(LANGUAGES[code]) for code in codes if code in LANGUAGES]
