"""The data files in regions/data/ against their schema (portal.seed), and broken copies of them."""

import datetime
import json
import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal import seed
from portal.services import regions_load
from regions.models import Region

DATA_FILES = [
    "ATTRIBUTION.md",
    "README.md",
    "actors.json",
    "documents.json",
    "education_week.json",
    "focus_areas.json",
    "funding_calls.json",
    "funding_programmes.json",
    "municipalities.csv",
    "postal_codes.csv",
    "postcode_places_de.csv",
    "regions.json",
    "working_groups.json",
]


@pytest.fixture
def data_dir(tmp_path):
    """A copy of regions/data/ to break."""
    copy = tmp_path / "data"
    shutil.copytree(seed.DATA_DIR, copy)
    return copy


def edit_json(data_dir, name, change):
    path = data_dir / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def edit_line(data_dir, name, number, old, new):
    """Replaces `old` by `new` in line `number` (counted from 1) of a CSV file."""
    path = data_dir / name
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


def problems(data_dir):
    with pytest.raises(seed.SeedError) as error:
        seed.read(data_dir)
    return error.value.problems


def test_seed_data_folder_holds_the_data_files_and_their_sources():
    assert sorted(path.name for path in seed.DATA_DIR.iterdir()) == DATA_FILES


def test_seed_data_files_pass_the_schema():
    facts = seed.read()

    assert [region["slug"] for region in facts.regions] == [
        "wesermarsch",
        "hameln-pyrmont",
        "stade",
        "osnabrueck",
        "lueneburg",
    ]
    assert len(facts.municipalities) == 134
    assert sum(len(entry["postal_codes"]) for entry in facts.municipalities) == 145
    assert {region: len(entries) for region, entries in facts.focus_areas.items()} == {
        "wesermarsch": 3,
        "hameln-pyrmont": 5,
        "stade": 4,
        "osnabrueck": 3,
        "lueneburg": 4,
    }
    assert sum(len(entries) for entries in facts.documents.values()) == 5
    assert len(facts.actors) == 23
    assert sum(len(groups) for groups in facts.working_groups.values()) == 8
    assert (
        sum(len(group["members"]) for groups in facts.working_groups.values() for group in groups)
        == 19
    )
    assert facts.education_week["organiser"] == "bildungsbuero-landkreis-hameln-pyrmont"


def test_seed_data_values_arrive_as_python_values():
    facts = seed.read()

    stade = facts.regions[2]
    assert stade["cooperation_since"] == datetime.date(2014, 9, 1)
    assert stade["last_reviewed"] == datetime.date(2018, 7, 26)
    assert stade["tagline"] == "Es gibt Dinge, die kann man nicht alleine machen."
    assert facts.funding_programmes["lueneburg"][0]["budget"] == Decimal("50000.00")
    assert facts.municipalities[0] == {
        "region": "wesermarsch",
        "slug": "berne",
        "name": "Berne",
        "kind": "gemeinde",
        "samtgemeinde": "",
        "postcode": "27804",
        "latitude": 53.1814,
        "longitude": 8.4822,
        "postal_codes": [
            {"code": "27804", "place": "Berne", "latitude": 53.1814, "longitude": 8.4822}
        ],
    }


def test_seed_data_every_json_file_and_region_names_its_source():
    sources = {
        path.name: json.loads(path.read_text(encoding="utf-8"))["source"]
        for path in sorted(seed.DATA_DIR.glob("*.json"))
    }
    regions = json.loads((seed.DATA_DIR / "regions.json").read_text(encoding="utf-8"))["regions"]

    assert len(sources) == 8
    assert all(source.strip() for source in sources.values())
    assert [region["source"].split(" (Text: ")[1][:16] for region in regions] == [
        "shared/seeds/000",
        "shared/seeds/001",
        "shared/seeds/002",
        "shared/seeds/003",
        "shared/seeds/004",
    ]


