# fixture-path: proj/settings.py
# Rotation set 10: no view pages with the default (every generic view names its paginator; the others
# page explicitly), so no client can ask a default-paged list for `?limit=` (project.unused/shop/views.py).
SECRET_KEY = "fixture"
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "shop"]
REST_FRAMEWORK = {
    # ok: DJP303 no view keeps the default
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
