"""Shared settings."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "channels",
    "shop",
]

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}

MEDIA_ROOT = BASE_DIR / "media"
