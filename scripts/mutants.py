#!/usr/bin/env python3
"""Mutation testing of the core modules with mutmut (make mutants).

mutmut plants one small bug at a time (a flipped comparison, a dropped argument, a changed
constant) into a copy of the code and runs the tests that reach the changed function; a mutant
that no test notices has "survived" and points at a missing assertion.

The modules are grouped; each group is tested against its own test files only, so that a
mutant of the page cache does not run the whole suite. Every group works in its own folder
(.mutants/<group>/) with links to the project and a pyproject.toml that adds the group's
[tool.mutmut] section, because mutmut reads one configuration per working folder.

The test database is migrated once into a SQLite file; every pytest session of mutmut (there is
one per mutant) copies it instead of migrating (TEST_DATABASE_TEMPLATE, tests/conftest.py).
Search has code for PostgreSQL only (its full-text search and SQL); the mutants of the search
group that survive on SQLite run again on PostgreSQL (a template database there, copied per
session; MUTANTS_POSTGRESQL_URL, default the local server), and a mutant killed on either
database counts as killed.

Usage: scripts/mutants.py [GROUP ...] [--max-children N] [--show] [--fresh]
       GROUP: one of the names below (all groups by default); --show prints the diff of every
       surviving mutant; --fresh forgets the results of earlier runs, which are otherwise kept
       for the functions that did not change (prepare()). Exit status 1 when a module is below
       TARGET.
"""

import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mutmut.stats import status_by_exit_code

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / ".mutants"
# One per run, so that two runs (of different groups) can go on side by side.
TEMPLATE = WORK_DIR / f"template-{os.getpid()}.sqlite3"
PG_TEMPLATE = f"mutants_template_{os.getpid()}"
POSTGRESQL_URL = os.environ.get("MUTANTS_POSTGRESQL_URL", "postgres://postgres@127.0.0.1:5432")
TARGET = 0.90
KILLED = {"killed", "timeout"}
# Every package of the project (the import-linter's root packages, which tests/test_floors.py
# holds equal to the project's packages): mutmut copies only these, and Django imports all of
# them; a package missing here fails every test of a mutant run.
SOURCES = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]
# Everything else the tests read (templates, the Makefile, scripts …); mutmut copies tests/ itself.
OTHERS = [
    "templates",
    "static",
    "locale",
    "manage.py",
    "Makefile",
    "README.md",
    "gunicorn.conf.py",
    "scripts",
    ".ci",
    "package.json",
    "package-lock.json",
]
LINKED = [*SOURCES, "tests", *OTHERS]


@dataclass
class Group:
    modules: list  # the modules to mutate
    tests: list  # the test files that check them (globs allowed)
    postgresql: bool = False  # the survivors on SQLite run again on PostgreSQL


