import unicodedata

import pytest
from django.db import IntegrityError, transaction

from bildungsregion.text import german_slugify, save_with_unique_slug, unique_slug
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


@pytest.mark.django_db
def test_an_insert_whose_slug_was_taken_after_it_was_picked_takes_the_next_free_one():
    # Two submissions of the same title: both saw "heide" free, the other one saved first.
    picked = Region(name="Heide", slug=unique_slug(Region.objects.all(), "heide"))
    make_region(slug="heide")
    make_region(slug="heide-2")

    with transaction.atomic():  # the caller's transaction survives the failed insert
        save_with_unique_slug(picked)
        assert Region.objects.filter(slug="heide").count() == 1

    assert picked.slug == "heide-3"
    assert Region.objects.get(pk=picked.pk).name == "Heide"


@pytest.mark.django_db
def test_an_integrity_error_of_another_field_is_not_taken_for_a_slug_clash():
    existing = make_region(slug="heide")
    clash = Region(name=existing.name, slug="heide-neu")  # the name is unique too

    with pytest.raises(IntegrityError):
        save_with_unique_slug(clash)
    assert clash.slug == "heide-neu"
