"""An upload handler that stops reading a file as soon as it passes the evidence size limit.

Django streams large uploads to a temporary file, so memory is safe anyway;
this also spares the disk and the wait: a 200 MB file is cut off at the limit,
the request continues without it, and the form reports the refusal.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class EvidenceSizeLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.TRACKER_EVIDENCE_MAX_BYTES:
            if self.request is not None:
                self.request.oversized_upload = self.file_name
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
