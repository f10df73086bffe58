DEBUG = False
INSTALLED_APPS = ["django.contrib.contenttypes", "shop"]
ROOT_URLCONF = "proj.urls"
# Neither setting caps an uploaded file: the first counts the body without its file data, the
# second only decides whether Django keeps an upload in memory or spools it to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A progress handler watches the bytes but never stops an upload.
FILE_UPLOAD_HANDLERS = [
    "shop.uploadhandlers.ProgressUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "shop.middleware.RequestTimingMiddleware",
]
