"""The occupation page /berufe/<slug>/ with what the other apps have for it: careers renders
the occupation and its places (careers.views.occupation_context); this page adds the upcoming
careers-guidance events linked to the occupation's field (EventOccupationField) and the offers
of the transition school–work that the search finds for the occupation or its field. portal's
URLs come before careers' in bildungsregion/urls.py, so this view answers the address that
``careers:occupation-detail`` reverses to."""

import re

from django.shortcuts import render

from bildungsregion import page_cache
from careers import views as careers_views
from offers.models import Event, Offer
from offers.search import search_offers

LIMIT = 5
# The life stage of the transition from school to work (offers' reference data).
TRANSITION_STAGE = "uebergang-schule-beruf"
# "Kaufmann/-frau", "Zimmerer/Zimmerin": the search looks for the first form only.
_GENDER_FORM = re.compile(r"/-?\w*")
_WORD = re.compile(r"\w{4,}")
_NOT_SEARCHED = {"fuer", "für", "und", "fachrichtung", "digital"}


def occupation_query(occupation):
    """The search for offers about an occupation: any word of its name or its field's name
    ("Mechatroniker oder Elektro oder Mechatronik")."""
    words = []
    for text in (occupation.name, occupation.field.name):
        for word in _WORD.findall(_GENDER_FORM.sub("", text)):
            if word.casefold() not in _NOT_SEARCHED and word.casefold() not in words:
                words.append(word.casefold())
    return " oder ".join(words)


def occupation_events(occupation, region=None):
    events = (
        Event.objects.public()
        .upcoming()
        .careers_guidance()
        .filter(occupation_field_links__field=occupation.field_id)
        .select_related("organiser", "region")
        .order_by("starts_at", "title")
    )
    if region is not None:
        events = events.filter(region=region)
    return list(events[:LIMIT])


def occupation_offers(occupation, region=None):
    offers = Offer.objects.public().filter(life_stages__slug=TRANSITION_STAGE)
    if region is not None:
        offers = offers.filter(region=region)
    query = occupation_query(occupation)
    if not query:
        return []
    found = search_offers(offers, query, correct=False).select_related("provider", "region")
    return list(found[:LIMIT])


@page_cache.query_params("region")
def occupation_detail(request, slug):
    occupation = careers_views.public_occupation(slug)
    context = careers_views.occupation_context(request, occupation)
    region = context["region"]
    context["events"] = occupation_events(occupation, region)
    context["offers"] = occupation_offers(occupation, region)
    context["offers_query"] = occupation_query(occupation)
    return render(request, "portal/occupation_detail.html", context)
