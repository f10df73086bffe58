# fixture-path: shop/pagination.py
# Rotation set 14: which lists page with a paginator class decides how much its large page or missing
# cap costs (project.users/shop/views.py). Levels and messages: test/unit/rules/djp303-paginator-users.test.ts.
from rest_framework.pagination import PageNumberPagination


class ReferencePagination(PageNumberPagination):
    """Country and region lists (and, through TotalsPagination, an action over two columns): a whole list per page."""

    # ruleid: DJP303
    page_size = 1000


class TotalsPagination(ReferencePagination):
    pass


class BigPagination(PageNumberPagination):
    # Order has very many rows (its admin turns off the full count): a page of 1000 orders costs. Stays at warn.
    # ruleid: DJP303
    page_size = 1000


class ActionPagination(PageNumberPagination):
    # Paged by an action that renders whole Order rows, not a few columns: stays at warn.
    # ruleid: DJP303
    page_size = 1000


# Only one user's orders page with it: a huge ?page_size= returns that user's orders. Info.
# ruleid: DJP303
class OpenPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"


# Also built by a plain function over every order (views.export_orders): not every use is a bounded list. Warn.
# ruleid: DJP303
class LoosePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"


# A name the use index does not sort (no `Paginat` in it): who pages with it is not proven. Warn.
# ruleid: DJP303
class OwnPages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"


class ValuesPagination(PageNumberPagination):
    # Pages Order rows read as plain values in one query (`.values()`): a large page of them is cheap. Info.
    # ruleid: DJP303
    page_size = 2000


# Its view's list() serializes every order when the request has no `page`: the message says a cap bounds
# only paged responses. Warn.
# ruleid: DJP303
class OptionalPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
