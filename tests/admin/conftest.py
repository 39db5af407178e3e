"""Two regions with one entry of every kind each, and the users of the permission matrix."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from actors.models import InstitutionMembership, Meeting, WorkingGroupMembership
from bildungsregion.models import BrokenLink, CheckedLink, LinkResult, ThesaurusEntry, User
from careers.models import Occupation, OccupationField
from funding.models import Application, Call
from offers import moderation
from offers.models import LifeStage, Topic, Transition
from regions.models import (
    AccessibilityFeedback,
    Document,
    FocusArea,
    FundingProgramme,
    LegalDetails,
    StaffMembership,
)
from tests.conftest import fixture_built_once, legal_details_restore
from tests.factories import (
    make_actor,
    make_event,
    make_municipality,
    make_offer,
    make_place,
    make_region,
    make_working_group,
)
from usage.models import PageFeedback


def make_user(
    username, *, region=None, role=None, is_staff=True, is_superuser=False, password=None
):
    """A user; without ``password`` an unusable one (no hashing: the tests use force_login)."""
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=password,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if region is not None:
        StaffMembership.objects.create(user=user, region=region, role=role)
    return user


@dataclass
class World:
    """One region's entries, keyed by model label."""

    region: object
    objects: dict


def make_world(name, slug):
    region = make_region(name=name, slug=slug, office_name="Bildungsbüro")
    municipality = make_municipality(region, name=f"Hauptort {name}")
    actor = make_actor(region, name=f"VHS {name}", municipality=municipality)
    school = make_actor(region, name=f"Oberschule {name}", kind="oberschule")
    group = make_working_group(region, name=f"AG Übergang {name}")
    membership = WorkingGroupMembership.objects.create(working_group=group, actor=actor)
    meeting = Meeting.objects.create(
        working_group=group, title=f"Sitzung {name}", starts_at=timezone.now()
    )
    registration_url = f"https://vhs-{slug}.example/anmeldung"
    offer = make_offer(
        provider=actor,
        title=f"Sprachkurs {name}",
        municipality=municipality,
        registration_url=registration_url,
    )
    # Its online registration failed two checks in a row: a broken link for the office's list.
    CheckedLink.objects.filter(url=registration_url).update(
        result=LinkResult.BROKEN,
        status_code=404,
        consecutive_failures=2,
        first_failed_at=timezone.now(),
        checked_at=timezone.now(),
    )
    event = make_event(organiser=school, title=f"Berufsinfotag {name}")
    school_user = make_user(f"schule-{slug}", is_staff=False)
    institution = InstitutionMembership.objects.create(user=school_user, actor=school)
    # The school changes its published event's title: the change waits for the office.
    change = moderation.provider_update(
        event, by=school_user, changes={"title": f"Berufsinfotag {name} (neu)"}
    ).pending
    programme = FundingProgramme.objects.create(
        region=region,
        title=f"Förderfonds {name}",
        slug=f"foerderfonds-{slug}",
        description="Förderung",
        eligible="Schulen",
    )
    call = Call.objects.create(
        programme=programme,
        title=f"Kulturfonds {name}",
        slug=f"kulturfonds-{slug}",
        summary="Kulturelle Bildung",
        budget=10000,
        eligible_kinds=["oberschule"],
        eligibility="Oberschulen",
    )
    objects = {
        "regions.region": region,
        "regions.municipality": municipality,
        "regions.postalcode": municipality.postal_codes.get(),
        "regions.focusarea": FocusArea.objects.create(region=region, title=f"Übergänge {name}"),
        "regions.document": Document.objects.create(region=region, title=f"Bericht {name}"),
        "regions.fundingprogramme": programme,
        "funding.call": call,
        "funding.application": Application.objects.create(
            call=call,
            institution=school,
            created_by=school_user,
            title=f"Theater {name}",
            requested_amount=1000,
            status=Application.Status.SUBMITTED,
            submitted_at=timezone.now(),
        ),
        "regions.accessibilityfeedback": AccessibilityFeedback.objects.create(
            region=region, message=f"Kontrast zu schwach ({name})"
        ),
        "actors.actor": actor,
        "actors.workinggroup": group,
        "actors.workinggroupmembership": membership,
        "actors.meeting": meeting,
        "actors.institutionmembership": institution,
        "offers.offer": offer,
        "offers.event": event,
        "offers.changerequest": change,
        "bildungsregion.brokenlink": BrokenLink.objects.get(link__url=registration_url),
        "careers.place": make_place(actor=actor, title=f"Praktikum {name}"),
        "careers.occupation": Occupation.objects.get(slug="tischler-in"),
        "careers.occupationfield": OccupationField.objects.get(slug="bau-holz"),
        "usage.pagefeedback": PageFeedback.objects.create(
            region=region,
            kind=PageFeedback.Kind.OFFER,
            page_path=offer.get_absolute_url(),
            page_title=offer.title,
            helpful=False,
        ),
        "school_user": school_user,
        "school": school,
    }
    return World(region=region, objects=objects)


