"""German full-text search: the text side, shared by every app that has a search.

Folding, stemming and the query syntax are described in ``offers.search``, which keeps the
search documents of offers, actors, events and working groups; this module turns text into
lexemes, parses queries and filters a model's stored ``search_text`` (SQLite's document, and on
both backends the one of actors, events and working groups). It imports no app.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Cast, StrIndex, Substr
from django.db.models.lookups import GreaterThan, LessThan

MAX_QUERY_CHARS = 300  # longer input is cut before parsing
MAX_CLAUSES = 10  # words or phrases per query; more are ignored
MAX_TOKEN_CHARS = 60  # longer "words" in a query are ignored
PREFIX_MIN_CHARS = 3  # the last word matches as a prefix from this length on
SECTION_WEIGHTS = (1.0, 0.4, 0.2, 0.1)  # A title, B names, C summary, D the rest (= ts_rank's)

# PostgreSQL's german.stop (Snowball's list), applied like PostgreSQL applies it: to folded
# tokens, so the words with umlauts ("für", "über") are not stop words after folding.
STOP_WORDS = frozenset(
    """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den des
    dem die das daß derselbe derselben denselben desselben demselben dieselbe dieselben dasselbe
    dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies diese diesem
    diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem
    einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer eures für
    gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem
    ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen
    jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man
    manche manchem manchen mancher manches mein meine meinem meinen meiner meines mit muss
    musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner
    seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll sollte
    sondern sonst über um und uns unse unsem unsen unser unses unter viel vom von vor während
    war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden
    wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen""".split()  # noqa: SIM905
)
STOP = "_"  # stands for a stop word in search_text, as a gap in a tsvector's positions

OR_WORDS = frozenset({"or", "oder"})

# What PostgreSQL's unaccent.rules does to letters without a Unicode decomposition.
_UNACCENT_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)

# The accented letters of German text, stripped as NFKD + dropping combining marks would do
# (a fast path; everything else goes through unicodedata).
_COMMON_ACCENTS = str.maketrans(
    {
        char: unicodedata.normalize("NFKD", char)[0]
        for char in "äöüÄÖÜáàâéèêëíìîïóòôúùûçñÁÀÂÉÈÊÍÓÔÚÇÑ"
    }
)

_PLURAL_S = re.compile(r"([^\W_][^\W_][aoy])s\b")
_NOT_ALNUM = re.compile(r"(?:[^\w\s]|_)+")
_ALNUM = re.compile(r"[^\W_]+")
_RAW_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')

_stemmer = snowballstemmer.stemmer("german")


# --- Text processing (shared by both backends) -----------------------------------------------


def fold(text):
    """Fold German text the way the SQL function offers_search_fold() does in PostgreSQL
    (created by migration 0003: change both together, then refresh_search_index())."""
    text = str(text).translate(_UNACCENT_SPECIAL)
    if not text.isascii():
        text = text.translate(_COMMON_ACCENTS)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.lower()
    text = text.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    text = _PLURAL_S.sub(r"\1", text)
    return _NOT_ALNUM.sub(" ", text)


@functools.lru_cache(maxsize=200_000)
def _lexeme(token):
    """A folded token as PostgreSQL's german configuration indexes it (STOP for a stop word)."""
    if any(char.isdigit() for char in token):
        return token  # numbers and words with digits: 'simple' dictionary, kept as they are
    if token in STOP_WORDS:
        return STOP
    return _stemmer.stemWord(token)


@functools.lru_cache(maxsize=50_000)
def _lexemes_cached(text):
    return tuple(_lexemes_uncached(text))


def _lexemes(text):
    return list(_lexemes_cached(text))


def _lexemes_uncached(text):
    return [_lexeme(token) for token in _ALNUM.findall(fold(text)) if len(token) < 2048]


def _strip_stops(lexemes):
    """Stop words at the end of a part leave no position in a tsvector: drop them too."""
    while lexemes and lexemes[-1] == STOP:
        lexemes.pop()
    return lexemes


def build_search_text(sections):
    """SQLite's search document: a header with the 1-based offsets of sections B, C and D,
    then the lexemes, each preceded by a space, and a final space."""
    header_length = 21
    body = ""
    starts = []
    for index, text in enumerate(sections):
        if index:
            starts.append(header_length + len(body) + 1)
        body += "".join(f" {lexeme}" for lexeme in _strip_stops(_lexemes(text or "")))
    return "".join(f"{start:07d}" for start in starts) + body + " "


