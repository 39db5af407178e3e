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
from pathlib import Path

import snowballstemmer
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Least, StrIndex, Substr
from django.db.models.lookups import GreaterThan

from bildungsregion import page_cache
from bildungsregion.models import ThesaurusEntry

MAX_QUERY_CHARS = 300  # longer input is cut before parsing
MAX_CLAUSES = 10  # words or phrases per query; more are ignored
MAX_TOKEN_CHARS = 60  # longer "words" in a query are ignored
PREFIX_MIN_CHARS = 3  # the last word matches as a prefix from this length on
SECTION_WEIGHTS = (1.0, 0.4, 0.2, 0.1)  # A title, B names, C summary, D the rest

# PostgreSQL's german.stop (Snowball's list). Tokens are folded before the check, so the list
# is folded too (below): "für", "über", "während" are stop words as "fur", "uber", "wahrend",
# and "Über" is no compound part ("Übergang" is not "über" + "Gang").
_STOP_WORDS = frozenset(
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

# A plural -s that the Snowball stemmer leaves on ("Kitas", "Autos", "Handys", "Workshops").
_PLURAL_S = re.compile(r"([^\W_][^\W_][aoyp])s\b")
_NOT_ALNUM = re.compile(r"(?:[^\w\s]|_)+")
_ALNUM = re.compile(r"[^\W_]+")
_RAW_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')

_stemmer = snowballstemmer.stemmer("german")

# Latin and Greek plurals the stemmer cannot bring to their singular (folded forms).
IRREGULAR_PLURALS = {
    "praktika": "praktikum",
    "gymnasien": "gymnasium",
    "museen": "museum",
    "zentren": "zentrum",
    "studien": "studium",
    "stipendien": "stipendium",
    "themen": "thema",
    "kriterien": "kriterium",
    "curricula": "curriculum",
    "visa": "visum",
}

# Nouns for persons in -er that the stemmer takes to the stem of another word of the field,
# whose meaning they do not share (folded forms → their own lexeme): a Schüler (pupil) is no
# Schule, a Lehrer (teacher) no Lehre (apprenticeship). Snowball strips the -er of both.
PERSON_NOUNS = {
    form: noun for noun in ("schuler", "lehrer") for form in (noun, noun + "n", noun + "s")
}

# The compound splitter's noun list (scripts/build-nouns made it from Debian's hunspell-de-de).
NOUNS_FILE = Path(__file__).resolve().parent / "data" / "nouns.txt"
MODIFIER_MIN_CHARS = 4  # a compound's first parts ("Kita-", "Volks-"); shorter ones are words
HEAD_MIN_CHARS = 3  # its last part ("-amt", "-tag")
# Linking elements (Fugenelemente) a noun may carry in front of the next part, and the
# dropped final -e ("Sprache" → "Sprach-kurs").
LINKING_ENDINGS = ("s", "es", "n", "en", "ns", "er", "e")


# --- Text processing (shared by both backends) -----------------------------------------------


def fold(text):
    """Fold German text: accents and umlauts off (also spelled out: "ue" → "u"), a plural -s
    after a, o, y or p off, lower case, everything but letters and digits a space."""
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


STOP_WORDS = frozenset(_STOP_WORDS | {fold(word).strip() for word in _STOP_WORDS})


@functools.lru_cache(maxsize=200_000)
def stem(token):
    """Snowball's German stem, applied until it no longer changes: one step leaves "kurse" at
    "kurs" but takes "kurs" to "kur", so only the fixed point brings both forms together."""
    while True:
        stemmed = _stemmer.stemWord(token)
        if stemmed == token:
            return token
        token = stemmed


@functools.lru_cache(maxsize=200_000)
def _lexeme(token):
    """The index term of a folded token (STOP for a stop word)."""
    if any(char.isdigit() for char in token):
        return token  # numbers and words with digits are kept as they are
    if token in STOP_WORDS:
        return STOP
    if token in PERSON_NOUNS:
        return PERSON_NOUNS[token]
    return stem(IRREGULAR_PLURALS.get(token, token))


@functools.cache
def _noun_forms():
    """From the noun list: the forms a noun takes as a compound's first part (with a linking
    element, or without its final -e) → its lexeme, and the set of the nouns' lexemes."""
    modifiers = {}
    own = {}
    heads = set()
    for line in NOUNS_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        noun = fold(line).strip()
        if not noun.isalpha() or noun in STOP_WORDS:
            continue  # "Unter" (a card) is no part of "Unterricht"
        lexeme = _lexeme(noun)
        if len(noun) >= HEAD_MIN_CHARS:
            heads.add(lexeme)
        if len(noun) >= MODIFIER_MIN_CHARS:
            own[noun] = lexeme
        forms = [noun + ending for ending in LINKING_ENDINGS if ending != "e"]
        if noun.endswith("e"):
            forms.append(noun[:-1])
        for form in forms:
            if len(form) >= MODIFIER_MIN_CHARS:
                modifiers.setdefault(form, lexeme)
    # A noun itself before another noun with a linking element: "Lehrer-" is a Lehrer,
    # not "Lehr" + "-er".
    modifiers.update(own)
    return modifiers, frozenset(heads)


def preload():
    """Read the noun list now (about 1.2 s): the WSGI module calls it, so gunicorn's master
    (preload_app) reads it once before forking, the workers share it, and no visitor's first
    search waits for it."""
    _noun_forms()


@functools.lru_cache(maxsize=200_000)
def _compound_spans(token):
    """Where the parts of a compound (a folded token) lie: (start, end) pairs, () for none.

    The split into the fewest nouns of the noun list, the first parts with their linking
    elements; of two splits with as many parts, the one with the longer last part wins."""
    length = len(token)
    if length < MODIFIER_MIN_CHARS + HEAD_MIN_CHARS or not token.isalpha():
        return ()
    modifiers, heads = _noun_forms()
    fewest = {0: ()}  # end → the fewest first parts that cover token[:end]
    for end in range(MODIFIER_MIN_CHARS, length - HEAD_MIN_CHARS + 1):
        best = None
        for start, spans in fewest.items():
            known = end - start >= MODIFIER_MIN_CHARS and token[start:end] in modifiers
            if known and (best is None or len(spans) + 1 < len(best)):
                best = (*spans, (start, end))
        if best is not None:
            fewest[end] = best
    choice = ()
    for start, spans in fewest.items():  # in order of start: the longest last part first
        fewer = not choice or len(spans) + 1 < len(choice)
        if start and fewer and _lexeme(token[start:]) in heads:
            choice = (*spans, (start, length))
    return choice


def split_compound(token):
    """The parts of a compound (a folded token) as lexemes, () if it is none:
    "gitarrenunterricht" → ("gitarr", "unterricht"), "volkshochschule" → ("volk", "hoch",
    "schul")."""
    spans = _compound_spans(token)
    if not spans:
        return ()
    modifiers, _heads = _noun_forms()
    *first, (head_start, _end) = spans
    return (*(modifiers[token[a:b]] for a, b in first), _lexeme(token[head_start:]))


@functools.lru_cache(maxsize=200_000)
def compound_lexemes(token):
    """What a compound adds to a document beside itself: its parts and every run of
    neighbouring parts ("kreisvolkshochschule" → kreis, volk, hoch, schul, volkshochschul …)."""
    spans = _compound_spans(token)
    if not spans:
        return ()
    found = list(split_compound(token))
    for first in range(len(spans)):
        for last in range(first + 1, len(spans)):
            if first == 0 and last == len(spans) - 1:
                continue  # the whole word
            found.append(_lexeme(token[spans[first][0] : spans[last][1]]))
    return tuple(dict.fromkeys(lexeme for lexeme in found if lexeme != STOP))


# --- Documents ---------------------------------------------------------------------------------

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_POSITIONS_PER_LEXEME = 255
EXTRAS_GAP = 3  # positions between a section's words and its compounds' parts (no phrase spans it)
EXTRAS_MARK = "|"  # the same gap in search_text


@functools.lru_cache(maxsize=50_000)
def section_terms(text):
    """The lexemes of one section of a document: its words in order (stop words as STOP, none
    at the end) and, apart, what its compounds add (compound_lexemes), each once."""
    words = []
    extras = {}
    for token in _ALNUM.findall(fold(text)):
        if len(token) >= 2048:
            continue
        words.append(_lexeme(token))
        extras.update(dict.fromkeys(compound_lexemes(token)))
    while words and words[-1] == STOP:
        words.pop()
    return tuple(words), tuple(extras)


def _weighted_runs(sections):
    """A document as runs of lexemes in order, each with its weight: a section's own words get
    the section's weight (A title, B names, C summary, D the rest), the parts its compounds add
    one weight less ("Sprachkurs" in a title weighs as "Kurs" among the names), so a word
    outranks the same word inside a compound of the same section. The weights never rise along
    the document. ``gap`` marks the parts (kept apart from the words: no phrase spans them)."""
    runs = []
    for index, text in enumerate(sections):
        words, extras = section_terms(text or "")
        runs.append((WEIGHTS[index], words, False))
        if extras:
            runs.append((WEIGHTS[min(index + 1, 3)], extras, True))
    return runs


WEIGHTS = "ABCD"


def build_search_text(sections):
    """SQLite's search document: a header with the 1-based offsets where weights B, C and D
    begin, then the lexemes in order, each preceded by a space, a compound's parts after a
    "|", and a final space."""
    header_length = 21
    body = ""
    starts = {}
    for weight, lexemes, parts in _weighted_runs(sections):
        if weight != "A" and weight not in starts:
            starts[weight] = header_length + len(body) + 1
        if parts:
            body += f" {EXTRAS_MARK}"
        body += "".join(f" {lexeme}" for lexeme in lexemes)
    following = header_length + len(body) + 1
    for weight in "DCB":  # a weight without lexemes begins where the next one does
        following = starts.setdefault(weight, following)
    header = "".join(f"{starts[weight]:07d}" for weight in "BCD")
    return header + body + " "


def build_search_vector(sections):
    """PostgreSQL's search document, the same lexemes as build_search_text() as a tsvector
    literal: positions in the same order, the same weights."""
    positions = {}
    position = 0
    for weight, lexemes, parts in _weighted_runs(sections):
        if parts:
            position += EXTRAS_GAP
        for lexeme in lexemes:
            position += 1
            if lexeme != STOP:
                found = positions.setdefault(lexeme, [])
                if len(found) < MAX_POSITIONS_PER_LEXEME:
                    found.append(f"{min(position, MAX_POSITION)}{weight}")
    return " ".join(f"'{lexeme}':{','.join(found)}" for lexeme, found in positions.items())


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


# --- Query plans ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Needle:
    """What a document must contain: lexemes in a row (a word or a phrase), or a prefix."""

    lexemes: tuple
    prefix: bool = False

    def sqlite_pattern(self):
        return " " + " ".join(self.lexemes) + ("" if self.prefix else " ")

    def tsquery(self, weight=""):
        """The needle as tsquery text; with ``weight`` (a letter) only in that weight."""
        label = f":{weight}" if weight else ""
        if self.prefix:
            return f"'{self.lexemes[0]}':*{weight}"
        text = f"'{self.lexemes[0]}'{label}"
        distance = 1
        for lexeme in self.lexemes[1:]:
            if lexeme == STOP:
                distance += 1
                continue
            text += f" <{distance}> '{lexeme}'{label}"
            distance = 1
        return text


@dataclass(frozen=True)
class AnyOf:
    """One of the children matches."""

    children: tuple


@dataclass(frozen=True)
class AllOf:
    """Every child matches."""

    children: tuple


@dataclass(frozen=True)
class Discounted:
    """The child, whose match counts ``factor`` times towards the rank: a compound's parts, a
    thesaurus term, a prefix find less surely what the visitor meant than the word itself."""

    child: object
    factor: float

    @property
    def children(self):
        return (self.child,)


PARTS_FACTOR = 0.6  # all parts of a query compound, anywhere in the document
SUBJECT_FACTOR = 0.4  # the subject of a query compound whose last part names a kind of offer
RELATED_FACTOR = 0.8  # a related term of the thesaurus
PREFIX_FACTOR = 0.5  # the last word as a prefix


def _node(kind, children):
    children = tuple(dict.fromkeys(children))
    return children[0] if len(children) == 1 else kind(children)


# Last parts of compounds that name the kind of offer, not its subject: "Gitarrenkurs",
# "Gitarrenunterricht" and "Gitarre lernen in der Gruppe" are all guitar lessons, and
# "Hausaufgabenhilfe" is found by "Hausaufgabentreff". A query compound with such a head also
# finds its subject alone, ranked below the compound and its parts (the judged set,
# tests/search_judged/: "Gitarrenkurse", "Englischkurs", "Computerkurs", "Schwimmkurs").
# Not where the first part names who the offer is for: an "Elternkurs" is a course for parents,
# not any offer that mentions parents. And only for a query of one word: in "Sprachkurs Hameln"
# the subject alone would list whatever in Hameln mentions a language.
OFFER_KIND_HEADS = frozenset(
    {"kur", "unterricht", "angebot", "grupp", "stund", "treff", "workshop", "seminar"}
)
AUDIENCE_WORDS = (
    "Eltern",
    "Kinder",
    "Kind",
    "Baby",
    "Familie",
    "Mütter",
    "Väter",
    "Frauen",
    "Männer",
    "Mädchen",
    "Jungen",
    "Jugend",
    "Senioren",
    "Erwachsene",
    "Paare",
    "Schüler",
    "Azubi",
)


@functools.cache
def _audience_lexemes():
    return frozenset(_lexeme(fold(word).strip()) for word in AUDIENCE_WORDS)


def word_node(token, *, subject=False):
    """A query word: the word itself, or all the parts of the compound it is
    ("sprachkurse" → sprachkur, or sprach and kur), or – where the last part names a kind of
    offer (OFFER_KIND_HEADS) – its subject ("gitarrenkurse" → gitarr)."""
    whole = Needle((_lexeme(token),))
    parts = [part for part in split_compound(token) if part != STOP]
    if len(parts) < 2:
        return whole
    parts_node = _node(AllOf, [Needle((part,)) for part in parts])
    alternatives = [whole, Discounted(parts_node, PARTS_FACTOR)]
    if subject and parts[-1] in OFFER_KIND_HEADS and parts[0] not in _audience_lexemes():
        subject = _node(AllOf, [Needle((part,)) for part in parts[:-1]])
        alternatives.append(Discounted(subject, SUBJECT_FACTOR))
    return AnyOf(tuple(alternatives))


def _clause_node(clause, *, subject=False):
    if clause.is_word:
        return word_node(clause.tokens[0], subject=subject)
    return Needle(clause.lexemes)


@functools.lru_cache(maxsize=4096)
def term_node(text):
    """A thesaurus term as what it finds: a word (with its parts) or a phrase; None if it
    has no searchable word."""
    clause = _clause(text, False)
    return None if clause is None else _clause_node(clause)


@dataclass(frozen=True)
class Plan:
    """A parsed query as nodes: ``required`` must all match, ``excluded`` none. ``needles``
    are the needles of the required nodes, whose matches count towards the rank."""

    required: tuple
    excluded: tuple
    optional: tuple = ()  # count towards the rank where they match, required nowhere

    @property
    def needles(self):
        found = {}

        def walk(node):
            if isinstance(node, Needle):
                found[node] = None
            else:
                for child in node.children:
                    walk(child)

        for node in self.required + self.optional:
            walk(node)
        return list(found)

    def __bool__(self):
        return bool(self.required or self.excluded)


MAX_TERM_WORDS = 4  # thesaurus terms of up to this many words are recognised unquoted

# Words that say what every offer of the portal is for, not what one is about: beside other
# words they only rank ("Englisch lernen" finds the English courses, those that say "lernen"
# first); alone they are required as any word. The portal is a catalogue of learning offers
# (README: "macht Lernen entlang des ganzen Lebens sichtbar"), so "lernen" is such a word.
OPTIONAL_LEXEMES = frozenset({"lern"})


def _is_optional(group):
    clause = group[0]
    return (
        len(group) == 1
        and clause.is_word
        and not clause.negated
        and (clause.lexemes[0] in OPTIONAL_LEXEMES)
    )


def query_plan(parsed, thesaurus=None):
    """The nodes of a parsed query, each clause widened by the thesaurus (``{lexemes:
    (related term, …)}``): a clause matches itself or any of its related terms. Consecutive
    plain words that form a thesaurus term ("Deutsch lernen") also match its related terms."""
    thesaurus = {} if thesaurus is None else thesaurus
    required, excluded = [], []

    def widened(lexemes, node):
        related = [term_node(term) for term in thesaurus.get(_term_key(lexemes), ())]
        related = [Discounted(item, RELATED_FACTOR) for item in related if item is not None]
        return _node(AnyOf, [node, *related])

    one_word = len(parsed.positive) == 1

    def group_node(group):
        alternatives = []
        for clause in group:
            node = widened(clause.lexemes, _clause_node(clause, subject=one_word))
            if parsed.prefix and clause.is_word and clause.tokens[0] == parsed.prefix:
                prefix = Discounted(Needle((parsed.prefix,), prefix=True), PREFIX_FACTOR)
                node = _node(AnyOf, [node, prefix])
            alternatives.append(node)
        return _node(AnyOf, alternatives)

    groups = list(parsed.groups)
    optional = []
    if not all(_is_optional(group) for group in parsed.positive):
        optional = [group for group in groups if _is_optional(group)]
    index = 0
    while index < len(groups):
        group = groups[index]
        if group[0].negated:
            excluded.append(group_node(group))
            index += 1
            continue
        run = _term_run(groups, index, thesaurus)
        if run > 1:
            words = groups[index : index + run]
            lexemes = tuple(group[0].lexemes[0] for group in words)
            node = _node(AllOf, [group_node(group) for group in words if group not in optional])
            required.append(widened(lexemes, node))
            index += run
            continue
        if group not in optional:
            required.append(group_node(group))
        index += 1
    return Plan(tuple(required), tuple(excluded), tuple(group_node(group) for group in optional))


def _term_key(lexemes):
    """A thesaurus term's key: its lexemes without stop words ("Deutsch als Zweitsprache" is
    typed as two words, the stop word dropped)."""
    return tuple(lexeme for lexeme in lexemes if lexeme != STOP)


def _term_run(groups, index, thesaurus):
    """How many plain words from groups[index] on form the longest thesaurus term (0 if none)."""
    lexemes = []
    best = 0
    for group in groups[index : index + MAX_TERM_WORDS]:
        if len(group) != 1 or group[0].negated or not group[0].is_word:
            break
        lexemes.append(group[0].lexemes[0])
        if len(lexemes) > 1 and _term_key(lexemes) in thesaurus:
            best = len(lexemes)
    return best


# --- Query expressions: the plan on a stored document ----------------------------------------


def _sqlite_found(node):
    if isinstance(node, Needle):
        return Q(GreaterThan(StrIndex(F("search_text"), Value(node.sqlite_pattern())), 0))
    if isinstance(node, Discounted):
        return _sqlite_found(node.child)
    found = None
    for child in node.children:
        condition = _sqlite_found(child)
        if found is None:
            found = condition
        else:
            found = (found & condition) if isinstance(node, AllOf) else (found | condition)
    return found


def rank_expression(plan, needle_score):
    """The rank of a plan: the sum over its required and optional nodes of their scores. A
    needle scores the sum of the weights of the sections it occurs in (needle_score: 1.0
    title, 0.4 names, 0.2 summary, 0.1 the rest; a compound's parts one section less), so a
    word that an offer names in several sections ranks above one it mentions once; an
    alternative scores the best of its children (discounted ones times their factor), all of
    several the least of them. The same number on both backends."""

    def score(node):
        if isinstance(node, Needle):
            return needle_score(node)
        if isinstance(node, Discounted):
            return score(node.child) * Value(node.factor)
        scores = [score(child) for child in node.children]
        if len(scores) == 1:
            return scores[0]
        return (Least if isinstance(node, AllOf) else Greatest)(*scores)

    rank = Value(0.0)
    for node in plan.required + plan.optional:
        rank = rank + score(node)
    return ExpressionWrapper(rank, output_field=FloatField())


def _sqlite_needle_score(needle):
    """The sum of the weights of the sections the needle occurs in (search_text's header
    gives where sections B, C and D begin; each section ends with the space in front of the
    next one's first lexeme)."""
    header = 7 * 3
    starts = [Value(header + 1)] + [
        Cast(Substr("search_text", 1 + 7 * index, 7), IntegerField()) for index in range(3)
    ]
    pattern = Value(needle.sqlite_pattern())
    score = Value(0.0)
    for index, weight in enumerate(SECTION_WEIGHTS):
        start = starts[index]
        if index + 1 < len(starts):
            section = Substr("search_text", start, starts[index + 1] - start + 1)
        else:
            section = Substr("search_text", start)
        found = Case(
            When(GreaterThan(StrIndex(section, pattern), 0), then=Value(weight)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        score = score + found
    return ExpressionWrapper(score, output_field=FloatField())


def sqlite_filter_and_rank(plan):
    """SQLite: the condition on search_text and the rank (rank_expression())."""
    condition = Q()
    for node in plan.required:
        condition &= _sqlite_found(node)
    for node in plan.excluded:
        condition &= ~_sqlite_found(node)
    return condition, rank_expression(plan, _sqlite_needle_score)


def _tsquery_node(node):
    if isinstance(node, Needle):
        return f"({node.tsquery()})" if len(node.lexemes) > 1 else node.tsquery()
    if isinstance(node, Discounted):
        return _tsquery_node(node.child)
    joiner = " & " if isinstance(node, AllOf) else " | "
    return "(" + joiner.join(_tsquery_node(child) for child in node.children) + ")"


def tsquery_text(plan):
    """PostgreSQL: the plan as tsquery text (lexemes are letters and digits only, quoted)."""
    parts = [_tsquery_node(node) for node in plan.required]
    parts += [f"!({_tsquery_node(node)})" for node in plan.excluded]
    return " & ".join(parts)


VECTOR_COLUMN = "search_vector"  # the hidden tsvector column of every searched table


class VectorColumn(Expression):
    """The PostgreSQL-only column search_vector of the queryset's table (not a model field,
    so the ORM never loads it)."""

    output_field = FloatField()  # never returned; any field will do for typing

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        column = connection.ops.quote_name(VECTOR_COLUMN)
        return f"{compiler.quote_name(alias)}.{column}", []


class TsQuery(Expression):
    """A plan's tsquery, passed as a parameter."""

    output_field = FloatField()

    def __init__(self, plan):
        super().__init__()
        self.plan = plan

    def as_sql(self, compiler, connection):
        return "(%s::tsquery)", [tsquery_text(self.plan)]


class NeedleQuery(Expression):
    """One needle's tsquery, in one weight or in any, passed as a parameter."""

    output_field = FloatField()

    def __init__(self, needle, weight=""):
        super().__init__()
        self.needle, self.weight = needle, weight

    def as_sql(self, compiler, connection):
        return "(%s::tsquery)", [self.needle.tsquery(self.weight)]


def _postgresql_needle_score(needle):
    score = Value(0.0)
    for weight, section_weight in zip(WEIGHTS, SECTION_WEIGHTS, strict=True):
        found = Case(
            When(Matches(VectorColumn(), NeedleQuery(needle, weight)), then=Value(section_weight)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        score = score + found
    return ExpressionWrapper(score, output_field=FloatField())


class Matches(Func):
    arg_joiner = " @@ "
    template = "(%(expressions)s)"

    def __init__(self, vector, query):
        super().__init__(vector, query, output_field=BooleanField())


def filter_and_rank(queryset, plan):
    """The queryset narrowed to the plan's matches, and the rank expression; the same rows on
    both backends (the same lexemes, the same plan)."""
    if connections[queryset.db].vendor == "postgresql":
        query = TsQuery(plan)
        return queryset.filter(Matches(VectorColumn(), query)), rank_expression(
            plan, _postgresql_needle_score
        )
    condition, rank = sqlite_filter_and_rank(plan)
    return queryset.filter(condition), rank


# --- The thesaurus ---------------------------------------------------------------------------


def _load_thesaurus():
    """Synonyms and abbreviations are equivalences: a term finds every term linked to it by a
    chain of them ("Kindergarten" = "Kita" = "Kindertagesstätte"). A broader term and its
    equivalents find its narrower terms and their equivalents, one way and one step
    ("Sprachkurs" → "Deutschkurs", not on to what "Deutschkurs" is broader than; "Kita" =
    "Kindertagesstätte" → "Krippe")."""
    spelling = {}  # a term's lexemes → the term as first written
    parent = {}  # union-find over lexemes: the equivalence classes
    broader = []

    def root(lexemes):
        while parent.get(lexemes, lexemes) != lexemes:
            lexemes = parent[lexemes]
        return lexemes

    for term, kind, related in ThesaurusEntry.objects.values_list("term", "kind", "related"):
        ends = [_clause(text, False) for text in (term, related)]
        if None in ends:
            continue
        source, target = (_term_key(clause.lexemes) for clause in ends)
        spelling.setdefault(source, term)
        spelling.setdefault(target, related)
        if kind == ThesaurusEntry.Kind.BROADER:
            broader.append((source, target))
        elif root(source) != root(target):
            parent[root(source)] = root(target)
    classes = {}
    for lexemes in spelling:
        classes.setdefault(root(lexemes), set()).add(lexemes)
    from_terms = {lexemes: classes[root(lexemes)] - {lexemes} for lexemes in spelling}
    for source, target in broader:
        for member in classes[root(source)]:  # what the broader term is, its synonyms are
            from_terms[member] |= classes[root(target)] - {member}
    return {
        lexemes: tuple(sorted(spelling[other] for other in found))
        for lexemes, found in from_terms.items()
        if found
    }


def thesaurus():
    """``{lexemes of a term: (related terms, …)}``, read once per content generation (a saved
    entry starts a new one: page_cache.PUBLIC_CONTENT)."""
    return page_cache.derived("search-thesaurus", _load_thesaurus)


def plan_for(q):
    """The plan of a query string, with the thesaurus."""
    parsed = parse_query(q)
    return query_plan(parsed, thesaurus() if parsed else None)


def search_text_filter(queryset, q):
    """Filter actors, events or working groups by ``q`` (the syntax and text pipeline of
    offers); annotates ``search_rank``."""
    plan = plan_for(q)
    if not plan:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    queryset, rank = filter_and_rank(queryset, plan)
    if not plan.required:
        rank = Value(0.0, output_field=FloatField())
    return queryset.annotate(search_rank=rank)


def order_by_rank(queryset):
    """Best matches first; ties alphabetically (by title or name)."""
    label = "title" if any(f.name == "title" for f in queryset.model._meta.fields) else "name"
    return queryset.order_by("-search_rank", label, "pk")