@pytest.fixture
def world_a(db):
    return make_world("Stade", "stade-test")


@pytest.fixture
def world_b(db):
    return make_world("Lüneburg", "lueneburg-test")


@pytest.fixture
def users(world_a, world_b):
    return make_users(world_a, world_b)


def make_users(world_a, world_b):
    """The users of the permission matrix; adds their staff memberships and the reference data
    to the worlds' objects."""
    coordinator_a = make_user(
        "koordination-a", region=world_a.region, role=StaffMembership.Role.COORDINATOR
    )
    editor_a = make_user("redaktion-a", region=world_a.region, role=StaffMembership.Role.EDITOR)
    coordinator_b = make_user(
        "koordination-b", region=world_b.region, role=StaffMembership.Role.COORDINATOR
    )
    # Staff memberships are region-scoped entries, too: give world A one to look at.
    world_a.objects["regions.staffmembership"] = editor_a.staff_memberships.get()
    world_a.objects["bildungsregion.user"] = editor_a
    world_b.objects["regions.staffmembership"] = coordinator_b.staff_memberships.get()
    world_b.objects["bildungsregion.user"] = coordinator_b
    legal_details_restore()
    reference = {
        "offers.lifestage": LifeStage.objects.order_by("position").first(),
        "offers.topic": Topic.objects.order_by("name").first(),
        "offers.transition": Transition.objects.order_by("pk").first(),
        # seeded by the migration bildungsregion/0004_thesaurus_seed
        "bildungsregion.thesaurusentry": ThesaurusEntry.objects.order_by("pk").first(),
        # the one row, filled by the migration regions/0010_legal_details_texts
        "regions.legaldetails": LegalDetails.objects.get(),
    }
    world_a.objects.update(reference)
    return {
        "superuser": make_user("admin-test", is_superuser=True),
        "coordinator_a": coordinator_a,
        "editor_a": editor_a,
        "coordinator_b": coordinator_b,
        "staff_without_region": make_user("ohne-region"),
    }


def _build_worlds():
    """``world_a``, ``world_b`` and ``users`` as the fixtures above build them, but built once
    per module, for modules that override those three fixtures with these (each test gets its
    own copy of the objects and its own transaction on top)."""
    world_a = make_world("Stade", "stade-test")
    world_b = make_world("Lüneburg", "lueneburg-test")
    return {"world_a": world_a, "world_b": world_b, "users": make_users(world_a, world_b)}


_rows, worlds_built_once = fixture_built_once("worlds_built_once", _build_worlds)


def fixtures_built_once():
    """``world_a``, ``world_b`` and ``users`` from ``worlds_built_once``. A module that assigns
    them to those names (``world_a, world_b, users = fixtures_built_once()``) gets the rows
    built once for the module instead of new ones for every test."""

    @pytest.fixture(name="world_a")
    def world_a_built_once(worlds_built_once):
        return worlds_built_once["world_a"]

    @pytest.fixture(name="world_b")
    def world_b_built_once(worlds_built_once):
        return worlds_built_once["world_b"]

    @pytest.fixture(name="users")
    def users_built_once(worlds_built_once):
        return worlds_built_once["users"]

    return world_a_built_once, world_b_built_once, users_built_once


@dataclass
class TwoRoles:
    """A user who works for two regions: as editor in ``edited``, as coordinator in
    ``coordinated``."""

    user: object
    edited: World
    coordinated: World


@pytest.fixture(params=["redaktion-a-koordination-b", "koordination-a-redaktion-b"])
def two_roles(request, users, world_a, world_b):
    """Editor in Stade and coordinator in Lüneburg, and the other way round (the order of the
    memberships must not matter)."""
    editor, coordinator = StaffMembership.Role.EDITOR, StaffMembership.Role.COORDINATOR
    if request.param == "redaktion-a-koordination-b":
        edited, coordinated, first, second = world_a, world_b, editor, coordinator
    else:
        edited, coordinated, first, second = world_b, world_a, coordinator, editor
    user = make_user(request.param, region=world_a.region, role=first)
    StaffMembership.objects.create(user=user, region=world_b.region, role=second)
    return TwoRoles(user=user, edited=edited, coordinated=coordinated)
