"""Shared settings."""
DEBUG = False

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]

MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
