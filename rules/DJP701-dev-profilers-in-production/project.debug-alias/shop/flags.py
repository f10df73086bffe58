"""The shop's own switches, overridden per deployment from the environment."""
import os

DEBUG_MODE = False
PROFILE_QUERIES = False

globals().update(os.environ)
