"""manage.py backup and restore: a round trip through a real archive, on SQLite and PostgreSQL.

The round trip restores into pytest-django's test database itself (found through
``connection.settings_dict``), so it runs as a transactional test: restoring needs committed
rows and no open transaction. ``serialized_rollback`` puts the reference data of the migrations
back for the tests after it, as for the other transactional tests.
"""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from actors.models import Actor
from bildungsregion import page_cache
from offers.models import LifeStage, Offer
from regions.models import Document, Region
from tests.factories import make_actor, make_offer, make_region

REPORT = b"%PDF-1.4\nBildungsbericht Sicherungsregion 2024\n"


def _rows():
    """Everything the round trip touches, as plain values in a stable order."""
    return {
        "regions": list(Region.objects.order_by("pk").values_list("pk", "slug", "name")),
        "actors": list(Actor.objects.order_by("pk").values_list("pk", "slug", "name", "region")),
        "offers": list(
            Offer.objects.order_by("pk").values_list("pk", "slug", "title", "provider", "status")
        ),
        "offer_life_stages": list(
            Offer.life_stages.through.objects.order_by("offer", "lifestage").values_list(
                "offer__slug", "lifestage__slug"
            )
        ),
        "documents": list(Document.objects.order_by("pk").values_list("pk", "title", "file")),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restore_round_trip(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    region = make_region(name="Sicherungsregion", slug="sicherungsregion")
    actor = make_actor(region=region, name="Sicherungsakteur")
    offer = make_offer(
        provider=actor,
        title="Sicherungsangebot",
        life_stages=("fruehe-kindheit", "familie-und-eltern"),
    )
    document = Document.objects.create(
        region=region,
        title="Bildungsbericht 2024",
        file=ContentFile(REPORT, name="bildungsbericht.pdf"),
    )
    report_path = Path(settings.MEDIA_ROOT) / document.file.name
    before = _rows()
    archive = tmp_path / "sicherung.tar.gz"

    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)

    assert out.getvalue().startswith(f"Sicherung geschrieben: {archive} (")
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert sorted(n for n in tar.getnames() if n.startswith("media/")) == [
            "media/dokumente",
            f"media/{Path(document.file.name).parent}",
            f"media/{document.file.name}",
        ]
    assert manifest["vendor"] == connection.vendor
    assert manifest["database"] == str(connection.settings_dict["NAME"])

    # Change, delete and add rows and files after the backup.
    Offer.objects.filter(pk=offer.pk).update(title="Geändert")
    offer.life_stages.set(LifeStage.objects.filter(slug="aeltere-menschen"))
    Document.objects.filter(pk=document.pk).delete()
    report_path.write_bytes(b"overwritten")
    (Path(settings.MEDIA_ROOT) / "neu.txt").write_text("nach der Sicherung")
    make_region(name="Neue Region", slug="neue-region")
    Actor.objects.filter(pk=actor.pk).update(name="Umbenannt")
    changed = _rows()
    assert changed != before

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())

    assert str(refused.value).startswith(
        f"Die Datenbank „{connection.settings_dict['NAME']}“ ist nicht leer ("
    )
    assert str(refused.value).endswith(
        "Tabellen). Die Wiederherstellung ersetzt ihren gesamten Inhalt und alle hochgeladenen "
        "Dateien. Zum Bestätigen mit --yes aufrufen."
    )
    assert _rows() == changed

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)

    assert out.getvalue() == (
        f"Sicherung vom {manifest['created_at']} wiederhergestellt: Datenbank "
        f"{connection.vendor} „{connection.settings_dict['NAME']}“, 1 Datei.\n"
    )
    assert _rows() == before
    assert before["offers"] == [
        (offer.pk, offer.slug, "Sicherungsangebot", actor.pk, Offer.Status.PUBLISHED)
    ]
    assert before["offer_life_stages"] == [
        (offer.slug, "fruehe-kindheit"),
        (offer.slug, "familie-und-eltern"),
    ]
    assert report_path.read_bytes() == REPORT
    assert sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == [
        Path(document.file.name).name
    ]
    # The database works on after the restore: sequences continue behind the restored rows.
    later = make_region(name="Nach der Wiederherstellung", slug="nach-der-wiederherstellung")
    assert later.pk > max(pk for pk, _slug, _name in before["regions"])


@pytest.mark.django_db
def test_restore_rejects_file_that_is_no_backup(tmp_path):
    path = tmp_path / "keine-sicherung.tar.gz"
    path.write_bytes(b"just some bytes")

    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), yes=True)

    assert str(error.value) == f"„{path}“ ist keine Sicherung des Bildungsportals."


@pytest.mark.django_db
def test_restore_rejects_backup_of_other_database_vendor(tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    members = {
        "manifest.json": json.dumps({"format": 1, "vendor": other}).encode(),
        "database.pgdump" if other == "postgresql" else "database.sqlite3": b"",
    }
    path = tmp_path / "fremd.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        media = tarfile.TarInfo("media")
        media.type = tarfile.DIRTYPE
        tar.addfile(media)

    with pytest.raises(CommandError) as error:
        call_command("restore", str(path), yes=True)

    assert str(error.value) == (
        f"Die Sicherung stammt aus einer {other}-Datenbank, konfiguriert ist aber "
        f"{connection.vendor}. Sie kann nur in dieselbe Art von Datenbank zurückgespielt werden."
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_starts_a_new_page_cache_generation(client, settings, tmp_path):
    """Issue item 14: after a restore no instance may serve pages (or counts and names kept
    per generation) of the data before it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    offer = make_offer(title="Sicherungsangebot")
    archive = tmp_path / "sicherung.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    offer.title = "Nach der Sicherung geändert"
    offer.save()
    path = offer.get_absolute_url()
    assert client.get(path)["X-Page-Cache"] == "miss"
    assert client.get(path)["X-Page-Cache"] == "hit"
    generation = cache.get(page_cache.GENERATION_KEY)

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    assert cache.get(page_cache.GENERATION_KEY) != generation
    response = client.get(path)
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert "Sicherungsangebot" in html
    assert "Nach der Sicherung geändert" not in html
    cache.clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_item14_is_owner_only_and_leaves_out_sessions(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    region = make_region(name="Sitzungsregion", slug="sitzungsregion")
    session = SessionStore()
    session["secret"] = "nur im Speicher des Portals"
    session.create()
    archive = tmp_path / "sicherung.tar.gz"
    # A pre-existing file with a wide mode is replaced by an owner-only one.
    archive.write_bytes(b"")
    archive.chmod(0o644)

    call_command("backup", output=str(archive), stdout=io.StringIO())

    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        dump = tar.extractfile(
            "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
        ).read()
    assert session.session_key.encode() not in dump
    assert Session.objects.filter(session_key=session.session_key).exists()

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    assert list(Session.objects.all()) == []
    assert Region.objects.get(slug="sitzungsregion").pk == region.pk
    # Sessions work on after the restore: the table is there, only empty.
    SessionStore().create()
    assert Session.objects.count() == 1
