"""The provider area (/mein-bereich/) as a school uses it: accounts, registering, editing and
cancelling events, the abuse cases (other institutions, no institution, rate limit) as a
permission matrix. (Offers, profiles and every other kind of provider:
tests/offers/test_provider_area.py and test_provider_permissions.py.)"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, InstitutionMembership
from bildungsregion.models import User
from offers import moderation, services
from offers.forms import EventForm
from offers.models import ChangeRequest, Event, EventStatus
from offers.provider_views import _apply_service_errors
from regions.models import StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_actor, make_event, make_municipality, make_region
from tests.html import attributes_of

pytestmark = pytest.mark.django_db

AREA = "/mein-bereich/"
CREATE = "/mein-bereich/veranstaltungen/neu/"
PASSWORD = "Ein-langes-Testpasswort-42"


@pytest.fixture
def school_world():
    region = make_region(
        name="Stade", slug="stade-sa", office_name="Bildungsbüro", office_email="bb@stade.test"
    )
    municipality = make_municipality(region, name="Buxtehude", postcode="21614")
    school = make_actor(
        region,
        name="Oberschule Buxtehude",
        kind=Actor.Kind.OBERSCHULE,
        municipality=municipality,
        street="Schulweg 1",
        postcode="21614",
        city="Buxtehude",
        email="sekretariat@obs-buxtehude.test",
    )
    chamber = make_actor(region, name="IHK Stade", kind=Actor.Kind.CHAMBER)
    company = make_actor(region, name="Hafenbetrieb GmbH", kind=Actor.Kind.COMPANY)
    teacher = make_user("lehrerin", is_staff=False, password=PASSWORD)
    InstitutionMembership.objects.create(user=teacher, actor=school)

    # A second school of the same region, with a teacher of its own: the same region does not
    # make its events "own" ones.
    neighbour_school = make_actor(
        region,
        name="Gymnasium Buxtehude",
        kind=Actor.Kind.GYMNASIUM,
        municipality=municipality,
        street="Am Gymnasium 3",
        postcode="21614",
        city="Buxtehude",
    )
    neighbour_teacher = make_user("nachbar-lehrkraft", is_staff=False)
    InstitutionMembership.objects.create(user=neighbour_teacher, actor=neighbour_school)

    other_region = make_region(name="Lüneburg", slug="lueneburg-sa", office_email="bb@lg.test")
    other_school = make_actor(other_region, name="Gymnasium Lüneburg", kind="gymnasium")
    other_teacher = make_user("fremde-lehrkraft", is_staff=False)
    InstitutionMembership.objects.create(user=other_teacher, actor=other_school)
    return {
        "region": region,
        "school": school,
        "chamber": chamber,
        "company": company,
        "teacher": teacher,
        "neighbour_school": neighbour_school,
        "neighbour_teacher": neighbour_teacher,
        "other_region": other_region,
        "other_school": other_school,
        "other_teacher": other_teacher,
        "no_institution": make_user("ohne-einrichtung", is_staff=False),
        "coordinator": make_user("koord-sa", region=region, role=StaffMembership.Role.COORDINATOR),
    }


def future(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def event_data(institution, **overrides):
    data = {
        "institution": institution.pk,
        "kind": "berufsinformationstag",
        "municipality": institution.municipality_id or "",
        "title": "Berufsinformationstag der Oberschule",
        "description": "Betriebe stellen Ausbildungsberufe vor.",
        "starts_at": future(20, 9),
        "ends_at": future(20, 13),
        "venue": "Aula",
        "street": "Schulweg 1",
        "postcode": "21614",
        "city": "Buxtehude",
        "grade_min": "8",
        "grade_max": "10",
        "capacity": "120",
        "is_free": "on",
        "registration": "Über die Klassenleitung bis eine Woche vorher.",
        "contact_name": "Berufsorientierung, Frau Beispiel",
        "contact_email": "bo@obs-buxtehude.test",
        "contact_phone": "04161 12345",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def versions(event):
    """(type, user, change reason, status) of each saved version of the event, oldest first."""
    return [
        (h.history_type, h.history_user, h.history_change_reason, h.status)
        for h in event.history.order_by("history_date", "history_id")
    ]


def errors_of(response):
    """The error texts of the page's error summary, in order."""
    html = response.content.decode()
    summary = html.split('id="fehlerliste"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in summary.split("<li>")[1:]]


class _FormValues(HTMLParser):
    """What a browser would send from the page's ``portal-form`` form: {name: [values]}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values = {}
        self._in_form = False
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = "portal-form" in (attrs.get("class") or "").split()
        name = attrs.get("name")
        if not self._in_form or (tag in {"input", "select", "textarea"} and not name):
            return
        if tag == "input" and name != "csrfmiddlewaretoken":
            values = self.values.setdefault(name, [])
            if attrs.get("type") not in {"checkbox", "radio"}:
                values.append(attrs.get("value") or "")
            elif "checked" in attrs:
                values.append(attrs.get("value") or "on")
        elif tag == "select":
            self._select = self.values.setdefault(name, [])
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self._select.append(attrs["value"])
        elif tag == "textarea":
            self._textarea = name
            self.values.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._textarea is not None:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            # A browser drops the newline right after <textarea>.
            self.values[self._textarea][-1] = self.values[self._textarea][-1].removeprefix("\n")
            self._textarea = None


def form_values(html):
    parser = _FormValues()
    parser.feed(html)
    parser.close()
    return parser.values


# --- accounts --------------------------------------------------------------------------------


def test_login_page_is_german_and_school_user_lands_in_area(client, school_world):
    page = client.get("/anmelden/")
    assert page.status_code == 200
    assert "<title>Anmelden –" in page.content.decode()
    assert 'href="/passwort-vergessen/"' in page.content.decode()

    response = client.post("/anmelden/", {"username": "lehrerin", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == AREA
    assert client.get(AREA).status_code == 200


def test_login_of_staff_lands_in_admin(client, school_world):
    staff = make_user(
        "buero-login", region=school_world["region"], role="redaktion", password=PASSWORD
    )
    response = client.post("/anmelden/", {"username": staff.username, "password": PASSWORD})
    assert (response.status_code, response.url) == (302, "/admin/")


def test_login_with_wrong_password_shows_german_error(client, school_world):
    response = client.post("/anmelden/", {"username": "lehrerin", "password": "falsch"})
    assert response.status_code == 200
    assert "Fehler:" in response.content.decode()
    assert "Benutzername" in errors_of(response)[0]


def test_area_redirects_anonymous_to_login(client):
    response = client.get(AREA)
    assert (response.status_code, response.url) == (302, "/anmelden/?next=/mein-bereich/")


def test_school_account_has_no_admin_access(client, school_world):
    client.force_login(school_world["teacher"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_logout_redirects_to_login_with_message(client, school_world):
    client.force_login(school_world["teacher"])
    response = client.post("/abmelden/", follow=True)
    assert response.redirect_chain == [("/anmelden/", 302)]
    assert "Sie sind abgemeldet." in response.content.decode()
    assert client.get(AREA).status_code == 302


def test_password_reset_sends_german_link_that_sets_a_new_password(
    committing_client, school_world, mailoutbox
):
    client = committing_client
    teacher = school_world["teacher"]
    response = client.post("/passwort-vergessen/", {"email": teacher.email})
    assert (response.status_code, response.url) == (302, "/passwort-vergessen/gesendet/")
    assert [m.to for m in mailoutbox] == [[teacher.email]]
    assert mailoutbox[0].subject == "Neues Passwort für das Bildungsportal"
    link = re.search(r"http://testserver(/passwort-neu/\S+/)", mailoutbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Neues Passwort festlegen" in form_page.content.decode()
    new = "Noch-ein-neues-Passwort-7"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert (done.status_code, done.url) == (302, "/passwort-neu/fertig/")
    teacher.refresh_from_db()
    assert teacher.check_password(new)


def reset_links(mailoutbox):
    return [re.search(r"(\S+/passwort-neu/\S+/)", m.body).group(1) for m in mailoutbox]


def test_password_reset_throttled_per_address_answers_done_but_sends_no_mail(
    committing_client, school_world, mailoutbox
):
    """Item 7: 30 resets for one address sent 30 mails. Now 5 per address and hour; the rest get
    the same "sent" page as every other address, with or without an account."""
    client = committing_client
    teacher = school_world["teacher"]
    answers = [
        client.post("/passwort-vergessen/", {"email": teacher.email}, REMOTE_ADDR=f"10.0.0.{i}")
        for i in range(8)
    ]
    unknown = [
        client.post("/passwort-vergessen/", {"email": "niemand@example.org"}) for _ in range(7)
    ]
    assert {(r.status_code, r.url) for r in answers + unknown} == {
        (302, "/passwort-vergessen/gesendet/")
    }
    assert [m.to for m in mailoutbox] == [[teacher.email]] * 5


def test_password_reset_throttled_per_client_answers_429_and_keeps_the_address(
    committing_client, school_world, settings, mailoutbox
):
    client = committing_client
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 2
    for i in range(2):
        client.post("/passwort-vergessen/", {"email": f"a{i}@example.org"})
    # A forged X-Forwarded-For does not make a new client.
    response = client.post(
        "/passwort-vergessen/",
        {"email": school_world["teacher"].email},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert (
        response.context["form"]
        .non_field_errors()[0]
        .startswith("Zu viele Anfragen. Bitte versuchen Sie es in ")
    )
    assert f'value="{school_world["teacher"].email}"' in response.content.decode()
    assert mailoutbox == []
    other_client = client.post(
        "/passwort-vergessen/", {"email": school_world["teacher"].email}, REMOTE_ADDR="10.1.1.1"
    )
    assert other_client.status_code == 302
    assert len(mailoutbox) == 1


def test_password_reset_link_is_on_portal_base_url_not_on_the_requests_port(
    committing_client, school_world, settings, mailoutbox
):
    """Item 11c: the link used whatever port the request named (any allowed host passes)."""
    client = committing_client
    settings.PORTAL_BASE_URL = "https://bildung.landkreis-stade.de"
    client.post(
        "/passwort-vergessen/",
        {"email": school_world["teacher"].email},
        HTTP_HOST="testserver:8443",
    )
    [link] = reset_links(mailoutbox)
    assert link.startswith("https://bildung.landkreis-stade.de/passwort-neu/")
    assert client.get(link.removeprefix("https://bildung.landkreis-stade.de")).status_code == 302


# --- the area and its permission matrix ------------------------------------------------------


def in_days(days, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def area_rows(response):
    """(title, status, links) of each item of the area's lists of events, in order."""
    html = response.content.decode()
    rows = []
    for body in re.findall(r'aria-labelledby="veranstaltungen-\d+">(.*?)</ul>', html, re.S):
        rows.extend(_rows(body))
    return rows


def _rows(body):
    rows = []
    for item in body.split('<li class="portal-own-event">')[1:]:
        heading = item.split("<h4", 1)[1].split("</h4>", 1)[0].split(">", 1)[1]
        title = re.sub(r"<[^>]+>", "", heading)
        status = re.search(r'<span class="kern-label">([^<]+)</span>', item).group(1)
        links = re.findall(r'href="([^"]+)"', item.split('class="portal-own-event__actions"')[1])
        if title.strip() != heading.strip():  # the title links to the public page
            links.insert(0, re.search(r'href="([^"]+)"', heading).group(1))
        rows.append((title.strip(), status, links))
    return rows


def co_organiser_groups(html):
    """{kind: [(value, name, checked), …]} of the co-organiser checkboxes, grouped as the page
    groups them (a fieldset with a legend per kind)."""
    body = html.split('id="id_co_organisers_list"', 1)[1]
    groups = {}
    for legend, entries in re.findall(
        r'<legend class="kern-label">([^<]+)</legend>(.*?)</fieldset>', body, re.S
    ):
        groups[legend] = [
            (value, name, bool(checked))
            for value, checked, name in re.findall(
                r'<input type="checkbox" name="co_organisers" value="(\d+)"[^>]*?( checked)?>'
                r'<label class="kern-label" for="[^"]+">([^<]+)</label>',
                entries,
            )
        ]
    return groups


def messages_of(response):
    """(level, text) of the messages the response leaves for the next page."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_area_lists_only_the_own_institutions_events_with_status(client, school_world):
    school = school_world["school"]
    own_pending = make_event(
        organiser=school, title="Praktikumsbörse", status=EventStatus.REVIEW, starts_at=in_days(10)
    )
    own_rejected = make_event(
        organiser=school,
        title="Elternabend",
        status=EventStatus.REJECTED,
        moderation_message="Bitte den Raum angeben.",
        starts_at=in_days(20),
    )
    own_published = make_event(organiser=school, title="Betriebserkundung", starts_at=in_days(30))
    # The other school of the same region, with events of every status, and a school elsewhere.
    for status in EventStatus.values:
        make_event(
            organiser=school_world["neighbour_school"],
            title=f"Nachbarschule {status}",
            status=status,
            moderation_message="Nachricht an die Nachbarschule",
        )
    make_event(organiser=school_world["other_school"], title="Fremder Infotag")
    client.force_login(school_world["teacher"])

    response = client.get(AREA)

    assert area_rows(response) == [
        (
            "Betriebserkundung",
            "veröffentlicht",
            [
                own_published.get_absolute_url(),
                reverse("offers:provider-event-edit", args=[own_published.pk]),
                reverse("offers:provider-event-copy", args=[own_published.pk]),
                reverse("offers:provider-event-cancel", args=[own_published.pk]),
            ],
        ),
        (
            "Elternabend",
            "abgelehnt",
            [
                reverse("offers:provider-event-edit", args=[own_rejected.pk]),
                reverse("offers:provider-event-copy", args=[own_rejected.pk]),
            ],
        ),
        (
            "Praktikumsbörse",
            "wartet auf Freigabe",
            [
                reverse("offers:provider-event-edit", args=[own_pending.pk]),
                reverse("offers:provider-event-copy", args=[own_pending.pk]),
            ],
        ),
    ]
    html = response.content.decode()
    assert "Nachricht des Bildungsbüros: Bitte den Raum angeben." in html
    for foreign in ("Nachbarschule", "Gymnasium Buxtehude", "Fremder Infotag"):
        assert foreign not in html


def test_area_of_user_without_institution_explains_and_offers_no_form(client, school_world):
    client.force_login(school_world["no_institution"])
    html = client.get(AREA).content.decode()
    assert "Ihr Konto ist keiner Einrichtung zugeordnet." in html
    assert CREATE not in html


MATRIX_USERS = [
    "anonymous",
    "no_institution",
    "coordinator",
    "other_teacher",
    "neighbour_teacher",
    "teacher",
]
NOT_EDITABLE = "„Tag der Ausbildung“ ist %s und kann nicht mehr bearbeitet werden."
NOT_CANCELLABLE = "Nur freigegebene Veranstaltungen können abgesagt werden."


def matrix_answer(who, view, status, url):
    """(status code, Location, messages) of a school URL for an event of the teacher's school."""
    if who == "anonymous":
        return 302, f"/anmelden/?next={url}", []
    if who in {"no_institution", "coordinator"}:
        return 403, None, []
    if view == "create":
        return 200, None, []
    if who != "teacher":
        return 404, None, []
    if view == "edit":
        if status in (EventStatus.REVIEW, EventStatus.REJECTED, EventStatus.PUBLISHED):
            return 200, None, []
        return 302, AREA, [("error", NOT_EDITABLE % EventStatus(status).label)]
    if status == EventStatus.PUBLISHED:
        return 200, None, []
    return 302, AREA, [("error", NOT_CANCELLABLE)]


@pytest.mark.parametrize("who", MATRIX_USERS)
@pytest.mark.parametrize(
    "status", [EventStatus.REVIEW, EventStatus.REJECTED, EventStatus.PUBLISHED]
)
@pytest.mark.parametrize("view", ["create", "edit", "cancel"])
def test_school_urls_permission_matrix(client, school_world, who, status, view):
    event = make_event(
        organiser=school_world["school"],
        status=status,
        title="Tag der Ausbildung",
        description="Nur für die Oberschule Buxtehude bestimmt.",
    )
    neighbours = make_event(
        organiser=school_world["neighbour_school"],
        status=status,
        title="Nachbarschaftstag",
        description="Nur für das Gymnasium Buxtehude bestimmt.",
    )
    url = {
        "create": CREATE,
        "edit": reverse("offers:provider-event-edit", args=[event.pk]),
        "cancel": reverse("offers:provider-event-cancel", args=[event.pk]),
    }[view]
    if who != "anonymous":
        client.force_login(school_world[who])

    response = client.get(url)

    code, location, messages = matrix_answer(who, view, status, url)
    assert (response.status_code, response.get("Location"), messages_of(response)) == (
        code,
        location,
        messages,
    )
    html = response.content.decode()
    # The event is shown only where it may be changed; the other school's never.
    assert ("Tag der Ausbildung" in html) == (code == 200 and view != "create")
    for text in ("Nachbarschaftstag", "Nur für das Gymnasium Buxtehude bestimmt."):
        assert text not in html
    assert f"/{neighbours.pk}/" not in html
    if code == 200 and view == "edit":
        assert "Nur für die Oberschule Buxtehude bestimmt." in html


def event_state(event):
    """Every column of the event as stored, its co-organisers and its number of versions."""
    fresh = Event.objects.get(pk=event.pk)
    return {
        **{field.attname: getattr(fresh, field.attname) for field in Event._meta.concrete_fields},
        "co_organisers": sorted(fresh.co_organisers.values_list("pk", flat=True)),
        "versions": fresh.history.count(),
    }


@pytest.mark.parametrize(
    "who", ["anonymous", "other_teacher", "neighbour_teacher", "no_institution", "coordinator"]
)
def test_nobody_else_can_post_edit_or_cancel(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks, who
):
    school = school_world["school"]
    pending = make_event(organiser=school, status=EventStatus.REVIEW)
    pending.co_organisers.set([school_world["company"]])
    rejected = make_event(
        organiser=school, status=EventStatus.REJECTED, moderation_message="Raum fehlt."
    )
    published = make_event(organiser=school, status=EventStatus.PUBLISHED)
    events = [pending, rejected, published]
    before = [event_state(event) for event in events]
    data = event_data(school, title="Übernommen", co_organisers=[school_world["chamber"].pk])
    posts = [
        (reverse("offers:provider-event-edit", args=[pending.pk]), data),
        (reverse("offers:provider-event-edit", args=[rejected.pk]), data),
        (reverse("offers:provider-event-cancel", args=[published.pk]), {}),
    ]
    if who != "anonymous":
        client.force_login(school_world[who])

    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(url, payload) for url, payload in posts]

    if who == "anonymous":
        expected = [(302, f"/anmelden/?next={url}") for url, _payload in posts]
    else:
        expected = [(404 if who.endswith("teacher") else 403, None)] * len(posts)
    assert [(r.status_code, r.get("Location")) for r in responses] == expected
    assert [event_state(event) for event in events] == before
    assert mailoutbox == []


