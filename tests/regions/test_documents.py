"""Uploaded documents (issue items 10 and 11): served only through the access-checked view,
under unguessable stored names; uploads over DOCUMENT_MAX_BYTES are refused while they arrive."""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from regions.models import Document, StaffMembership
from tests.admin.conftest import make_user
from tests.factories import make_region

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\nBildungsbericht 2026\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def region():
    return make_region(name="Dokumentregion", slug="dokumentregion")


def make_document(region, *, name="bericht.pdf", content=PDF, is_public=True, title=None):
    return Document.objects.create(
        region=region,
        title=title or f"Dokument {name} {is_public}",
        file=ContentFile(content, name=name),
        is_public=is_public,
    )


def body(response):
    return b"".join(response.streaming_content)


def test_document_item10_stored_name_has_a_random_part(region):
    first = make_document(region, title="Erster Bericht")
    second = make_document(region, title="Zweiter Bericht")

    pattern = r"dokumente/\d{4}/bericht-[A-Za-z0-9_-]{16}\.pdf"
    assert re.fullmatch(pattern, first.file.name)
    assert re.fullmatch(pattern, second.file.name)
    assert first.file.name != second.file.name
    assert (first.download_name, second.download_name) == ("bericht.pdf", "bericht.pdf")
    assert first.download_url == f"/dokumente/{first.pk}/bericht.pdf"


def test_document_item10_anonymous_gets_a_public_pdf_inline(client, region):
    document = make_document(region)

    response = client.get(f"/dokumente/{document.pk}/bericht.pdf")

    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="bericht.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_document_item10_other_types_are_downloaded_with_their_own_content_type(client, region):
    document = make_document(region, name="plakat.png", content=PNG)

    response = client.get(document.download_url)

    assert response.status_code == 200
    assert body(response) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="plakat.png"'


def test_document_item10_region_page_links_the_checked_address(client, region):
    document = make_document(region)

    response = client.get(reverse("regions:region-detail", kwargs={"slug": region.slug}))

    assert f'href="/dokumente/{document.pk}/bericht.pdf"' in response.content.decode()
    assert "/media/" not in response.content.decode()


