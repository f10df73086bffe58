# fixture-path: shop/pagination.py
from django.conf import settings
from rest_framework import generics
from rest_framework.pagination import CursorPagination, LimitOffsetPagination, PageNumberPagination

from .mixins import ProjectPaginationMixin


# ruleid: DJP303
class OpenPageSize(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"


# ruleid: DJP303
class OpenLimit(LimitOffsetPagination):
    default_limit = 50


# ruleid: DJP303
class ExplicitNoneMax(PageNumberPagination):
    page_size_query_param = "size"
    # ruleid: DJP303
    page_size = 1000
    max_page_size = None


# Rotation set 10: a subclass that inherits the open page size repeats its base's finding: reported once,
# on the base that sets `page_size_query_param` (adding `max_page_size` there fixes both).
# ok: DJP303 reported on OpenPageSize
class ChildOfOpen(OpenPageSize):
    page_size = 20


# ok: DJP303 reported on OpenLimit
class ChildOfOpenLimit(OpenLimit):
    default_limit = 20



class HugePages(PageNumberPagination):
    # ruleid: DJP303
    page_size = 5000


class OffsetView(generics.ListAPIView):
    # ruleid: DJP303
    pagination_class = LimitOffsetPagination


# ok: DJP303
class Bounded(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# ok: DJP303
class BoundedLimit(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


# ok: DJP303
class FixedSize(PageNumberPagination):
    page_size = 100


# The class computes the page size itself, capping the client's value at a setting (rotation set 11).
# ok: DJP303
class SettingCappedLimit(LimitOffsetPagination):
    def get_limit(self, request):
        asked = int(request.query_params.get(self.limit_query_param, self.default_limit))
        return min(asked, settings.MAX_PAGE_SIZE)


# ok: DJP303
class SettingCappedPages(PageNumberPagination):
    page_size_query_param = "size"

    def get_page_size(self, request):
        return min(int(request.query_params.get("size", 25)), settings.MAX_PAGE_SIZE)


# ok: DJP303
class ChildOfBounded(Bounded):
    page_size = 25


# A base from another module may set max_page_size: nothing is proven.
# ok: DJP303
class WithProjectMixin(ProjectPaginationMixin, PageNumberPagination):
    page_size_query_param = "page_size"


# ok: DJP303
class Cursor(CursorPagination):
    page_size = 100
    ordering = "-created_at"


class BoundedView(generics.ListAPIView):
    # ok: DJP303
    pagination_class = BoundedLimit


# CursorPagination's default ordering "-created" on a model without that field is not checked yet.
# todoruleid: DJP303
class DefaultCursor(CursorPagination):
    page_size = 50


# ruleid: DJP303 the subclass sets the parameter itself
class ChildOpensSize(FixedSize):
    page_size_query_param = "per_page"


# Rotation set 13: an authentication class that admits only a signed service client (every return is
# `(AnonymousUser(), credentials)`): no user can ask for `?limit=1000000`. Reported at info, with the reason.
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from rest_framework.authentication import BaseAuthentication, TokenAuthentication  # noqa: E402

from .models import Tag  # noqa: E402


class ExportClientAuthentication(BaseAuthentication):
    def authenticate(self, request):
        try:
            receiver = verify_signature(request)  # noqa: F821
        except ValueError:
            raise
        return AnonymousUser(), receiver


class MaybeSignedAuthentication(BaseAuthentication):
    def authenticate(self, request):
        if "Signature" not in request.headers:
            return None
        return AnonymousUser(), verify_signature(request)  # noqa: F821


class ExportTags(generics.ListAPIView):
    authentication_classes = (ExportClientAuthentication,)
    queryset = Tag.objects.all()
    # ruleid: DJP303 at info: only the service client calls it
    pagination_class = LimitOffsetPagination


# A class that lets unsigned requests through (returns None), or a user token beside it: any caller.
class MaybeSignedTags(generics.ListAPIView):
    authentication_classes = (MaybeSignedAuthentication,)
    queryset = Tag.objects.all()
    # ruleid: DJP303
    pagination_class = LimitOffsetPagination


class ExportOrTokenTags(generics.ListAPIView):
    authentication_classes = (ExportClientAuthentication, TokenAuthentication)
    queryset = Tag.objects.all()
    # ruleid: DJP303
    pagination_class = LimitOffsetPagination


# Rotation set 13: the list is a Python list built from choices, not a table.
class TagKinds(generics.ListAPIView):
    queryset = [{"code": code, "label": label} for code, label in Tag.KIND_CHOICES]
    # ok: DJP303 slices a list the process holds
    pagination_class = LimitOffsetPagination
