from django.core.exceptions import ValidationError

from .limits import MAX_IMPORT_BYTES


def check_import_file(upload):
    # Not named for size, but it compares the file's size.
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError("The import file is too large.")


def check_extension(upload):
    if not upload.name.endswith(".csv"):
        raise ValidationError("Only CSV files can be imported.")


class MaxBytes:
    def __init__(self, limit):
        self.limit = limit

    def __call__(self, upload):
        if upload.size > self.limit:
            raise ValidationError("Too large.")
