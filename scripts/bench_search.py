#!/usr/bin/env python3
"""Relevance of the offer search on the judged set, on SQLite and on PostgreSQL (make bench-search).

For each backend a child process creates a fresh test database (Django's test-database
machinery with the test settings, as pytest does: SQLite in memory; PostgreSQL as
``test_bench_search_<pid>`` on the server of ``--postgres-url`` / BENCH_SEARCH_DATABASE_URL,
default the local ``postgres://postgres@127.0.0.1:5432/postgres``), migrates it, loads the five
regions (``portal.services.regions_load``) and the fixture tests/search_judged/offers.json,
and runs every query of tests/search_judged/queries.json through the portal's real search:
``offers.search.search_offers(Offer.objects.public(), q, rank_limit=RANK_LIMIT)``, the call
of the one search page /suche/ (the offer list /angebote/ makes the same call on the narrow
table OfferIndex). The results are the offers in the order the search returns them.

Measures, per query with matching content (``has_matches``; R = the results in order,
T = the first min(10, |R|) of them, M = the offers it must find, N = those it must not find):

- recall@10 = |T ∩ M| / min(|M|, 10): the share of what fits on the first page that is
  there (capped, so a query with 40 relevant offers can reach 1.0);
- precision@10 = |T ∩ M| / |T|: results that are neither in M nor in N (unjudged) count as
  *not* relevant; a query with no result has no precision and is left out of its mean (the
  zero-result rate counts it);
- precision@10 (judged only) = |T ∩ M| / |T ∩ (M ∪ N)|: the same without the unjudged results,
  to show how much of the gap they make; left out where T holds no judged offer;
- recall (all) = |R ∩ M| / |M|: found at all, on any page;
- zero-result rate = the share of the queries with matching content that return nothing.
All means are plain means over the queries (macro). A query *fails* when recall@10 < 1, when
it returns nothing, or when any offer of N is among all of its results. Queries without
matching content only report how many return something.

Prints a table per backend and by query class (plural, compound, typo, …), then the failing
queries with what was missing and what was wrongly found; writes bench-results/
bench-search.json. Targets (issue 11): recall@10 >= 0.95, precision@10 >= 0.80, zero-result
rate <= 2 %. Missing a target never changes the exit code (it is a benchmark, not a test);
the exit code is 1 only when a backend could not be measured at all.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TARGETS = {"recall_at_10": 0.95, "precision_at_10": 0.80, "zero_result_rate": 0.02}
PAGE = 10
BACKENDS = ("sqlite", "postgresql")
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def log(message=""):
    print(message, flush=True)


# --- The child: one backend --------------------------------------------------------------------


def run_child():
    """Measure on the database of DATABASE_URL; print one line ``JSON:{…}``."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_bench_search_{os.getpid()}"
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        from offers.models import Offer
        from offers.search import RANK_LIMIT, search_offers
        from portal.services import regions_load
        from tests.search_judged.judged import judgements, load_fixture, read_fixture

        fixture = read_fixture()
        regions_load()
        ids = load_fixture(fixture)
        keys = {pk: key for key, pk in ids.items()}
        results = []
        for judgement in judgements(fixture):
            found = search_offers(Offer.objects.public(), judgement.q, rank_limit=RANK_LIMIT)
            ranked = [keys[pk] for pk in found.values_list("pk", flat=True)]
            results.append({"id": judgement.id, "results": ranked})
        titles = {offer["key"]: offer["title"] for offer in fixture["offers"]}
        print(
            "JSON:"
            + json.dumps({"results": results, "titles": titles, "vendor": connection.vendor})
        )
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


