"""A host name per region (regions.hosts): on stade.localhost the portal is Stade's."""

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bildungsregion.models import User
from regions.checks import REGION_HOST_NOT_ALLOWED, check_region_hosts
from regions.hosts import host_region, region_for_host
from regions.models import RegionHost, StaffMembership
from regions.services import region_hosts_demo_load
from tests.conftest import forget_cached_content
from tests.factories import committed, make_actor, make_event, make_offer, make_region

pytestmark = pytest.mark.django_db

STADE = "stade.localhost"


@pytest.fixture
def world():
    """Stade with its host, Lüneburg without one, and an offer, an event and an actor each."""
    stade = make_region(
        name="Stade",
        slug="stade",
        office_name="Bildungsbüro Stade",
        office_email="bildungsregion@landkreis-stade.de",
        office_phone="04141 - 12 4040",
    )
    lueneburg = make_region(name="Lüneburg", slug="lueneburg")
    with committed():
        RegionHost.objects.create(region=stade, host=STADE, is_primary=True)
    stade_actor = make_actor(region=stade, name="Volkshochschule Stade")
    lueneburg_actor = make_actor(region=lueneburg, name="Volkshochschule Lüneburg")
    return {
        "stade": stade,
        "lueneburg": lueneburg,
        "stade_offer": make_offer(provider=stade_actor, title="Englisch in Stade"),
        "lueneburg_offer": make_offer(provider=lueneburg_actor, title="Englisch in Lüneburg"),
        "stade_event": make_event(organiser=stade_actor, title="Berufsmesse Stade"),
        "lueneburg_event": make_event(organiser=lueneburg_actor, title="Berufsmesse Lüneburg"),
    }


def _titles(response, key):
    return sorted(card.title for card in response.context[key])


# --- resolution --------------------------------------------------------------------------------


def test_region_hosts_resolve_case_and_port_insensitively(world):
    assert region_for_host("Stade.Localhost:8000").slug == "stade"
    assert region_for_host("stade.localhost.").slug == "stade"
    assert region_for_host("testserver") is None
    assert region_for_host("lueneburg.localhost") is None


def test_region_hosts_request_sets_host_region_only_on_a_region_host(client, world):
    on_host = client.get("/impressum/", HTTP_HOST=STADE)
    on_main = client.get("/impressum/")

    assert host_region(on_host.wsgi_request) == world["stade"]
    assert host_region(on_main.wsgi_request) is None
    assert not on_main.wsgi_request.host_region


def test_region_hosts_resolution_follows_edits_of_the_table(client, world):
    def region(response):
        return host_region(response.wsgi_request)

    assert region(client.get("/", HTTP_HOST="lueneburg.localhost")) is None
    with committed():
        host = RegionHost.objects.create(region=world["lueneburg"], host="lueneburg.localhost")

    assert region(client.get("/", HTTP_HOST="lueneburg.localhost")) == world["lueneburg"]

    with committed():
        host.delete()
    assert region(client.get("/", HTTP_HOST="lueneburg.localhost")) is None


def test_region_hosts_a_host_outside_allowed_hosts_is_refused(client, world, settings):
    settings.ALLOWED_HOSTS = ["testserver"]

    assert client.get("/", HTTP_HOST=STADE).status_code == 400


# --- the start page ----------------------------------------------------------------------------


def test_region_hosts_start_page_is_the_regions_own(client, world):
    response = client.get("/", HTTP_HOST=STADE)

    assert response.templates[0].name == "regions/region_home.html"
    assert response.context["region"] == world["stade"]
    assert _titles(response, "offers") == ["Englisch in Stade"]
    assert [e.title for e in response.context["upcoming_events"]] == ["Berufsmesse Stade"]
    html = response.content.decode()
    assert "<h1" in html and "Bildungsregion Stade</h1>" in html
    assert "bildungsregion@landkreis-stade.de" in html
    assert "04141 - 12 4040" in html
    # The offers come before the office, the office before the other regions.
    assert html.index("Englisch in Stade") < html.index("bildungsregion@landkreis-stade.de")
    assert html.index("bildungsregion@landkreis-stade.de") < html.index('id="andere-regionen"')
    assert response.context["canonical_url"] == "http://stade.localhost/"
    # The offer cards as the lists show them: their grid and their stylesheet.
    assert '<ul class="portal-results portal-results--grid">' in html
    assert 'href="/static/css/lists.css"' in html