# --- registering ----------------------------------------------------------------------------


def test_form_prefills_the_place_with_the_school_address(client, school_world):
    client.force_login(school_world["teacher"])
    html = client.get(CREATE).content.decode()
    assert 'name="street" value="Schulweg 1"' in html
    assert 'name="postcode" value="21614"' in html
    assert 'name="city" value="Buxtehude"' in html
    assert 'name="venue" value="Oberschule Buxtehude"' in html
    # co-organisers: the region's actors, grouped by kind; the other region's are not offered
    groups = co_organiser_groups(html)
    assert groups["Kammer"] == [(str(school_world["chamber"].pk), "IHK Stade", False)]
    assert "Gymnasium Lüneburg" not in html
    # nor the school itself, the only institution of the account
    offered = [pk for entries in groups.values() for pk, _name, _checked in entries]
    assert str(school_world["school"].pk) not in offered


def test_submit_creates_pending_event_and_tells_the_office(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(school_world["teacher"])
    data = event_data(
        school_world["school"],
        co_organisers=[school_world["chamber"].pk, school_world["company"].pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, data)

    assert (response.status_code, response.url) == (302, AREA)
    event = Event.objects.get()
    assert event.status == EventStatus.REVIEW
    assert event.region == school_world["region"]
    assert event.organiser == school_world["school"]
    assert event.submitted_by == school_world["teacher"]
    assert event.slug == f"berufsinformationstag-der-oberschule-{data['starts_at'][:10]}"
    assert (event.grade_min, event.grade_max, event.capacity) == (8, 10, 120)
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M") == data["starts_at"]
    assert list(event.co_organisers.order_by("name")) == [
        school_world["company"],
        school_world["chamber"],
    ]
    # The insert and (django-simple-history's m2m tracking) the co-organisers set after it.
    assert versions(event) == [
        ("+", school_world["teacher"], "vom Anbieter eingereicht", EventStatus.REVIEW),
        ("~", school_world["teacher"], "vom Anbieter eingereicht", EventStatus.REVIEW),
    ]
    assert [m.to for m in mailoutbox] == [["bb@stade.test"]]
    mail = mailoutbox[0]
    assert mail.subject == "Neue Veranstaltung zur Freigabe: Berufsinformationstag der Oberschule"
    assert f"http://testserver/admin/offers/event/{event.pk}/change/" in mail.body
    assert "Oberschule Buxtehude hat eine Veranstaltung" in mail.body


def test_submit_without_address_takes_the_school_address(client, school_world):
    client.force_login(school_world["teacher"])
    client.post(CREATE, event_data(school_world["school"], street="", postcode="", city=""))
    event = Event.objects.get()
    assert (event.street, event.postcode, event.city) == ("Schulweg 1", "21614", "Buxtehude")


def test_second_submission_with_same_title_gets_its_own_slug(client, school_world):
    client.force_login(school_world["teacher"])
    client.post(CREATE, event_data(school_world["school"]))
    client.post(CREATE, event_data(school_world["school"]))
    slugs = list(Event.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs[1] == slugs[0] + "-2"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"ends_at": future(20, 8)},
            ["Ende (Datum und Uhrzeit): Das Ende muss nach dem Beginn liegen."],
        ),
        (
            {"starts_at": "2020-01-01T09:00", "ends_at": "2020-01-01T12:00", "is_free": None},
            [
                "Beginn (Datum und Uhrzeit): Der Beginn liegt in der Vergangenheit. Bitte "
                "geben Sie einen Termin in der Zukunft an."
            ],
        ),
        (
            {"grade_min": "4", "grade_max": "14"},
            [
                "ab Jahrgang: Bitte geben Sie einen Jahrgang von 5 bis 13 an.",
                "bis Jahrgang: Bitte geben Sie einen Jahrgang von 5 bis 13 an.",
            ],
        ),
        (
            {"grade_min": "10", "grade_max": "8"},
            ["bis Jahrgang: „bis Jahrgang“ darf nicht kleiner sein als „ab Jahrgang“ (10)."],
        ),
        (
            {"title": "", "ends_at": ""},
            [
                "Titel: Bitte geben Sie einen Titel an.",
                "Ende (Datum und Uhrzeit): Bitte geben Sie Datum und Uhrzeit des Endes an.",
            ],
        ),
        (
            {"kind": "fachtag"},
            ["Art der Veranstaltung: Bitte wählen Sie eine der angebotenen Arten."],
        ),
        ({"capacity": "0"}, ["Plätze: Bitte geben Sie eine Zahl von 1 an aufwärts an."]),
        (
            {"title": "T" * 201, "street": "Schulweg " + "1" * 160},
            [
                "Titel: Bitte kürzen Sie Ihre Angabe auf höchstens 200 Zeichen; jetzt sind es 201.",
                "Straße und Hausnummer: Bitte kürzen Sie Ihre Angabe auf höchstens 160 Zeichen; "
                "jetzt sind es 169.",
            ],
        ),
        (
            {"starts_at": "morgen früh", "capacity": "viele", "contact_email": "bo-at-obs"},
            [
                "Beginn (Datum und Uhrzeit): Bitte geben Sie Datum und Uhrzeit ein, z. B. "
                "14.05.2026, 09:00.",
                "Plätze: Bitte geben Sie die Zahl der Plätze als Zahl an.",
                "Kontakt (E-Mail): Bitte geben Sie eine gültige E-Mail-Adresse ein.",
            ],
        ),
        (
            # The model's field checks run in the same round as the form's own.
            {"ends_at": future(20, 8), "postcode": "12"},
            [
                "Ende (Datum und Uhrzeit): Das Ende muss nach dem Beginn liegen.",
                "Postleitzahl: Bitte geben Sie eine Postleitzahl mit fünf Ziffern an.",
            ],
        ),
    ],
    ids=[
        "end-before-start",
        "past",
        "grades-out-of-range",
        "grades-reversed",
        "missing",
        "kind",
        "no-places",
        "too-long",
        "not-a-date-number-address",
        "end-before-start-and-postcode",
    ],
)
def test_form_errors_are_german_and_keep_every_value(client, school_world, overrides, expected):
    client.force_login(school_world["teacher"])
    data = event_data(
        school_world["school"],
        venue="Aula „Haus A“ & Foyer",
        co_organisers=[school_world["chamber"].pk, school_world["company"].pk],
        **overrides,
    )

    response = client.post(CREATE, data)

    assert response.status_code == 200
    assert errors_of(response) == expected
    html = response.content.decode()
    assert html.count('aria-invalid="true"') == len(expected)
    # Every field of the form is posted, and every one comes back as typed (an unticked box
    # unticked); only a kind that is not offered cannot be selected again.
    assert sorted({*data, "is_free"}) == sorted(response.context["form"].fields)
    kept = {
        name: [str(v) for v in value] if isinstance(value, list) else [str(value)]
        for name, value in data.items()
    }
    kept.setdefault("is_free", [])
    if overrides.get("kind") == "fachtag":
        kept["kind"] = []
    assert form_values(html) == kept
    assert Event.objects.count() == 0