def measure(backend, postgres_url):
    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="bildungsregion.settings_test", LOG_LEVEL="WARNING"
    )
    with tempfile.TemporaryDirectory() as folder:
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench-search.sqlite3'}"
        else:
            env["DATABASE_URL"] = postgres_url
        child = subprocess.run(
            [sys.executable, __file__, "--child"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
    if child.returncode:
        sys.stderr.write(child.stderr[-4000:])
        return None
    line = next(line for line in child.stdout.splitlines() if line.startswith("JSON:"))
    return json.loads(line[5:])


# --- Scoring (parent) --------------------------------------------------------------------------


def mean(values):
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


def score(judgement, ranked):
    """The measures of one query (see the module docstring)."""
    top = ranked[:PAGE]
    must, must_not = judgement.must, judgement.must_not
    hits = [key for key in top if key in must]
    judged = [key for key in top if key in must or key in must_not]
    row = {
        "id": judgement.id,
        "q": judgement.q,
        "covers": list(judgement.covers),
        "has_matches": judgement.has_matches,
        "returned": len(ranked),
        "top": top,
        "wrong": [key for key in ranked if key in must_not],
        "unjudged_in_top": [key for key in top if key not in must and key not in must_not],
    }
    if not judgement.has_matches:
        return row
    found = set(ranked)
    row.update(
        recall_at_10=len(hits) / min(len(must), PAGE),
        precision_at_10=len(hits) / len(top) if top else None,
        precision_judged=len(hits) / len(judged) if judged else None,
        recall_all=len(found & must) / len(must),
        missing=sorted(must - found),
        below_page=sorted((must & found) - set(top)) if len(hits) < min(len(must), PAGE) else [],
    )
    row["failed"] = not ranked or row["recall_at_10"] < 1 or bool(row["wrong"])
    return row


def summary(rows):
    judged = [row for row in rows if row["has_matches"]]
    empty = [row for row in rows if not row["has_matches"]]
    return {
        "queries": len(judged),
        "recall_at_10": mean(row["recall_at_10"] for row in judged),
        "precision_at_10": mean(row["precision_at_10"] for row in judged),
        "precision_judged": mean(row["precision_judged"] for row in judged),
        "recall_all": mean(row["recall_all"] for row in judged),
        "zero_result_rate": sum(1 for row in judged if not row["returned"]) / len(judged),
        "zero_results": sum(1 for row in judged if not row["returned"]),
        "failed": sum(1 for row in judged if row["failed"]),
        "no_content_queries": len(empty),
        "no_content_with_results": sum(1 for row in empty if row["returned"]),
    }


def fmt(value, percent=False):
    if value is None:
        return "–"
    return f"{value:.1%}" if percent else f"{value:.3f}"


def print_tables(summaries, by_class, backends):
    heads = "".join(f"{LABELS[backend]:>12}" for backend in backends)
    log(f"{'Kennzahl':34}{heads}  Ziel")
    lines = (
        ("recall@10", "recall_at_10", False, f"≥ {TARGETS['recall_at_10']:.2f}"),
        ("precision@10", "precision_at_10", False, f"≥ {TARGETS['precision_at_10']:.2f}"),
        ("precision@10 (nur bewertete)", "precision_judged", False, ""),
        ("recall (alle Treffer)", "recall_all", False, ""),
        ("Null-Treffer-Quote", "zero_result_rate", True, f"≤ {TARGETS['zero_result_rate']:.0%}"),
    )
    for label, key, percent, target in lines:
        cells = "".join(f"{fmt(summaries[backend][key], percent):>12}" for backend in backends)
        log(f"{label:34}{cells}  {target}")
    first = summaries[backends[0]]
    cells = "".join(
        f"{summaries[backend]['failed']:>7} / {summaries[backend]['queries']:<3}"
        for backend in backends
    )
    log(f"{'fehlgeschlagene Anfragen':34}{cells}")
    cells = "".join(
        f"{summaries[backend]['no_content_with_results']:>7} / {first['no_content_queries']:<3}"
        for backend in backends
    )
    log(f"{'ohne passenden Inhalt, mit Treffern':34}{cells}")
    log()
    log(
        f"{'Anfrageklasse':22}{'Zahl':>5}"
        + "".join(f"{LABELS[backend] + ' R@10':>17}{'P@10':>7}" for backend in backends)
    )
    for name, per_backend in by_class.items():
        count = per_backend[backends[0]]["queries"]
        cells = "".join(
            f"{fmt(per_backend[backend]['recall_at_10']):>17}{fmt(per_backend[backend]['precision_at_10']):>7}"
            for backend in backends
        )
        log(f"{name:22}{count:>5}{cells}")


def describe(keys, titles, limit=6):
    shown = ", ".join(f"{titles[key]} [{key}]" for key in keys[:limit])
    return shown + (f" … (+{len(keys) - limit})" if len(keys) > limit else "")


def print_failures(backend, rows, titles):
    failed = [row for row in rows if row.get("failed")]
    log(f"\nFehlgeschlagene Anfragen auf {LABELS[backend]} ({len(failed)}):")
    for row in failed:
        log(
            f"- »{row['q']}« ({' '.join(row['covers'])}): {row['returned']} Treffer, "
            f"recall@10 {fmt(row['recall_at_10'])}, precision@10 {fmt(row['precision_at_10'])}"
        )
        if row["missing"]:
            log(f"    fehlt: {describe(row['missing'], titles)}")
        if row["below_page"]:
            log(f"    erst nach Platz {PAGE}: {describe(row['below_page'], titles)}")
        if row["wrong"]:
            log(f"    falsch gefunden: {describe(row['wrong'], titles)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--backends", default=",".join(BACKENDS), help="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_SEARCH_DATABASE_URL", DEFAULT_POSTGRES_URL),
        help="server and credentials; the benchmark makes its own test database there",
    )
    parser.add_argument("--output", default=str(BASE_DIR / "bench-results" / "bench-search.json"))
    parser.add_argument("--quiet", action="store_true", help="tables only, no failing queries")
    args = parser.parse_args()
    if args.child:
        run_child()
        return 0

    sys.path.insert(0, str(BASE_DIR))
    # Reading the judged set needs the models importable (judged.py imports them): set up
    # Django with the test settings, without touching any database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bildungsregion.settings_test")
    import django

    django.setup()
    from tests.search_judged.judged import judgements, read_fixture

    fixture = read_fixture()
    judged = {judgement.id: judgement for judgement in judgements(fixture)}
    backends = [name for name in args.backends.split(",") if name]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")

    rows, titles, broken = {}, {}, []
    for backend in backends:
        log(f"Messe auf {LABELS[backend]} …")
        measured = measure(backend, args.postgres_url)
        if measured is None:
            log(f"  {LABELS[backend]}: Messung fehlgeschlagen (siehe oben)")
            broken.append(backend)
            continue
        titles = measured["titles"]
        rows[backend] = [score(judged[item["id"]], item["results"]) for item in measured["results"]]
    backends = [backend for backend in backends if backend in rows]
    if not backends:
        return 1

    summaries = {backend: summary(rows[backend]) for backend in backends}
    classes = sorted(
        {name for row in rows[backends[0]] if row["has_matches"] for name in row["covers"]}
    )
    by_class = {
        name: {
            backend: summary([row for row in rows[backend] if name in row["covers"]])
            for backend in backends
        }
        for name in classes
    }
    first = summaries[backends[0]]
    log(
        f"\nBewerteter Suchsatz: {len(judged)} Anfragen, davon {first['queries']} mit passendem "
        f"Inhalt, auf {len(fixture['offers'])} Angeboten (tests/search_judged/)\n"
    )
    print_tables(summaries, by_class, backends)
    if not args.quiet:
        for backend in backends:
            print_failures(backend, rows[backend], titles)

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {"targets": TARGETS, "summary": summaries, "by_class": by_class, "queries": rows},
            indent=1,
            ensure_ascii=False,
        )
    )
    log(f"\nGespeichert: {output}")
    missed = [
        f"{LABELS[backend]} {key}"
        for backend in backends
        for key, target in TARGETS.items()
        if (summaries[backend][key] or 0) < target
        if key != "zero_result_rate"
    ] + [
        f"{LABELS[backend]} zero_result_rate"
        for backend in backends
        if summaries[backend]["zero_result_rate"] > TARGETS["zero_result_rate"]
    ]
    log("Ziele verfehlt: " + ", ".join(missed) if missed else "Alle Ziele erreicht.")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
