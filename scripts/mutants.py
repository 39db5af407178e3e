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

Usage: scripts/mutants.py [GROUP ...] [--max-children N] [--show]
       GROUP: one of the names below (all groups by default); --show prints the diff of every
       surviving mutant. Exit status 1 when a module is below TARGET.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from mutmut.stats import status_by_exit_code

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / ".mutants"
# One per run, so that two runs (of different groups) can go on side by side.
TEMPLATE = WORK_DIR / f"template-{os.getpid()}.sqlite3"
TARGET = 0.90
SOURCES = ["bildungsregion", "offers", "actors", "regions"]
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

# group: (modules to mutate, test files that check them; globs allowed)
GROUPS = {
    "scoping": (
        ["bildungsregion/scoping.py", "bildungsregion/admin_scoping.py", "bildungsregion/auth.py"],
        ["tests/admin/test_*.py", "tests/regions/test_documents.py"],
    ),
    "school": (
        ["offers/school_views.py"],
        ["tests/offers/test_school*.py"],
    ),
    "workflow": (
        ["offers/services.py", "bildungsregion/services.py"],
        [
            "tests/offers/test_workflow*.py",
            "tests/offers/test_moderation.py",
            "tests/offers/test_school*.py",
            "tests/offers/test_events.py",
        ],
    ),
    "search": (
        ["offers/search.py"],
        [
            "tests/offers/test_search*.py",
            "tests/offers/test_offer_list.py",
            "tests/offers/test_filters_offers.py",
            # search_text_filter() and order_by_rank(): the actor list's search
            "tests/actors/test_actors.py",
        ],
    ),
    "filters": (
        ["offers/filters.py", "bildungsregion/filters.py", "actors/filters.py"],
        [
            "tests/offers/test_offer_list.py",
            "tests/offers/test_filters*.py",
            "tests/offers/test_events.py",
            "tests/actors/test_actors.py",
        ],
    ),
    "page_cache": (
        ["bildungsregion/page_cache.py"],
        ["tests/test_page_cache*.py"],
    ),
    "settings": (
        ["bildungsregion/settings.py"],
        ["tests/test_settings*.py", "tests/test_security*.py"],
    ),
    "feeds": (
        ["offers/structured_data.py", "offers/feeds.py", "offers/ical.py"],
        [
            "tests/offers/test_pages.py",
            "tests/offers/test_events.py",
            "tests/offers/test_feeds*.py",
            "tests/offers/test_ical*.py",
            "tests/test_structured*.py",
        ],
    ),
    "forms": (
        ["offers/forms.py", "regions/forms.py"],
        [
            "tests/offers/test_school*.py",
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


def prepare(group, modules, tests):
    folder = WORK_DIR / group
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in LINKED:
        (folder / name).symlink_to(BASE_DIR / name)
    config = (BASE_DIR / "pyproject.toml").read_text() + (
        "\n[tool.mutmut]\n"
        f"source_paths = {toml_list(SOURCES)}\n"
        f"only_mutate = {toml_list(modules)}\n"
        f"also_copy = {toml_list(OTHERS)}\n"
        'pytest_add_cli_args = ["-m", "not browser", "-p", "no:xdist"]\n'
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        "use_git_change_detection = false\n"
    )
    (folder / "pyproject.toml").write_text(config)
    return folder


def build_template():
    WORK_DIR.mkdir(exist_ok=True)
    TEMPLATE.unlink(missing_ok=True)
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{TEMPLATE}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


def run_group(group, max_children):
    modules, patterns = GROUPS[group]
    tests = test_files(patterns)
    folder = prepare(group, modules, tests)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # The tests bring their own settings (bildungsregion/settings_test.py); DEBUG plays no part.
    env.pop("DEBUG", None)
    env.update(TEST_DATABASE_TEMPLATE=str(TEMPLATE), CI="1")
    started = time.monotonic()
    with open(folder / "mutmut.log", "w") as log:
        completed = subprocess.run(
            [
                str(Path(sys.executable).parent / "mutmut"),
                "run",
                "--max-children",
                str(max_children),
            ],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    seconds = time.monotonic() - started
    if completed.returncode != 0:
        print(f"{group}: mutmut failed (exit {completed.returncode}), see {folder / 'mutmut.log'}")
    return folder, seconds, completed.returncode


def module_results(folder, module):
    meta = folder / "mutants" / (module + ".meta")
    if not meta.exists():
        return {}
    return json.loads(meta.read_text())["exit_code_by_key"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=", ".join(GROUPS))
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--show", action="store_true", help="print the diff of every survivor")
    args = parser.parse_args()
    groups = args.groups or list(GROUPS)
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; known: {', '.join(GROUPS)}")

    build_template()
    try:
        rows, survivors, failed = run_groups(groups, args.max_children)
    finally:
        TEMPLATE.unlink(missing_ok=True)
    report(rows, survivors, failed, show=args.show)


def run_groups(groups, max_children):
    rows = []
    survivors = []
    failed = False
    for group in groups:
        folder, seconds, returncode = run_group(group, max_children)
        failed |= returncode != 0
        for module in GROUPS[group][0]:
            statuses = [
                status_by_exit_code[code] for code in module_results(folder, module).values()
            ]
            total = len(statuses)
            killed = statuses.count("killed") + statuses.count("timeout")
            for name, code in module_results(folder, module).items():
                if status_by_exit_code[code] not in {"killed", "timeout"}:
                    survivors.append((group, folder, name, status_by_exit_code[code]))
            rows.append((group, module, total, killed, seconds))
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
                    [str(Path(sys.executable).parent / "mutmut"), "show", name],
                    cwd=folder,
                    capture_output=True,
                    text=True,
                )
                print("    " + diff.stdout.strip().replace("\n", "\n    "))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