def test_document_item10_non_public_is_404_for_anonymous_and_other_regions(client, region):
    document = make_document(region, name="intern.pdf", is_public=False)
    other_region = make_region(name="Andere Region", slug="andere-region")
    other_staff = make_user(
        "koordination-andere", region=other_region, role=StaffMembership.Role.COORDINATOR
    )
    school_user = make_user("schule", is_staff=False)
    url = document.download_url

    assert client.get(url).status_code == 404
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
    client.force_login(school_user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", [StaffMembership.Role.EDITOR, StaffMembership.Role.COORDINATOR])
def test_document_item10_non_public_is_served_to_staff_of_its_region(client, region, role):
    document = make_document(region, name="intern.pdf", is_public=False)
    client.force_login(make_user("buero", region=region, role=role))

    response = client.get(document.download_url)

    assert response.status_code == 200
    assert body(response) == PDF
    assert "private" in response["Cache-Control"]


def test_document_item10_admin_form_links_the_checked_address(client, region):
    document = make_document(region, name="intern.pdf", is_public=False)
    client.force_login(make_user("buero", region=region, role=StaffMembership.Role.EDITOR))

    response = client.get(reverse("admin:regions_document_change", args=[document.pk]))

    assert f'href="/dokumente/{document.pk}/intern.pdf"' in response.content.decode()
    assert "/media/" not in response.content.decode()


def test_document_item10_non_public_is_served_to_superusers(client, region):
    document = make_document(region, name="intern.pdf", is_public=False)
    client.force_login(make_user("admin-dokumente", is_superuser=True))

    assert body(client.get(document.download_url)) == PDF


def test_document_item10_old_media_address_is_404(client, region):
    public = make_document(region, title="Öffentlich")
    private = make_document(region, name="intern.pdf", is_public=False, title="Intern")

    assert client.get(f"/media/{public.file.name}").status_code == 404
    assert client.get(f"/media/{private.file.name}").status_code == 404


def test_document_item10_old_file_names_and_wrong_names_lead_to_the_file(
    client, region, media_root
):
    # A file uploaded before stored names got their random part keeps its name.
    path = Path(media_root) / "dokumente/2024/alt.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(PDF)
    document = Document.objects.create(
        region=region, title="Alter Bericht", file="dokumente/2024/alt.pdf"
    )

    assert document.download_url == f"/dokumente/{document.pk}/alt.pdf"
    assert body(client.get(document.download_url)) == PDF
    response = client.get(f"/dokumente/{document.pk}/anders.pdf")
    assert (response.status_code, response["Location"]) == (302, document.download_url)


def test_document_item10_sendfile_header_hands_the_file_to_nginx(client, region, settings):
    settings.DOCUMENT_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.DOCUMENT_SENDFILE_PREFIX = "/geschuetzt/"
    document = make_document(region)

    response = client.get(document.download_url)

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/geschuetzt/{document.file.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="bericht.pdf"'


class ReceivedBytes(FileUploadHandler):
    """A probe behind the size limit: counts the bytes handed on to Django's own handlers."""

    received = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received.append(0)

    def receive_data_chunk(self, raw_data, start):
        self.received[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def probe(settings):
    settings.FILE_UPLOAD_HANDLERS = [
        "bildungsregion.uploads.SizeLimitUploadHandler",
        f"{__name__}.ReceivedBytes",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    ReceivedBytes.received = []
    return ReceivedBytes


def post_document(client, region, content):
    return client.post(
        reverse("admin:regions_document_add"),
        {
            "region": str(region.pk),
            "kind": Document.Kind.REPORT,
            "title": "Bildungsbericht 2026",
            "description": "Von Hand eingetippt",
            "file": ContentFile(content, name="gross.pdf"),
            "url": "",
            "is_public": "on",
            "last_reviewed": "2026-11-30",
            "_save": "Sichern",
        },
    )


@pytest.mark.parametrize(
    "size",
    [
        # Arrives in several chunks of 64 KiB: the ones below the limit are handed on.
        300_000,
        # Content-Length alone says it is too large: nothing is handed on.
        3_000_000,
    ],
)
def test_document_item11_upload_over_the_limit_is_refused_while_it_arrives(
    client, region, settings, media_root, probe, size
):
    settings.DOCUMENT_MAX_BYTES = 100_000
    client.force_login(make_user("redaktion", region=region, role=StaffMembership.Role.EDITOR))

    response = post_document(client, region, b"%PDF-1.7\n" + b"x" * (size - 9))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"file": ["Die Datei ist zu groß: höchstens 0,1 MB."]}
    assert form["title"].value() == "Bildungsbericht 2026"
    assert form["description"].value() == "Von Hand eingetippt"
    assert form["last_reviewed"].value() == "2026-11-30"
    assert "höchstens 0,1 MB" in form.fields["file"].help_text
    assert not Document.objects.exists()
    assert not any(path.is_file() for path in Path(media_root).rglob("*"))
    # Django's handlers got at most the limit, never the whole file.
    [received] = probe.received
    if size < 1_000_000:
        assert 0 < received <= 100_000
    else:
        assert received == 0


def test_document_item11_upload_within_the_limit_is_stored(client, region, settings, probe):
    settings.DOCUMENT_MAX_BYTES = 100_000
    client.force_login(make_user("redaktion", region=region, role=StaffMembership.Role.EDITOR))
    content = b"%PDF-1.7\n" + b"x" * 99_991

    response = post_document(client, region, content)

    assert response.status_code == 302
    document = Document.objects.get()
    with document.file.open("rb") as stored:
        assert stored.read() == content
    assert probe.received == [100_000]
