"""Paginators of the public catalog API."""
from rest_framework.pagination import PageNumberPagination


# djperf-demo: DJP303
class CatalogPagination(PageNumberPagination):
    """Partners page through the catalog; their feed readers ask for bigger pages."""

    page_size = 50
    page_size_query_param = "page_size"