def test_region_hosts_start_page_links_other_regions(client, world):
    with committed():
        RegionHost.objects.create(region=world["lueneburg"], host="lueneburg.localhost")
    osnabrueck = make_region(name="Osnabrück", slug="osnabrueck")

    response = client.get("/", HTTP_HOST="stade.localhost:8000")

    assert [(r.slug, url) for r, url in response.context["other_regions"]] == [
        ("lueneburg", "http://lueneburg.localhost:8000/"),
        ("osnabrueck", osnabrueck.get_absolute_url()),
    ]
    # Another region's page is still served on Stade's host; its canonical URL is the main one.
    other = client.get("/regionen/osnabrueck/", HTTP_HOST=STADE)
    assert other.status_code == 200
    assert other.context["region"] == osnabrueck


def test_region_hosts_main_start_page_stays_the_portals(client, world):
    response = client.get("/")

    assert response.templates[0].name == "regions/home.html"
    assert [r.slug for r in response.context["regions"]] == ["lueneburg", "stade"]


def test_region_hosts_start_page_query_count_is_fixed(client, world, django_assert_max_num_queries):
    for n in range(8):
        make_offer(region=world["stade"], title=f"Kurs {n}")
    client.get("/", HTTP_HOST=STADE)  # the host table and the navigation, once per generation

    with django_assert_max_num_queries(5):
        response = client.get("/", HTTP_HOST=STADE)

    assert len(response.context["offers"]) == 6


# --- lists -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "key", "stade", "lueneburg"),
    [
        ("/angebote/", "cards", "Englisch in Stade", "Englisch in Lüneburg"),
        ("/veranstaltungen/", "events", "Berufsmesse Stade", "Berufsmesse Lüneburg"),
        ("/akteure/", "actors", "Volkshochschule Stade", "Volkshochschule Lüneburg"),
    ],
)
def test_region_hosts_lists_default_to_the_region(client, world, url, key, stade, lueneburg):
    def names(response):
        return sorted(getattr(row, "title", None) or row.name for row in response.context[key])

    default = client.get(url, HTTP_HOST=STADE)
    everywhere = client.get(url + "?region=alle", HTTP_HOST=STADE)
    empty_choice = client.get(url + "?region=", HTTP_HOST=STADE)
    other = client.get(url + "?region=lueneburg", HTTP_HOST=STADE)
    main = client.get(url)

    assert names(default) == [stade]
    assert names(everywhere) == sorted([stade, lueneburg])
    assert names(empty_choice) == sorted([stade, lueneburg])
    assert names(other) == [lueneburg]
    assert names(main) == sorted([stade, lueneburg])


def test_region_hosts_list_form_shows_the_default_and_all_regions(client, world):
    html = client.get("/angebote/", HTTP_HOST=STADE).content.decode()
    everywhere = client.get("/angebote/?region=alle", HTTP_HOST=STADE).content.decode()
    main = client.get("/angebote/").content.decode()

    assert '<option value="alle">alle Regionen</option>' in html
    assert '<option value="stade" selected>Stade (1)</option>' in html
    assert '<option value="alle" selected>alle Regionen</option>' in everywhere
    assert '<option value="">alle Regionen</option>' in main


