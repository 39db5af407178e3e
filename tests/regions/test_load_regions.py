import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from portal.services import education_week_dates


@pytest.mark.django_db
def test_load_regions_command_prints_german_summary():
    out = StringIO()

    call_command("load_regions", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "Bildungsregionen: 5 neu, 0 aktualisiert"
    assert lines[1] == "Städte und Gemeinden: 134 neu, 0 aktualisiert"
    assert lines[-1].startswith("Regionen geladen: ")


def test_education_week_dates_is_the_week_of_8_september():
    assert education_week_dates(today=datetime.date(2026, 11, 23)) == (
        datetime.date(2027, 9, 6),
        datetime.date(2027, 9, 12),
    )
    assert education_week_dates(today=datetime.date(2027, 1, 10)) == (
        datetime.date(2027, 9, 6),
        datetime.date(2027, 9, 12),
    )
    assert education_week_dates(today=datetime.date(2028, 9, 4)) == (
        datetime.date(2028, 9, 4),
        datetime.date(2028, 9, 10),
    )
    assert education_week_dates(today=datetime.date(2028, 9, 5)) == (
        datetime.date(2029, 9, 3),
        datetime.date(2029, 9, 9),
    )
