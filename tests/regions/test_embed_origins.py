"""The websites that may embed a region's lists (Region.embed_origins): one origin
https://host[:port] per line, German messages for everything else."""

import pytest
from django.core.exceptions import ValidationError

from regions.validators import validate_embed_origins
from tests.factories import make_region


def messages(text):
    with pytest.raises(ValidationError) as caught:
        validate_embed_origins(text)
    return caught.value.messages


@pytest.mark.parametrize(
    "text",
    [
        "",
        "https://www.gemeinde-beispiel.de",
        "https://schule.example:8443\n\n  https://WWW.Landkreis-Stade.DE  \n",
        "https://localhost:1",
        "https://a.b-c.d:65535",
    ],
)
def test_valid_lists_of_origins_pass(text):
    assert validate_embed_origins(text) is None


def test_each_wrong_line_gets_its_own_german_message():
    text = "\n".join(
        [
            "https://www.gut.de",
            "http://www.gemeinde.de",
            "www.gemeinde.de",
            "https://www.gemeinde.de/seite/",
            "https://www.gemeinde.de:70000",
            "https://*.gemeinde.de",
            "https://www.gemeinde.de; script-src *",
            "https://-falsch-.de",
        ]
    )
    assert messages(text) == [
        "Zeile 2: „http://www.gemeinde.de“ beginnt nicht mit https:// – Listen lassen sich nur "
        "in verschlüsselte Websites einbinden.",
        "Zeile 3: „www.gemeinde.de“ beginnt nicht mit https:// – Listen lassen sich nur in "
        "verschlüsselte Websites einbinden.",
        "Zeile 4: „https://www.gemeinde.de/seite/“ enthält einen Pfad. Bitte nur die Adresse "
        "der Website angeben, z. B. https://www.gemeinde-beispiel.de.",
        "Zeile 5: „https://www.gemeinde.de:70000“ ist keine Adresse der Form https://host oder "
        "https://host:port, z. B. https://www.gemeinde-beispiel.de.",
        "Zeile 6: „https://*.gemeinde.de“ ist keine Adresse der Form https://host oder "
        "https://host:port, z. B. https://www.gemeinde-beispiel.de.",
        "Zeile 7: „https://www.gemeinde.de; script-src *“ ist keine Adresse der Form "
        "https://host oder https://host:port, z. B. https://www.gemeinde-beispiel.de.",
        "Zeile 8: „https://-falsch-.de“ ist keine Adresse der Form https://host oder "
        "https://host:port, z. B. https://www.gemeinde-beispiel.de.",
    ]


@pytest.mark.django_db
def test_region_full_clean_reports_the_origins_field():
    region = make_region(embed_origins="https://ok.de\nftp://nein.de")
    with pytest.raises(ValidationError) as caught:
        region.full_clean()
    assert caught.value.message_dict == {
        "embed_origins": [
            "Zeile 2: „ftp://nein.de“ beginnt nicht mit https:// – Listen lassen sich nur in "
            "verschlüsselte Websites einbinden."
        ]
    }


@pytest.mark.django_db
def test_region_origin_list_is_normalised_and_only_valid():
    region = make_region(
        embed_origins="https://A.example\n\nhttps://a.example\n http://b.example \nhttps://c.example:8080"
    )
    # Written without full_clean (e.g. by code): the invalid line never reaches a header.
    assert region.embed_origin_list == ["https://a.example", "https://c.example:8080"]
    assert make_region().embed_origin_list == []
