import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer
from regions.geo import haversine_km
from tests.conftest import fixture_built_once
from tests.factories import committed, make_actor, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def _build_landscape():
    """Two regions, three towns with known coordinates, offers of every kind of filter."""
    north = make_region(name="Nordkreis", slug="nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis")
    stade = make_municipality(
        north, name="Stade", slug="stade", postcode="21682", latitude=53.5990, longitude=9.4760
    )
    buxtehude = make_municipality(
        north,
        name="Buxtehude",
        slug="buxtehude",
        postcode="21614",
        latitude=53.4770,
        longitude=9.7010,
    )
    hameln = make_municipality(
        south, name="Hameln", slug="hameln", postcode="31785", latitude=52.1030, longitude=9.3560
    )
    vhs = make_actor(north, name="VHS Stade", municipality=stade)
    kita = make_actor(north, name="Kita Sonnenschein", kind="kita", municipality=buxtehude)
    school = make_actor(south, name="Oberschule Hameln", kind="oberschule", municipality=hameln)

    def at(m):
        return {"municipality": m, "latitude": m.latitude, "longitude": m.longitude, "city": m.name}

    offers = {
        "deutsch": make_offer(
            provider=vhs,
            title="Deutschkurs am Abend",
            is_free=False,
            cost=80,
            life_stages=["beruf-und-weiterbildung"],
            topics=["sprache-und-lesen"],
            learning_setting=Offer.Setting.NON_FORMAL,
            age_min=18,
            **at(stade),
        ),
        "lesen": make_offer(
            provider=kita,
            title="Vorlesen in der Kita",
            is_free=True,
            life_stages=["fruehe-kindheit"],
            topics=["sprache-und-lesen"],
            learning_setting=Offer.Setting.INFORMAL,
            age_min=3,
            age_max=6,
            is_accessible=True,
            **at(buxtehude),
        ),
        "mint": make_offer(
            provider=school,
            title="Robotik-AG",
            is_free=True,
            format=Offer.Format.HYBRID,
            life_stages=["sekundarstufe"],
            topics=["mint"],
            learning_setting=Offer.Setting.FORMAL,
            age_min=10,
            age_max=16,
            **at(hameln),
        ),
        "entwurf": make_offer(
            provider=vhs, title="Entwurf eines Kurses", status=Offer.Status.DRAFT, **at(stade)
        ),
        "abgelaufen": make_offer(
            provider=vhs,
            title="Abgelaufener Kurs",
            valid_until=timezone.localdate() - datetime.timedelta(days=1),
            **at(stade),
        ),
    }
    return {"north": north, "south": south, "stade": stade, "hameln": hameln, **offers}


_rows, landscape = fixture_built_once("landscape", _build_landscape)


def titles(response):
    return [card.title for card in response.context["cards"]]


def test_offer_list_shows_only_published_current_offers_a_to_z(client, landscape):
    response = client.get(URL, {"sortierung": "a-z"})
    assert response.status_code == 200
    assert titles(response) == ["Deutschkurs am Abend", "Robotik-AG", "Vorlesen in der Kita"]
    assert response.context["page_obj"].paginator.count == 3


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "nordkreis"}, ["Deutschkurs am Abend", "Vorlesen in der Kita"]),
        ({"lebensphase": "fruehe-kindheit"}, ["Vorlesen in der Kita"]),
        ({"thema": "sprache-und-lesen"}, ["Deutschkurs am Abend", "Vorlesen in der Kita"]),
        ({"thema": "sprache-und-lesen", "kosten": "kostenlos"}, ["Vorlesen in der Kita"]),
        ({"lernform": "formal"}, ["Robotik-AG"]),
        ({"format": "hybrid"}, ["Robotik-AG"]),
        ({"barrierefrei": "ja"}, ["Vorlesen in der Kita"]),
        ({"alter": "12"}, ["Robotik-AG"]),
        ({"alter": "40"}, ["Deutschkurs am Abend"]),
        ({"region": "suedkreis", "thema": "sprache-und-lesen"}, []),
    ],
)
def test_offer_list_filters_combine(client, landscape, params, expected):
    assert titles(client.get(URL, {**params, "sortierung": "a-z"})) == expected


