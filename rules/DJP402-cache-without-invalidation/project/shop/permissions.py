PERM_KEY = "perm_%d_%s"
ROLE_KEY = "role:{}:{}"
THROTTLE_KEY = "hits:{}"
