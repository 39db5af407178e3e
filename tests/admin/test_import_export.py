"""Import and export of actors and offers: dry run, errors per row, only the own region."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Actor
from actors.resources import ActorResource
from offers.models import EditorialStatus, Offer
from offers.resources import OfferResource

pytestmark = pytest.mark.django_db

ACTOR_HEADERS = ["slug", "name", "kind", "region", "municipality", "postcode", "city"]


def csv_file(headers, rows, name="import.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def test_import_dry_run_shows_changes_and_writes_nothing(client, users, world_a):
    client.force_login(users["editor_a"])
    town = world_a.objects["regions.municipality"].name
    upload = csv_file(
        ACTOR_HEADERS,
        [
            ["bibliothek-stade", "Stadtbibliothek Stade", "bibliothek", "", town, "21682", "Stade"],
            [world_a.objects["actors.actor"].slug, "VHS Stade umbenannt", "vhs", "", "", "", ""],
        ],
    )
    response = client.post(
        reverse("admin:actors_actor_import"), {"import_file": upload, "format": "0"}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "update"]
    assert not Actor.objects.filter(slug="bibliothek-stade").exists()
    assert Actor.objects.get(pk=world_a.objects["actors.actor"].pk).name == "VHS Stade"

    confirm = response.context["confirm_form"]
    response = client.post(
        reverse("admin:actors_actor_process_import"),
        {name: confirm[name].value() for name in confirm.fields},
    )
    assert response.status_code == 302
    imported = Actor.objects.get(slug="bibliothek-stade")
    assert (imported.region, imported.municipality) == (
        world_a.region,
        world_a.objects["regions.municipality"],
    )
    assert imported.history.get().history_user == users["editor_a"]


def test_import_goes_only_into_the_importers_region(users, world_a, world_b):
    dataset = tablib.Dataset(headers=ACTOR_HEADERS)
    dataset.append(["kita-x", "Kita X", "kita", world_a.region.slug, "", "", ""])
    resource = ActorResource(user=users["coordinator_b"])
    result = resource.import_data(dataset, dry_run=False, user=users["coordinator_b"])
    assert not result.has_errors()
    assert Actor.objects.get(slug="kita-x").region == world_b.region


def test_import_reports_errors_per_row(users, world_a, world_b):
    dataset = tablib.Dataset(headers=ACTOR_HEADERS)
    dataset.append(["gut", "Gute Zeile", "vhs", "", "", "", ""])
    dataset.append(["falsche-art", "Falsche Art", "raumschiff", "", "", "", ""])
    dataset.append(["fremder-ort", "Fremder Ort", "vhs", "", "Hauptort Stade", "", ""])
    dataset.append([world_a.objects["actors.actor"].slug, "Übernahme", "vhs", "", "", "", ""])
    dataset.append(["plz", "Falsche PLZ", "vhs", "", "", "123", ""])
    resource = ActorResource(user=users["coordinator_b"])
    result = resource.import_data(dataset, dry_run=True, user=users["coordinator_b"])
    invalid = {row.number: sorted(row.error_dict) for row in result.invalid_rows}
    assert invalid == {2: ["kind"], 3: ["municipality"], 4: ["slug"], 5: ["postcode"]}
    assert result.invalid_rows[2].error_dict["slug"] == [
        f"Der Kurzname „{world_a.objects['actors.actor'].slug}“ ist schon vergeben."
    ]
    assert not Actor.objects.filter(slug="gut").exists()


def test_offer_import_checks_provider_region_and_starts_as_draft(users, world_a, world_b):
    headers = ["slug", "title", "provider", "summary", "learning_setting", "life_stages", "topics"]
    headers.append("status")
    dataset = tablib.Dataset(headers=headers)
    own = world_b.objects["actors.actor"].slug
    foreign = world_a.objects["actors.actor"].slug
    row = ["Kurz", "non-formal", "fruehe-kindheit", "sprache-und-lesen", "veroeffentlicht"]
    dataset.append(["lesestart", "Lesestart", own, *row])
    dataset.append(["fremd", "Fremd", foreign, *row])
    resource = OfferResource(user=users["coordinator_b"])
    result = resource.import_data(dataset, dry_run=False, user=users["coordinator_b"])
    assert {row.number: sorted(row.error_dict) for row in result.invalid_rows} == {2: ["provider"]}
    offer = Offer.objects.get(slug="lesestart")
    assert (offer.region, offer.status) == (world_b.region, EditorialStatus.DRAFT)
    assert [s.slug for s in offer.life_stages.all()] == ["fruehe-kindheit"]


def test_export_contains_only_the_own_region(client, users, world_a, world_b):
    client.force_login(users["coordinator_b"])
    response = client.post(
        reverse("admin:actors_actor_export"),
        {"format": "0", "actorresource_slug": "on", "actorresource_name": "on"},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    own = sorted([a.slug, a.name] for a in Actor.objects.filter(region=world_b.region))
    assert rows == [["slug", "name"], *own]


def test_export_as_xlsx(client, users, world_b):
    client.force_login(users["coordinator_b"])
    response = client.post(
        reverse("admin:offers_offer_export"),
        {"format": "1", "offerresource_slug": "on", "offerresource_title": "on"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    data = tablib.Dataset().load(response.content, format="xlsx")
    assert list(data) == [(world_b.objects["offers.offer"].slug, "Sprachkurs Lüneburg")]