@pytest.mark.parametrize("institution", ["neighbour_school", "other_school"])
def test_cannot_submit_for_another_institution(client, school_world, institution):
    client.force_login(school_world["teacher"])
    response = client.post(CREATE, event_data(school_world[institution]))
    assert response.status_code == 200
    assert errors_of(response) == [
        "Veranstaltende Einrichtung: Bitte wählen Sie eine Ihrer Einrichtungen."
    ]
    assert Event.objects.count() == 0


def test_form_takes_no_address_of_another_institution(client, school_world):
    """?einrichtung= picks among the user's own institutions only (else the first of them)."""
    client.force_login(school_world["teacher"])
    response = client.get(CREATE, {"einrichtung": school_world["neighbour_school"].pk})
    values = form_values(response.content.decode())
    assert {name: values[name] for name in ("institution", "venue", "street")} == {
        "institution": [str(school_world["school"].pk)],
        "venue": ["Oberschule Buxtehude"],
        "street": ["Schulweg 1"],
    }


def test_co_organisers_must_come_from_the_region(client, school_world):
    client.force_login(school_world["teacher"])
    data = event_data(school_world["school"], co_organisers=[school_world["other_school"].pk])
    response = client.post(CREATE, data)
    assert errors_of(response) == [
        "Mitveranstalter: Bitte wählen Sie Mitveranstalter aus Ihrer Bildungsregion."
    ]
    assert Event.objects.count() == 0
    # The summary links the error to the first box of the list, which names the error.
    html = response.content.decode()
    first_box = re.search(r'<input type="checkbox" name="co_organisers"[^>]*>', html).group(0)
    assert 'id="id_co_organisers_0_0"' in first_box
    assert 'aria-invalid="true"' in first_box
    assert '<a class="kern-link" href="#id_co_organisers_0_0">Mitveranstalter:' in html
    assert re.search(r'<fieldset [^>]*id="id_co_organisers"[^>]*id_co_organisers_error', html)


