"""Text helpers shared by every app: slugs spelled the German way, texts kept in German and
English."""

import unicodedata

from django.utils.text import slugify
from django.utils.translation import get_language

# Umlauts and ß as German writes them without the letters (Duden, and every German address
# bar): "Lüneburg" is "lueneburg", not Django's "luneburg". Capitals too; slugify() lowercases.
GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def german_slugify(value, *, max_length=None):
    """A slug that spells umlauts the German way: "Lüneburg" -> "lueneburg",
    "Straße" -> "strasse". Other accents lose their marks as in Django's slugify ("Café" ->
    "cafe"). Cut to ``max_length`` characters without a dash at the end."""
    # NFC first: a decomposed "u" + combining diaeresis becomes the one letter "ü".
    value = unicodedata.normalize("NFC", str(value)).translate(GERMAN_LETTERS)
    slug = slugify(value)
    if max_length is not None:
        slug = slug[:max_length].strip("-")
    return slug


def unique_slug(queryset, base):
    """``base``, or ``base-2``, ``base-3`` … : the first that no row of ``queryset`` has as its
    ``slug``."""
    slug, number = base, 1
    while queryset.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def in_language(german, english):
    """The text for the active language: ``english`` on English pages when there is one,
    else ``german`` (the portal's own language, and every other one)."""
    if english and (get_language() or "").split("-")[0] == "en":
        return english
    return german
