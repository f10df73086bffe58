from rest_framework import viewsets
from rest_framework.decorators import action

from .models import Country, Order, Region
from .pagination import ActionPagination, BigPagination, LoosePagination, OpenPagination, OwnPages, ReferencePagination, OptionalPagination, TotalsPagination, ValuesPagination
from .serializers import CountrySerializer, OrderSerializer, OrderTotalSerializer, RegionSerializer


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Country.objects.order_by("name")
    serializer_class = CountrySerializer
    pagination_class = ReferencePagination


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.order_by("name")
    serializer_class = RegionSerializer
    pagination_class = ReferencePagination

    @action(detail=False, pagination_class=TotalsPagination)
    def names(self, request):
        rows = self.paginate_queryset(Region.objects.values("id", "name"))
        return self.get_paginated_response(rows)


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    pagination_class = BigPagination

    @action(detail=False, pagination_class=ActionPagination)
    def recent(self, request):
        page = self.paginate_queryset(Order.objects.order_by("-id"))
        return self.get_paginated_response(OrderSerializer(page, many=True).data)


class MyOrderViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderTotalSerializer
    pagination_class = OpenPagination

    def get_queryset(self):
        return Order.objects.filter(buyer=self.request.user)


class MyOrderTotalsViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderTotalSerializer
    pagination_class = LoosePagination

    def get_queryset(self):
        return Order.objects.filter(buyer=self.request.user)


def export_orders(request):
    paginator = LoosePagination()
    return paginator.paginate_queryset(Order.objects.all(), request)


class MyOrderPagesViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderTotalSerializer
    pagination_class = OwnPages

    def get_queryset(self):
        return Order.objects.filter(buyer=self.request.user)


class OrderTotalsViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrderTotalSerializer
    pagination_class = ValuesPagination

    def get_queryset(self):
        return Order.objects.order_by("-id").values("id", "total")


class PageWhenAskedMixin(viewsets.GenericViewSet):
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if "page" in request.query_params:
            page = self.paginate_queryset(queryset)
            if page is not None:
                return self.get_paginated_response(self.get_serializer(page, many=True).data)
        serializer = self.get_serializer(queryset, many=True)
        return self.get_paginated_response(serializer.data)


class OrderArchiveViewSet(PageWhenAskedMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    pagination_class = OptionalPagination

    def list(self, request, *args, **kwargs):
        # Hands over to the mixin's list, which serializes every order when the request has no `page`.
        request.query_params.get("ordering")
        return super().list(request, *args, **kwargs)
