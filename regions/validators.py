"""Checks for uploaded documents: allowed types by extension *and* content, and a size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
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
        limit = settings.DOCUMENT_MAX_BYTES
        if file.size is not None and file.size > limit:
            raise ValidationError(
                _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s."),
                code="file_size",
                params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
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
