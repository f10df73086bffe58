SECRET_KEY = "fixture"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.admin", "rest_framework", "shop"]
