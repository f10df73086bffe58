REST_FRAMEWORK = {"DEFAULT_PAGINATION_CLASS": "shop.pagination.DefaultCursor", "PAGE_SIZE": 50}
