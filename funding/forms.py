"""The forms of the funding calls (admin) and of the applications (provider area)."""

from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from actors.models import Actor

from .models import Application, Attachment, Call, CostLine, ReportFile


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


class ApplicationForm(forms.ModelForm):
    """The application's own fields. When it is new, the institution it is made for: one of
    the user's institutions that may apply to the call."""

    institution = forms.ModelChoiceField(
        label=_("Einrichtung"), queryset=Actor.objects.none(), empty_label=None
    )

    class Meta:
        model = Application
        fields = [
            "title",
            "aims",
            "target_group",
            "schedule",
            "partners",
            "own_share",
            "requested_amount",
            "publish_consent",
        ]
        # Localized in the Meta (not after construction): then the amounts get a text input,
        # as DecimalField(localize=True) does. A number input cannot take "2400,00", and
        # the browser empties one whose value is German ("2400,00"): a reloaded draft lost
        # its amounts.
        localized_fields = ["own_share", "requested_amount"]
        labels = {
            "publish_consent": _(
                "Wir sind einverstanden, dass das Vorhaben nach einer Bewilligung öffentlich "
                "genannt wird."
            )
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("aims", "target_group", "schedule", "partners")
        }
        help_texts = {
            "aims": _("Was soll das Vorhaben erreichen?"),
            "target_group": _("Wen erreicht das Vorhaben, und wie viele?"),
            "schedule": _("Wann findet was statt?"),
            "partners": _("Mit wem arbeiten Sie zusammen (etwa Künstlerinnen, Vereine)?"),
            "requested_amount": _("Zum Einreichen nötig; ein Entwurf kann ihn offen lassen."),
        }

    def __init__(self, *args, call, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        if institutions is None:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institutions
        self.fields["own_share"].required = False
        for name in ("requested_amount", "own_share"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        if call.max_amount is not None:
            self.fields["requested_amount"].help_text = _("Höchstens %(amount)s € je Antrag.") % {
                "amount": formats.number_format(call.max_amount, 2, force_grouping=True)
            }

    def clean_own_share(self):
        """Empty: no own share (0 €)."""
        return self.cleaned_data.get("own_share") or Decimal("0.00")

    def clean_requested_amount(self):
        amount = self.cleaned_data.get("requested_amount")
        if (
            amount is not None
            and self.call.max_amount is not None
            and amount > self.call.max_amount
        ):
            raise forms.ValidationError(
                _("Höchstens %(amount)s € je Antrag.")
                % {"amount": formats.number_format(self.call.max_amount, 2, force_grouping=True)}
            )
        return amount


class CostLineForm(forms.ModelForm):
    class Meta:
        model = CostLine
        fields = ["item", "amount"]
        localized_fields = ["amount"]  # a text input, see ApplicationForm.Meta

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs["inputmode"] = "decimal"


class BaseCostLineFormSet(forms.BaseFormSet):
    def lines(self):
        """(item, amount) of the filled lines that are not marked for deletion."""
        return [
            (form.cleaned_data["item"], form.cleaned_data["amount"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


CostLineFormSet = forms.formset_factory(
    CostLineForm, formset=BaseCostLineFormSet, extra=2, can_delete=True, max_num=50
)


def cost_line_initial(application):
    if application is None:
        return []
    return [{"item": line.item, "amount": line.amount} for line in application.cost_lines.all()]


class AnswersForm(forms.Form):
    """One text field per question of the call (``frage_<pk>``). Required answers are checked
    when the application is submitted, so that a draft may leave them open."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        answers = answers or {}
        for question in questions:
            name = f"frage_{question.pk}"
            self.questions[name] = question
            self.fields[name] = forms.CharField(
                label=question.text,
                help_text=question.help_text
                or (_("Zum Einreichen nötig.") if question.required else ""),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=answers.get(question.pk, ""),
            )

    def answers(self):
        return {question: self.cleaned_data[name] for name, question in self.questions.items()}


class AttachmentForm(forms.ModelForm):
    """One more file for the application (optional on every save)."""

    class Meta:
        model = Attachment
        fields = ["title", "file"]
        labels = {"title": _("Bezeichnung der Anlage"), "file": _("Anlage")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["file"].required = False

    def clean(self):
        data = super().clean()
        if data.get("file") and not data.get("title"):
            self.add_error("title", _("Bitte benennen Sie die Anlage."))
        if data.get("title") and not data.get("file"):
            self.add_error("file", _("Bitte wählen Sie eine Datei."))
        return data

    def has_file(self):
        return bool(self.cleaned_data.get("file"))


class DecisionForm(forms.Form):
    """The coordination's decision on an application (funding.services.application_decide
    checks the amounts)."""

    GRANT, REJECT = "bewilligen", "ablehnen"

    outcome = forms.ChoiceField(
        label=_("Entscheidung"),
        choices=[(GRANT, _("bewilligen")), (REJECT, _("ablehnen"))],
        widget=forms.RadioSelect,
    )
    granted_amount = forms.DecimalField(
        label=_("Bewilligter Betrag (EUR)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        localize=True,
    )
    reason = forms.CharField(label=_("Begründung"), widget=forms.Textarea(attrs={"rows": 4}))
    report_due_on = forms.DateField(
        label=_("Verwendungsnachweis fällig am"),
        required=False,
        help_text=_(
            "Bei einer Bewilligung: bis wann der Verwendungsnachweis einzureichen ist "
            "(steht im Bescheid; sonst spätestens bei der Auszahlung anzugeben)."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.GRANT and not data.get("granted_amount"):
            self.add_error("granted_amount", _("Bitte geben Sie den bewilligten Betrag an."))
        return data

    def amount(self):
        if self.cleaned_data["outcome"] == self.REJECT:
            return Decimal("0")
        return self.cleaned_data["granted_amount"]


class ReviewForm(forms.Form):
    """A reviewer's scores (``kriterium_<pk>``, 0 to the criterion's highest score) and
    comment (funding.services.review_save checks them again)."""

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = {}
        given = {}
        if review is not None:
            given = {score.criterion_id: score.score for score in review.scores.all()}
        for criterion in criteria:
            name = f"kriterium_{criterion.pk}"
            self.criteria[name] = criterion
            self.fields[name] = forms.IntegerField(
                label=criterion.name,
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("0 bis %(max)d Punkte, Gewicht %(weight)d. %(description)s")
                % {
                    "max": criterion.max_score,
                    "weight": criterion.weight,
                    "description": criterion.description,
                },
                initial=given.get(criterion.pk),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Kommentar"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 5}),
            initial=review.comment if review is not None else "",
        )

    def scores(self):
        return {criterion.pk: self.cleaned_data[name] for name, criterion in self.criteria.items()}


class PayoutForm(forms.Form):
    """The payout of a granted application and the due date of its report."""

    report_due_on = forms.DateField(
        label=_("Verwendungsnachweis fällig am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReportFileForm(forms.ModelForm):
    """One file of the report (Verwendungsnachweis): the report itself or a receipt."""

    class Meta:
        model = ReportFile
        fields = ["kind", "title", "file"]
        labels = {"kind": _("Art der Datei"), "title": _("Bezeichnung der Datei")}
