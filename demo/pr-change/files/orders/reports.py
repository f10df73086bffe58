"""Reports for the operations team and the order summary on the customer's account page."""
from datetime import timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Sum
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import Order

SUMMARY_CACHE_SECONDS = 15 * 60


@staff_member_required
@require_GET
def weekly_sales_report(request):
    """Paid orders of the last seven days, with who bought and how many lines each order has."""
    since = timezone.now() - timedelta(days=7)
    orders = Order.objects.filter(status=Order.Status.PAID, created_at__gte=since)
    rows = []
    for order in orders:
        rows.append(
            {
                "reference": order.reference,
                "customer": order.customer.name,
                "lines": order.items.count(),
                "total": str(order.total),
            }
        )
    return JsonResponse({"since": since.date().isoformat(), "orders": rows})


@staff_member_required
@require_GET
def top_customers(request):
    """The ten customers who spent the most this year; the database does the summing."""
    start = timezone.now().replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    rows = (
        Order.objects.filter(status=Order.Status.PAID, created_at__gte=start)
        .values("customer__name", "customer__email")
        .annotate(spent=Sum("total"))
        .order_by("-spent")[:10]
    )
    customers = [{"name": r["customer__name"], "email": r["customer__email"], "spent": str(r["spent"])} for r in rows]
    return JsonResponse({"customers": customers})


@login_required
@require_GET
def order_summary(request, reference):
    """The summary block of one order, cached per customer."""
    order = Order.objects.get(reference=reference, customer__user=request.user)
    key = f"order-summary:{order.customer.id}:{order.reference}"
    summary = cache.get(key)
    if summary is None:
        summary = {"reference": order.reference, "status": order.get_status_display(), "total": str(order.total)}
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    return JsonResponse(summary)


@login_required
@require_GET
def latest_order(request):
    """The customer's latest order with its lines; everything it reads is loaded up front."""
    order = (
        Order.objects.filter(customer__user=request.user)
        .select_related("customer")
        .prefetch_related("items__product")
        .first()
    )
    if order is None:
        raise Http404("No orders yet")
    lines = [{"sku": item.product.sku, "quantity": item.quantity} for item in order.items.all()]
    return JsonResponse({"reference": order.reference, "customer": order.customer.name, "lines": lines})