def test_offer_list_filters_by_municipality(client, landscape):
    response = client.get(URL, {"region": "nordkreis", "gemeinde": landscape["stade"].pk})
    assert titles(response) == ["Deutschkurs am Abend"]


def test_offer_list_counts_respect_the_other_filters(client, landscape):
    response = client.get(URL, {"thema": "sprache-und-lesen"})
    facets = response.context["facets"]
    # Region counts under the topic filter: both language offers are in the north.
    assert [(value, count) for value, _label, count, _sel in facets["region"]] == [
        ("nordkreis", 2),
        ("suedkreis", 0),
    ]
    # Topic counts ignore the topic filter itself but no other.
    topic_counts = {value: count for value, _label, count, _sel in facets["thema"]}
    assert topic_counts["sprache-und-lesen"] == 2
    assert topic_counts["mint"] == 1
    assert [(v, c, s) for v, _l, c, s in facets["kosten"]] == [("kostenlos", 1, False)]
    lernform = {value: count for value, _label, count, _sel in facets["lernform"]}
    assert lernform == {"formal": 0, "non-formal": 1, "informell": 1}


def test_offer_list_municipality_facet_appears_with_a_region(client, landscape):
    assert "gemeinde" not in client.get(URL).context["facets"]
    facets = client.get(URL, {"region": "nordkreis"}).context["facets"]
    assert [(label, count) for _v, label, count, _s in facets["gemeinde"]] == [
        ("Buxtehude", 1),
        ("Stade", 1),
    ]


def test_offer_list_radius_and_distance_order(client, landscape):
    # 21682 Stade: Buxtehude is about 21 km away, Hameln about 166 km.
    response = client.get(URL, {"plz": "21682", "umkreis": "30", "sortierung": "entfernung"})
    assert titles(response) == ["Deutschkurs am Abend", "Vorlesen in der Kita"]
    distances = [offer.distance for offer in response.context["cards"]]
    assert distances[0] == pytest.approx(0, abs=0.01)
    expected = haversine_km(53.5990, 9.4760, 53.4770, 9.7010)
    assert distances[1] == pytest.approx(expected, rel=0.01)
    response = client.get(URL, {"plz": "21682", "umkreis": "10"})
    assert titles(response) == ["Deutschkurs am Abend"]
    response = client.get(URL, {"plz": "21682", "umkreis": "200", "sortierung": "entfernung"})
    assert titles(response) == ["Deutschkurs am Abend", "Vorlesen in der Kita", "Robotik-AG"]


def test_offer_list_unknown_postcode_gives_a_german_error_and_keeps_input(client, landscape):
    response = client.get(URL, {"plz": "99999", "umkreis": "10", "thema": "mint"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["plz"] == [
        "Die Postleitzahl 99999 kennen wir nicht. Bitte prüfen Sie sie oder geben Sie die "
        "Postleitzahl eines Nachbarorts ein."
    ]
    assert 'value="99999"' in response.content.decode()
    # The valid filters still apply.
    assert titles(response) == ["Robotik-AG"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"plz": "12"}, "plz", "Bitte geben Sie eine fünfstellige Postleitzahl ein."),
        (
            {"plz": "21682", "umkreis": "500"},
            "umkreis",
            "Der Umkreis darf höchstens 200 km betragen.",
        ),
        ({"alter": "-3"}, "alter", "Bitte geben Sie ein Alter ab 0 Jahren ein."),
        ({"alter": "abc"}, "alter", "Bitte geben Sie das Alter als Zahl in Jahren ein, z. B. 8."),
    ],
)
def test_offer_list_bad_values_give_german_errors(client, landscape, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]


def test_offer_list_active_filters_link_to_the_list_without_them(client, landscape):
    response = client.get(URL, {"region": "nordkreis", "thema": "mint", "seite": "1"})
    assert response.context["active_filters"] == [
        ("Region", "Nordkreis", "?thema=mint"),
        ("Thema", "MINT", "?region=nordkreis"),
    ]


def test_offer_list_sorting_newest(client, landscape):
    landscape["lesen"].published_at = timezone.now()
    with committed():
        landscape["lesen"].save()
    response = client.get(URL, {"sortierung": "neu"})
    assert titles(response)[0] == "Vorlesen in der Kita"


