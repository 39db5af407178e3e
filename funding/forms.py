"""The forms of the funding calls (admin) and of the applications (provider area)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Actor

from .models import Call


class CallAdminForm(forms.ModelForm):
    """The call in the admin: the kinds of institution that may apply as checkboxes."""

    eligible_kinds = forms.MultipleChoiceField(
        label=_("Wer kann beantragen? (Arten von Einrichtungen)"),
        choices=Actor.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Call._meta.get_field("eligible_kinds").help_text,
    )

    class Meta:
        model = Call
        fields = [
            "programme",
            "title",
            "slug",
            "summary",
            "opens_on",
            "deadline",
            "period_start",
            "period_end",
            "budget",
            "max_amount",
            "eligible_kinds",
            "eligibility",
            "how_to_apply",
            "not_given",
            "is_public",
            "last_reviewed",
        ]
