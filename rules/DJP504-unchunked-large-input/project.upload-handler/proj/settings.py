DEBUG = False
INSTALLED_APPS = ["django.contrib.contenttypes", "shop"]
ROOT_URLCONF = "proj.urls"
# Every upload streams through the quota handler first: past 20 MB the upload stops.
FILE_UPLOAD_HANDLERS = [
    "shop.uploadhandlers.QuotaUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