def test_co_organiser_that_is_no_number_is_refused_in_german(client, school_world):
    client.force_login(school_world["teacher"])
    data = event_data(school_world["school"], co_organisers=["keine Zahl"])
    response = client.post(CREATE, data)
    assert errors_of(response) == [
        "Mitveranstalter: Bitte wählen Sie Mitveranstalter aus Ihrer Bildungsregion."
    ]


def test_submissions_are_rate_limited_per_user_without_losing_input(client, school_world, settings):
    settings.SCHOOL_EVENT_SUBMISSION_LIMIT = 2
    settings.SCHOOL_EVENT_SUBMISSION_WINDOW = 3600
    client.force_login(school_world["teacher"])
    for n in range(2):
        assert (
            client.post(CREATE, event_data(school_world["school"], title=f"T{n}")).status_code
            == 302
        )

    response = client.post(CREATE, event_data(school_world["school"], title="Der dritte"))

    assert response.status_code == 429
    assert errors_of(response) == [
        "Sie haben in den letzten 60 Minuten bereits 2 Veranstaltungen eingereicht. Bitte "
        "versuchen Sie es später noch einmal; Ihre Angaben bleiben in diesem Formular erhalten."
    ]
    assert 'name="title" value="Der dritte"' in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert Event.objects.count() == 2
    # With a second institution, the refused form still offers the choice of institution.
    InstitutionMembership.objects.create(
        user=school_world["teacher"], actor=school_world["neighbour_school"]
    )
    refused = client.post(CREATE, event_data(school_world["school"], title="Der dritte"))
    assert refused.status_code == 429
    assert f'href="?einrichtung={school_world["neighbour_school"].pk}"' in refused.content.decode()
    # Another user of the same school is not limited by the first one's submissions.
    colleague = make_user("kollege", is_staff=False)
    InstitutionMembership.objects.create(user=colleague, actor=school_world["school"])
    client.force_login(colleague)
    assert client.post(CREATE, event_data(school_world["school"])).status_code == 302


def test_submissions_older_than_the_window_do_not_count(client, school_world, settings):
    settings.SCHOOL_EVENT_SUBMISSION_LIMIT = 1
    old = make_event(organiser=school_world["school"], submitted_by=school_world["teacher"])
    Event.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=3601)
    )
    client.force_login(school_world["teacher"])
    assert client.post(CREATE, event_data(school_world["school"])).status_code == 302


# --- editing and cancelling ------------------------------------------------------------------


def test_pending_event_can_be_edited(client, school_world, mailoutbox):
    event = make_event(
        organiser=school_world["school"],
        status=EventStatus.REVIEW,
        submitted_by=school_world["teacher"],
    )
    client.force_login(school_world["teacher"])
    url = reverse("offers:provider-event-edit", args=[event.pk])
    assert f'value="{event.title}"' in client.get(url).content.decode()

    response = client.post(url, event_data(school_world["school"], title="Neuer Titel"))

    assert (response.status_code, response.url) == (302, AREA)
    event.refresh_from_db()
    assert (event.title, event.status) == ("Neuer Titel", EventStatus.REVIEW)
    assert versions(event)[-1] == (
        "~",
        school_world["teacher"],
        "vom Anbieter geändert",
        EventStatus.REVIEW,
    )
    assert mailoutbox == []


