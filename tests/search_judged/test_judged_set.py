"""The judged search set (make bench-search) stays usable: the fixture loads and every
judgement refers to offers that exist, with no offer judged both ways."""

import pytest

from offers.models import Offer
from portal.services import regions_load
from tests.search_judged.judged import judgements, load_fixture, problems, read_fixture


@pytest.mark.django_db
def test_the_judged_set_loads_and_is_consistent():
    fixture = read_fixture()
    regions_load()

    ids = load_fixture(fixture)

    public = dict(Offer.objects.public().values_list("slug", "pk"))
    assert {key: public.get(key) for key in ids} == ids
    assert len(ids) == len(fixture["offers"]) >= 150
    assert problems() == []
    judged = judgements()
    assert len(judged) >= 80
    for judgement in judged:
        assert judgement.must <= ids.keys(), judgement.q
        assert judgement.must_not <= ids.keys(), judgement.q
        assert not judgement.must & judgement.must_not, judgement.q
        assert bool(judgement.must) == judgement.has_matches, judgement.q