GROUPS = {
    "scoping": Group(
        ["regions/scoping.py", "regions/admin_scoping.py", "regions/auth.py"],
        [
            "tests/admin/test_*.py",
            "tests/regions/test_documents.py",
            # run_transition(): the approve and reject actions pass their service's arguments
            "tests/offers/test_moderation.py",
        ],
    ),
    "provider": Group(
        ["offers/provider_views.py"],
        ["tests/offers/test_school*.py", "tests/offers/test_provider*.py"],
    ),
    "workflow": Group(
        ["offers/services.py", "offers/moderation.py", "bildungsregion/services.py"],
        [
            "tests/offers/test_workflow*.py",
            "tests/offers/test_moderation.py",
            # offers/moderation.py: a provider's edits of a published entry wait for approval
            "tests/offers/test_change_requests.py",
            "tests/admin/test_change_request_admin.py",
            "tests/offers/test_school*.py",
            "tests/offers/test_events.py",
            # bildungsregion/services.py: "Als aktuell bestätigen" and the password reset link
            "tests/admin/test_admin_features.py",
            "tests/admin/test_user_accounts_matrix.py",
            "tests/test_services.py",
        ],
    ),
    "search": Group(
        ["offers/search.py", "bildungsregion/search.py"],
        [
            "tests/offers/test_search*.py",
            "tests/offers/test_offer_list.py",
            "tests/offers/test_filters_offers.py",
            "tests/offers/test_filters_order.py",
            # the documents' and the list table's refresh, check_search_index
            "tests/offers/test_indexing.py",
            # search_text_filter() and order_by_rank(): the actor list's search
            "tests/actors/test_actors.py",
        ],
        postgresql=True,
    ),
    "filters": Group(
        [
            "offers/filters.py",
            "bildungsregion/filters.py",
            "regions/filters.py",
            "actors/filters.py",
        ],
        [
            "tests/offers/test_offer_list.py",
            "tests/offers/test_filters*.py",
            "tests/offers/test_events.py",
            "tests/actors/test_actors.py",
            # regions/filters.py: the radius search's origin (gazetteer, own position) and radius
            "tests/regions/test_places.py",
            "tests/regions/test_gazetteer.py",
        ],
    ),
    "page_cache": Group(
        ["bildungsregion/page_cache.py"],
        ["tests/test_page_cache*.py"],
    ),
    "settings": Group(
        ["bildungsregion/settings.py"],
        ["tests/test_settings*.py", "tests/test_security*.py"],
    ),
    "feeds": Group(
        ["offers/structured_data.py", "offers/feeds.py", "offers/ical.py"],
        [
            "tests/offers/test_pages.py",
            "tests/offers/test_events.py",
            "tests/offers/test_feeds*.py",
            "tests/offers/test_ical*.py",
            "tests/test_structured*.py",
        ],
    ),
    "forms": Group(
        ["offers/forms.py", "regions/forms.py"],
        [
            "tests/offers/test_school*.py",
            # the offer form (OfferForm): only the provider area's tests fill it in
            "tests/offers/test_provider*.py",
            "tests/regions/test_pages.py",
            "tests/offers/test_forms*.py",
        ],
    ),
}


def test_files(patterns):
    found = []
    for pattern in patterns:
        for path in sorted(glob.glob(str(BASE_DIR / pattern))):
            relative = str(Path(path).relative_to(BASE_DIR))
            if relative not in found:
                found.append(relative)
    return found