def test_rejected_event_edited_is_submitted_again(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(
        organiser=school_world["school"],
        status=EventStatus.REJECTED,
        moderation_message="Bitte Jahrgänge angeben.",
        submitted_by=school_world["teacher"],
    )
    client.force_login(school_world["teacher"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("offers:provider-event-edit", args=[event.pk]),
            event_data(school_world["school"], title="Überarbeitet"),
        )
    event.refresh_from_db()
    assert (event.title, event.status) == ("Überarbeitet", EventStatus.REVIEW)
    assert versions(event)[-1] == (
        "~",
        school_world["teacher"],
        "vom Anbieter geändert",
        EventStatus.REVIEW,
    )
    assert [m.subject for m in mailoutbox] == ["Erneut eingereicht: Überarbeitet"]


def test_cancelled_event_cannot_be_edited(client, school_world):
    event = make_event(organiser=school_world["school"], title="Fest", status=EventStatus.CANCELLED)
    client.force_login(school_world["teacher"])
    response = client.post(
        reverse("offers:provider-event-edit", args=[event.pk]),
        event_data(school_world["school"], title="Geändert"),
        follow=True,
    )
    assert response.redirect_chain == [(AREA, 302)]
    assert "„Fest“ ist abgesagt und kann hier nicht mehr geändert werden." in (
        response.content.decode()
    )
    event.refresh_from_db()
    assert event.title == "Fest"


def test_published_event_title_waits_and_the_time_is_public_at_once(client, school_world):
    event = make_event(organiser=school_world["school"], title="Fest")
    client.force_login(school_world["teacher"])
    data = event_data(school_world["school"], title="Sommerfest", starts_at=future(25, 10))
    data["ends_at"] = future(25, 12)
    response = client.post(reverse("offers:provider-event-edit", args=[event.pk]), data)
    assert (response.status_code, response.url) == (302, AREA)
    event.refresh_from_db()
    assert event.title == "Fest"  # the published title stays until the office approves
    assert timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M") == future(25, 10)
    change = ChangeRequest.objects.get(kind=ChangeRequest.Kind.CHANGE)
    assert (change.status, change.after["title"]) == (ChangeRequest.Status.WAITING, "Sommerfest")
    # The form continues from the waiting title.
    html = client.get(reverse("offers:provider-event-edit", args=[event.pk])).content.decode()
    assert 'value="Sommerfest"' in html


def test_published_event_is_cancelled_and_shown_as_cancelled(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(organiser=school_world["school"], title="Betriebserkundung Hafen")
    client.force_login(school_world["teacher"])
    url = reverse("offers:provider-event-cancel", args=[event.pk])
    assert "Möchten Sie „Betriebserkundung Hafen“" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert (response.status_code, response.url) == (302, AREA)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert versions(event)[-1] == ("~", school_world["teacher"], "abgesagt", EventStatus.CANCELLED)
    assert [m.subject for m in mailoutbox] == ["Abgesagt: Betriebserkundung Hafen"]
    client.logout()
    listing = client.get("/veranstaltungen/").content.decode()
    assert "Betriebserkundung Hafen" in listing
    assert "bgesagt" in listing.split("Betriebserkundung Hafen", 1)[1][:600]
    ics = client.get(f"/veranstaltungen/{event.slug}/kalender.ics").content.decode()
    assert "STATUS:CANCELLED" in ics
    assert "SUMMARY:Abgesagt: Betriebserkundung Hafen" in ics


def test_pending_event_cannot_be_cancelled(client, school_world):
    event = make_event(organiser=school_world["school"], status=EventStatus.REVIEW)
    client.force_login(school_world["teacher"])
    response = client.post(reverse("offers:provider-event-cancel", args=[event.pk]))
    assert (response.status_code, response.url) == (302, AREA)
    event.refresh_from_db()
    assert event.status == EventStatus.REVIEW


# --- invitations -----------------------------------------------------------------------------


def test_coordinator_invites_school_staff_who_sets_a_password(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(school_world["coordinator"])
    invite_url = reverse("admin:bildungsregion_user_invite")
    assert school_world["other_school"].name not in client.get(invite_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_url,
            {
                "email": "Neue.Lehrkraft@obs-buxtehude.test",
                "first_name": "Nora",
                "last_name": "Neu",
                "institutions": [school_world["school"].pk],
            },
        )
    assert (response.status_code, response.url) == (302, "/admin/bildungsregion/user/")
    invited = User.objects.get(email="Neue.Lehrkraft@obs-buxtehude.test")
    assert (invited.username, invited.is_staff, invited.has_usable_password()) == (
        "Neue.Lehrkraft@obs-buxtehude.test",
        False,
        False,
    )
    assert list(Actor.objects.filter(user_memberships__user=invited)) == [school_world["school"]]
    assert [m.to for m in mailoutbox] == [["Neue.Lehrkraft@obs-buxtehude.test"]]
    body = mailoutbox[0].body
    assert "- Oberschule Buxtehude" in body
    link = re.search(r"http://testserver(/einladung/\S+/)", body).group(1)

    client.logout()
    page = client.get(link, follow=True)
    assert "Willkommen: Passwort festlegen" in page.content.decode()
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert (response.status_code, response.url) == (302, AREA)
    assert "Oberschule Buxtehude" in client.get(AREA).content.decode()
    # The link is spent once the password is set.
    client.logout()
    assert "nicht mehr gültig" in client.get(link, follow=True).content.decode()
    invited.refresh_from_db()
    assert invited.is_staff is False


def test_invitation_refused_for_other_region_and_existing_email(client, school_world):
    client.force_login(school_world["coordinator"])
    url = reverse("admin:bildungsregion_user_invite")
    other = client.post(
        url, {"email": "x@example.org", "institutions": [school_world["other_school"].pk]}
    )
    existing = client.post(
        url,
        {"email": school_world["teacher"].email, "institutions": [school_world["school"].pk]},
    )
    assert other.status_code == existing.status_code == 200
    assert other.context["form"].errors == {
        "institutions": [
            f"Bitte eine gültige Auswahl treffen. {school_world['other_school'].pk} ist keine "
            "gültige Auswahl."
        ]
    }
    assert "Zu dieser E-Mail-Adresse gibt es schon ein Konto." in existing.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.parametrize(
    ("who", "expected"), [("teacher", 302), ("editor", 403), ("coordinator", 200)]
)
def test_invite_view_permission(client, school_world, who, expected):
    if who == "editor":
        user = make_user("red-sa", region=school_world["region"], role="redaktion")
    else:
        user = school_world[who]
    client.force_login(user)
    assert client.get(reverse("admin:bildungsregion_user_invite")).status_code == expected


def test_invitation_link_is_on_portal_base_url_not_on_the_requests_port(
    client, school_world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """Item 11c for invitations (bildungsregion.links)."""
    settings.PORTAL_BASE_URL = "https://bildung.landkreis-stade.de"
    client.force_login(school_world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:bildungsregion_user_invite"),
            {"email": "nora@obs-buxtehude.test", "institutions": [school_world["school"].pk]},
            HTTP_HOST="testserver:8443",
        )
    body = mailoutbox[0].body
    assert re.findall(r"https?://\S+", body) == [
        re.search(r"https://bildung\.landkreis-stade\.de/einladung/\S+/", body).group(0),
        "https://bildung.landkreis-stade.de/anmelden/",
    ]


def test_invitation_again_is_limited_per_address(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks
):
    """Item 7: "Einladung (erneut) senden" sends at most 3 mails to one address per hour."""
    invited = make_user("eingeladen", is_staff=False)
    InstitutionMembership.objects.create(user=invited, actor=school_world["school"])
    client.force_login(school_world["coordinator"])
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("admin:bildungsregion_user_changelist"),
                {"action": "invite_again", "_selected_action": [invited.pk]},
            )
    assert [m.to for m in mailoutbox] == [[invited.email]] * 3


def test_invitation_is_limited_per_sender(
    client, school_world, mailoutbox, settings, django_capture_on_commit_callbacks
):
    """Item 7, per client: one staff account sends at most INVITATION_LIMIT_PER_SENDER
    invitations per window, to whichever addresses; past it the form answers 429 as typed."""
    settings.INVITATION_LIMIT_PER_SENDER = 2
    client.force_login(school_world["coordinator"])
    url = reverse("admin:bildungsregion_user_invite")
    school = school_world["school"].pk
    for name in ("ada", "bea"):
        with django_capture_on_commit_callbacks(execute=True):
            data = {"email": f"{name}@obs-buxtehude.test", "institutions": [school]}
            assert client.post(url, data).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"email": "cem@obs-buxtehude.test", "institutions": [school]})
    assert refused.status_code == 429
    assert refused.context["form"]["email"].value() == "cem@obs-buxtehude.test"
    [error] = refused.context["form"].errors["email"]
    assert error.startswith("Zu viele Anfragen. Bitte versuchen Sie es in ")
    assert not User.objects.filter(email="cem@obs-buxtehude.test").exists()
    assert [m.to for m in mailoutbox] == [["ada@obs-buxtehude.test"], ["bea@obs-buxtehude.test"]]


def test_invitation_of_a_new_address_is_limited_per_address(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks
):
    """Inviting, deleting and inviting again reaches the same address at most 3 times."""
    client.force_login(school_world["coordinator"])
    url = reverse("admin:bildungsregion_user_invite")
    data = {"email": "nora@obs-buxtehude.test", "institutions": [school_world["school"].pk]}
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
        User.objects.filter(email="nora@obs-buxtehude.test").delete()
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, data)
    assert refused.status_code == 429
    [error] = refused.context["form"].errors["email"]
    assert error.startswith("Zu viele Anfragen. Bitte versuchen Sie es in ")
    assert not User.objects.filter(email="nora@obs-buxtehude.test").exists()
    assert len(mailoutbox) == 3


def test_event_form_keeps_a_begun_events_start_but_refuses_a_start_moved_into_the_past(
    school_world,
):
    """An event that has begun can still be corrected: its start, unchanged, is no error. Moving
    it to another time in the past is refused, and so is a new event that begins in the past."""
    school = school_world["school"]
    institutions = Actor.objects.filter(pk=school.pk)
    now = timezone.now()
    began = timezone.localtime(now).replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    ends = began + datetime.timedelta(hours=4)
    event = make_event(
        organiser=school,
        status=EventStatus.REVIEW,
        submitted_by=school_world["teacher"],
        starts_at=began,
        ends_at=ends,
    )

    def errors(starts_at, **instance):
        data = event_data(
            school, starts_at=f"{starts_at:%Y-%m-%dT%H:%M}", ends_at=f"{ends:%Y-%m-%dT%H:%M}"
        )
        form = EventForm(data, institutions=institutions, now=now, **instance)
        form.is_valid()
        return form.errors

    in_the_past = {
        "starts_at": [
            "Der Beginn liegt in der Vergangenheit. Bitte geben Sie einen Termin in der Zukunft an."
        ]
    }
    assert errors(began, instance=event) == {}
    assert errors(began - datetime.timedelta(minutes=30), instance=event) == in_the_past
    assert errors(began) == in_the_past
    # A start that is now (to the minute, as the form takes it) is not in the past.
    exactly_now = began + datetime.timedelta(hours=1)
    data = event_data(
        school, starts_at=f"{exactly_now:%Y-%m-%dT%H:%M}", ends_at=f"{ends:%Y-%m-%dT%H:%M}"
    )
    assert EventForm(data, institutions=institutions, now=exactly_now).errors == {}


def test_service_errors_land_on_their_field_or_above_the_form():
    """What the services refuse after the form was valid (a status changed in the meantime, a
    start that passed while the form was filled in) reaches the form: errors of a form field on
    that field, errors of other fields and plain messages above the form."""
    school = make_actor(kind=Actor.Kind.OBERSCHULE)
    institutions = Actor.objects.filter(pk=school.pk)

    by_field = EventForm(data={}, institutions=institutions)
    by_field.is_valid()
    by_field.errors.clear()
    _apply_service_errors(
        by_field,
        ValidationError(
            {
                "starts_at": "Der Beginn darf nicht in der Vergangenheit liegen.",
                "co_organisers_of_the_model": "Mitveranstalter passen nicht.",
            }
        ),
    )
    assert by_field.errors == {
        "starts_at": ["Der Beginn darf nicht in der Vergangenheit liegen."],
        "__all__": ["Mitveranstalter passen nicht."],
    }

    plain = EventForm(data={}, institutions=institutions)
    plain.is_valid()
    plain.errors.clear()
    _apply_service_errors(
        plain, ValidationError(["„Bearbeiten“ ist nicht möglich.", "Zweiter Grund."])
    )
    assert plain.errors == {"__all__": ["„Bearbeiten“ ist nicht möglich.", "Zweiter Grund."]}


# --- what each page and step shows: exact messages, the request's context, the choices -------


@pytest.fixture
def two_school_teacher(school_world):
    """The teacher works at both schools of Buxtehude (two institutions of one region)."""
    InstitutionMembership.objects.create(
        user=school_world["teacher"], actor=school_world["neighbour_school"]
    )
    return school_world["teacher"]


def test_every_form_page_is_rendered_with_the_request(client, school_world):
    """The pages are rendered with the request: the CSRF field (else no form could be sent) and
    the header's navigation (a context processor) are there, on a first view and after an error
    alike."""
    pending = make_event(organiser=school_world["school"], status=EventStatus.REVIEW)
    published = make_event(organiser=school_world["school"], title="Tag der Ausbildung")
    client.force_login(school_world["teacher"])
    edit = reverse("offers:provider-event-edit", args=[pending.pk])
    cancel = reverse("offers:provider-event-cancel", args=[published.pk])
    pages = {
        "create": client.get(CREATE),
        "create with errors": client.post(CREATE, event_data(school_world["school"], title="")),
        "edit": client.get(edit),
        "edit with errors": client.post(edit, event_data(school_world["school"], title="")),
        "cancel": client.get(cancel),
    }
    for name, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, name
        assert 'name="csrfmiddlewaretoken"' in html, name
        assert 'href="/akteure/"' in html, name
    assert errors_of(pages["create with errors"]) == ["Titel: Bitte geben Sie einen Titel an."]
    assert errors_of(pages["edit with errors"]) == ["Titel: Bitte geben Sie einen Titel an."]
    titles = {
        name: re.search(r"<title>(.*?) –", page.content.decode())[1] for name, page in pages.items()
    }
    assert titles == {
        "create": "Veranstaltung anmelden",
        "create with errors": "Fehler: Veranstaltung anmelden",
        "edit": "Veranstaltung bearbeiten",
        "edit with errors": "Fehler: Veranstaltung bearbeiten",
        "cancel": titles["cancel"],
    }


def test_new_event_form_offers_each_institution_and_prefills_the_chosen_one(
    client, school_world, two_school_teacher
):
    client.force_login(two_school_teacher)
    school, neighbour = school_world["school"], school_world["neighbour_school"]
    first_institution, second_institution = services.institutions_of(two_school_teacher)
    first = form_values(client.get(CREATE).content.decode())
    html = client.get(f"{CREATE}?einrichtung={second_institution.pk}").content.decode()
    chosen = form_values(html)
    # the choice of institution is offered on the page, and kept when the form comes back
    for page in (html, client.post(CREATE, event_data(school, title="")).content.decode()):
        assert f'href="?einrichtung={school.pk}"' in page
        assert f'href="?einrichtung={neighbour.pk}"' in page

    assert first["institution"] == [str(first_institution.pk)]
    assert first["venue"] == [first_institution.name]
    assert chosen["institution"] == [str(second_institution.pk)]
    assert (chosen["venue"], chosen["street"]) == (
        [second_institution.name],
        [second_institution.street],
    )
    assert chosen["is_free"] == ["on"]  # "kostenlos" is ticked on a new event


@pytest.mark.parametrize("picked", ["", "abc", "-1", "0", "foreign"])
def test_new_event_form_ignores_an_institution_that_is_not_the_users(client, school_world, picked):
    client.force_login(school_world["teacher"])
    if picked == "foreign":
        picked = str(school_world["other_school"].pk)
    response = client.get(f"{CREATE}?einrichtung={picked}")
    assert response.status_code == 200
    values = form_values(response.content.decode())
    assert values["institution"] == [str(school_world["school"].pk)]
    assert values["venue"] == ["Oberschule Buxtehude"]


def test_edit_form_offers_only_the_events_organiser(client, school_world, two_school_teacher):
    event = make_event(
        organiser=school_world["neighbour_school"],
        status=EventStatus.REVIEW,
        submitted_by=two_school_teacher,
    )
    client.force_login(two_school_teacher)
    html = client.get(reverse("offers:provider-event-edit", args=[event.pk])).content.decode()
    select = html.split('name="institution"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="(\d+)"( selected)?', select) == [
        (str(school_world["neighbour_school"].pk), " selected")
    ]
    assert "?einrichtung=" not in html


def test_success_messages_name_the_event(client, school_world):
    client.force_login(school_world["teacher"])
    created = client.post(CREATE, event_data(school_world["school"], title="Praxistag"))
    assert messages_of(created) == [
        (
            "success",
            "Vielen Dank! „Praxistag“ ist eingereicht. Das Bildungsbüro prüft die "
            "Veranstaltung; Sie erhalten eine E-Mail, sobald sie freigegeben ist.",
        )
    ]
    client.get(AREA)  # shows (and so empties) the messages
    pending = Event.objects.get()
    edited = client.post(
        reverse("offers:provider-event-edit", args=[pending.pk]),
        event_data(school_world["school"], title="Praxistag im Hafen"),
    )
    assert messages_of(edited) == [
        (
            "success",
            "Ihre Änderungen an „Praxistag im Hafen“ sind gespeichert. Der Eintrag wartet auf "
            "Freigabe.",
        )
    ]
    assert Event.objects.get().pk == pending.pk  # changed in place, no second event

    client.get(AREA)
    pending.status = EventStatus.REJECTED
    pending.save()
    resubmitted = client.post(
        reverse("offers:provider-event-edit", args=[pending.pk]),
        event_data(school_world["school"], title="Praxistag am Hafen"),
    )
    assert messages_of(resubmitted) == [
        ("success", "„Praxistag am Hafen“ ist erneut eingereicht und wartet auf Freigabe.")
    ]

    client.get(AREA)
    published = make_event(organiser=school_world["school"], title="Betriebserkundung")
    cancelled = client.post(reverse("offers:provider-event-cancel", args=[published.pk]))
    assert messages_of(cancelled) == [
        (
            "success",
            "„Betriebserkundung“ ist abgesagt. Im Veranstaltungskalender steht sie jetzt als "
            "„abgesagt“.",
        )
    ]


def test_mails_of_edit_and_cancel_link_to_the_portal(
    client, school_world, mailoutbox, django_capture_on_commit_callbacks
):
    rejected = make_event(
        organiser=school_world["school"],
        status=EventStatus.REJECTED,
        submitted_by=school_world["teacher"],
    )
    published = make_event(organiser=school_world["school"], title="Betriebserkundung")
    client.force_login(school_world["teacher"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("offers:provider-event-edit", args=[rejected.pk]),
            event_data(school_world["school"], title="Überarbeitet"),
        )
        client.post(reverse("offers:provider-event-cancel", args=[published.pk]))
    resubmitted, cancelled = mailoutbox
    assert f"http://testserver/admin/offers/event/{rejected.pk}/change/" in resubmitted.body
    assert f"http://testserver/veranstaltungen/{published.slug}/" in cancelled.body


def test_area_lists_events_by_start_then_by_age(
    client, school_world, django_assert_max_num_queries
):
    starts = timezone.now() + datetime.timedelta(days=30)
    older = make_event(organiser=school_world["school"], title="Erster Termin", starts_at=starts)
    newer = make_event(organiser=school_world["school"], title="Zweiter Termin", starts_at=starts)
    later = make_event(
        organiser=school_world["school"],
        title="Späterer Termin",
        starts_at=starts + datetime.timedelta(days=1),
    )
    InstitutionMembership.objects.create(
        user=school_world["teacher"], actor=school_world["neighbour_school"]
    )
    client.force_login(school_world["teacher"])
    client.get(AREA)  # the session and the user are loaded once
    # session, user, the institutions with their regions, their offers, their events, the
    # moderation's requests, the broken links; two per institution for its completeness
    # (offers.completeness.provider_completeness).
    with django_assert_max_num_queries(7 + 2 * 2):
        html = client.get(AREA).content.decode()
    positions = [html.index(event.title) for event in (later, older, newer)]
    assert positions == sorted(positions)


def test_user_without_institution_is_told_why_the_form_is_refused(client, school_world):
    client.force_login(school_world["no_institution"])
    response = client.get(CREATE)
    assert response.status_code == 403
    assert (
        '<p class="portal-lead">Ihr Konto ist keiner Einrichtung zugeordnet. Wenden Sie sich an '
        "Ihr Bildungsbüro.</p>" in response.content.decode()
    )


def test_event_form_fields_help_the_browser(client, school_world):
    client.force_login(school_world["teacher"])
    html = client.get(CREATE).content.decode()
    postcode = attributes_of(html, "postcode")
    assert (postcode["inputmode"], postcode["autocomplete"]) == ("numeric", "postal-code")
    assert attributes_of(html, "contact_email")["autocomplete"] == "email"
    assert attributes_of(html, "contact_phone")["autocomplete"] == "tel"
    assert attributes_of(html, "capacity")["min"] == "1"
    # the co-organisers: KERN checkboxes in a fieldset that names its help text
    co_organisers = attributes_of(html, "co_organisers")
    assert (co_organisers["type"], co_organisers["class"]) == (
        "checkbox",
        "kern-form-check__checkbox",
    )
    assert re.search(
        r'<fieldset [^>]*id="id_co_organisers" data-choice-filter '
        r'aria-describedby="id_co_organisers_helptext">',
        html,
    )
    for name in ("starts_at", "ends_at"):
        assert attributes_of(html, name)["type"] == "datetime-local"
    assert "required" in attributes_of(html, "ends_at")
    assert re.search(r'<label[^>]*for="id_is_free"[^>]*>\s*kostenlos', html)


def test_event_form_refuses_no_places_and_no_end(client, school_world):
    client.force_login(school_world["teacher"])
    response = client.post(CREATE, event_data(school_world["school"], capacity="0", ends_at=""))
    assert errors_of(response) == [
        "Ende (Datum und Uhrzeit): Bitte geben Sie Datum und Uhrzeit des Endes an.",
        "Plätze: Bitte geben Sie eine Zahl von 1 an aufwärts an.",
    ]


def test_edit_changes_the_co_organisers(client, school_world):
    event = make_event(
        organiser=school_world["school"],
        status=EventStatus.REVIEW,
        submitted_by=school_world["teacher"],
    )
    event.co_organisers.set([school_world["company"]])
    client.force_login(school_world["teacher"])
    client.post(
        reverse("offers:provider-event-edit", args=[event.pk]),
        event_data(school_world["school"], co_organisers=[school_world["chamber"].pk]),
    )
    assert list(event.co_organisers.all()) == [school_world["chamber"]]


def test_event_form_order_and_the_events_own_values(client, school_world):
    """The institution comes first, then the kind and the title; an event being edited shows
    its times as the date picker reads them and its co-organisers chosen."""
    starts = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9)))
    starts += datetime.timedelta(days=20)
    event = make_event(
        organiser=school_world["school"],
        status=EventStatus.REVIEW,
        submitted_by=school_world["teacher"],
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
    )
    event.co_organisers.set([school_world["chamber"]])
    client.force_login(school_world["teacher"])
    html = client.get(reverse("offers:provider-event-edit", args=[event.pk])).content.decode()
    assert list(form_values(html))[:3] == ["institution", "kind", "title"]
    assert attributes_of(html, "starts_at")["value"] == f"{starts:%Y-%m-%d}T09:00"
    assert attributes_of(html, "ends_at")["value"] == f"{starts:%Y-%m-%d}T13:00"
    assert form_values(html)["co_organisers"] == [str(school_world["chamber"].pk)]


