"""Checks for uploaded documents: allowed types by extension *and* content, and a size limit."""

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
