"""The offer list's filters and the counts beside their options (offers.filters.OfferFilter).

Every count is exact: a facet counts the offers that match all *other* active filters, never
its own, and only published offers whose validity lasts.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from offers.filters import OfferFilter
from offers.models import Offer, Transition
from tests.conftest import fixture_built_once
from tests.factories import committed, make_actor, make_municipality, make_offer, make_region

pytestmark = pytest.mark.django_db

URL = "/angebote/"

ALL_STAGES = [
    "fruehe-kindheit",
    "grundschulzeit",
    "sekundarstufe",
    "uebergang-schule-beruf",
    "ausbildung-und-studium",
    "beruf-und-weiterbildung",
    "familie-und-eltern",
    "aeltere-menschen",
]


def _build_catalogue():
    """Five listed offers spread over every facet, plus a draft and an expired offer that match
    everything (and must never be counted)."""
    north = make_region(name="Nordkreis", slug="nordkreis")
    south = make_region(name="Südkreis", slug="suedkreis")
    stade = make_municipality(north, name="Stade", slug="stade", postcode="21682")
    buxtehude = make_municipality(north, name="Buxtehude", slug="buxtehude", postcode="21614")
    hameln = make_municipality(south, name="Hameln", slug="hameln", postcode="31785")
    vhs = make_actor(north, name="VHS Stade", municipality=stade)
    school = make_actor(south, name="Schule Hameln", kind="oberschule", municipality=hameln)
    offers = {
        "alpha": make_offer(
            provider=vhs,
            title="Alpha",
            municipality=stade,
            life_stages=["fruehe-kindheit"],
            topics=["sprache-und-lesen"],
            learning_setting=Offer.Setting.NON_FORMAL,
            format=Offer.Format.ON_SITE,
            is_free=True,
            is_accessible=True,
            age_min=3,
            age_max=6,
        ),
        "beta": make_offer(
            provider=vhs,
            title="Beta",
            municipality=buxtehude,
            life_stages=["fruehe-kindheit", "familie-und-eltern"],
            topics=["mint"],
            learning_setting=Offer.Setting.INFORMAL,
            format=Offer.Format.ONLINE,
            is_free=False,
            is_accessible=True,
        ),
        "gamma": make_offer(
            provider=school,
            title="Gamma",
            municipality=hameln,
            life_stages=["sekundarstufe"],
            topics=["mint", "sprache-und-lesen"],
            learning_setting=Offer.Setting.FORMAL,
            format=Offer.Format.HYBRID,
            is_free=True,
            is_accessible=False,
            age_min=10,
        ),
        "delta": make_offer(
            provider=vhs,
            title="Delta",
            municipality=stade,
            life_stages=["beruf-und-weiterbildung"],
            topics=["kulturelle-bildung"],
            learning_setting=Offer.Setting.NON_FORMAL,
            format=Offer.Format.ON_SITE,
            is_free=False,
            is_accessible=False,
            age_max=67,
        ),
        "epsilon": make_offer(
            provider=school,
            title="Epsilon",
            municipality=hameln,
            life_stages=["grundschulzeit"],
            topics=["sprache-und-lesen"],
            learning_setting=Offer.Setting.INFORMAL,
            format=Offer.Format.ON_SITE,
            is_free=True,
            is_accessible=True,
        ),
    }
    for title, extra in [
        ("Entwurf", {"status": Offer.Status.DRAFT}),
        ("Abgelaufen", {"valid_until": timezone.localdate() - datetime.timedelta(days=1)}),
    ]:
        make_offer(
            provider=vhs,
            title=title,
            municipality=stade,
            life_stages=["fruehe-kindheit"],
            topics=["sprache-und-lesen"],
            is_free=True,
            is_accessible=True,
            **extra,
        )
    beta = offers["beta"]
    with committed():
        beta.transitions.set([Transition.objects.get(slug="kita-grundschule")])
    return {"stade": stade, "buxtehude": buxtehude, **offers}


_rows, catalogue = fixture_built_once("catalogue", _build_catalogue)


def listed(params):
    response = Client().get(URL, {**params, "sortierung": "a-z"})
    assert response.status_code == 200
    return response


def titles(response):
    return [card.title for card in response.context["cards"]]


def counts(response, name):
    """(URL value, count, selected) of each option of one facet, in the page's order."""
    return [
        (value, count, selected)
        for value, _label, count, selected in response_facets(response)[name]
    ]


