import os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
INSTALLED_APPS = ["shop"]
ROOT_URLCONF = "config.urls"

# A switch for the end-to-end suite: off unless the environment turns it on; settings/test.py does.
ALLOW_E2E_RESET = os.environ.get("ALLOW_E2E_RESET", False)
# A switch a deployment may turn on: no test settings need it.
LIVE_REINDEX = os.environ.get("LIVE_REINDEX", False)
SHOW_LAB_PAGES = False
