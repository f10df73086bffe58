import os

# The engine comes from the environment; only the requirements say which database runs.
DATABASES = {
    "default": {
        "ENGINE": os.environ["DB_ENGINE"],
        "NAME": "shop",
    }
}
