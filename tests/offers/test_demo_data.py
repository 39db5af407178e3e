import itertools
import random
import re
import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from actors.models import Actor, InstitutionMembership, Meeting, WorkingGroup
from bildungsregion.views import PAGE_SIZE
from offers import demo
from offers.models import Event, LearningSetting, LifeStage, Offer, Topic, Transition
from portal import seed
from regions.models import PostalCode, Region, StaffMembership

REGION_SLUGS = {"wesermarsch", "hameln-pyrmont", "stade", "osnabrueck", "lueneburg"}
PASSWORD = "Demo-Passwort-fuer-Tests-42"


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_settings(settings, monkeypatch):
    settings.DEBUG = True
    # Every run hashes eleven passwords; the fast hasher keeps the tests quick.
    settings.PASSWORD_HASHERS = FAST_HASHERS
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    monkeypatch.delenv("DEMO_DATA_ALLOW", raising=False)
    return settings


def run_demo(offers=120):
    out = StringIO()
    call_command("demo_data", offers=offers, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """One demo run shared by the tests of this module, rolled back after the last one.

    Each test runs in a savepoint inside this transaction (pytest-django's ``db``), so the
    tests that run the command again do not affect the others.
    """
    with (
        pytest.MonkeyPatch.context() as patch,
        override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        patch.setenv("DEMO_PASSWORD", PASSWORD)
        patch.delenv("DEMO_DATA_ALLOW", raising=False)
        output = run_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo_run(demo_module, db, demo_settings):
    return demo_module


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Actor, Offer, Event, Meeting, get_user_model(), StaffMembership)
    } | {
        "InstitutionMembership": InstitutionMembership.objects.count(),
        "offer_stages": Offer.life_stages.through.objects.count(),
        "offer_topics": Offer.topics.through.objects.count(),
        "offer_transitions": Offer.transitions.through.objects.count(),
        "event_co_organisers": Event.co_organisers.through.objects.count(),
    }


def test_demo_data_covers_every_stage_topic_and_setting_in_every_region(demo_run):
    stages = set(LifeStage.objects.values_list("slug", flat=True))
    topics = set(Topic.objects.values_list("slug", flat=True))
    assert len(stages) == 8
    assert len(topics) == 12
    for region in Region.objects.filter(slug__in=REGION_SLUGS):
        offers = Offer.objects.public().for_region(region)
        assert set(offers.values_list("life_stages__slug", flat=True)) == stages, region.slug
        assert set(offers.values_list("topics__slug", flat=True)) == topics, region.slug
        assert set(offers.values_list("learning_setting", flat=True)) == set(LearningSetting.values)
        assert set(
            offers.exclude(transitions=None).values_list("transitions__slug", flat=True)
        ) == set(Transition.objects.values_list("slug", flat=True))
    assert Offer.objects.count() == 120


def test_demo_data_has_every_actor_kind_in_every_region(demo_run):
    for region in Region.objects.filter(slug__in=REGION_SLUGS):
        kinds = set(Actor.objects.for_region(region).values_list("kind", flat=True))
        assert kinds == set(Actor.Kind.values), region.slug
    assert Actor.objects.filter(name="Gymnasium Athenaeum Stade", region__slug="stade").exists()
    emails = (
        Actor.objects.exclude(email="").filter(offers__isnull=False).values_list("email", flat=True)
    )
    assert all(email.endswith(".example") for email in emails)


def test_demo_data_second_run_changes_no_counts(demo_run):
    before = counts()
    output = run_demo()
    assert counts() == before
    assert "Angebote: 0 neu, 120 insgesamt" in output


def test_demo_data_larger_count_extends_the_same_offers(demo_run):
    first = set(Offer.objects.values_list("slug", flat=True))
    run_demo(offers=130)
    assert Offer.objects.count() == 130
    assert first < set(Offer.objects.values_list("slug", flat=True))


