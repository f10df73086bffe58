# fixture-path: shop/views.py
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, generics, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission, IsAdminUser

from .bases import BaseOrderUploadsViewSet
from .filters import ActiveProfilesFilter, IndexedOrderingFilter, NamedProfilesFilter
from .models import Country, Order, Profile
from .serializers import CountrySerializer, OrderSerializer


class OrderViewSet(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ruleid: DJP304
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]


class OrderList(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ruleid: DJP304
    filter_backends = (OrderingFilter,)


class AnyField(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    filter_backends = [OrderingFilter]
    # ruleid: DJP304
    ordering_fields = "__all__"


class Whitelisted(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    filter_backends = [OrderingFilter]
    # ok: DJP304
    ordering_fields = ["id", "reference"]


class NoOrdering(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ok: DJP304
    filter_backends = [DjangoFilterBackend]


class CustomFilter(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # A project subclass restricts the fields itself.
    # ok: DJP304
    filter_backends = [IndexedOrderingFilter]


class Detail(generics.RetrieveAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ok: DJP304
    filter_backends = [OrderingFilter]


class Base(generics.GenericAPIView):
    filter_backends = [OrderingFilter]
    ordering_fields = ["id"]


# ok: DJP304
class InheritsWhitelist(generics.ListAPIView, Base):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class OrderingBase(generics.GenericAPIView):
    filter_backends = [OrderingFilter]


# ruleid: DJP304
class InheritsBackends(generics.ListAPIView, OrderingBase):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class Searchable(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ruleid: DJP304
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["reference"]


# Bounded lists are still reported, at info with the reason (tested in test/unit/rules/drf-bound-levels.test.ts).
class MyOrdersSorted(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ruleid: DJP304 (info: one user's rows)
    filter_backends = [OrderingFilter]

    def get_queryset(self):
        return self.request.user.orders.all()


class StaffOrdersSorted(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    permission_classes = (IsAdminUser,)
    # ruleid: DJP304 (info: staff only)
    filter_backends = [OrderingFilter]


# Rotation set 8: every return pins the primary key, so there is at most one row to sort.
class OneOrderSorted(generics.ListAPIView):
    serializer_class = OrderSerializer
    # ok: DJP304
    filter_backends = [OrderingFilter]

    def get_queryset(self):
        return Order.objects.filter(pk=self.request.GET.get("id"))


# Rotation set 8: a filter backend narrows every list to the profiles the request names by username
# (unique on Django's user, reached through a one-to-one): a handful of rows to sort.
class NamedProfiles(viewsets.ModelViewSet):
    queryset = Profile.objects.all()
    serializer_class = OrderSerializer
    # ruleid: DJP304 (info: the rows the request names)
    filter_backends = (NamedProfilesFilter, OrderingFilter)


class ActiveProfiles(viewsets.ModelViewSet):
    queryset = Profile.objects.all()
    serializer_class = OrderSerializer
    # ruleid: DJP304 (warn: the backend keeps every active profile)
    filter_backends = (ActiveProfilesFilter, OrderingFilter)


# Rotation set 9: `ordering_fields` computed per action by a property is a whitelist too.
class PerActionOrdering(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ok: DJP304
    filter_backends = [OrderingFilter]

    @property
    def ordering_fields(self):
        return ["id"] if self.request.method == "GET" else []


class PerActionOrderingChild(PerActionOrdering):
    # ok: DJP304 the base's property
    filter_backends = [OrderingFilter]


# Rotation set 10: an abstract base viewset (no queryset, no get_queryset, no serializer model) that the
# project never routes itself, only through its subclasses: each subclass reports what it inherits.
class SortableReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    # ok: DJP304 an abstract base, never routed itself
    filter_backends = (OrderingFilter, DjangoFilterBackend)


# ruleid: DJP304 inherited filter_backends
class SortableOrders(SortableReadOnlyViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class SortableOrdersWithSearch(SortableReadOnlyViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # todoruleid: DJP304 a tuple computed from the base's is not read (reading the base's attribute does not route the base)
    filter_backends = SortableReadOnlyViewSet.filter_backends + (filters.SearchFilter,)


class RegisteredSortableBase(viewsets.ReadOnlyModelViewSet):
    # ruleid: DJP304 a router registers the base itself (shop/urls.py)
    filter_backends = (OrderingFilter,)


# ruleid: DJP304 inherited filter_backends
class RegisteredSortableOrders(RegisteredSortableBase):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class CountryList(generics.ListAPIView):
    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    # ruleid: DJP304 (info: the admin lists every Country in its sidebar filter, so the sort is over a few rows)
    filter_backends = [OrderingFilter]


# Rotation set 12: a base with a queryset that the project never routes itself; its only subclass
# replaces `filter_backends` and is reported on its own, so the base's sort is served nowhere.
class UploadsBaseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # ok: DJP304 never routed itself; its subclass replaces the backends
    filter_backends = (OrderingFilter,)


class ManagerUploads(UploadsBaseViewSet):
    # ruleid: DJP304
    filter_backends = (DjangoFilterBackend, OrderingFilter)


# Rotation set 12: the sort comes from a base in another module that is never routed itself
# (shop/bases.py); the routed subclass serves it, over one user's rows (info).
# ruleid: DJP304 (info: one user's rows) `filter_backends` inherited from `BaseOrderUploadsViewSet`
class MyOrderUploads(BaseOrderUploadsViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(customer=self.request.user)


# Rotation set 12: a project permission whose `has_permission` lets only managers through is staff-only,
# as DRF's IsAdminUser is (info); one that lets any GET through bounds nothing (warn).
class ManagerOnly(BasePermission):
    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.profile.is_manager


class ReadsOpen(BasePermission):
    def has_permission(self, request, view):
        if request.method == "GET":
            return True
        return request.user.is_staff


class ManagerOrdersSorted(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    permission_classes = [ManagerOnly]
    # ruleid: DJP304 (info: managers only)
    filter_backends = [OrderingFilter]


class OpenOrdersSorted(generics.ListAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    permission_classes = [ReadsOpen]
    # ruleid: DJP304 (warn: any GET gets through)
    filter_backends = [OrderingFilter]