def test_offer_list_paginates_by_twenty(client, landscape):
    provider = landscape["deutsch"].provider
    for i in range(25):
        make_offer(provider=provider, title=f"Zusatzkurs {i:02d}")
    first = client.get(URL, {"region": "nordkreis"})
    second = client.get(URL, {"region": "nordkreis", "seite": "2"})
    assert len(first.context["cards"]) == 20
    assert len(second.context["cards"]) == 7
    assert first.context["page_obj"].paginator.count == 27
    assert "seite=2" in first.content.decode()
    assert "region=nordkreis&amp;seite=2" in first.content.decode()


def test_offer_list_query_count_does_not_grow_with_page_size(
    client, landscape, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as small:
        client.get(URL, {"region": "nordkreis"})
    provider = landscape["deutsch"].provider
    for i in range(30):
        make_offer(provider=provider, title=f"Massenkurs {i:02d}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL, {"region": "nordkreis"})


def test_offer_list_htmx_returns_the_partial_with_the_announcement(client, landscape):
    response = client.get(URL, {"region": "suedkreis"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'data-hx-swap-oob="innerHTML:#ergebnis-ansage"' in body
    assert "1 Angebot gefunden" in body


def test_offer_detail_shows_everything_and_hides_drafts(client, landscape):
    offer = landscape["deutsch"]
    response = client.get(reverse("offers:offer-detail", kwargs={"slug": offer.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ["Deutschkurs am Abend", "VHS Stade", "80,00 €", "Stand:", "Nordkreis"]:
        assert text in body
    draft = landscape["entwurf"]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_offer_list_sorting_is_automatic_until_chosen(client, landscape):
    response = client.get(URL, {"thema": "mint"})
    options = response.context["sort_options"]
    assert [value for value, _label, selected in options if selected] == [""]
    chosen = client.get(URL, {"sortierung": "a-z"}).context["sort_options"]
    assert [value for value, _label, selected in chosen if selected] == ["a-z"]


def test_offer_list_follows_the_editorial_workflow(client, landscape, django_user_model):
    from offers.services import offer_archive, offer_publish

    editor = django_user_model.objects.create_superuser("redaktion", password="x")
    draft = landscape["entwurf"]
    with committed():
        offer_publish(offer=draft, by=editor)
    assert "Entwurf eines Kurses" in titles(client.get(URL, {"sortierung": "a-z"}))
    with committed():
        offer_archive(offer=draft, by=editor)
    assert "Entwurf eines Kurses" not in titles(client.get(URL, {"sortierung": "a-z"}))


def test_offer_list_queries_stay_within_budget(client, landscape, django_assert_max_num_queries):
    """Counts, option names and the footer's regions are kept per content generation; a list
    then costs at most one query: the page's rows with everything their cards show. (Upper
    bounds: what each request takes today.)"""
    with django_assert_max_num_queries(8):
        # grouped counts, regions + life stages + topics (options), life stage names (cards),
        # the footer's regions, the table of region hosts (regions.hosts), the page's rows
        client.get(URL)
    with django_assert_max_num_queries(1):
        client.get(URL, {"seite": "1"})
    with django_assert_max_num_queries(4):
        # the chosen region (validation), grouped counts by place too, the page's rows, the
        # region's places
        client.get(URL, {"region": "nordkreis"})
    with django_assert_max_num_queries(2):
        client.get(URL, {"region": "nordkreis", "sortierung": "a-z"})
    radius = {"plz": "21682", "umkreis": "50", "sortierung": "entfernung"}
    with django_assert_max_num_queries(4):  # the postcode's centre, grouped counts, keys, cards
        client.get(URL, radius)
    with django_assert_max_num_queries(3):
        client.get(URL, {**radius, "seite": "1"})


def test_filter_sets_share_no_filter_state(rf):
    """Each filter set has its own copies of the class's filters (django-filter's own
    constructor), and the class's filters stay untouched."""
    from offers.filters import OfferFilter

    first = OfferFilter(rf.get(URL, {"q": "Lesen"}).GET)
    second = OfferFilter(rf.get(URL, {"q": "Musik"}).GET)
    assert first.filters["q"].parent is first
    assert second.filters["q"].parent is second
    assert first.filters["q"].filter.f is first.filters["q"]  # method bound to the copy
    assert not hasattr(OfferFilter.base_filters["q"], "parent")
    assert first.form.is_valid() and second.form.is_valid()
    assert (first.form.cleaned_data["q"], second.form.cleaned_data["q"]) == ("Lesen", "Musik")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("da", ["Deutschkurs am Abend", "Vorlesen in der Kita", "Robotik-AG"]),
        ("DA", ["Deutschkurs am Abend", "Vorlesen in der Kita", "Robotik-AG"]),
        ("-Robotik", ["Deutschkurs am Abend", "Vorlesen in der Kita"]),
    ],
)
def test_search_with_nothing_to_rank_lists_newest_first(client, landscape, q, expected):
    """Stop words only, or exclusions only: search_offers() cannot rank, so the list falls
    back to newest first (found by Hypothesis as a warning about an unordered page)."""
    now = timezone.now()
    with committed():
        for days, name in enumerate(["deutsch", "lesen", "mint"]):
            landscape[name].published_at = now - datetime.timedelta(days=days)
            landscape[name].save()
    newest = titles(client.get(URL, {"sortierung": "neu"}))
    assert newest == ["Deutschkurs am Abend", "Vorlesen in der Kita", "Robotik-AG"]
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert titles(response) == expected


def test_offer_list_error_summary_links_each_error_to_its_field(client, landscape):
    html = client.get(URL, {"plz": "1", "umkreis": "abc"}).content.decode()
    summary = html.split('id="fehlerliste"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"<li>.*?</li>", summary) == [
        '<li><a class="kern-link" href="#id_plz">Postleitzahl: '
        "Bitte geben Sie eine fünfstellige Postleitzahl ein.</a></li>",
        '<li><a class="kern-link" href="#id_umkreis">Umkreis in km: '
        "Bitte geben Sie den Umkreis als Zahl in Kilometern ein, z. B. 10.</a></li>",
    ]
    assert "<title>Fehler: Bildungsangebote – Bildungsregionen Niedersachsen</title>" in html
    assert 'aria-describedby="id_plz_error" id="id_plz">' in html


def test_offer_list_htmx_fragment_is_the_listing_of_the_page(client, landscape):
    """The page renders the partial that htmx requests get (offers/offer_list.html#results);
    the fragment adds, out of band, the announcement for the live region, the number of active
    filters on the disclosure and the form's fields (with the counts of this answer)."""
    params = {"region": "nordkreis", "thema": "sprache-und-lesen"}
    page = client.get(URL, params).content.decode()
    fragment = client.get(URL, params, headers={"HX-Request": "true"}).content.decode()
    listing = page.split(
        '<section id="angebote-liste" class="portal-listing__results" '
        'aria-labelledby="ergebnis-titel">',
        1,
    )[1]
    listing = listing.split("</section>", 1)[0]
    fields = page.split('id="filter-felder" data-filter-fields>', 1)[1]
    fields = fields.split('<button type="submit"', 1)[0]
    swapped, out_of_band = fragment.split('<div data-hx-swap-oob="innerHTML:#ergebnis-ansage">')
    announcement, _, rest = out_of_band.partition("</div>")
    count, _, oob_fields = rest.strip().partition("</span></span>")
    assert swapped.strip() == listing.strip()
    assert listing.count('<article class="portal-result">') == 2
    assert announcement == "2 Angebote gefunden"
    assert count == (
        '<span class="kern-title" id="filter-anzahl" data-hx-swap-oob="true">Filter (2)'
        '<span class="kern-sr-only"> aktiv'
    )
    oob_start = (
        '<div class="portal-filter-form__fields" id="filter-felder" data-filter-fields '
        'data-hx-swap-oob="true">'
    )
    assert oob_fields.strip().startswith(oob_start)
    assert oob_fields.strip().removeprefix(oob_start).strip() == fields.strip()
    assert 'data-hx-swap-oob="true"' not in page
    assert 'data-hx-swap-oob="innerHTML:#ergebnis-ansage"' not in page