def toml_list(values):
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def prepare(folder, modules, tests, fresh):
    """The group's working folder; the results of an earlier run stay unless fresh.

    mutmut keeps a verdict per mutant (mutants/<module>.meta) and the hash of every function;
    it tests again the mutants of functions whose code changed, and the tests it has not seen
    before. Four things it would keep stale are refreshed here: the copies of the modules that
    are not mutated and of the tests (mutmut copies a file only when its copy is missing), the
    survivors, which run again when the group's tests or modules changed, since a new test may
    kill them now, and the map of which tests reach which function. A killed mutant stays killed while its function is
    unchanged; --fresh measures everything anew.
    """
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for name in LINKED:
        link = folder / name  # again each time: the folder may come from another checkout
        link.unlink(missing_ok=True)
        link.symlink_to(BASE_DIR / name)
    copies = folder / "mutants"
    kept = {*modules, *(module + ".meta" for module in modules)}
    for top in [*SOURCES, "tests"]:
        for path in (copies / top).rglob("*") if (copies / top).is_dir() else ():
            relative = str(path.relative_to(copies))
            if path.is_file() and relative not in kept:
                path.unlink()
    # mutmut mutates a module again only when the source is newer than its mutated copy; a
    # checkout or a merge can bring other code with an older time. Compared by content here.
    recorded = folder / "sources.json"
    hashes = json.loads(recorded.read_text()) if recorded.exists() else {}
    for module in modules:
        digest = hashlib.sha256((BASE_DIR / module).read_bytes()).hexdigest()
        if hashes.get(module) != digest:
            (copies / module).unlink(missing_ok=True)
            hashes[module] = digest
    # Survivors are tested again when the group's tests or modules changed (a new assertion
    # may kill them now); otherwise their verdict stands, which can only understate the rate.
    # A run without changes then skips the survivors' test time (mutmut's two clean runs stay).
    read = [
        *modules,
        *tests,
        *sorted(str(p.relative_to(BASE_DIR)) for p in (BASE_DIR / "tests").rglob("conftest.py")),
        "tests/factories.py",
    ]
    inputs = hashlib.sha256()
    for name in read:
        inputs.update(name.encode() + b"\0" + (BASE_DIR / name).read_bytes())
    retest = hashes.get("inputs of the survivors' verdicts") != inputs.hexdigest()
    hashes["inputs of the survivors' verdicts"] = inputs.hexdigest()
    recorded.write_text(json.dumps(hashes, indent=4))
    for module in modules if retest else ():
        meta = copies / (module + ".meta")
        if meta.exists():
            data = json.loads(meta.read_text())
            codes = data["exit_code_by_key"]
            for name, code in codes.items():
                if code is not None and status_by_exit_code[code] not in KILLED:
                    codes[name] = None
            meta.write_text(json.dumps(data, indent=4))
    # mutmut maps the tests to the functions they reach once and later only for tests it has
    # not seen: a function added since (a refactoring) would have "no tests". Mapped anew.
    (copies / "mutmut-stats.json").unlink(missing_ok=True)
    config = (BASE_DIR / "pyproject.toml").read_text() + (
        "\n[tool.mutmut]\n"
        f"source_paths = {toml_list(SOURCES)}\n"
        f"only_mutate = {toml_list(modules)}\n"
        f"also_copy = {toml_list(OTHERS)}\n"
        # no:unraisableexception: that plugin ends every pytest session with gc.collect()
        # passes over the whole heap, which mutmut's forked children inherit; without it one
        # mutant's session took 0.36 s instead of 0.70 s (median of 6, one admin test).
        'pytest_add_cli_args = ["-m", "not browser", "-p", "no:xdist", "-p", '
        '"no:unraisableexception"]\n'
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        "use_git_change_detection = false\n"
    )
    if (
        not (folder / "pyproject.toml").exists()
        or (folder / "pyproject.toml").read_text() != config
    ):
        (folder / "pyproject.toml").write_text(config)


def migrate(database_url):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


def build_sqlite_template():
    WORK_DIR.mkdir(exist_ok=True)
    TEMPLATE.unlink(missing_ok=True)
    migrate(f"sqlite:///{TEMPLATE}")
    return f"sqlite:///{TEMPLATE}", str(TEMPLATE)


def psql(sql):
    return subprocess.run(
        ["psql", POSTGRESQL_URL + "/postgres", "-v", "ON_ERROR_STOP=1", "-qtAc", sql],
        capture_output=True,
        text=True,
    )


def build_postgresql_template():
    """A migrated PostgreSQL database to copy per session; None when PostgreSQL is not there."""
    if psql("SELECT 1").returncode != 0:
        return None
    psql(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}"')
    psql(f'CREATE DATABASE "{PG_TEMPLATE}"').check_returncode()
    migrate(f"{POSTGRESQL_URL}/{PG_TEMPLATE}")
    return f"{POSTGRESQL_URL}/{PG_TEMPLATE}", PG_TEMPLATE