def response_facets(response):
    return response.context["facets"]


def counted(response, name):
    """{URL value: count} of the options with a count above 0."""
    return {value: count for value, count, _selected in counts(response, name) if count}


def stage_counts(response):
    return [(value, count) for value, count, _selected in counts(response, "lebensphase")]


def test_offer_facets_without_filters_count_every_listed_offer(catalogue):
    response = listed({})
    assert titles(response) == ["Alpha", "Beta", "Delta", "Epsilon", "Gamma"]
    assert response.context["page_obj"].paginator.count == 5
    assert counts(response, "region") == [("nordkreis", 3, False), ("suedkreis", 2, False)]
    assert counts(response, "barrierefrei") == [("ja", 3, False)]
    assert counts(response, "kosten") == [("kostenlos", 3, False)]
    assert counts(response, "lernform") == [
        ("formal", 1, False),
        ("non-formal", 2, False),
        ("informell", 2, False),
    ]
    assert counts(response, "format") == [
        ("praesenz", 3, False),
        ("online", 1, False),
        ("hybrid", 1, False),
    ]
    assert counted(response, "thema") == {
        "kulturelle-bildung": 1,
        "mint": 2,
        "sprache-und-lesen": 3,
    }


def test_offer_life_stage_counts_read_the_life_stages(catalogue):
    """Each life stage counts the offers in that stage (not those with a topic of the same
    number); the options come in the stages' order."""
    response = listed({})
    assert stage_counts(response) == list(zip(ALL_STAGES, [2, 1, 1, 0, 0, 1, 1, 0], strict=True))


def test_offer_accessible_count_is_the_accessible_offers_of_the_other_filters(catalogue):
    assert counts(listed({"region": "nordkreis"}), "barrierefrei") == [("ja", 2, False)]
    assert counts(listed({"region": "suedkreis"}), "barrierefrei") == [("ja", 1, False)]
    assert counts(listed({"thema": "mint"}), "barrierefrei") == [("ja", 1, False)]
    assert counts(listed({"kosten": "kostenlos", "format": "praesenz"}), "barrierefrei") == [
        ("ja", 2, False)
    ]
    assert counts(listed({"lernform": "formal"}), "barrierefrei") == [("ja", 0, False)]


def test_offer_accessible_filter_lists_and_counts_the_accessible_offers(catalogue):
    response = listed({"barrierefrei": "ja"})
    assert titles(response) == ["Alpha", "Beta", "Epsilon"]
    assert response.context["page_obj"].paginator.count == 3
    # Its own count leaves the filter out (the same 3), the others apply it.
    assert counts(response, "barrierefrei") == [("ja", 3, True)]
    assert counts(response, "region") == [("nordkreis", 2, False), ("suedkreis", 1, False)]
    assert counts(response, "kosten") == [("kostenlos", 2, False)]
    assert stage_counts(response) == list(zip(ALL_STAGES, [2, 1, 0, 0, 0, 0, 1, 0], strict=True))


def test_offer_life_stage_filter_counts_the_other_stages_too(catalogue):
    response = listed({"lebensphase": "fruehe-kindheit"})
    assert titles(response) == ["Alpha", "Beta"]
    assert counts(response, "lebensphase")[0] == ("fruehe-kindheit", 2, True)
    assert stage_counts(response) == list(zip(ALL_STAGES, [2, 1, 1, 0, 0, 1, 1, 0], strict=True))
    assert counts(response, "region") == [("nordkreis", 2, False), ("suedkreis", 0, False)]
    assert counted(response, "thema") == {"mint": 1, "sprache-und-lesen": 1}
    assert counts(response, "barrierefrei") == [("ja", 2, False)]


