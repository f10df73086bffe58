DEBUG = False
INSTALLED_APPS = ["django.contrib.contenttypes", "shop"]
ROOT_URLCONF = "proj.urls"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "shop.middleware.BodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
]