def test_demo_data_creates_accounts_with_memberships(demo_run):
    User = get_user_model()
    expected = {"admin"} | {
        f"{role}-{s}"
        for s in REGION_SLUGS
        for role in ("buero", "schule", "anbieter", "betrieb")  # betrieb: careers.demo
    }
    assert set(User.objects.values_list("username", flat=True)) == expected
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    for slug in REGION_SLUGS:
        office = User.objects.get(username=f"buero-{slug}")
        assert (office.is_staff, office.is_superuser) == (True, False)
        assert office.user_permissions.count() == 0
        assert list(office.staff_memberships.values_list("region__slug", "role")) == [
            (slug, StaffMembership.Role.COORDINATOR)
        ]
        school_user = User.objects.get(username=f"schule-{slug}")
        assert (school_user.is_staff, school_user.is_superuser) == (False, False)
        memberships = list(school_user.institution_memberships.select_related("actor"))
        assert len(memberships) == 1
        assert memberships[0].actor.region.slug == slug
        assert memberships[0].actor.kind == Actor.Kind.OBERSCHULE
        assert school_user.email.endswith(".example")
        provider_user = User.objects.get(username=f"anbieter-{slug}")
        assert (provider_user.is_staff, provider_user.is_superuser) == (False, False)
        assert provider_user.email.endswith(".example")
        [membership] = provider_user.institution_memberships.select_related("actor__region")
        assert (membership.actor.region.slug, membership.can_invite) == (slug, True)
        assert membership.actor.kind in (Actor.Kind.VHS, Actor.Kind.YOUTH_WELFARE)
        assert not membership.actor.is_school
    assert all(user.check_password(PASSWORD) for user in User.objects.all())


def test_demo_provider_account_has_offers_to_show(demo_run):
    """The non-school provider of each region is the one of its kinds with the most offers
    (at least one), so that its area shows something."""
    User = get_user_model()
    for slug in REGION_SLUGS:
        provider = User.objects.get(username=f"anbieter-{slug}").institution_memberships.get()
        own = Offer.objects.filter(provider_id=provider.actor_id).count()
        others = Actor.objects.filter(
            region__slug=slug, kind=Actor.Kind.VHS
        ) | Actor.objects.filter(
            region__slug=slug, kind=Actor.Kind.YOUTH_WELFARE, name__contains="Familienzentrum"
        )
        assert own >= 1, slug
        assert own == max(Offer.objects.filter(provider=a).count() for a in others), slug


def test_demo_data_lists_the_provider_accounts(demo_run):
    lines = [line.split() for line in demo_run.splitlines() if "anbieter-" in line]
    assert sorted(line[0] for line in lines) == sorted(f"anbieter-{s}" for s in REGION_SLUGS)
    assert {line[1] for line in lines} == {"Anbieter"}


def test_demo_data_second_run_keeps_the_provider_accounts_institution(demo_run):
    before = dict(
        InstitutionMembership.objects.filter(user__username__startswith="anbieter-").values_list(
            "user__username", "actor_id"
        )
    )
    run_demo(offers=240)
    after = dict(
        InstitutionMembership.objects.filter(user__username__startswith="anbieter-").values_list(
            "user__username", "actor_id"
        )
    )
    assert after == before
    assert len(after) == len(REGION_SLUGS)


