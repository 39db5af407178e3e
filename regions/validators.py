"""Checks for uploaded documents (allowed types by extension *and* content, a size limit) and
for the websites that may embed a region's lists."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Extension -> the magic bytes a real file of that type starts with.
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}

# Extension -> the content type a document of that type is served with.
DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


def document_size_limit():
    """DOCUMENT_MAX_BYTES in (decimal) megabytes, as the help texts say it: "20 MB"."""
    megabytes = Decimal(settings.DOCUMENT_MAX_BYTES) / Decimal(1_000_000)
    return f"{number_format(megabytes)} MB"


@deconstructible
class DocumentFileValidator:
    """Accepts PDF, Office/OpenDocument files and images up to DOCUMENT_MAX_BYTES whose
    content matches their extension (a renamed .exe is refused)."""

    def __call__(self, file):
        name = getattr(file, "name", "") or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in DOCUMENT_SIGNATURES:
            raise ValidationError(
                _("Dateityp „%(ext)s“ ist nicht erlaubt. Erlaubt sind: %(allowed)s."),
                code="file_type",
                params={"ext": extension or "?", "allowed": ", ".join(sorted(DOCUMENT_SIGNATURES))},
            )
        # An upload cut off at the limit while it arrived (bildungsregion.uploads) is larger.
        if file.size is not None and file.size > settings.DOCUMENT_MAX_BYTES:
            raise ValidationError(
                _("Die Datei ist zu groß: höchstens %(limit)s."),
                code="file_size",
                params={"limit": document_size_limit()},
            )
        position = file.tell() if hasattr(file, "tell") else None
        file.seek(0)
        head = file.read(16)
        if position is not None:
            file.seek(position)
        if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES[extension]):
            raise ValidationError(
                _("Der Inhalt der Datei passt nicht zur Endung „.%(ext)s“."),
                code="file_content",
                params={"ext": extension},
            )

    def __eq__(self, other):
        return isinstance(other, DocumentFileValidator)


# An origin that may frame the portal's embeddable lists: https://host or https://host:port,
# nothing else (no path, no wildcard, no other scheme), as a CSP frame-ancestors source.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
EMBED_ORIGIN_RE = re.compile(rf"^https://(?:{_LABEL}\.)*{_LABEL}(?::(?P<port>\d{{1,5}}))?$")


def is_embed_origin(value):
    """True for an origin of the form https://host[:port] (lower case, port 1–65535)."""
    match = EMBED_ORIGIN_RE.match(value)
    return bool(match) and (match["port"] is None or 1 <= int(match["port"]) <= 65535)


def embed_origin_lines(text):
    """The non-empty lines of a list of origins, stripped and in lower case (as browsers
    compare them), each once, in their order."""
    lines = [line.strip().lower() for line in (text or "").splitlines()]
    return list(dict.fromkeys(line for line in lines if line))


def validate_embed_origins(text):
    """Each line an origin https://host[:port]; one German message per wrong line."""
    errors = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        value = line.strip().lower()
        if not value or is_embed_origin(value):
            continue
        params = {"line": number, "value": line.strip()}
        if not value.startswith("https://"):
            message = _(
                "Zeile %(line)s: „%(value)s“ beginnt nicht mit https:// – Listen lassen sich "
                "nur in verschlüsselte Websites einbinden."
            )
        elif "/" in value.removeprefix("https://"):
            message = _(
                "Zeile %(line)s: „%(value)s“ enthält einen Pfad. Bitte nur die Adresse der "
                "Website angeben, z. B. https://www.gemeinde-beispiel.de."
            )
        else:
            message = _(
                "Zeile %(line)s: „%(value)s“ ist keine Adresse der Form https://host oder "
                "https://host:port, z. B. https://www.gemeinde-beispiel.de."
            )
        errors.append(ValidationError(message, code="embed_origin", params=params))
    if errors:
        raise ValidationError(errors)