def test_region_hosts_removing_the_region_filter_leads_to_all_regions(client, world):
    response = client.get("/angebote/?thema=sprache-und-lesen", HTTP_HOST=STADE)

    active = {label: url for label, _value, url in response.context["active_filters"]}
    assert active["Region"] == "?thema=sprache-und-lesen&region=alle"
    assert active["Thema"] == "?region=stade"


def test_region_hosts_list_canonical_urls_name_one_host(client, world):
    def canonical(url, **headers):
        return client.get(url, **headers).context["canonical_url"]

    assert canonical("/angebote/", HTTP_HOST=STADE) == "http://stade.localhost/angebote/"
    assert canonical("/angebote/?region=stade") == "http://stade.localhost/angebote/"
    # Without PORTAL_BASE_URL the main portal's host is not known on a region's host.
    assert (
        canonical("/angebote/?region=alle", HTTP_HOST=STADE) == "http://stade.localhost/angebote/"
    )
    assert canonical("/angebote/?region=alle") == "http://testserver/angebote/"
    assert (
        canonical("/angebote/?region=lueneburg&seite=1", HTTP_HOST=STADE)
        == "http://stade.localhost/angebote/?region=lueneburg"
    )
    assert canonical("/akteure/?region=stade") == "http://stade.localhost/akteure/"


def test_region_hosts_canonical_urls_use_the_main_portal_when_it_is_known(client, world, settings):
    settings.PORTAL_BASE_URL = "https://bildung.example"

    assert (
        client.get("/angebote/?region=alle", HTTP_HOST=STADE).context["canonical_url"]
        == "https://bildung.example/angebote/"
    )
    assert (
        client.get("/angebote/?region=lueneburg", HTTP_HOST=STADE).context["canonical_url"]
        == "https://bildung.example/angebote/?region=lueneburg"
    )
    assert (
        client.get(world["stade_offer"].get_absolute_url()).context["canonical_url"]
        == f"http://stade.localhost{world['stade_offer'].get_absolute_url()}"
    )
    assert (
        client.get("/impressum/", HTTP_HOST=STADE).context["canonical_url"]
        == "https://bildung.example/impressum/"
    )


def test_region_hosts_search_defaults_to_the_region(client, world):
    def offers(response):
        group = next(g for g in response.context["groups"] if g["key"] == "angebote")
        return sorted(offer.title for offer in group["items"])

    default = client.get("/suche/?q=Englisch", HTTP_HOST=STADE)
    everywhere = client.get("/suche/?q=Englisch&region=alle", HTTP_HOST=STADE)
    other = client.get("/suche/?q=Englisch&region=lueneburg", HTTP_HOST=STADE)
    main = client.get("/suche/?q=Englisch")

    assert offers(default) == ["Englisch in Stade"]
    assert offers(everywhere) == ["Englisch in Lüneburg", "Englisch in Stade"]
    assert offers(other) == ["Englisch in Lüneburg"]
    assert offers(main) == ["Englisch in Lüneburg", "Englisch in Stade"]
    assert '<option value="stade" selected>Stade</option>' in default.content.decode()
    assert default.context["canonical_url"] == "http://stade.localhost/suche/?q=Englisch"


def test_region_hosts_place_list_defaults_to_the_region(client, world):
    default = client.get("/ausbildung-und-praktikum/", HTTP_HOST=STADE)
    everywhere = client.get("/ausbildung-und-praktikum/?region=alle", HTTP_HOST=STADE)

    assert default.context["filter"].form.cleaned_data["region"] == world["stade"]
    assert everywhere.context["filter"].form.cleaned_data["region"] is None


# --- sitemap and feeds -------------------------------------------------------------------------


def _sitemap_locations(client, section, **headers):
    response = client.get(f"/sitemap-{section}.xml", **headers)
    assert response.status_code == 200
    return sorted(url["location"] for url in response.context["urlset"])