def test_demo_data_resets_the_password_of_existing_accounts(demo_run, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Ein-anderes-Passwort-77")
    output = run_demo()
    assert "Passwort für alle Demo-Zugänge: Ein-anderes-Passwort-77" in output
    assert (
        get_user_model()
        .objects.get(username="buero-stade")
        .check_password("Ein-anderes-Passwort-77")
    )


@pytest.mark.django_db
def test_demo_data_refuses_without_debug(demo_settings):
    demo_settings.DEBUG = False
    offers = Offer.objects.count()
    with pytest.raises(CommandError, match="DEBUG"):
        run_demo(offers=offers + 10)
    assert Offer.objects.count() == offers


@pytest.mark.django_db
def test_demo_data_runs_without_debug_when_allowed(demo_settings, monkeypatch):
    demo_settings.DEBUG = False
    monkeypatch.setenv("DEMO_DATA_ALLOW", "1")
    output = run_demo(offers=5)
    assert "Passwort für alle Demo-Zugänge: " + PASSWORD in output
    assert Offer.objects.count() >= 5


def test_demo_data_offer_ages_fit_their_life_stages(demo_run):
    stages = {s.pk: s for s in LifeStage.objects.all()}
    links = {}
    for offer_id, stage_id in Offer.life_stages.through.objects.values_list(
        "offer_id", "lifestage_id"
    ):
        links.setdefault(offer_id, []).append(stages[stage_id])
    for offer in Offer.objects.all():
        if offer.age_min is not None and offer.age_max is not None:
            assert offer.age_min <= offer.age_max, offer.slug
        low = offer.age_min if offer.age_min is not None else 0
        high = offer.age_max if offer.age_max is not None else 120
        for stage in links[offer.pk]:
            if stage.is_cross_cutting:
                continue
            stage_high = stage.age_to if stage.age_to is not None else 120
            assert low <= stage_high and high >= stage.age_from, (offer.slug, stage.slug)


def test_demo_data_rows_pass_full_clean(demo_run):
    for offer in Offer.objects.order_by("pk")[::6][:20]:
        offer.full_clean()
    for event in Event.objects.all():
        event.full_clean()
    for meeting in Meeting.objects.all():
        meeting.full_clean()


def test_demo_data_events_in_every_region_with_moderation_states(demo_run):
    now = timezone.now()
    for region in Region.objects.filter(slug__in=REGION_SLUGS):
        events = Event.objects.for_region(region).exclude(kind=Event.Kind.EDUCATION_WEEK)
        assert 15 <= events.count() <= 25
        assert set(events.careers_guidance().values_list("kind", flat=True)) == set(
            Event.CAREERS_GUIDANCE_KINDS
        )
        school_user = get_user_model().objects.get(username=f"schule-{region.slug}")
        waiting = events.awaiting_moderation()
        assert waiting.count() == 2
        assert set(waiting.values_list("submitted_by", flat=True)) == {school_user.pk}
        assert events.filter(status=Event.Status.CANCELLED).count() == 1
        rejected = events.get(status=Event.Status.REJECTED)
        assert rejected.moderation_message != ""
        assert events.filter(starts_at__lt=now).count() == 3
        for event in events.careers_guidance():
            assert 5 <= event.grade_min <= event.grade_max <= 13
            assert event.co_organisers.exists()


def test_demo_data_meetings_for_every_working_group(demo_run):
    now = timezone.now()
    groups = WorkingGroup.objects.all()
    assert groups.exists()
    for group in groups:
        past = group.meetings.past(now)
        assert past.count() == 2
        assert all(m.minutes_public and m.minutes for m in past)
        assert group.meetings.upcoming(now).count() == 1


def test_demo_password_resolve_creates_the_file_with_mode_600(tmp_path):
    path = tmp_path / "demo-password"
    password = demo.demo_password_resolve(password_file=path, env={})
    assert len(password) >= 16
    assert path.read_text() == password + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert demo.demo_password_resolve(password_file=path, env={}) == password
    assert demo.demo_password_resolve(password_file=path, env={"DEMO_PASSWORD": "x"}) == "x"


# --- Demo data that looks real ------------------------------------------------------------------


def test_demo_data_has_no_two_offers_alike(demo_run):
    offers = list(Offer.objects.values_list("title", "provider_id"))
    assert len(offers) == 120
    assert len(set(offers)) == len(offers)


def test_demo_offer_specs_stay_distinct_when_a_provider_repeats_a_template(demo_run):
    """Far more offers than templates × providers (as `--offers 100000` asks for): a
    provider's second offer of a template is its "Gruppe 2", never a copy."""
    regions = list(Region.objects.filter(slug__in=REGION_SLUGS).order_by("pk"))
    actors = {(a.region.slug, a.name): a.pk for a in Actor.objects.select_related("region").all()}
    places = demo._places_by_region(regions)
    region_actors = {}
    for region in regions:
        rng = random.Random(f"{demo.SEED}-actors-{region.slug}")
        for spec in demo.actor_specs(region.slug, places[region.pk], rng):
            spec.id = actors[region.slug, spec.name]
            region_actors.setdefault(region.slug, {}).setdefault(spec.kind, []).append(spec)
    specs = list(demo.offer_specs(4000, region_actors, timezone.localdate()))
    keys = [(s.fields["title"], s.fields["provider_id"]) for s in specs]
    assert len(set(keys)) == len(keys) == 4000
    assert sum(" – Gruppe " in title for title, _ in keys) > 100


def test_demo_data_descriptions_add_to_the_summary(demo_run):
    assert set(demo.OFFER_DETAILS) == {t.title for t in demo.OFFER_TEMPLATES}
    for offer in Offer.objects.all():
        assert offer.description, offer.slug
        assert offer.summary not in offer.description, offer.slug
        assert offer.description not in offer.summary, offer.slug
        # Address, provider, costs stand beside the description: it repeats none of them.
        for repeated in (offer.street or "-", offer.provider.name, "Adresse", "Anbieter"):
            assert repeated not in offer.description, (offer.slug, repeated)
            assert repeated not in offer.summary, (offer.slug, repeated)


def test_demo_data_gives_each_offer_one_address(demo_run):
    """Postcode, place and municipality of every offer, event and actor agree: the postcode is
    one of the municipality's and the place is its place; an offer at its provider has the
    provider's address; a venue named after a town lies in that town."""
    towns = {
        (code.code, code.municipality_id): demo.short_name(code.place)
        for code in PostalCode.objects.all()
    }
    seed_actors = [entry["slug"] for entry in seed.read(seed.DATA_DIR).actors]
    rows = [
        *Offer.objects.exclude(format="online").select_related("provider"),
        *Event.objects.exclude(kind=Event.Kind.EDUCATION_WEEK),
        *Actor.objects.exclude(slug__in=seed_actors).exclude(municipality=None),
    ]
    assert len(rows) > 600
    for row in rows:
        where = towns.get((row.postcode, row.municipality_id))
        assert where is not None, (row, row.postcode, row.municipality)
        assert row.city == where, (row, row.city, where)
    for offer in Offer.objects.exclude(format="online").select_related("provider"):
        # The address lives in the address fields; no text names a second one.
        for text in (offer.summary, offer.description, offer.schedule, offer.registration):
            assert not re.search(r"\b\d{5} [A-ZÄÖÜ]", text), (offer.slug, text)
        if offer.venue == offer.provider.name:
            provider = offer.provider
            assert (offer.street, offer.postcode, offer.city) == (
                provider.street,
                provider.postcode,
                provider.city,
            ), offer.slug
        else:
            assert offer.venue.split(",")[0].endswith(offer.city), (offer.venue, offer.city)


# Earliest start and latest end of each kind of event (local time).
EVENT_HOURS = {
    Event.Kind.CAREERS_DAY: ("08:00", "14:00"),
    Event.Kind.INTERNSHIP_FAIR: ("08:00", "18:00"),
    Event.Kind.COMPANY_VISIT: ("08:00", "14:00"),
    Event.Kind.APPLICATION_TRAINING: ("08:00", "14:00"),
    Event.Kind.PARENTS_EVENING: ("18:00", "21:30"),
    Event.Kind.INFO_EVENT: ("17:00", "21:30"),
    Event.Kind.CONFERENCE: ("08:00", "17:00"),
    Event.Kind.NETWORK_MEETING: ("09:00", "18:00"),
    Event.Kind.WORKSHOP: ("08:00", "21:30"),
}


def test_demo_data_events_take_place_at_sensible_hours(demo_run):
    events = Event.objects.exclude(kind=Event.Kind.EDUCATION_WEEK)
    assert set(events.values_list("kind", flat=True)) == set(EVENT_HOURS)
    for event in events:
        start = timezone.localtime(event.starts_at)
        end = timezone.localtime(event.ends_at)
        earliest, latest = EVENT_HOURS[event.kind]
        assert start.date() == end.date(), event.slug
        assert earliest <= start.strftime("%H:%M") < end.strftime("%H:%M") <= latest, (
            event.kind,
            start,
            end,
        )
        assert 60 <= (end - start).total_seconds() / 60 <= 7 * 60, event.slug


def test_demo_data_event_titles_differ_within_a_region(demo_run):
    titles = list(Event.objects.values_list("region_id", "title"))
    assert len(set(titles)) == len(titles)


def test_event_calendar_opens_with_upcoming_events_not_cancelled_ones(demo_run, client):
    """A citizen opening /veranstaltungen/ sees what comes next, in order of time; a cancelled
    event keeps its place in time (whoever planned to go learns of it) but no cancellations
    lead the calendar or come in a row."""
    response = client.get("/veranstaltungen/")
    events = list(response.context["page_obj"].object_list)
    assert len(events) == PAGE_SIZE
    assert [e.starts_at for e in events] == sorted(e.starts_at for e in events)
    assert events[0].starts_at > timezone.now()
    cancelled = [e.is_cancelled for e in events]
    assert cancelled[:3] == [False, False, False]
    assert sum(cancelled) <= 1
    upcoming = list(Event.objects.public().upcoming().order_by("starts_at", "pk"))
    assert sum(e.is_cancelled for e in upcoming) == 5
    assert not any(a.is_cancelled and b.is_cancelled for a, b in itertools.pairwise(upcoming))


def test_demo_data_mail_goes_to_reserved_domains_only(demo_run):
    """The demo's own contacts (not the partners of the regions' seed facts) are under the
    reserved top-level domain .example: no mail from a demo run reaches anybody."""
    seed_actors = [entry["slug"] for entry in seed.read(seed.DATA_DIR).actors]
    addresses = [
        *Actor.objects.exclude(slug__in=seed_actors)
        .exclude(email="")
        .values_list("email", flat=True),
        *Offer.objects.exclude(contact_email="").values_list("contact_email", flat=True),
        *Event.objects.exclude(contact_email="").values_list("contact_email", flat=True),
        *get_user_model().objects.values_list("email", flat=True),
    ]
    assert len(addresses) > 500
    assert {address.rsplit(".", 1)[1] for address in addresses} == {"example"}


def test_demo_data_has_applications_in_every_state_for_lueneburg(demo_run):
    """Demo applications to Lüneburg's (real) Förderfonds, made by demo institutions only;
    a second run adds none."""
    from funding.models import Application, ApplicationStatus

    applications = Application.objects.filter(
        call__slug="foerderfonds-kulturelle-bildung-lueneburg"
    ).select_related("institution", "call")
    statuses = {a.status for a in applications}
    assert statuses == {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.GRANTED,
        ApplicationStatus.REPORT_DUE,
        ApplicationStatus.REJECTED,
        ApplicationStatus.CLOSED,
    }
    assert all(a.institution.email.endswith(".example") for a in applications)
    assert all(a.institution.region.slug == "lueneburg" for a in applications)
    call = applications[0].call
    assert call.available == call.budget - sum(
        a.granted_amount
        for a in applications
        if a.status in ("bewilligt", "nachweis_faellig", "abgeschlossen")
    )
    for application in applications:
        application.full_clean()
    teacher = get_user_model().objects.get(username="schule-lueneburg")
    assert Application.objects.of_user(teacher).filter(status="entwurf").exists()
    assert "Förderanträge (Förderfonds Lüneburg): 7 neu" in demo_run
    before = applications.count()
    run_demo()
    assert applications.count() == before


def test_demo_data_links_careers_guidance_events_to_their_fields(demo_run):
    from portal.demo import event_fields_demo_load
    from portal.models import EventOccupationField

    links = EventOccupationField.objects.select_related("event", "field")
    assert links.count() >= 5
    assert {link.event.kind for link in links} <= {
        Event.Kind.CAREERS_DAY,
        Event.Kind.INTERNSHIP_FAIR,
        Event.Kind.COMPANY_VISIT,
    }
    for link in links.filter(event__kind=Event.Kind.COMPANY_VISIT):
        assert link.field.slug in {
            "fahrzeuge-schiffe",
            "verkehr-logistik",
            "gesundheit-pflege",
            "produktion-chemie-lebensmittel",
            "metall-maschinenbau",
            "elektro-mechatronik",
            "bau-holz",
            "landwirtschaft-natur",
        }
    assert "Berufsfeldern von Veranstaltungen" not in demo_run
    assert "Berufsfelder von Veranstaltungen zur Berufsorientierung" in demo_run
    assert event_fields_demo_load() == 0