def test_offer_life_stage_counts_respect_the_region(catalogue):
    response = listed({"region": "suedkreis", "lebensphase": "grundschulzeit"})
    assert titles(response) == ["Epsilon"]
    assert stage_counts(response) == list(zip(ALL_STAGES, [0, 1, 1, 0, 0, 0, 0, 0], strict=True))
    assert counts(response, "region") == [("nordkreis", 0, False), ("suedkreis", 1, True)]


def test_offer_facets_each_leave_out_only_their_own_filter(catalogue):
    response = listed({"region": "nordkreis", "thema": "sprache-und-lesen"})
    assert titles(response) == ["Alpha"]
    assert response.context["page_obj"].paginator.count == 1
    # Region counts with the topic applied: Alpha in the north, Gamma and Epsilon in the south.
    assert counts(response, "region") == [("nordkreis", 1, True), ("suedkreis", 2, False)]
    # Topic counts with the region applied: the three northern offers.
    assert counted(response, "thema") == {
        "kulturelle-bildung": 1,
        "mint": 1,
        "sprache-und-lesen": 1,
    }
    assert [s for v, _c, s in counts(response, "thema")].count(True) == 1
    assert ("sprache-und-lesen", 1, True) in counts(response, "thema")
    # Every other facet with both applied: Alpha alone.
    assert counts(response, "barrierefrei") == [("ja", 1, False)]
    assert counts(response, "kosten") == [("kostenlos", 1, False)]
    assert counted(response, "lernform") == {"non-formal": 1}
    assert counted(response, "format") == {"praesenz": 1}
    assert stage_counts(response) == list(zip(ALL_STAGES, [1, 0, 0, 0, 0, 0, 0, 0], strict=True))


@pytest.mark.parametrize(
    ("params", "facet", "expected"),
    [
        ({"lernform": "informell"}, "lernform", {"formal": 1, "non-formal": 2, "informell": 2}),
        ({"lernform": "informell"}, "format", {"praesenz": 1, "online": 1}),
        ({"format": "online"}, "format", {"praesenz": 3, "online": 1, "hybrid": 1}),
        ({"format": "online"}, "lernform", {"informell": 1}),
        ({"kosten": "kostenlos"}, "kosten", {"kostenlos": 3}),
        ({"kosten": "kostenlos"}, "barrierefrei", {"ja": 2}),
        ({"kosten": "kostenlos"}, "region", {"nordkreis": 1, "suedkreis": 2}),
        ({"barrierefrei": "ja", "kosten": "kostenlos"}, "barrierefrei", {"ja": 2}),
        ({"barrierefrei": "ja", "kosten": "kostenlos"}, "kosten", {"kostenlos": 2}),
        ({"uebergang": "kita-grundschule"}, "region", {"nordkreis": 1}),
        ({"alter": "5"}, "region", {"nordkreis": 3, "suedkreis": 1}),
        ({"alter": "5", "region": "suedkreis"}, "region", {"nordkreis": 3, "suedkreis": 1}),
    ],
)
def test_offer_facet_counts_with_a_filter_selected(catalogue, params, facet, expected):
    assert counted(listed(params), facet) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"lebensphase": "familie-und-eltern"}, ["Beta"]),
        ({"lebensphase": "grundschulzeit"}, ["Epsilon"]),
        ({"thema": "mint"}, ["Beta", "Gamma"]),
        ({"uebergang": "kita-grundschule"}, ["Beta"]),
        ({"lernform": "informell"}, ["Beta", "Epsilon"]),
        ({"format": "praesenz"}, ["Alpha", "Delta", "Epsilon"]),
        ({"kosten": "kostenlos"}, ["Alpha", "Epsilon", "Gamma"]),
        ({"barrierefrei": "ja", "region": "suedkreis"}, ["Epsilon"]),
        # Age limits count inclusively; an open limit fits every age.
        ({"alter": "3"}, ["Alpha", "Beta", "Delta", "Epsilon"]),
        ({"alter": "6"}, ["Alpha", "Beta", "Delta", "Epsilon"]),
        ({"alter": "7"}, ["Beta", "Delta", "Epsilon"]),
        ({"alter": "2"}, ["Beta", "Delta", "Epsilon"]),
        ({"alter": "10"}, ["Beta", "Delta", "Epsilon", "Gamma"]),
        ({"alter": "9"}, ["Beta", "Delta", "Epsilon"]),
        ({"alter": "67"}, ["Beta", "Delta", "Epsilon", "Gamma"]),
        ({"alter": "68"}, ["Beta", "Epsilon", "Gamma"]),
    ],
)
def test_offer_filters_list_exactly_the_matching_offers(catalogue, params, expected):
    response = listed(params)
    assert titles(response) == expected
    assert response.context["page_obj"].paginator.count == len(expected)


