import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from regions.models import Document
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def test_public_pages_send_the_security_headers(client):
    response = client.get("/impressum/")
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_hsts_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/impressum/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_anonymous_public_pages_set_no_cookie(client):
    response = client.get("/angebote/")
    assert response.cookies == {}


def _document(name, content):
    return Document(region=make_region(), title="Bericht", file=SimpleUploadedFile(name, content))


def test_document_upload_accepts_a_real_pdf():
    document = _document("bericht.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    document.full_clean()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "Dateityp „exe“ ist nicht erlaubt."),
        (
            "bericht.pdf",
            b"MZ\x90\x00 not a pdf",
            "Der Inhalt der Datei passt nicht zur Endung „.pdf“.",
        ),
        ("ohne-endung", b"%PDF-1.7", "Dateityp „?“ ist nicht erlaubt."),
    ],
)
def test_document_upload_refuses_wrong_types(name, content, message):
    with pytest.raises(ValidationError) as error:
        _document(name, content).full_clean()
    assert error.value.message_dict["file"][0].startswith(message)


def test_document_upload_refuses_large_files(settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        _document("gross.pdf", b"%PDF-" + b"x" * 2000).full_clean()
    assert error.value.message_dict["file"] == ["Die Datei ist zu groß: höchstens 0,001 MB."]


def test_database_outage_answers_503_with_retry_after(rf):
    import sys

    from django import db

    from bildungsregion.views import server_error

    try:
        raise db.OperationalError("connection refused")
    except db.OperationalError:
        assert sys.exc_info()[0] is db.OperationalError
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Vorübergehend nicht erreichbar" in response.content.decode()


def test_other_errors_answer_500(rf):
    from bildungsregion.views import server_error

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()
