"""The Berufswahl-Check: 30 statements on the six interest types of John L. Holland's model of
vocational interests (RIASEC: Holland, J. L., "Making Vocational Choices: A Theory of
Vocational Personalities and Work Environments", 3rd ed., Psychological Assessment Resources,
1997), five per type, written for pupils of classes 8 to 10 in plain German.

The statements are the portal's own wording, not a validated psychological test: the result is
an orientation. It is computed from the submitted form alone and never stored (no database row,
no session, no cookie of its own, ``Cache-Control: no-store``)."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Interest, OccupationField

# (key, interest type, statement). The keys are stable; the order mixes the types.
STATEMENTS = [
    ("r1", "R", _("Ich repariere gern Dinge, zum Beispiel ein Fahrrad.")),
    ("i1", "I", _("Ich will wissen, wie Dinge funktionieren.")),
    ("a1", "A", _("Ich male, zeichne oder gestalte gern etwas.")),
    ("s1", "S", _("Ich helfe gern anderen, wenn sie Probleme haben.")),
    ("e1", "E", _("Ich überzeuge andere gern von meinen Ideen.")),
    ("c1", "C", _("Ich halte meine Sachen gern ordentlich und sortiert.")),
    ("r2", "R", _("Ich arbeite gern mit Werkzeug und Maschinen.")),
    ("i2", "I", _("Ich mag Mathe, Physik, Chemie oder Biologie.")),
    ("a2", "A", _("Ich mache gern Musik, Theater oder Videos.")),
    ("s2", "S", _("Ich erkläre gern anderen etwas, das sie noch nicht können.")),
    ("e2", "E", _("Ich übernehme gern die Leitung in einer Gruppe.")),
    ("c2", "C", _("Ich arbeite gern genau nach einem Plan.")),
    ("r3", "R", _("Ich bin gern draußen und arbeite mit den Händen.")),
    ("i3", "I", _("Ich mache gern Versuche und probiere aus, was passiert.")),
    ("a3", "A", _("Ich habe oft eigene Ideen, wie etwas schöner aussehen kann.")),
    ("s3", "S", _("Ich kümmere mich gern um Kinder, ältere oder kranke Menschen.")),
    ("e3", "E", _("Ich verkaufe gern etwas, zum Beispiel auf dem Flohmarkt.")),
    ("c3", "C", _("Ich rechne gern und behalte den Überblick über Zahlen.")),
    ("r4", "R", _("Ich baue gern etwas auf, zum Beispiel Möbel oder Modelle.")),
    ("i4", "I", _("Ich löse gern knifflige Aufgaben und Rätsel.")),
    ("a4", "A", _("Ich schreibe gern Geschichten, Texte oder Posts.")),
    ("s4", "S", _("Ich höre gut zu, wenn jemand mir etwas erzählt.")),
    ("e4", "E", _("Ich plane gern ein Fest oder einen Ausflug für andere.")),
    ("c4", "C", _("Ich arbeite gern am Computer mit Listen und Tabellen.")),
    ("r5", "R", _("Ich möchte später sehen, was ich mit meinen Händen geschafft habe.")),
    ("i5", "I", _("Ich suche gern Informationen und lese mich in ein Thema ein.")),
    ("a5", "A", _("Ich mag Mode, Design oder Fotografie.")),
    ("s5", "S", _("Ich arbeite lieber mit Menschen als mit Dingen.")),
    ("e5", "E", _("Ich treffe gern Entscheidungen und trage Verantwortung.")),
    ("c5", "C", _("Ich erledige Aufgaben gern zuverlässig und pünktlich.")),
]
PARTS = 3  # the statements in three fieldsets of ten
ANSWERS = [
    ("0", _("stimmt nicht")),
    ("1", _("stimmt teilweise")),
    ("2", _("stimmt genau")),
]
MAX_PER_TYPE = 2 * sum(1 for _key, letter, _text in STATEMENTS if letter == "R")


class CheckForm(forms.Form):
    """One radio group per statement; an unanswered statement counts as "stimmt nicht"."""

    plz = forms.RegexField(
        label=_("Ihre Postleitzahl"),
        regex=r"^\d{5}$",
        required=False,
        help_text=_(
            "Dann zeigt das Ergebnis Plätze in Ihrer Nähe. Auch sie wird nicht gespeichert."
        ),
        error_messages={"invalid": _("Bitte geben Sie eine fünfstellige Postleitzahl ein.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, _letter, text in STATEMENTS:
            self.fields[key] = forms.ChoiceField(
                label=text, choices=ANSWERS, widget=forms.RadioSelect, required=False
            )

    def parts(self):
        """The statements' bound fields in PARTS groups."""
        fields = [self[key] for key, _letter, _text in STATEMENTS]
        size = len(fields) // PARTS
        return [fields[i : i + size] for i in range(0, len(fields), size)]


@dataclass
class TypeScore:
    interest: Interest
    points: int

    @property
    def percent(self):
        return round(100 * self.points / MAX_PER_TYPE)


@dataclass
class FieldMatch:
    field: OccupationField
    score: float


def scores(answers):
    """Points per interest type (0–2 per statement) from cleaned answers, highest first;
    ties in the order R, I, A, S, E, C."""
    points = dict.fromkeys(Interest.values, 0)
    for key, letter, _text in STATEMENTS:
        points[letter] += int(answers.get(key) or 0)
    return sorted(
        (TypeScore(Interest(letter), n) for letter, n in points.items()),
        key=lambda s: -s.points,
    )


def matching_fields(type_scores, fields, limit=4):
    """Occupational fields by how well their interest code fits the scores: the weighted mean
    of the points of the code's letters, the first letter weighing most (weights n, n-1 … 1
    for a code of n letters), so that a long code gains nothing by its length. Fields without
    a positive score are left out."""
    points = {s.interest.value: s.points for s in type_scores}
    matches = []
    for field in fields:
        code = field.interests
        if not code:
            continue
        weights = range(len(code), 0, -1)
        score = sum(points[letter] * w for letter, w in zip(code, weights, strict=True)) / sum(
            weights
        )
        if score > 0:
            matches.append(FieldMatch(field, score))
    matches.sort(key=lambda m: (-m.score, m.field.name))
    return matches[:limit]
