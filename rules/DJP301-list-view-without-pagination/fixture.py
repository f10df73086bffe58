# fixture-path: shop/views.py
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404
from rest_framework import generics, mixins, viewsets
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework_csv.renderers import PaginatedCSVRenderer

from .bases import base_view_class
from .models import Country, Member, Order, Project
from .pagination import StandardPagination
from .serializers import CountrySerializer, MemberSerializer, OrderSerializer, ProcessorSerializer


# ruleid: DJP301
class OrderViewSet(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class PaginatedOrders(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ok: DJP301
    pagination_class = StandardPagination


# A class body that assigns `pagination_class` twice pages with the last value, as Python does (rotation set 14).
class RepagedOrders(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ok: DJP301
    pagination_class = None
    ordering = ["id"]
    pagination_class = StandardPagination


class EverythingAtOnce(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ruleid: DJP301
    pagination_class = None


class PaginatedBase(generics.GenericAPIView):
    pagination_class = StandardPagination


# ok: DJP301
class InheritsPaginator(mixins.ListModelMixin, PaginatedBase):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


# ruleid: DJP301
class ReadOnlyOrders(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.filter(reference__startswith="A")
    serializer_class = OrderSerializer


# ruleid: DJP301
class MixinOrders(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


# ok: DJP301
class OrderDetail(generics.RetrieveUpdateAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


# ok: DJP301
class CustomList(generics.ListAPIView):
    serializer_class = OrderSerializer

    def list(self, request):
        return Response({"count": Order.objects.count()})


class UnpaginatedCountries(generics.ListAPIView):
    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    # Small by design, but nothing tells djperf so.
    # ruleid: DJP301
    pagination_class = None


# ok: DJP301
class PlainView(generics.GenericAPIView):
    serializer_class = OrderSerializer


# At most one row: every return filters by the primary key.
# ok: DJP301
class OwnProfile(generics.ListAPIView):
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(id=self.request.user.id)


# At most one row: every return is a list written out with one item or none (rotation set 11).
# ok: DJP301
class ProjectLeadOrder(generics.ListAPIView):
    serializer_class = OrderSerializer
    pagination_class = None

    def get_queryset(self):
        project = get_object_or_404(Project, pk=self.kwargs["pk"])
        if project.lead_order_id:
            return [project.lead_order]
        return []


# An abstract base without a queryset or a serializer: nothing names its rows; its concrete subclasses are reported on their own.
# ok: DJP301
class OrderedViewSetBase(viewsets.ModelViewSet):
    def move(self, request):
        return Response({})


# Bounded lists are still reported, at info with the reason (tested in test/unit/rules/drf-bound-levels.test.ts).
class MyOrders(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (info: one user's rows)
    pagination_class = None

    def get_queryset(self):
        return Order.objects.filter(customer=self.request.user).order_by("-id")


class ProjectOrders(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (info: one parent's rows, through an object fetched with the URL argument)
    pagination_class = None

    def get_queryset(self):
        project = get_object_or_404(Project, pk=self.kwargs["project_pk"])
        qs = Order.objects.filter(project=project)
        return qs


class ProjectOrdersByProperty(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (info: one parent's rows, through a view property that looks the parent up from the URL)
    pagination_class = None

    @property
    def project(self):
        return get_object_or_404(Project, pk=self.kwargs["project_pk"])

    def get_queryset(self):
        return Order.objects.filter(project=self.project)


class FeaturedProjectOrders(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: the property does not come from the URL, so the rows are not one URL parent's)
    pagination_class = None

    @property
    def project(self):
        return Project.objects.filter(featured=True).first()

    def get_queryset(self):
        return Order.objects.filter(project=self.project)


class StaffOrders(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    permission_classes = [IsAuthenticated, IsAdminUser]
    # ruleid: DJP301 (info: staff only)
    pagination_class = None


class NestedOrders(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    parent_lookup_kwargs = {"project_pk": "project__pk"}
    # ruleid: DJP301 (info: nested under one parent)
    pagination_class = None


class StaffSeeAll(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: staff get every row)
    pagination_class = None

    def get_queryset(self):
        if self.request.user.is_staff:
            return Order.objects.all()
        return Order.objects.filter(customer=self.request.user)


class MineOrPublic(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: public rows of every user are ORed in)
    pagination_class = None

    def get_queryset(self):
        return Order.objects.filter(Q(customer=self.request.user) | Q(public=True))


# Rotation set 6: a search capped by a slice, and Django's tables that grow with the code.
class OrderSearch(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ruleid: DJP301 (info: every return of the list is cut with a slice)
    pagination_class = None

    def get_queryset(self):
        queryset = self.queryset
        if self.action != "list":
            return queryset
        query = self.request.GET.get("q", "")
        return (queryset.filter(reference__icontains=query).order_by("-id")[: settings.ORDER_SEARCH_LIMIT])


class RecentOrderSearch(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: the slice bounds a subquery, not the list)
    pagination_class = None

    def get_queryset(self):
        recent = Project.objects.order_by("-id")[:10]
        return Order.objects.filter(project__in=recent)


class ContentTypeList(generics.ListAPIView):
    queryset = ContentType.objects.all()
    serializer_class = CountrySerializer
    # ok: DJP301 one row per installed model: the table grows with the code, not with use
    pagination_class = None


class PermissionList(generics.ListAPIView):
    queryset = Permission.objects.select_related("content_type")
    serializer_class = CountrySerializer
    # ok: DJP301 four rows per installed model
    pagination_class = None


# Nothing in the project shows that Project holds many rows (Order has an admin that stops counting them).
class AllProjects(generics.ListAPIView):
    queryset = Project.objects.all()
    serializer_class = CountrySerializer
    # ruleid: DJP301 (info: nothing shows that Project holds many rows)
    pagination_class = None


# Rotation set 8: a base chosen at runtime hides what the rows eager-load, not which table the class's own
# `queryset =` names.
RuntimeBase = base_view_class()


class RuntimeBaseOrders(RuntimeBase, viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.filter(public=True)
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: Order is a large table)
    pagination_class = None


class RuntimeBaseInherited(RuntimeBaseOrders):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (info: the queryset comes from a class under the runtime base, which may replace it)
    pagination_class = None


class RuntimeBaseOtherRows(RuntimeBase, generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = CountrySerializer
    # ruleid: DJP301 (info: get_queryset lists another model than the queryset attribute)
    pagination_class = None

    def get_queryset(self):
        return Project.objects.all()


# Rotation set 8: a search by exact username (unique on Django's user, which the proxy inherits) holds one row.
class MemberByName(generics.ListAPIView):
    serializer_class = MemberSerializer
    # ok: DJP301
    pagination_class = None

    def get_queryset(self):
        name = self.request.GET.get("username", "")
        return Member.objects.filter(username=name)


class OrderByReference(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: reference is not unique)
    pagination_class = None

    def get_queryset(self):
        return Order.objects.filter(reference=self.request.GET.get("reference"))


class OrderByIdOrAll(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: without ?id= every order is listed)
    pagination_class = None

    def get_queryset(self):
        wanted = self.request.GET.get("id")
        if wanted:
            return Order.objects.filter(pk=wanted)
        return Order.objects.all()


# Rotation set 8: no `queryset =` and a plain Serializer: the list may be of objects that are not rows at all.
class ConfiguredProcessors(generics.ListAPIView):
    serializer_class = ProcessorSerializer
    # ok: DJP301
    pagination_class = None

    def get_queryset(self):
        return self.request.site.configuration.enabled_processors()


class ProcessorOrders(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = ProcessorSerializer
    # ruleid: DJP301 (the class's queryset names the rows)
    pagination_class = None


# Rotation set 9: a method taking only self that looks the parent up from the URL, as the property does.
class ProjectOrdersByMethod(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (info: one parent's rows, through a view method that looks the parent up from the URL)
    pagination_class = None

    def get_project(self):
        return get_object_or_404(Project, pk=self.kwargs["project_pk"])

    def get_queryset(self):
        return Order.objects.filter(project=self.get_project())


class FeaturedProjectOrdersByMethod(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP301 (block: the method does not read the URL)
    pagination_class = None

    def get_project(self):
        return Project.objects.filter(featured=True).first()

    def get_queryset(self):
        return Order.objects.filter(project=self.get_project())


# Rotation set 10: a view rendered only by file renderers (a project CSV renderer over a package's) is an
# export of every row; a page would cut the file. A JSON renderer beside the CSV one keeps the list an API list.
class OrderColumns(PaginatedCSVRenderer):
    header = ["id", "reference"]


class OrderExport(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    renderer_classes = (OrderColumns,)
    # ok: DJP301 a CSV export
    pagination_class = None


class OrderExportOrJson(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    renderer_classes = (OrderColumns, JSONRenderer)
    # ruleid: DJP301 the JSON list is unpaginated too
    pagination_class = None


class LegacyPagedOrders(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ok: DJP301 (DRF before 3.3 pages through `paginate_by`; nothing proves a later DRF here)
    paginate_by = 20


class LegacyPagedBase(generics.ListAPIView):
    serializer_class = OrderSerializer
    paginate_by = 50


class LegacyPagedChild(LegacyPagedBase):
    # ok: DJP301 (the base's `paginate_by` pages the subclass too)
    queryset = Order.objects.all()


# ruleid: DJP301
class LegacyUnpagedOrders(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    paginate_by = None
