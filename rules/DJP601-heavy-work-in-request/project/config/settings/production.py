from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ["shop.example.com"]