def test_offer_municipality_facet_leaves_out_only_the_municipality(catalogue):
    response = listed({"region": "nordkreis", "gemeinde": catalogue["stade"].pk})
    assert titles(response) == ["Alpha", "Delta"]
    assert [
        (label, count, selected)
        for _v, label, count, selected in response_facets(response)["gemeinde"]
    ] == [
        ("Buxtehude", 1, False),
        ("Stade", 2, True),
    ]
    assert counts(response, "region") == [("nordkreis", 2, True), ("suedkreis", 0, False)]
    assert counted(response, "lernform") == {"non-formal": 2}
    response = listed({"region": "nordkreis", "gemeinde": catalogue["stade"].pk, "thema": "mint"})
    assert titles(response) == []
    assert [(label, count) for _v, label, count, _s in response_facets(response)["gemeinde"]] == [
        ("Buxtehude", 1),
        ("Stade", 0),
    ]
    assert counted(response, "thema") == {"kulturelle-bildung": 1, "sprache-und-lesen": 1}


def test_offer_counts_follow_the_search_of_each_request(catalogue):
    """The grouped rows are cached per search: a second search in the same generation must
    not reuse the first one's counts."""
    alpha = listed({"q": "Alpha"})
    assert titles(alpha) == ["Alpha"]
    assert counts(alpha, "region") == [("nordkreis", 1, False), ("suedkreis", 0, False)]
    gamma = listed({"q": "Gamma"})
    assert titles(gamma) == ["Gamma"]
    assert counts(gamma, "region") == [("nordkreis", 0, False), ("suedkreis", 1, False)]
    assert counts(listed({}), "region") == [("nordkreis", 3, False), ("suedkreis", 2, False)]


def test_offer_counts_follow_the_age_of_each_request(catalogue):
    assert counts(listed({"alter": "4"}), "kosten") == [("kostenlos", 2, False)]
    assert counts(listed({"alter": "12"}), "kosten") == [("kostenlos", 2, False)]
    assert counts(listed({"alter": "70"}), "kosten") == [("kostenlos", 2, False)]
    assert counts(listed({"alter": "12"}), "region") == [
        ("nordkreis", 2, False),
        ("suedkreis", 2, False),
    ]
    assert counts(listed({"alter": "4"}), "region") == [
        ("nordkreis", 3, False),
        ("suedkreis", 1, False),
    ]


def test_offer_counts_follow_the_content(catalogue):
    """A new offer starts a new content generation: the cached counts are not reused."""
    assert counts(listed({}), "barrierefrei") == [("ja", 3, False)]
    make_offer(provider=catalogue["alpha"].provider, title="Zeta", is_accessible=True)
    response = listed({})
    assert counts(response, "barrierefrei") == [("ja", 4, False)]
    assert counts(response, "region") == [("nordkreis", 4, False), ("suedkreis", 2, False)]


def test_offer_counts_add_up_offers_with_the_same_facet_values(catalogue):
    """Offers alike in every counted value share one grouped row: its number counts."""
    for title in ["Alpha II", "Alpha III"]:
        make_offer(
            provider=catalogue["alpha"].provider,
            title=title,
            municipality=catalogue["stade"],
            life_stages=["fruehe-kindheit"],
            topics=["sprache-und-lesen"],
            learning_setting=Offer.Setting.NON_FORMAL,
            format=Offer.Format.ON_SITE,
            is_free=True,
            is_accessible=True,
        )
    response = listed({})
    assert response.context["page_obj"].paginator.count == 7
    assert counts(response, "region") == [("nordkreis", 5, False), ("suedkreis", 2, False)]
    assert counts(response, "barrierefrei") == [("ja", 5, False)]
    assert stage_counts(response)[0] == ("fruehe-kindheit", 4)
    response = listed({"region": "suedkreis"})
    assert counts(response, "region") == [("nordkreis", 5, False), ("suedkreis", 2, True)]
    assert counts(response, "barrierefrei") == [("ja", 1, False)]