def test_event_form_prefills_the_schools_contact(client, school_world):
    school = school_world["school"]
    school.phone = "04161 999-0"
    school.save()
    client.force_login(school_world["teacher"])
    values = form_values(client.get(CREATE).content.decode())
    assert (values["contact_email"], values["contact_phone"]) == (
        ["sekretariat@obs-buxtehude.test"],
        ["04161 999-0"],
    )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"ends_at": future(20, 9)},
            ["Ende (Datum und Uhrzeit): Das Ende muss nach dem Beginn liegen."],
        ),
        ({"grade_min": "9", "grade_max": "9"}, []),
        ({"capacity": "1"}, []),
    ],
)
def test_event_form_boundaries(client, school_world, overrides, errors):
    client.force_login(school_world["teacher"])
    response = client.post(CREATE, event_data(school_world["school"], **overrides))
    if errors:
        assert errors_of(response) == errors
    else:
        assert (response.status_code, Event.objects.count()) == (302, 1)


def test_co_organisers_must_come_from_the_chosen_institutions_region(client, school_world):
    """A teacher of schools in two regions is offered the actors of both; the chosen ones must
    come from the region of the institution the event is for."""
    InstitutionMembership.objects.create(
        user=school_world["teacher"], actor=school_world["other_school"]
    )
    foreign = make_actor(school_world["other_region"], name="Hafen Lüneburg", kind="unternehmen")
    client.force_login(school_world["teacher"])
    response = client.post(CREATE, event_data(school_world["school"], co_organisers=[foreign.pk]))
    assert errors_of(response) == [
        "Mitveranstalter: Mitveranstalter müssen aus der Bildungsregion Ihrer Einrichtung kommen."
    ]
    assert Event.objects.count() == 0


