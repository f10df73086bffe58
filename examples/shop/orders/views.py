"""Staff dashboard, the customer's account page, checkout and the order API."""
import csv
import secrets
from decimal import Decimal

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from catalog.models import Product

from .models import Customer, Order, OrderItem
from .serializers import CheckoutSerializer, OrderGridSerializer, OrderSerializer
from .tasks import send_order_confirmation


@staff_member_required
@require_GET
def todays_orders(request):
    """Dashboard widget: today's paid orders and who placed them."""
    orders = Order.objects.filter(status=Order.Status.PAID, created_at__date=timezone.localdate())
    rows = []
    for order in orders:
        rows.append(
            {
                "reference": order.reference,
                # djperf-demo: DJP101
                "customer": order.customer.name,
                "total": str(order.total),
            }
        )
    return JsonResponse({"count": len(rows), "orders": rows})


@staff_member_required
@require_GET
def shipped_orders_csv(request):
    """CSV export of shipped orders for the accounting team."""
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="shipped-orders.csv"'
    writer = csv.writer(response)
    writer.writerow(["reference", "customer", "items", "total"])
    # Clean for DJP101: the customer is joined by select_related, so order.customer.name is free.
    shipped = Order.objects.filter(status=Order.Status.SHIPPED).select_related("customer")
    for order in shipped:
        # djperf-demo: DJP102
        writer.writerow([order.reference, order.customer.name, order.items.count(), order.total])
    return response


@login_required
@require_GET
def my_orders(request):
    """The customer's account page: a badge with unpaid orders and the latest order."""
    customer = get_object_or_404(Customer, user=request.user)
    orders = Order.objects.filter(customer=customer)
    # djperf-demo: DJP105
    awaiting_payment = len(Order.objects.filter(customer=customer, status=Order.Status.PENDING))
    latest = None
    # djperf-demo: DJP105
    if orders.count() > 0:
        latest = orders.first()
    return JsonResponse(
        {
            # Clean for DJP104: request.user is the logged-in user, not a foreign key of a model.
            "user": request.user.id,
            "awaiting_payment": awaiting_payment,
            "latest": latest.reference if latest else None,
            # Clean for DJP105: the database answers with one LIMIT 1 query.
            "has_shipped": orders.filter(status=Order.Status.SHIPPED).exists(),
        }
    )


def new_reference():
    return f"ORD-{timezone.now():%Y%m%d}-{secrets.token_hex(3).upper()}"


@api_view(["POST"])
def checkout(request):
    """Turns the posted cart into an order: {"shipping_address": 7, "items": [{"id": 3, "quantity": 2}]}."""
    serializer = CheckoutSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    cart = serializer.validated_data
    customer = get_object_or_404(Customer, user=request.user)
    with transaction.atomic():
        order = Order.objects.create(
            reference=new_reference(),
            customer=customer,
            shipping_address=cart["shipping_address"],
        )
        total = Decimal("0")
        for line in cart["items"]:
            # djperf-demo: DJP103
            product = Product.objects.get(pk=line["id"])
            # djperf-demo: DJP501
            OrderItem.objects.create(order=order, product=product, quantity=line["quantity"], unit_price=product.price)
            total += product.price * line["quantity"]
        order.total = total
        order.save(update_fields=["total"])
        transaction.on_commit(lambda: send_order_confirmation.delay(order.pk))
    return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    """The customer's own orders, with their lines, for the mobile app."""

    serializer_class = OrderSerializer
    filterset_fields = ["status"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        # Clean: everything OrderSerializer reads is loaded in three queries, however long the page.
        return (
            Order.objects.filter(customer__user=self.request.user)
            .select_related("customer", "shipping_address")
            .prefetch_related("items__product")
            .annotate(item_count=Count("items"))
        )

    @action(detail=False, methods=["get"], url_path="units-by-product")
    def units_by_product(self, request):
        """How many units of each product the customer has ordered, summed by the database."""
        rows = (
            OrderItem.objects.filter(order__customer__user=request.user)
            .values("product__sku", "product__name")
            .annotate(units=Sum("quantity"))
            .order_by("-units")[:20]
        )
        # Clean: values() rows are dicts, reading product__name from them costs nothing.
        return Response([{"sku": r["product__sku"], "name": r["product__name"], "units": r["units"]} for r in rows])

    @action(detail=False)
    def shipped(self, request):
        """Every shipped order of the customer, for the app's delivery history screen."""
        # djperf-demo: DJP302
        return Response(OrderSerializer(self.get_queryset().filter(status=Order.Status.SHIPPED), many=True).data)


class StaffOrderViewSet(viewsets.ReadOnlyModelViewSet):
    """The back office's order grid: status and totals, newest first."""

    serializer_class = OrderGridSerializer
    ordering_fields = ["created_at"]
    # djperf-demo: DJP106
    queryset = Order.objects.order_by("-created_at")