def test_seed_data_attribution_names_geonames_and_its_licence():
    text = (seed.DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")

    for phrase in (
        "**GeoNames**",
        "<https://www.geonames.org/>",
        "Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
        "<https://creativecommons.org/licenses/by/4.0/deed.de>",
        "`DE.zip` aus\n  <https://download.geonames.org/export/zip/>",
        "## Was geändert wurde",
    ):
        assert phrase in text


def test_seed_data_missing_and_unknown_keys(data_dir):
    def change(data):
        del data["regions"][0]["tagline"]
        data["regions"][1]["taglien"] = "Bildung aus einer Hand"

    edit_json(data_dir, "regions.json", change)

    assert problems(data_dir) == [
        "regions.json, regions, Eintrag 1: „tagline“ fehlt",
        "regions.json, regions, Eintrag 2: unbekannter Schlüssel „taglien“",
    ]


def test_seed_data_types_lengths_and_choices(data_dir):
    edit_json(data_dir, "focus_areas.json", lambda d: d["focus_areas"]["stade"][0].update(title=5))
    edit_json(
        data_dir,
        "actors.json",
        lambda d: d["actors"][0].update(kind="amt", latitude="53.3", email="kein-at"),
    )
    edit_json(
        data_dir,
        "documents.json",
        lambda d: d["documents"]["lueneburg"][1].update(published_on="08.08.2016"),
    )
    edit_json(
        data_dir,
        "funding_programmes.json",
        lambda d: d["funding_programmes"]["lueneburg"][0].update(budget=50000),
    )
    edit_json(
        data_dir, "regions.json", lambda d: d["regions"][2].update(last_reviewed="26.07.2018")
    )

    assert problems(data_dir) == [
        "regions.json, regions, Eintrag 3, last_reviewed: muss ein Datum wie 2018-07-26 sein "
        "oder null",
        "actors.json, actors, Eintrag 1, kind: Wert 'amt' ist keine gültige Option.",
        "actors.json, actors, Eintrag 1, latitude: muss eine Zahl sein",
        "actors.json, actors, Eintrag 1, email: Bitte gültige E-Mail-Adresse eingeben.",
        "focus_areas.json, focus_areas, stade, Eintrag 1, title: muss ein Text sein",
        "documents.json, documents, lueneburg, Eintrag 2, published_on: Wert „08.08.2016“ hat "
        "ein ungültiges Datumsformat. Es muss YYYY-MM-DD entsprechen.",
        "funding_programmes.json, funding_programmes, lueneburg, Eintrag 1, budget: muss ein "
        "Betrag als Text sein, etwa „50000.00“",
    ]


def test_seed_data_postcodes_have_five_digits(data_dir):
    edit_json(data_dir, "regions.json", lambda d: d["regions"][0].update(office_postcode="2691"))
    edit_line(data_dir, "postal_codes.csv", 2, ",27804,", ",278040,")

    assert problems(data_dir) == [
        "regions.json, regions, Eintrag 1, office_postcode: Eine Postleitzahl hat fünf Ziffern.",
        "postal_codes.csv, Zeile 2, code: Eine Postleitzahl hat fünf Ziffern. Bitte "
        "sicherstellen, dass der Wert aus höchstens 5 Zeichen besteht. (Er besteht aus 6 "
        "Zeichen.)",
    ]


def test_seed_data_coordinates_lie_in_lower_saxony(data_dir):
    # Munich for Berne, a point in the North Sea for Brake, and a coordinate that is no number.
    edit_line(data_dir, "postal_codes.csv", 2, "53.1814,8.4822", "48.1374,11.5755")
    edit_line(data_dir, "municipalities.csv", 3, "53.3252,8.4650", "54.2000,6.0000")
    edit_line(data_dir, "municipalities.csv", 4, "53.5472", "53,5472")
    edit_json(data_dir, "actors.json", lambda d: d["actors"][0].update(longitude=12.0))

    assert problems(data_dir) == [
        "municipalities.csv, Zeile 3, latitude: Breitengrad 54.2 liegt nicht in Niedersachsen "
        "(51.29 bis 53.90)",
        "municipalities.csv, Zeile 3, longitude: Längengrad 6.0 liegt nicht in Niedersachsen "
        "(6.65 bis 11.60)",
        "municipalities.csv, Zeile 4: 9 statt 8 Werte",
        "postal_codes.csv, Zeile 2, latitude: Breitengrad 48.1374 liegt nicht in Niedersachsen "
        "(51.29 bis 53.90)",
        "actors.json, actors, Eintrag 1, longitude: Längengrad 12.0 liegt nicht in "
        "Niedersachsen (6.65 bis 11.60)",
    ]


def test_seed_data_slugs_are_unique(data_dir):
    edit_line(data_dir, "municipalities.csv", 4, "wesermarsch,butjadingen,", "wesermarsch,berne,")
    edit_json(
        data_dir,
        "working_groups.json",
        lambda d: d["working_groups"]["hameln-pyrmont"][1].update(slug="ag-schule-beruf"),
    )
    edit_json(
        data_dir,
        "actors.json",
        lambda d: d["actors"][12].update(slug="landkreis-hameln-pyrmont"),
    )
    edit_json(
        data_dir, "regions.json", lambda d: d["regions"][4].update(slug="Lüneburg", name="Stade")
    )

    assert problems(data_dir) == [
        "regions.json, regions, Eintrag 5, slug: muss ein Kurzname aus Kleinbuchstaben, Ziffern "
        "und Bindestrichen sein",
    ]
    edit_json(data_dir, "regions.json", lambda d: d["regions"][4].update(slug="lueneburg"))
    assert problems(data_dir) == [
        "regions.json, regions, Eintrag 5: Name „Stade“ doppelt",
        "municipalities.csv, Zeile 4: Kurzname „berne“ doppelt",
        "postal_codes.csv, Zeile 4, municipality: keine Stadt oder Gemeinde „butjadingen“ in "
        "der Region „wesermarsch“",
        "actors.json, actors, Eintrag 13: Kurzname „landkreis-hameln-pyrmont“ doppelt",
        "working_groups.json, working_groups, hameln-pyrmont, Eintrag 2: Kurzname "
        "„ag-schule-beruf“ doppelt",
    ]


def test_seed_data_references_exist(data_dir):
    edit_json(data_dir, "actors.json", lambda d: d["actors"][0].update(municipality="brake"))
    edit_json(data_dir, "actors.json", lambda d: d["actors"][1].update(region="weser"))

    def working_groups(data):
        groups = data["working_groups"]
        groups["wesermarsch"][0]["members"][0]["actor"] = "bildungsbuero"
        groups["wesermarsh"] = groups.pop("osnabrueck")

    edit_json(data_dir, "working_groups.json", working_groups)
    edit_json(
        data_dir,
        "education_week.json",
        lambda d: d["education_week"].update(municipality="hamelin", organiser="sam", day=31),
    )
    edit_line(data_dir, "municipalities.csv", 2, "wesermarsch,berne", "weser,berne")
    edit_line(data_dir, "postal_codes.csv", 2, "wesermarsch,berne", "weser,berne")

    assert problems(data_dir) == [
        "municipalities.csv, Zeile 2, region: unbekannte Region „weser“",
        "actors.json, actors, Eintrag 1, municipality: keine Stadt oder Gemeinde „brake“ in der "
        "Region „wesermarsch“",
        "actors.json, actors, Eintrag 2, region: unbekannte Region „weser“",
        "working_groups.json, working_groups, wesermarsh: unbekannte Region „wesermarsh“",
        "working_groups.json, working_groups, wesermarsch, Eintrag 1, members, Eintrag 1, "
        "actor: unbekannter Akteur „bildungsbuero“",
        "education_week.json, education_week, municipality: keine Stadt oder Gemeinde "
        "„hamelin“ in der Region „hameln-pyrmont“",
        "education_week.json, education_week, organiser: unbekannter Akteur „sam“",
        "education_week.json, education_week, day: kein Tag dieses Monats",
    ]


def test_seed_data_main_postcode_is_one_of_the_municipality_postcodes(data_dir):
    edit_line(data_dir, "municipalities.csv", 2, ",27804,", ",27805,")

    assert problems(data_dir) == [
        "municipalities.csv, Zeile 2, postcode: 27805 fehlt in postal_codes.csv bei „berne“",
    ]


def test_seed_data_unreadable_files(data_dir):
    (data_dir / "regions.json").write_text('{"source": "x",\n  "regions": [}', encoding="utf-8")
    (data_dir / "documents.json").unlink()
    edit_line(data_dir, "postal_codes.csv", 1, ",latitude,", ",lat,")
    edit_json(data_dir, "actors.json", lambda d: d.update(akteure=d.pop("actors")))

    assert problems(data_dir) == [
        "regions.json: kein gültiges JSON (Zeile 2, Spalte 15: Expecting value)",
        "postal_codes.csv, Zeile 1: die Spalten müssen "
        "region,municipality,code,place,latitude,longitude sein",
        "actors.json: muss ein Objekt mit genau „source“ und „actors“ sein",
        "documents.json: Datei fehlt",
    ]


@pytest.mark.django_db
def test_regions_load_reads_the_data_files(data_dir):
    regions_load()
    edit_json(
        data_dir,
        "regions.json",
        lambda d: d["regions"][2].update(tagline="Gemeinsam für Bildung im Landkreis Stade"),
    )

    counts = regions_load(update=True, data_dir=data_dir)

    assert Region.objects.get(slug="stade").tagline == "Gemeinsam für Bildung im Landkreis Stade"
    assert counts["regions"] == {"created": 0, "updated": 1}
    assert sum(row["updated"] for row in counts.values()) == 1


@pytest.mark.django_db
def test_load_regions_command_refuses_broken_data_and_writes_nothing(data_dir):
    edit_line(data_dir, "municipalities.csv", 2, ",27804,", ",27805,")

    with pytest.raises(CommandError) as error:
        call_command("load_regions", "--data-dir", str(data_dir), stdout=StringIO())

    assert str(error.value) == (
        "Die Datendateien sind fehlerhaft, nichts wurde geladen:\n"
        "municipalities.csv, Zeile 2, postcode: 27805 fehlt in postal_codes.csv bei „berne“"
    )
    assert Region.objects.count() == 0


def test_seed_data_funding_call_names_a_programme_of_its_region(data_dir):
    edit_json(
        data_dir,
        "funding_calls.json",
        lambda d: d["funding_calls"]["lueneburg"][0].update(
            programme="gibt-es-nicht", eligible_kinds=["kita", "raumstation"]
        ),
    )
    assert problems(data_dir) == [
        "funding_calls.json, funding_calls, lueneburg, Eintrag 1, eligible_kinds: unbekannte "
        "Art „raumstation“"
    ]
    edit_json(
        data_dir,
        "funding_calls.json",
        lambda d: d["funding_calls"]["lueneburg"][0].update(eligible_kinds=["kita"]),
    )
    assert problems(data_dir) == [
        "funding_calls.json, funding_calls, lueneburg, Eintrag 1, programme: kein "
        "Förderprogramm „gibt-es-nicht“ in der Region „lueneburg“"
    ]
