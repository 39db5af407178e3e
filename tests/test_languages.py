"""Languages as codes: stored as codes, named in the visitor's language, checked on save,
read from names in imports, and the migration that turned the old names into codes."""

import pytest
from django import forms
from django.contrib.admin.widgets import AdminTextInputWidget
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from bildungsregion import languages
from bildungsregion.fields import LanguagesField
from offers.models import Offer
from offers.resources import LanguagesWidget
from tests.factories import make_offer


def test_every_language_has_a_code_of_two_or_three_letters_and_an_english_name():
    with translation.override("en"):
        english = {code: str(name) for code, name in languages.CHOICES}

    assert all(code.isascii() and code.islower() and len(code) in (2, 3) for code in english)
    assert english["de"] == "German"
    assert english["gsg"] == "German Sign Language"
    # Every German name is translated; only Somali and Urdu are spelled alike in both.
    assert [code for code, name in english.items() if name == languages.LANGUAGES[code]] == [
        "so",
        "ur",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [("tr", "tr"), ("Türkisch", "tr"), ("türkisch ", "tr"), ("Turkish", "tr"), ("Farsi", "fa")],
)
def test_code_of_reads_codes_and_german_and_english_names(text, code):
    assert languages.code_of(text) == code


def test_code_of_an_unknown_language_is_none():
    assert languages.code_of("Klingonisch") is None


@pytest.mark.django_db
def test_an_offer_stores_codes_and_names_them_in_the_visitors_language():
    offer = make_offer(languages=["de", "uk"])

    assert Offer.objects.get(pk=offer.pk).languages == ["de", "uk"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT languages FROM offers_offer WHERE id = %s", [offer.pk])
        assert cursor.fetchone() == ("de,uk",)
    assert offer.language_names == ["Deutsch", "Ukrainisch"]
    with translation.override("en"):
        assert offer.language_names == ["German", "Ukrainian"]


@pytest.mark.django_db
def test_an_unknown_or_repeated_code_is_refused_in_german():
    offer = make_offer()
    offer.languages = ["de", "xx"]
    with pytest.raises(ValidationError) as unknown:
        offer.full_clean()
    offer.languages = ["de", "de"]
    with pytest.raises(ValidationError) as repeated:
        offer.full_clean()
    offer.languages = []
    with pytest.raises(ValidationError) as empty:
        offer.full_clean()

    assert unknown.value.message_dict["languages"] == ["Unbekannter Sprachcode: xx"]
    assert repeated.value.message_dict["languages"] == ["Jede Sprache nur einmal."]
    assert empty.value.message_dict["languages"] == ["Dieses Feld darf nicht leer sein."]


def test_the_form_field_is_a_list_of_checkboxes_whatever_widget_the_admin_passes():
    field = LanguagesField(blank=False).formfield(widget=AdminTextInputWidget)

    assert isinstance(field, forms.MultipleChoiceField)
    assert isinstance(field.widget, forms.CheckboxSelectMultiple)
    assert field.clean(["de", "ar"]) == ["de", "ar"]
    with pytest.raises(ValidationError):
        field.clean(["xx"])


def test_an_import_takes_codes_and_names_and_refuses_an_unknown_language():
    widget = LanguagesWidget()

    assert widget.clean("Deutsch, Türkisch") == ["de", "tr"]
    assert widget.clean("de,en,de") == ["de", "en"]
    assert widget.clean("") == ["de"]
    assert widget.render(["de", "tr"]) == "de,tr"
    with pytest.raises(ValueError, match="Unbekannte Sprache: Klingonisch"):
        widget.clean("Deutsch, Klingonisch")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_turns_the_old_names_into_codes():
    before, after = [("offers", "0016_review_reminder")], [("offers", "0017_languages_as_codes")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldOffer = old.get_model("offers", "Offer")
    pk = make_offer().pk  # the current model; its column is plain text in 0016 too
    OldOffer.objects.filter(pk=pk).update(languages="Deutsch, Türkisch, Farsi")
    other = make_offer().pk
    OldOffer.objects.filter(pk=other).update(languages="Klingonisch")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Offer.objects.get(pk=pk).languages == ["de", "tr", "fa"]
    assert Offer.objects.get(pk=other).languages == ["de"]  # nothing known: German
