SECRET_KEY = "fixture"
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "shop"]
REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 1000,
}
