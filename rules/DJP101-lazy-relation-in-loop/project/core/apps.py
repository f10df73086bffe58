from django.apps import AppConfig


class CoreConfig(AppConfig):
    # No label: Django labels the app "core" (the last part of name), sub-packages included.
    name = "core"
