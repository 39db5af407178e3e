"""The lock files (make lock) hold every dependency that pyproject.toml names, at the version it
names, each with its hashes: an install from them is the install that pyproject.toml asks for."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())

# "name==1.2.3 ; marker \" or "name==1.2.3 \" at the start of a requirement in uv's output.
LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements):
    """{name: version} of requirements written as name[extras]==version."""
    result = {}
    for requirement in requirements:
        name, _, version = requirement.partition("==")
        assert version, f"{requirement!r} in pyproject.toml has no exact version"
        result[normalized(name.split("[")[0])] = version.strip()
    return result


def locked(path):
    """{name: version} of a lock file, and the names of the requirements without a hash."""
    versions, without_hash = {}, []
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / path).read_text())
    for block in blocks:
        match = LOCKED.match(block)
        if not match:
            continue
        versions.setdefault(normalized(match[1]), set()).add(match[2])
        if "--hash=sha256:" not in block:
            without_hash.append(match[1])
    return versions, without_hash


EXTRAS = PYPROJECT["project"]["optional-dependencies"]


@pytest.mark.parametrize(
    ("path", "groups"),
    [
        ("requirements.lock", ["dev"]),
        ("requirements-mutants.lock", ["dev", "mutants"]),
    ],
)
def test_the_lock_file_pins_every_direct_dependency_at_its_version_with_hashes(path, groups):
    versions, without_hash = locked(path)
    wanted = pins(PYPROJECT["project"]["dependencies"])
    for group in groups:
        wanted |= pins(EXTRAS[group])

    assert without_hash == []
    assert {name: versions.get(name) for name in wanted} == {
        name: {version} for name, version in wanted.items()
    }
    # Indirect dependencies are locked too: far more packages than pyproject.toml names.
    assert len(versions) > len(wanted) + 10


def test_the_main_lock_and_the_mutants_lock_agree_on_every_shared_package():
    main, _ = locked("requirements.lock")
    mutants, _ = locked("requirements-mutants.lock")

    assert {name: mutants[name] for name in main} == main


def test_the_make_targets_install_from_the_lock_files_with_hash_checking():
    makefile = (ROOT / "Makefile").read_text()

    assert "pip install --quiet --require-hashes -r requirements.lock" in makefile
    assert "pip install --quiet --require-hashes -r requirements-mutants.lock" in makefile
    assert "-e '." not in makefile
