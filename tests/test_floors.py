"""The floors of the README ("Architektur") are the import-linter contract in pyproject.toml;
`make lint` checks the imports. This test keeps the contract complete: every package of the
project (and every app in INSTALLED_APPS) is one of its floors."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Each entry is a floor; "offers | funding | careers" are independent packages on one floor.
FLOORS = [
    "portal | api",
    "offers | funding | careers",
    "actors",
    "usage",
    "regions",
    "bildungsregion",
]
PACKAGES = {name.strip() for floor in FLOORS for name in floor.split("|")}


def _config():
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]


def test_floors_contract_lists_the_floors_top_down():
    config = _config()
    (floors,) = [c for c in config["contracts"] if c["id"] == "floors"]
    assert floors["type"] == "layers"
    assert floors["layers"] == FLOORS
    assert set(config["root_packages"]) == PACKAGES


def test_floors_cover_every_package_of_the_project():
    packages = {
        path.name
        for path in settings.BASE_DIR.iterdir()
        if (path / "__init__.py").is_file() and path.name != "tests"
    }
    assert packages == PACKAGES


def test_floors_cover_every_installed_app_of_the_project():
    local = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == settings.BASE_DIR
    }
    assert local == PACKAGES
