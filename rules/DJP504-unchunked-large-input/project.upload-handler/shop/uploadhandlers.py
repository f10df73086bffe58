from django.core.files.uploadhandler import FileUploadHandler, StopUpload

QUOTA_BYTES = 20 * 1024 * 1024


class QuotaUploadHandler(FileUploadHandler):
    """Stops the upload once more than QUOTA_BYTES arrived."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > QUOTA_BYTES:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
