from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only"
ALLOW_E2E_RESET = True
SHOW_LAB_PAGES = True