# --- the service behind the form -------------------------------------------------------------


def school_fields(**overrides):
    fields = {
        "kind": "berufsinformationstag",
        "title": "Praxistag",
        "description": "Betriebe stellen sich vor.",
        "starts_at": timezone.now() + datetime.timedelta(days=20),
        "ends_at": timezone.now() + datetime.timedelta(days=20, hours=3),
    }
    fields.update(overrides)
    return fields


def test_services_refuse_the_events_of_another_school_of_the_same_region(school_world):
    """The services check the institution themselves (the views' 404 is not the only guard):
    a teacher of the Oberschule can neither cancel, edit nor register events of the
    Gymnasium next door, although both schools are in the same region."""
    teacher, neighbour = school_world["teacher"], school_world["neighbour_school"]
    published = make_event(organiser=neighbour, status=EventStatus.PUBLISHED)
    pending = make_event(organiser=neighbour, status=EventStatus.REVIEW)
    before = [event_state(event) for event in (published, pending)]
    attempts = {
        "cancel": lambda: services.event_cancel(event=published, by=teacher),
        "update": lambda: services.event_school_update(
            event=pending, by=teacher, **school_fields(title="Übernommen")
        ),
        "submit": lambda: services.event_school_submit(
            by=teacher, institution=neighbour, **school_fields(title="Untergeschoben")
        ),
        "provider_update": lambda: moderation.provider_update(
            pending, by=teacher, changes={"title": "Übernommen"}
        ),
    }
    refused = []
    for name, attempt in attempts.items():
        with pytest.raises(PermissionDenied):
            attempt()
        refused.append(name)

    assert refused == list(attempts)
    assert [event_state(event) for event in (published, pending)] == before
    assert Event.objects.count() == 2
    assert ChangeRequest.objects.count() == 0


