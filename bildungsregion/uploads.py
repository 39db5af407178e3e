"""Uploads larger than DOCUMENT_MAX_BYTES are refused while they arrive, not after.

``SizeLimitUploadHandler`` comes first in FILE_UPLOAD_HANDLERS. It hands a file's bytes on to
Django's own handlers (memory, temporary file) only up to the limit; once the limit is passed,
or from the start when the request's Content-Length already says the file cannot fit, it hands
on nothing more and gives the form an ``OversizedUpload`` instead: a file without content that
knows how much arrived. The form's validator (``regions.validators.DocumentFileValidator``)
refuses it ("Die Datei ist zu groß: höchstens 20 MB."), and the other fields keep what was
typed. Nothing beyond the limit is kept in memory or on disk.

The rest of the request body is still read (and thrown away), so that the browser receives the
answer instead of a reset connection; the web server in front limits the size of whole requests
(nginx: ``client_max_body_size``). The portal's forms carry one file each, so a request longer
than the limit plus the most that the other fields may take (DATA_UPLOAD_MAX_MEMORY_SIZE) holds
a file that is too large.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# Room for the multipart headers of the request's parts, beyond the fields' own content.
MULTIPART_OVERHEAD = 64 * 1024


class OversizedUpload(UploadedFile):
    """An upload that was cut off at DOCUMENT_MAX_BYTES: no content, ``size`` the bytes that
    arrived (more than the limit)."""

    def __init__(self, name, size, content_type):
        super().__init__(io.BytesIO(), name, content_type, size)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops passing a file on beyond DOCUMENT_MAX_BYTES (see the module docstring)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = settings.DOCUMENT_MAX_BYTES
        fields_allowance = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        self.request_too_large = fields_allowance is not None and content_length > (
            self.limit + fields_allowance + MULTIPART_OVERHEAD
        )

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        self.too_large = self.request_too_large or (content_length or 0) > self.limit

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large = True
        return None if self.too_large else raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None  # the next handler returns the file
        # Django's handlers may hold the part that arrived before the limit: let it go.
        for handler in self.request.upload_handlers:
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()
        return OversizedUpload(self.file_name, file_size, self.content_type)
