# fixture-path: proj/settings.py
SECRET_KEY = "fixture"
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "shop"]
REST_FRAMEWORK = {
    # ruleid: DJP303
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    # ruleid: DJP303
    "PAGE_SIZE": 1000,
}
