import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from careers.models import Occupation, OccupationField, Place, SchoolCertificate
from tests.factories import make_place

pytestmark = pytest.mark.django_db


def test_occupations_shipped_each_name_their_source():
    occupations = list(Occupation.objects.select_related("field"))
    assert len(occupations) >= 30
    assert all(o.source_name for o in occupations)
    # No durations without a source: the shipped list leaves them to the official import.
    assert {o.duration for o in occupations} == {""}
    assert set(OccupationField.objects.values_list("interests", flat=True)) >= {"RI", "SA"}


def test_place_coordinates_follow_postcode_from_gazetteer():
    place = make_place(postcode="49074", city="Osnabrück")
    place.refresh_from_db()
    assert place.has_coordinates
    assert 52.2 < place.latitude < 52.3
    assert 8.0 < place.longitude < 8.1


def test_place_public_hides_drafts_and_expired():
    today = timezone.localdate()
    shown = make_place(title="Sichtbar")
    make_place(title="Entwurf", status=Place.Status.DRAFT)
    make_place(title="Abgelaufen", valid_until=today - datetime.timedelta(days=1))
    assert list(Place.objects.public()) == [shown]


def test_certificate_up_to_includes_lower_ones():
    assert SchoolCertificate.up_to("realschule") == ["ohne", "hauptschule", "realschule"]


def test_import_occupations_creates_and_updates(tmp_path):
    csv_file = tmp_path / "berufe.csv"
    csv_file.write_text(
        "Berufsbezeichnung;Berufsfeld;Ausbildungsdauer\n"
        "Tischler/-in;Bau, Holz, Ausbau;36 Monate\n"
        "Orgelbauer/-in;bau-holz;42 Monate\n"
        "Unbekannter Beruf;Weltraum;\n",
        encoding="utf-8",
    )
    before = Occupation.objects.count()

    call_command("import_occupations", str(csv_file), quelle="BIBB-Test-Liste")

    assert Occupation.objects.count() == before + 1
    organ = Occupation.objects.get(slug="orgelbauer-in")
    assert (organ.field.slug, organ.duration, organ.source_name) == (
        "bau-holz",
        "42 Monate",
        "BIBB-Test-Liste",
    )
    assert Occupation.objects.get(slug="tischler-in").duration == "36 Monate"
    assert not Occupation.objects.filter(name="Unbekannter Beruf").exists()