def test_service_refuses_fields_the_school_may_not_set(school_world):
    with pytest.raises(ValueError) as error:
        services.event_school_submit(
            by=school_world["teacher"],
            institution=school_world["school"],
            **school_fields(status="veroeffentlicht"),
        )
    assert str(error.value) == "not a school event field: ['status']"
    assert Event.objects.count() == 0


def test_service_stores_empty_texts_for_missing_ones(school_world):
    event = services.event_school_submit(
        by=school_world["teacher"],
        institution=school_world["school"],
        **school_fields(contact_phone=None, registration=None, capacity=None),
    )
    event.refresh_from_db()
    assert (event.contact_phone, event.registration, event.capacity) == ("", "", None)


def test_service_versions_name_the_teacher_and_why(school_world):
    """Every version the services write says who and why: the history is what the
    Bildungsbüro reads when a school's event changed (a version without a reason is a gap)."""
    teacher = school_world["teacher"]
    event = services.event_school_submit(
        by=teacher, institution=school_world["school"], **school_fields()
    )
    services.event_school_update(event=event, by=teacher, **school_fields(title="Praxistag 2"))
    Event.objects.filter(pk=event.pk).update(status=EventStatus.REJECTED)
    event.refresh_from_db()
    services.event_school_update(event=event, by=teacher, **school_fields(title="Praxistag 3"))

    assert versions(event) == [
        ("+", teacher, "von der Einrichtung eingereicht", EventStatus.REVIEW),
        ("~", teacher, "von der Einrichtung geändert", EventStatus.REVIEW),
        ("~", teacher, "überarbeitet und erneut eingereicht", EventStatus.REVIEW),
    ]


@pytest.mark.parametrize(
    ("fields", "co_organisers", "errors"),
    [
        (
            {"kind": "kurs"},
            [],
            {"kind": ["Bitte wählen Sie eine Art der Berufsorientierung."]},
        ),
        (
            {},
            ["other_school"],
            {"co_organisers": ["Mitveranstalter müssen aus derselben Bildungsregion kommen."]},
        ),
        (
            {},
            ["school"],
            {"co_organisers": ["Mitveranstalter müssen aus derselben Bildungsregion kommen."]},
        ),
    ],
)
def test_service_checks_kind_and_co_organisers_itself(school_world, fields, co_organisers, errors):
    with pytest.raises(ValidationError) as error:
        services.event_school_submit(
            by=school_world["teacher"],
            institution=school_world["school"],
            co_organisers=[school_world[name] for name in co_organisers],
            **school_fields(**fields),
        )
    assert error.value.message_dict == errors
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("ä" * 200, "ae" * 90 + "-2027-03-04"),  # "ae" for each "ä", cut to 180
        ("!!!", "veranstaltung-2027-03-04"),  # nothing to slugify
    ],
)
def test_service_slug_of_a_long_or_empty_title(school_world, title, slug):
    starts_at = datetime.datetime(2027, 3, 4, 9, 0, tzinfo=datetime.UTC)
    event = services.event_school_submit(
        by=school_world["teacher"],
        institution=school_world["school"],
        **school_fields(
            title=title, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
        ),
    )
    assert Event.objects.get(pk=event.pk).slug == slug


@pytest.mark.parametrize("step", ["submit", "update"])
def test_service_refuses_a_start_in_the_past_but_not_one_right_now(school_world, step):
    """The form checks the start, too; the service checks it again against ``now`` (a start
    that passed while the form was filled in)."""
    now = timezone.now().replace(microsecond=0)
    pending = make_event(
        organiser=school_world["school"],
        status=EventStatus.REVIEW,
        submitted_by=school_world["teacher"],
        title="Alt",
    )

    def run(starts_at, title):
        fields = school_fields(starts_at=starts_at, title=title)
        if step == "submit":
            return services.event_school_submit(
                by=school_world["teacher"], institution=school_world["school"], now=now, **fields
            )
        return services.event_school_update(
            event=pending, by=school_world["teacher"], now=now, **fields
        )

    with pytest.raises(ValidationError) as error:
        run(now - datetime.timedelta(seconds=1), "Zu spät")
    assert error.value.message_dict == {
        "starts_at": ["Der Beginn darf nicht in der Vergangenheit liegen."]
    }
    assert not Event.objects.filter(title="Zu spät").exists()
    event = run(now, "Gerade jetzt")
    assert Event.objects.get(pk=event.pk).starts_at == now


def test_service_refuses_to_edit_a_published_event(school_world):
    """The edit page refuses first; the service says why, too (the status changed meanwhile)."""
    event = make_event(organiser=school_world["school"], title="Fest")
    with pytest.raises(ValidationError) as error:
        services.event_school_update(
            event=event, by=school_world["teacher"], **school_fields(title="Geändert")
        )
    assert error.value.messages == ["„Bearbeiten“ ist im Status „veröffentlicht“ nicht möglich."]
    event.refresh_from_db()
    assert (event.title, event.status) == ("Fest", EventStatus.PUBLISHED)


def test_submission_limit_message_names_at_least_one_minute():
    """A window shorter than half a minute (SCHOOL_EVENT_SUBMISSION_WINDOW is in seconds) is
    not announced as "0 Minuten", and one minute is "der letzten Minute"."""
    limit = services.SubmissionLimitReached(3, datetime.timedelta(seconds=20))
    assert (
        limit.message
        == str(limit)
        == (
            "Sie haben in der letzten Minute bereits 3 Veranstaltungen eingereicht. Bitte "
            "versuchen Sie es später noch einmal; Ihre Angaben bleiben in diesem Formular erhalten."
        )
    )


def test_mail_that_cannot_be_sent_is_logged_and_the_event_stays(
    school_world, settings, caplog, django_capture_on_commit_callbacks
):
    # A mail server that refuses the connection: nothing listens on port 1.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.event_school_submit(
            by=school_world["teacher"], institution=school_world["school"], **school_fields()
        )
    assert Event.objects.count() == 1
    assert [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "bildungsregion.mail"
    ] == [
        (
            "ERROR",
            "E-Mail „Neue Veranstaltung zur Freigabe: Praxistag“ an bb@stade.test endgültig "
            "nicht versandt nach 1 Versuchen",
        )
    ]


def test_mail_without_recipient_is_logged(school_world, caplog, mailoutbox):
    region = school_world["region"]
    region.office_email = ""
    region.save()
    school_world["coordinator"].email = ""
    school_world["coordinator"].save()
    services.event_school_submit(
        by=school_world["teacher"], institution=school_world["school"], **school_fields()
    )
    assert [
        (r.levelname, r.getMessage()) for r in caplog.records if r.name == "bildungsregion.mail"
    ] == [("WARNING", "E-Mail event_submitted_office: kein Empfänger")]
    assert mailoutbox == []
