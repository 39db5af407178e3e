"""Text helpers shared by every app: slugs spelled the German way, texts kept in German and
English."""

import unicodedata

from django.db import IntegrityError, transaction
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


def save_with_unique_slug(instance, *, base=None, attempts=5):
    """Insert ``instance`` under its ``slug``, or under the next free ``slug-2``, ``slug-3`` …
    when another insert took that slug after it was picked (two submissions of the same title at
    the same moment: both saw the slug free). Each attempt runs in a savepoint, so the
    unique constraint's failure leaves the surrounding transaction usable; any other integrity
    error, or one that persists, is raised. ``base`` is what the slug was made from (the
    numbering continues from it), by default the slug itself."""
    manager = type(instance)._default_manager
    base = base or instance.slug
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                instance.save()
            return instance
        except IntegrityError:
            taken = manager.filter(slug=instance.slug).exists()
            if not taken or attempt == attempts - 1:
                raise
            instance.slug = unique_slug(manager.all(), base)
    raise AssertionError("unreachable")


def in_language(german, english):
    """The text for the active language: ``english`` on English pages when there is one,
    else ``german`` (the portal's own language, and every other one)."""
    if english and (get_language() or "").split("-")[0] == "en":
        return english
    return german
