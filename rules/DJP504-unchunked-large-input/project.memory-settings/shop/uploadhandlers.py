import logging

from django.core.cache import cache
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

logger = logging.getLogger(__name__)

SINGLE_FILE_LIMIT = 8 * 1024 * 1024


class ProgressUploadHandler(FileUploadHandler):
    """Records how far an upload got, for a progress bar; never refuses one."""

    def receive_data_chunk(self, raw_data, start):
        cache.set(f"upload-progress-{self.request.GET.get('token')}", start + len(raw_data), 60)
        return raw_data

    def file_complete(self, file_size):
        logger.info("upload of %s bytes complete", file_size)
        return None


class SingleFileLimitHandler(FileUploadHandler):
    """Installed per view: stops an upload announced past SINGLE_FILE_LIMIT."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > SINGLE_FILE_LIMIT:
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
