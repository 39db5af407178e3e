import unicodedata

import pytest

from bildungsregion.text import german_slugify, unique_slug
from regions.models import Region
from tests.factories import make_region


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Lüneburg", "lueneburg"),
        ("LÜNEBURG", "lueneburg"),
        ("Osnabrück", "osnabrueck"),
        ("Bückeburg Ölmühle Ärztehaus", "bueckeburg-oelmuehle-aerztehaus"),
        ("Straße", "strasse"),
        ("GROẞE STRAẞE", "grosse-strasse"),
        ("Brake (Unterweser)", "brake-unterweser"),
        ("Café & Bühne", "cafe-buehne"),
        ("  Kita – Regenbogen!  ", "kita-regenbogen"),
        ("Übergänge", "uebergaenge"),
        ("", ""),
    ],
)
def test_german_slugify_spells_umlauts_the_german_way(text, slug):
    assert german_slugify(text) == slug


def test_german_slugify_reads_decomposed_umlauts_as_umlauts():
    decomposed = unicodedata.normalize("NFD", "Lüneburg")
    assert decomposed != "Lüneburg"
    assert german_slugify(decomposed) == "lueneburg"


def test_german_slugify_cuts_to_max_length_without_a_trailing_dash():
    assert german_slugify("Lüneburger Heide", max_length=10) == "lueneburge"
    assert german_slugify("Lüneburg Heide", max_length=10) == "lueneburg"
    assert german_slugify("Lüneburg", max_length=None) == "lueneburg"


@pytest.mark.django_db
def test_unique_slug_numbers_from_2_until_free():
    assert unique_slug(Region.objects.all(), "heide") == "heide"
    make_region(slug="heide")
    assert unique_slug(Region.objects.all(), "heide") == "heide-2"
    make_region(slug="heide-2")
    make_region(slug="heide-3")
    assert unique_slug(Region.objects.all(), "heide") == "heide-4"
    assert unique_slug(Region.objects.exclude(slug="heide"), "heide") == "heide"