# --- Query parsing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """A word or phrase of a query: folded tokens (stop words as STOP) and their lexemes."""

    tokens: tuple
    lexemes: tuple
    negated: bool = False
    raw: str = ""

    @property
    def is_word(self):
        return len(self.tokens) == 1


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple  # each group: a tuple of Clauses of which one must match (OR)
    prefix: str = ""  # folded last word, also matched as a prefix

    @property
    def positive(self):
        return [group for group in self.groups if not group[0].negated]

    def __bool__(self):
        return bool(self.groups)


def _clause(raw, negated):
    tokens = [token for token in _ALNUM.findall(fold(raw)) if len(token) <= MAX_TOKEN_CHARS]
    lexemes = [_lexeme(token) for token in tokens]
    # Stop words at either end of a phrase drop out, as in PostgreSQL's phraseto_tsquery().
    while lexemes and lexemes[0] == STOP:
        tokens.pop(0)
        lexemes.pop(0)
    while lexemes and lexemes[-1] == STOP:
        tokens.pop()
        lexemes.pop()
    if not lexemes:
        return None
    tokens = [
        STOP if lexeme == STOP else token for token, lexeme in zip(tokens, lexemes, strict=True)
    ]
    return Clause(tuple(tokens), tuple(lexemes), negated, raw)


def parse_query(q):
    """Parse web-search syntax into groups of clauses. Never raises; odd input gives nothing."""
    text = q if isinstance(q, str) else ("" if q is None else str(q))
    text = text[:MAX_QUERY_CHARS].replace("„", '"').replace("“", '"').replace("”", '"')
    items = []  # Clauses and the marker "or"
    for match in _RAW_PIECE.finditer(text):
        minus, phrase, word = match.groups()
        if word is not None:
            if word.lower() in OR_WORDS:
                items.append("or")
                continue
            negated = word.startswith("-") and len(word) > 1
            clause = _clause(word[1:] if negated else word, negated)
        else:
            clause = _clause(phrase, bool(minus))
        if clause is not None:
            items.append(clause)
    groups = []
    join_next = False
    for item in items:
        if item == "or":
            join_next = bool(groups) and not groups[-1][0].negated
            continue
        if join_next and not item.negated:
            groups[-1].append(item)
        elif len(groups) < MAX_CLAUSES:
            groups.append([item])
        join_next = False
    prefix = ""
    positive = [group for group in groups if not group[0].negated]
    if positive and len(positive[-1]) == 1 and positive[-1][0].is_word:
        token = positive[-1][0].tokens[0]
        if len(token) >= PREFIX_MIN_CHARS and token.isalpha():
            prefix = token
    return ParsedQuery(tuple(tuple(group) for group in groups), prefix)


# --- Query expressions (on a stored search_text) ----------------------------------------------


def _pattern_position(pattern):
    return StrIndex(F("search_text"), Value(pattern))


def _sqlite_clause_positions(clause, prefix):
    patterns = [" " + " ".join(clause.lexemes) + " "]
    if prefix and clause.is_word and clause.tokens[0] == prefix:
        patterns.append(" " + prefix)
    return [_pattern_position(pattern) for pattern in patterns]


def _sqlite_filter_and_rank(parsed):
    condition = Q()
    rank_parts = []
    section_starts = [
        Cast(Substr("search_text", 1 + 7 * index, 7), IntegerField()) for index in range(3)
    ]
    for group in parsed.groups:
        positions = [
            position
            for clause in group
            for position in _sqlite_clause_positions(clause, parsed.prefix)
        ]
        found = Q()
        for position in positions:
            found |= Q(GreaterThan(position, 0))
        if group[0].negated:
            condition &= ~found
            continue
        condition &= found
        for position in positions:
            whens = [
                When(Q(GreaterThan(position, 0)) & Q(LessThan(position, start)), then=Value(weight))
                for start, weight in zip(section_starts, SECTION_WEIGHTS, strict=False)
            ]
            whens.append(When(GreaterThan(position, 0), then=Value(SECTION_WEIGHTS[3])))
            rank_parts.append(Case(*whens, default=Value(0.0), output_field=FloatField()))
    rank = Value(0.0)
    for part in rank_parts:
        rank = rank + part
    return condition, rank


def search_text_filter(queryset, q):
    """Filter actors, events or working groups by ``q`` (the same syntax and folding as for
    offers) through their stored ``search_text``; annotates ``search_rank``."""
    parsed = parse_query(q)
    if not parsed:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    condition, rank = _sqlite_filter_and_rank(parsed)
    return queryset.filter(condition).annotate(search_rank=rank)


def order_by_rank(queryset):
    """Best matches first; ties alphabetically (by title or name)."""
    label = "title" if any(f.name == "title" for f in queryset.model._meta.fields) else "name"
    return queryset.order_by("-search_rank", label, "pk")