def test_offer_active_filters_hide_the_sorting_and_the_radius(catalogue):
    """The radius goes with the postcode (removed together), the sorting is no filter."""
    response = listed({"plz": "21682", "umkreis": "30", "thema": "mint"})
    assert response.context["active_filters"] == [
        ("Postleitzahl", "21682", "?thema=mint&sortierung=a-z"),
        ("Thema", "MINT", "?plz=21682&umkreis=30&sortierung=a-z"),
    ]


def test_offer_active_filters_name_each_value_and_drop_empty_parameters(catalogue):
    """Choices by their label, places by name, numbers as typed; the region goes with its
    place; empty parameters and the page number stay out of every link."""
    stade = str(catalogue["stade"].pk)
    response = Client().get(
        URL,
        {
            "region": "nordkreis",
            "gemeinde": stade,
            "lernform": "",
            "format": "praesenz",
            "alter": "5",
            "kosten": "kostenlos",
            "seite": "1",
        },
    )
    rest = "format=praesenz&alter=5&kosten=kostenlos"
    assert response.context["active_filters"] == [
        ("Region", "Nordkreis", f"?{rest}"),
        ("Stadt / Gemeinde", "Stade", f"?region=nordkreis&{rest}"),
        ("Kosten", "kostenlos", f"?region=nordkreis&gemeinde={stade}&format=praesenz&alter=5"),
        (
            "Angebotsformat",
            "vor Ort",
            f"?region=nordkreis&gemeinde={stade}&alter=5&kosten=kostenlos",
        ),
        (
            "Alter in Jahren",
            "5",
            f"?region=nordkreis&gemeinde={stade}&format=praesenz&kosten=kostenlos",
        ),
    ]
    only = Client().get(URL, {"format": "online", "seite": "2"})
    assert only.context["active_filters"] == [("Angebotsformat", "online", "?")]


def test_offer_filter_declares_its_parameters():
    assert OfferFilter.url_params() == (*OfferFilter.base_filters, "seite")
    assert "seite" not in OfferFilter.base_filters
    assert list(OfferFilter({"q": "Zirkus"}).form.fields) == list(OfferFilter.base_filters)


def test_offer_counts_of_a_place_chosen_without_its_region_count_that_place(catalogue):
    """A link may name the place alone (``?gemeinde=``): the counts still read each offer's
    place, so every option counts the offers of that place only."""
    response = listed({"gemeinde": catalogue["stade"].pk})
    assert titles(response) == ["Alpha", "Delta"]
    assert counts(response, "region") == [("nordkreis", 2, False), ("suedkreis", 0, False)]
    assert counted(response, "lernform") == {"non-formal": 2}
    assert counted(response, "kosten") == {"kostenlos": 1}


def test_offer_yes_no_facets_and_the_places_of_each_region_are_named_and_keyed(catalogue):
    """The two yes/no options by their German names; the places of the chosen region by their
    ids, read anew for another region (the names of one region's places are cached per
    region)."""
    north = listed({"region": "nordkreis"})
    assert response_facets(north)["kosten"] == [("kostenlos", "kostenlos", 1, False)]
    assert response_facets(north)["barrierefrei"] == [("ja", "barrierefrei", 2, False)]
    stade, buxtehude = catalogue["stade"], catalogue["buxtehude"]
    assert [(value, label) for value, label, _n, _s in response_facets(north)["gemeinde"]] == [
        (str(buxtehude.pk), "Buxtehude"),
        (str(stade.pk), "Stade"),
    ]
    south = listed({"region": "suedkreis"})
    hameln = catalogue["gamma"].municipality
    assert response_facets(south)["gemeinde"] == [(str(hameln.pk), "Hameln", 2, False)]