def test_region_hosts_sitemap_lists_only_the_regions_pages(client, world):
    offer, other = world["stade_offer"], world["lueneburg_offer"]

    on_host = _sitemap_locations(client, "angebote", HTTP_HOST=STADE)
    on_main = _sitemap_locations(client, "angebote")

    assert on_host == [f"http://stade.localhost{offer.get_absolute_url()}"]
    assert on_main == [f"http://testserver{other.get_absolute_url()}"]
    assert _sitemap_locations(client, "regionen", HTTP_HOST=STADE) == [
        "http://stade.localhost/regionen/stade/"
    ]
    assert _sitemap_locations(client, "seiten", HTTP_HOST=STADE) == [
        "http://stade.localhost/",
        "http://stade.localhost/akteure/",
        "http://stade.localhost/angebote/",
        "http://stade.localhost/ausbildung-und-praktikum/",
        "http://stade.localhost/veranstaltungen/",
    ]
    assert client.get("/sitemap-lebensphasen.xml", HTTP_HOST=STADE).status_code == 404
    assert client.get("/sitemap-berufe.xml", HTTP_HOST=STADE).status_code == 404
    index = client.get("/sitemap.xml", HTTP_HOST=STADE).content.decode()
    assert "http://stade.localhost/sitemap-angebote.xml" in index
    assert "sitemap-lebensphasen" not in index


def test_region_hosts_calendar_feed_is_the_regions(client, world):
    def summaries(response):
        calendar = icalendar.Calendar.from_ical(response.content)
        return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT")), calendar

    on_host, calendar = summaries(client.get("/veranstaltungen/kalender.ics", HTTP_HOST=STADE))
    everywhere, _ = summaries(
        client.get("/veranstaltungen/kalender.ics?region=alle", HTTP_HOST=STADE)
    )

    assert on_host == ["Berufsmesse Stade"]
    assert str(calendar["X-WR-CALNAME"]) == "Veranstaltungen der Bildungsregion Stade"
    assert everywhere == ["Berufsmesse Lüneburg", "Berufsmesse Stade"]


def test_region_hosts_atom_feed_links_on_the_host(client, world):
    response = client.get("/regionen/stade/angebote.atom", HTTP_HOST=STADE)

    body = response.content.decode()
    assert "http://stade.localhost/angebote/" in body
    assert "Englisch in Lüneburg" not in body


# --- page cache --------------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    forget_cached_content()
    yield
    forget_cached_content()


@pytest.mark.parametrize("url", ["/", "/angebote/", "/sitemap-angebote.xml"])
def test_region_hosts_page_cache_keeps_hosts_apart(client, world, page_cache, url):
    first_main = client.get(url)
    first_host = client.get(url, HTTP_HOST=STADE)
    again_main = client.get(url)
    again_host = client.get(url, HTTP_HOST=STADE)

    assert [r["X-Page-Cache"] for r in (first_main, first_host, again_main, again_host)] == [
        "miss",
        "miss",
        "hit",
        "hit",
    ]
    assert again_main.content == first_main.content
    assert again_host.content == first_host.content
    assert b"Englisch in L\xc3\xbcneburg" not in again_host.content
    assert b"stade.localhost" not in again_main.content


def test_region_hosts_page_cache_follows_a_new_host(client, world, page_cache):
    assert client.get("/", HTTP_HOST="lueneburg.localhost")["X-Page-Cache"] == "miss"
    with committed():
        RegionHost.objects.create(region=world["lueneburg"], host="lueneburg.localhost")

    response = client.get("/", HTTP_HOST="lueneburg.localhost")

    assert response["X-Page-Cache"] == "miss"
    assert response.templates[0].name == "regions/region_home.html"


