"""The snippet generator of the embeddable lists (/admin/einbetten/): who may use it for
which region, and the code it makes."""

import pytest
from django.utils.html import escape

from tests.admin.conftest import make_user
from tests.factories import make_region

pytestmark = pytest.mark.django_db

URL = "/admin/einbetten/"
STADE_OFFERS = {"liste": "angebote", "region": "stade", "anzahl": "5", "hoehe": "600"}


@pytest.fixture
def regions():
    return make_region(name="Stade", slug="stade"), make_region(name="Lüneburg", slug="lueneburg")


def snippet(src, title, height=600):
    return (
        f'<iframe src="{src}" title="{title}" loading="lazy" height="{height}" '
        'style="width: 100%; border: 0;"></iframe>'
    )


def region_options(response):
    return [str(region) for region in response.context["form"].fields["region"].queryset]


def test_anonymous_visitors_are_sent_to_the_login(client, regions):
    response = client.get(URL, STADE_OFFERS)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={URL}%3F" + (
        "liste%3Dangebote%26region%3Dstade%26anzahl%3D5%26hoehe%3D600"
    )


def test_staff_without_a_bildungsbuero_may_not(client, regions):
    client.force_login(make_user("ohne-buero"))
    assert client.get(URL).status_code == 403


def test_an_office_of_another_region_gets_no_code_for_stade(client, regions):
    _stade, lueneburg = regions
    client.force_login(make_user("buero-lueneburg", region=lueneburg, role="koordination"))
    response = client.get(URL, STADE_OFFERS)
    assert response.status_code == 200
    assert region_options(response) == ["Lüneburg"]
    assert response.context["form"].errors == {
        "region": ["Diese Region können Sie nicht wählen: Sie arbeiten nicht für ihr Bildungsbüro."]
    }
    assert "snippet" not in response.context
    assert "einbetten/angebote/?region=stade" not in response.content.decode()


@pytest.mark.parametrize("role", ["redaktion", "koordination"])
def test_the_office_of_the_region_gets_the_code_and_a_preview(client, regions, role):
    stade, _lueneburg = regions
    client.force_login(make_user(f"buero-stade-{role}", region=stade, role=role))
    first = client.get(URL)
    assert first.status_code == 200
    assert region_options(first) == ["Stade"]
    assert first.context["form"]["region"].value() == "stade"  # preset: the only choice
    response = client.get(
        URL,
        {**STADE_OFFERS, "lebensphase": "fruehe-kindheit", "art": "praktikumsboerse"},
    )
    path = "/einbetten/angebote/?region=stade&lebensphase=fruehe-kindheit&anzahl=5"
    assert response.context["embed_path"] == path
    assert response.context["snippet"] == snippet(
        "http://testserver" + path.replace("&", "&amp;"), "Angebote der Bildungsregion Stade"
    )
    body = response.content.decode()
    assert escape(response.context["snippet"]) in body  # in the text area, to copy
    assert (
        f'<iframe class="portal-embed-preview" src="{escape(path)}" '
        'title="Angebote der Bildungsregion Stade" height="600"></iframe>'
    ) in body
    # The admin keeps refusing to be framed, and may frame the portal's own embed.
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"].endswith("; frame-src 'self'")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_events_code_has_the_event_filters_heading_and_height(client, regions):
    stade, _lueneburg = regions
    client.force_login(make_user("buero-stade", region=stade, role="redaktion"))
    response = client.get(
        URL,
        {
            "liste": "veranstaltungen",
            "region": "stade",
            "lebensphase": "fruehe-kindheit",
            "art": "praktikumsboerse",
            "jahrgang": "9",
            "anzahl": "10",
            "titel": "Termine für Schulen & Eltern",
            "hoehe": "900",
        },
    )
    assert response.context["snippet"] == snippet(
        "http://testserver/einbetten/veranstaltungen/?region=stade&amp;art=praktikumsboerse"
        "&amp;jahrgang=9&amp;anzahl=10&amp;titel=Termine+f%C3%BCr+Schulen+%26+Eltern",
        "Termine für Schulen &amp; Eltern",
        900,
    )


def test_wrong_numbers_get_german_messages(client, regions):
    stade, _lueneburg = regions
    client.force_login(make_user("buero-stade", region=stade, role="redaktion"))
    response = client.get(URL, {**STADE_OFFERS, "anzahl": "0", "hoehe": "50", "jahrgang": "4"})
    assert response.context["form"].errors == {
        "anzahl": ["Die Anzahl der Einträge muss eine Zahl von 1 bis 20 sein."],
        "hoehe": ["Die Höhe muss eine Zahl von 200 bis 3000 Pixeln sein."],
        "jahrgang": ["Jahrgänge gibt es von 5 bis 13."],
    }
    assert "snippet" not in response.context


def test_superusers_choose_any_region_or_all(client, regions):
    client.force_login(make_user("land", is_superuser=True))
    response = client.get(URL, {**STADE_OFFERS, "region": "lueneburg"})
    assert region_options(response) == ["Lüneburg", "Stade"]
    assert response.context["embed_path"] == "/einbetten/angebote/?region=lueneburg&anzahl=5"
    everywhere = client.get(URL, {**STADE_OFFERS, "region": ""})
    assert everywhere.context["embed_path"] == "/einbetten/angebote/?anzahl=5"
    assert everywhere.context["frame_title"] == "Angebote der Bildungsregionen"


def test_the_admin_index_links_to_the_generator(client, regions):
    stade, _lueneburg = regions
    client.force_login(make_user("buero-stade", region=stade, role="redaktion"))
    assert f'<a href="{URL}">Listen einbetten:' in client.get("/admin/").content.decode()


def test_the_coordination_keeps_the_list_of_websites_on_the_region_page(client, regions):
    stade, _lueneburg = regions
    client.force_login(make_user("koordination-stade", region=stade, role="koordination"))
    page = client.get(f"/admin/regions/region/{stade.pk}/change/").content.decode()
    assert 'name="embed_origins"' in page
