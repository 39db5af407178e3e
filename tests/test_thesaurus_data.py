"""The thesaurus starter data (bildungsregion/data/thesaurus.csv) keeps its format, whatever
loads it: the columns, the three kinds, no empty or duplicate entry, at least 150 entries,
a known source in every row."""

import csv
import re
from pathlib import Path

import bildungsregion

THESAURUS = Path(bildungsregion.__file__).resolve().parent / "data" / "thesaurus.csv"
KINDS = {"synonym", "abbreviation", "broader"}
SOURCE = re.compile(
    r"^(openthesaurus:\d+|mythes-de:\d+|seeds:00[0-4]|portal:[\w/.]+( \(.+\))?|issue:11|NKiTaG §.+)$"
)


def read_rows():
    with THESAURUS.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, list(reader)


def test_the_thesaurus_data_is_well_formed():
    header, rows = read_rows()

    assert header == ["term", "kind", "related", "source"]
    assert len(rows) >= 150
    problems = []
    seen = set()
    for number, row in enumerate(rows, start=2):
        if len(row) != 4:
            problems.append(f"line {number}: {len(row)} columns")
            continue
        term, kind, related, source = (value.strip() for value in row)
        related_terms = [part.strip() for part in related.split("|")]
        if not term or term != row[0]:
            problems.append(f"line {number}: empty term or surrounding spaces")
        if kind not in KINDS:
            problems.append(f"line {number}: unknown kind {kind!r}")
        if not related or any(not part or part != part.strip() for part in related.split("|")):
            problems.append(f"line {number}: empty related term")
        if term.casefold() in {part.casefold() for part in related_terms}:
            problems.append(f"line {number}: {term!r} is related to itself")
        if len({part.casefold() for part in related_terms}) != len(related_terms):
            problems.append(f"line {number}: a related term is repeated")
        if not source or not all(SOURCE.match(part) for part in source.split("; ")):
            problems.append(f"line {number}: unknown source {source!r}")
        key = (term.casefold(), kind)
        if key in seen:
            problems.append(f"line {number}: {term!r} ({kind}) occurs twice")
        seen.add(key)
    assert problems == []