# --- the table: validation, admin, system check, demo data ------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Bildung.Landkreis-Stade.DE", "bildung.landkreis-stade.de"),
        ("bildung.landkreis-stade.de.", "bildung.landkreis-stade.de"),
        ("bildung-lüneburg.de", "xn--bildung-lneburg-7vb.de"),
    ],
)
def test_region_hosts_are_stored_lower_case_and_in_ascii(world, value, stored):
    host = RegionHost(region=world["lueneburg"], host=value)
    host.full_clean()

    assert host.host == stored


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "https://bildung.example/",
            "Bitte geben Sie einen Host-Namen wie „bildung.landkreis-stade.de“ ein: ohne "
            "„https://“, ohne Pfad und ohne Port.",
        ),
        (
            "bildung.example:8000",
            "Bitte geben Sie einen Host-Namen wie „bildung.landkreis-stade.de“ ein: ohne "
            "„https://“, ohne Pfad und ohne Port.",
        ),
        ("STADE.localhost", "Dieser Host-Name gehört schon zu einer Region."),
    ],
)
def test_region_hosts_invalid_hosts_get_a_german_message(world, value, message):
    with pytest.raises(ValidationError) as raised:
        RegionHost(region=world["lueneburg"], host=value).full_clean()

    assert raised.value.message_dict == {"host": [message]}


def test_region_hosts_one_primary_host_per_region(world):
    with pytest.raises(ValidationError) as raised:
        RegionHost(
            region=world["stade"], host="bildung.stade.example", is_primary=True
        ).full_clean()

    assert raised.value.messages == ["Eine Region hat höchstens eine Hauptadresse."]


def _change_form_data(response):
    """The POST data of an admin change form as it was loaded."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for number, subform in enumerate(formset.forms):
            for name in subform.fields:
                value = subform[name].value()
                if value not in (None, False):
                    data[f"{formset.prefix}-{number}-{name}"] = value
    return data


def test_region_hosts_superuser_edits_hosts_in_the_region_admin(client, world):
    admin = User.objects.create_user("hostadmin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:regions_region_change", args=[world["lueneburg"].pk])
    data = _change_form_data(client.get(url))
    data.update({"hosts-TOTAL_FORMS": "1", "hosts-0-host": "https://lueneburg.example"})

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert (
        "Bitte geben Sie einen Host-Namen wie „bildung.landkreis-stade.de“ ein"
        in refused.content.decode()
    )
    data["hosts-0-host"] = "Bildung.Lueneburg.example"
    assert client.post(url, data).status_code == 302
    assert list(world["lueneburg"].hosts.values_list("host", flat=True)) == [
        "bildung.lueneburg.example"
    ]


def test_region_hosts_office_staff_do_not_see_the_hosts(client, world):
    user = User.objects.create_user("buero-stade", is_staff=True)
    StaffMembership.objects.create(
        user=user, region=world["stade"], role=StaffMembership.Role.COORDINATOR
    )
    client.force_login(user)

    response = client.get(reverse("admin:regions_region_change", args=[world["stade"].pk]))

    assert response.status_code == 200
    assert [inline.formset.prefix for inline in response.context["inline_admin_formsets"]] == []
    assert STADE not in response.content.decode()


def test_region_hosts_system_check_warns_about_hosts_outside_allowed_hosts(world, settings):
    settings.ALLOWED_HOSTS = [".localhost"]
    assert check_region_hosts() == []

    settings.ALLOWED_HOSTS = ["bildung.example"]
    warnings = check_region_hosts()

    assert [(w.id, w.msg) for w in warnings] == [
        (
            REGION_HOST_NOT_ALLOWED,
            "Der Host-Name „stade.localhost“ der Region Stade steht nicht in ALLOWED_HOSTS: "
            "Anfragen an ihn werden abgewiesen.",
        )
    ]


def test_region_hosts_demo_hosts_are_slug_localhost(world):
    assert region_hosts_demo_load() == 1
    assert region_hosts_demo_load() == 0

    assert sorted(RegionHost.objects.values_list("host", "region__slug", "is_primary")) == [
        ("lueneburg.localhost", "lueneburg", True),
        ("stade.localhost", "stade", True),
    ]
