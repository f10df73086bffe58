SECRET_KEY = "fixture"
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "shop"]
ROOT_URLCONF = "proj.urls"
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
