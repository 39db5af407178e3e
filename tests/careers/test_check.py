import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers import check

pytestmark = pytest.mark.django_db

URL = "/berufswahl-check/"


def answers(**points_by_type):
    """2 points for every statement of the given types, 0 elsewhere."""
    return {key: str(points_by_type.get(letter, 0)) for key, letter, _text in check.STATEMENTS}


def test_check_has_30_statements_five_per_type():
    letters = [letter for _key, letter, _text in check.STATEMENTS]
    assert len(letters) == 30
    assert {letter: letters.count(letter) for letter in "RIASEC"} == dict.fromkeys("RIASEC", 5)


def test_check_page_says_it_is_an_orientation_and_cites_holland(client):
    response = client.get(URL)
    body = response.content.decode()
    assert "eine Orientierung, kein Test" in body
    assert "Holland" in body
    assert body.count('type="radio"') == 90
    assert response["Cache-Control"] == "no-store"


def test_check_result_shows_matching_fields_with_links(client):
    response = client.post(URL, {**answers(S=2), "plz": "49074"})
    matches = response.context["result"]["matches"]
    assert {m.field.slug for m in matches[:2]} == {"soziales-paedagogik", "gesundheit-pflege"}
    body = response.content.decode()
    assert reverse("careers:occupation-detail", args=["sozialassistent-in"]) in body
    assert "?berufsfeld=soziales-paedagogik&amp;plz=49074&amp;umkreis=25" in body
    assert "/angebote/?lebensphase=uebergang-schule-beruf" in body


def test_check_realistic_answers_suggest_technical_fields(client):
    response = client.post(URL, answers(R=2, I=1))
    slugs = [m.field.slug for m in response.context["result"]["matches"]]
    assert set(slugs[:3]) <= {
        "metall-maschinenbau",
        "elektro-mechatronik",
        "fahrzeuge-schiffe",
        "landwirtschaft-natur",
    }


def test_check_stores_nothing(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, answers(A=2, E=1))
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    assert dict(client.session) == {}
    assert "sessionid" not in response.cookies
    assert response["Cache-Control"] == "no-store"


def test_check_invalid_postcode_keeps_answers(client):
    response = client.post(URL, {**answers(C=2), "plz": "123"})
    assert response.context["result"] is None
    assert "fünfstellige Postleitzahl" in response.content.decode()
    assert response.context["form"]["c1"].value() == "2"
