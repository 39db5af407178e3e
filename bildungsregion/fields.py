"""Model fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bildungsregion import languages


def default_languages():
    """German: the language of almost every offer."""
    return ["de"]


class LanguagesField(models.CharField):
    """A list of language codes (``bildungsregion.languages``), stored as one text column in
    the order chosen: ``["de", "tr"]`` is "de,tr". Forms offer the languages as checkboxes;
    :meth:`display` names them in the visitor's language."""

    description = _("Sprachen (Sprachcodes)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return [code for code in (part.strip() for part in str(value).split(",")) if code]

    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            return ",".join(value)
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = [code for code in value if code not in languages.LANGUAGES]
        if unknown:
            raise ValidationError(
                _("Unbekannter Sprachcode: %(codes)s"),
                code="invalid_language",
                params={"codes": ", ".join(unknown)},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("Jede Sprache nur einmal."), code="repeated_language")

    def run_validators(self, value):
        # The validators of CharField (max_length) measure the stored text, not the list.
        super().run_validators(self.get_prep_value(value))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.MultipleChoiceField,
            "choices": languages.CHOICES,
            "widget": forms.CheckboxSelectMultiple,
        }
        # The admin hands every CharField its text input; a list of codes needs checkboxes.
        if not getattr(kwargs.get("widget"), "allow_multiple_selected", False):
            kwargs.pop("widget", None)
        # Field.formfield, not CharField's: a list has no max_length for the form to check.
        return models.Field.formfield(self, **{**defaults, **kwargs})

    @staticmethod
    def display(codes):
        """The names of ``codes`` in the active language, comma-separated."""
        return ", ".join(languages.names(codes))
