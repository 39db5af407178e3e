"""German text helpers that every app uses."""

from django.utils.text import slugify

GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(value):
    """A slug that spells umlauts the German way: "Lüneburg" -> "lueneburg"."""
    return slugify(value.translate(GERMAN_LETTERS))