def run_mutmut(folder, database, max_children, names=()):
    database_url, template = database
    # The tests bring their own settings (bildungsregion/settings_test.py); DEBUG plays no part.
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(CI="1", DATABASE_URL=database_url, TEST_DATABASE_TEMPLATE=template, MUTANTS="1")
    started = time.monotonic()
    with open(folder / "mutmut.log", "w") as log:
        completed = subprocess.run(
            [mutmut(), "run", "--max-children", str(max_children), *names],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if completed.returncode != 0:
        print(
            f"{folder.name}: mutmut failed (exit {completed.returncode}), see {folder}/mutmut.log"
        )
    return time.monotonic() - started, completed.returncode


def mutmut():
    return str(Path(sys.executable).parent / "mutmut")


def statuses(folder, module):
    """{mutant name: status} of one module from mutmut's result file."""
    meta = folder / "mutants" / (module + ".meta")
    if not meta.exists():
        return {}
    codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {name: status_by_exit_code[code] for name, code in codes.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=", ".join(GROUPS))
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--show", action="store_true", help="print the diff of every survivor")
    parser.add_argument(
        "--fresh", action="store_true", help="forget the results of earlier runs (a full measure)"
    )
    args = parser.parse_args()
    groups = args.groups or list(GROUPS)
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; known: {', '.join(GROUPS)}")

    databases = {"sqlite": build_sqlite_template()}
    if any(GROUPS[group].postgresql for group in groups):
        databases["postgresql"] = build_postgresql_template()
        if databases["postgresql"] is None:
            print(f"PostgreSQL at {POSTGRESQL_URL} is not reachable: PostgreSQL-only code counts")
            print("as surviving (set MUTANTS_POSTGRESQL_URL to reach another server).")
    try:
        rows, survivors, failed = run_groups(groups, databases, args.max_children, args.fresh)
    finally:
        TEMPLATE.unlink(missing_ok=True)
        if databases.get("postgresql"):
            psql(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}" WITH (FORCE)')
    report(rows, survivors, failed, show=args.show)


def run_groups(groups, databases, max_children, fresh):
    rows = []
    survivors = []
    failed = False
    for name in groups:
        group = GROUPS[name]
        tests = test_files(group.tests)
        folder = WORK_DIR / name
        prepare(folder, group.modules, tests, fresh)
        seconds, returncode = run_mutmut(folder, databases["sqlite"], max_children)
        failed |= returncode != 0
        results = {module: statuses(folder, module) for module in group.modules}
        # Mutants of code that runs on PostgreSQL only (its SQL, its full-text search) cannot be
        # killed on SQLite: they run again, the same tests on PostgreSQL.
        left = [
            mutant
            for module in group.modules
            for mutant, status in results[module].items()
            if status not in KILLED
        ]
        if group.postgresql and databases.get("postgresql") and left:
            pg_folder = WORK_DIR / f"{name}-postgresql"
            prepare(pg_folder, group.modules, tests, fresh=True)
            pg_seconds, returncode = run_mutmut(
                pg_folder, databases["postgresql"], max_children, left
            )
            seconds += pg_seconds
            failed |= returncode != 0
            for module in group.modules:
                for mutant, status in statuses(pg_folder, module).items():
                    if mutant in results[module] and status in KILLED:
                        results[module][mutant] = f"{status} on PostgreSQL"
        for module in group.modules:
            module_statuses = results[module]
            killed = [m for m, status in module_statuses.items() if status.split()[0] in KILLED]
            for mutant, status in module_statuses.items():
                if status.split()[0] not in KILLED:
                    survivors.append((name, folder, mutant, status))
            rows.append((name, module, len(module_statuses), len(killed), seconds))
    return rows, survivors, failed


def report(rows, survivors, failed, show):
    print()
    print(f"{'group':<11} {'module':<34} {'mutants':>7} {'killed':>7} {'rate':>7} {'time':>7}")
    for group, module, total, killed, seconds in rows:
        rate = killed / total if total else 0.0
        mark = "" if rate >= TARGET else "  < target"
        print(
            f"{group:<11} {module:<34} {total:>7} {killed:>7} {rate:>7.1%} "
            f"{seconds / 60:>6.1f}m{mark}"
        )
        failed |= rate < TARGET
    total = sum(row[2] for row in rows)
    killed = sum(row[3] for row in rows)
    if total:
        print(f"{'all':<11} {'':<34} {total:>7} {killed:>7} {killed / total:>7.1%}")

    if survivors:
        print("\nSurviving mutants (mutmut show NAME in .mutants/<group>/):")
        for group, folder, name, status in survivors:
            print(f"  [{group}] {name} ({status})")
            if show:
                diff = subprocess.run(
                    [mutmut(), "show", name], cwd=folder, capture_output=True, text=True
                )
                print("    " + diff.stdout.strip().replace("\n", "\n    "))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
