# fixture-path: shop/views.py
from django.http import JsonResponse
from rest_framework import viewsets
from rest_framework.decorators import action, api_view
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Attachment, Customer, Order, OrderLine
from .renderers import OrderSheetCSVRenderer
from .serializers import AttachmentSerializer, OrderLineSerializer, OrderSerializer


class OrderViewSet(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer

    @action(detail=False)
    def open(self, request):
        qs = Order.objects.filter(status="open")
        # ruleid: DJP302
        return Response(OrderSerializer(qs, many=True).data)

    @action(detail=False)
    def everything(self, request):
        serializer = self.get_serializer(self.get_queryset(), many=True)
        # The view's get_serializer is not followed (known false negative).
        # todoruleid: DJP302
        return Response(serializer.data)

    @action(detail=False)
    def filtered(self, request):
        serializer = OrderSerializer(self.filter_queryset(self.get_queryset()), many=True)
        # ruleid: DJP302
        return Response(serializer.data)

    @action(detail=False)
    def wrapped(self, request):
        # ruleid: DJP302
        return Response({"results": OrderSerializer(self.get_queryset().filter(status="paid"), many=True).data})

    @action(detail=True)
    def lines(self, request, pk=None):
        order = Order.objects.get(pk=pk)
        # The lines of one order: reported at info.
        # ruleid: DJP302
        return Response(OrderLineSerializer(order.lines.all(), many=True).data)

    @action(detail=True)
    def lines_of(self, request, pk=None):
        # Filtered by the parent's foreign key: the rows of one order, reported at info.
        # ruleid: DJP302
        return Response(OrderLineSerializer(OrderLine.objects.filter(order_id=pk), many=True).data)

    @action(detail=True)
    def attachments(self, request, pk=None):
        self.object = self.get_object()
        files = Attachment.objects.filter(kind="file", object_id=self.object.id)
        # Rotation set 8: the rows attached to one object through a generic relation, reported at info.
        # ruleid: DJP302
        return Response(AttachmentSerializer(files, many=True).data)

    @action(detail=True)
    def customer_lines(self, request, pk=None):
        customer = Customer.objects.get(pk=pk)
        orders = customer.orders.values("pk")
        # Rotation set 8: the lines of one customer's orders (a key taken in one parent's related rows), at info.
        # ruleid: DJP302
        return Response(OrderLineSerializer(OrderLine.objects.filter(order__in=orders).order_by("id"), many=True).data)

    @action(detail=False)
    def by_kind(self, request):
        # A plain column named like nothing generic: every attachment of the kind, at the rule's level.
        # ruleid: DJP302
        return Response(AttachmentSerializer(Attachment.objects.filter(kind="image"), many=True).data)

    @action(detail=False)
    def paged(self, request):
        qs = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(qs)
        serializer = OrderSerializer(page, many=True)
        # ok: DJP302
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    @action(detail=False)
    def latest(self, request):
        # ok: DJP302
        return Response(OrderSerializer(Order.objects.order_by("-id")[:20], many=True).data)

    @action(detail=False)
    def picked(self, request):
        ids = request.query_params.getlist("id")
        # Rows pinned by primary key: as many as the caller asked for.
        # ok: DJP302
        return Response(OrderSerializer(Order.objects.filter(pk__in=ids), many=True).data)

    @action(detail=True)
    def single(self, request, pk=None):
        # ok: DJP302
        return Response(OrderSerializer(self.get_object()).data)


class CustomerOrders(APIView):
    def get(self, request):
        # ruleid: DJP302
        return JsonResponse(list(Order.objects.values("id", "status")), safe=False)


@api_view(["GET"])
def customer_names(request):
    # ruleid: DJP302
    return Response(list(Customer.objects.values_list("name", flat=True)))


@api_view(["GET"])
def statuses(request):
    # Not a queryset: a literal list.
    # ok: DJP302
    return Response(["open", "paid"])


def not_a_view(rows):
    # No request: a helper that builds payloads.
    # ok: DJP302
    return Response(OrderSerializer(Order.objects.all(), many=True).data)


# Rotation set 9: a file download (an export meant to hold every row) is not told to paginate.
class OrderExportViewSet(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer

    @action(detail=False, renderer_classes=(OrderSheetCSVRenderer,))
    def sheet(self, request):
        # ok: DJP302 rendered only by a CSV renderer
        return Response(OrderSerializer(Order.objects.filter(status="paid"), many=True).data)

    @action(detail=False)
    def attachment(self, request):
        rows = OrderSerializer(Order.objects.filter(status="open"), many=True).data
        # ok: DJP302 an attachment
        return Response(rows, headers={"Content-Disposition": "attachment; filename=orders.csv"})

    @action(detail=False)
    def typed(self, request):
        # ok: DJP302 a CSV content type
        return Response(OrderSerializer(Order.objects.filter(status="open"), many=True).data, content_type="text/csv")

    @action(detail=False)
    def later(self, request):
        response = Response(OrderSerializer(Order.objects.filter(status="open"), many=True).data)
        response["Content-Disposition"] = "attachment; filename=open.csv"
        # ok: DJP302 (the finding is on the Response call above)
        return response

    @action(detail=False, renderer_classes=(OrderSheetCSVRenderer, JSONRenderer))
    def either(self, request):
        # ruleid: DJP302 JSON too: a page of the API
        return Response(OrderSerializer(Order.objects.filter(status="paid"), many=True).data)

    @action(detail=False)
    def inline(self, request):
        # ruleid: DJP302 an inline JSON response
        return Response(OrderSerializer(Order.objects.filter(status="paid"), many=True).data, headers={"Content-Disposition": "inline"})


from rest_framework.filters import BaseFilterBackend  # noqa: E402

from .models import Site  # noqa: E402
from .serializers import SiteSerializer  # noqa: E402


class OrderSites(APIView):
    def get(self, request, pk):
        # The sites linked to the one order the URL names (through the link rows): info, with the reason.
        # ruleid: DJP302
        return Response(SiteSerializer(Site.objects.filter(sites_on_order__order_id=pk), many=True).data)

    def put(self, request, pk):
        # The sites a many-to-many links to the URL's order: one order's rows, info.
        # ruleid: DJP302
        return Response(SiteSerializer(Site.objects.filter(orders__id=pk), many=True).data)


class CurrentCustomerFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        return queryset.filter(customer_id=view.kwargs["customer_pk"])


class CustomerOrderList(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    filter_backends = (CurrentCustomerFilter,)

    def list(self, request, *args, **kwargs):
        # The filter backend pins every list to the URL's customer: one customer's orders, info.
        # ruleid: DJP302
        return Response(OrderSerializer(self.filter_queryset(self.get_queryset()), many=True).data)
