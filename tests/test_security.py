import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from regions.models import Document
from tests.factories import make_region
from tests.test_settings import GOOD_SECRET_KEY, settings_in

pytestmark = pytest.mark.django_db


# The policy of settings.SECURE_CSP, directive by directive: no inline script or style, no
# framing, no <base href> to another origin, no plugins.
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def _directives(header, *, between, within):
    """`a 'self'; b 'none'` (between=";", within=" ") as {"a": "'self'", "b": "'none'"}."""
    pairs = [item.strip().split(within, 1) for item in header.split(between)]
    assert len({name for name, _value in pairs}) == len(pairs), f"repeated: {header}"
    return dict(pairs)


def test_public_pages_send_the_security_headers(client):
    response = client.get("/impressum/")

    assert _directives(response["Content-Security-Policy"], between=";", within=" ") == EXPECTED_CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = _directives(response["Permissions-Policy"], between=",", within="=")
    assert permissions.pop("fullscreen") == "(self)"
    assert permissions.pop("geolocation") == "(self)"  # "Standort verwenden"
    assert permissions == dict.fromkeys(
        [
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "sync-xhr",
            "usb",
            "xr-spatial-tracking",
        ],
        "()",
    )


# Asks the production settings (computed from the environment in a fresh process) for
# robots.txt – a page without database – over HTTPS, over plain HTTP and through the proxy.
PRODUCTION_REQUESTS = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="portal.example")
https = client.get("/robots.txt", secure=True)
http = client.get("/robots.txt")
proxied = client.get("/robots.txt", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "settings": [
        settings.SECURE_HSTS_SECONDS,
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
        settings.SECURE_HSTS_PRELOAD,
        settings.SECURE_SSL_REDIRECT,
        settings.SECURE_PROXY_SSL_HEADER,
    ],
    "https": [https.status_code, https.get("Strict-Transport-Security")],
    "http": [http.status_code, http.get("Location"), http.get("Strict-Transport-Security")],
    "proxied": [proxied.status_code, proxied.get("Strict-Transport-Security")],
}))
"""


def test_hsts_is_sent_over_https_in_production():
    """The HSTS settings as production computes them from its environment (DEBUG off, a good
    key, nothing else set), and the header they give: over HTTPS, also behind the proxy; plain
    HTTP is redirected without it."""
    values = settings_in(
        PRODUCTION_REQUESTS, DEBUG="0", SECRET_KEY=GOOD_SECRET_KEY, ALLOWED_HOSTS="portal.example"
    )

    assert values == {
        "settings": [31536000, True, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]],
        "https": [200, "max-age=31536000; includeSubDomains; preload"],
        "http": [301, "https://portal.example/robots.txt", None],
        "proxied": [200, "max-age=31536000; includeSubDomains; preload"],
    }


def test_session_cookie_is_same_site_lax_and_http_only(client, django_user_model):
    """SameSite=None would send the session along with requests other sites start."""
    django_user_model.objects.create_user("schule", password="ein-langes-Passwort-42")

    response = client.post(
        "/anmelden/", {"username": "schule", "password": "ein-langes-Passwort-42"}
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert (cookie["samesite"], cookie["httponly"], cookie["path"]) == ("Lax", True, "/")


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
