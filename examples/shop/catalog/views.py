"""Storefront pages and the public catalog API."""
import csv
import io

from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.http import JsonResponse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from .models import Category, Product
from .serializers import CategorySerializer, ProductSerializer
from .tasks import import_price_list

# Product ids each visitor looked at last, shown as "recently viewed" on the product page.
RECENTLY_VIEWED = {}


@require_GET
@cache_page(60 * 15)
def product_feed(request):
    """JSON feed of active products for price-comparison partners."""
    items = []
    for product in Product.objects.filter(is_active=True):
        items.append(
            {
                "sku": product.sku,
                "title": product.name,
                "price": str(product.price),
                # djperf-demo: DJP101
                "category": product.category.name,
                # djperf-demo: DJP102
                "tags": [tag.name for tag in product.tags.all()],
            }
        )
    return JsonResponse({"items": items})


@require_GET
def products_with_attribute(request):
    """Products that declare an attribute (colour, size), for the filter sidebar."""
    key = request.GET.get("attribute", "colour")
    # djperf-demo: DJP212
    products = Product.objects.filter(attributes__has_key=key).values("sku", "name")[:100]
    return JsonResponse({"items": list(products)})


@require_GET
def category_overview(request):
    """Menu of the storefront: every category with its parent and how many products it holds."""
    # Clean: the parent is joined and the count is computed by the database in the same query.
    categories = Category.objects.select_related("parent").annotate(product_count=Count("products"))
    menu = [
        {
            "name": category.name,
            "slug": category.slug,
            "parent": category.parent.name if category.parent else None,
            "products": category.product_count,
        }
        for category in categories
    ]
    return JsonResponse({"categories": menu})


@require_GET
def product_detail(request, sku):
    product = Product.objects.select_related("category").get(sku=sku)
    recent = RECENTLY_VIEWED.get(request.session.session_key, [])
    # djperf-demo: DJP603
    RECENTLY_VIEWED[request.session.session_key] = [product.pk, *recent][:10]
    return JsonResponse({"sku": product.sku, "name": product.name, "category": product.category.name, "recent": recent})


@require_GET
def stock_badges(request):
    """Stock badge of each product on the page; the warehouse sync keeps them in the cache."""
    skus = request.GET.getlist("sku")
    # djperf-demo: DJP403
    badges = {sku: cache.get(f"stock:{sku}") for sku in skus}
    return JsonResponse({"badges": badges})


@require_GET
def category_count(request, slug):
    """Products in a category, shown in the navigation menu."""
    key = f"menu-count:{slug}"
    count = cache.get(key)
    if count is None:
        count = Product.objects.filter(category__slug=slug).count()
        # djperf-demo: DJP402
        cache.set(key, count, 60 * 60)
    return JsonResponse({"count": count})


@staff_member_required
def upload_price_list(request):
    """Staff upload of a supplier's price list (CSV: sku, price)."""
    # djperf-demo: DJP504
    text = request.FILES["price_list"].read().decode("utf-8")
    # djperf-demo: DJP504
    rows = list(csv.DictReader(io.StringIO(text)))
    # djperf-demo: DJP601
    import_price_list(rows)
    return JsonResponse({"rows": len(rows)})


@staff_member_required
def upload_price_list_queued(request):
    """Clean: the file is streamed and the import runs on a worker after the request commits."""
    upload = request.FILES["price_list"]
    rows = [dict(row) for row in csv.DictReader(io.TextIOWrapper(upload, encoding="utf-8"))]
    transaction.on_commit(lambda: import_price_list.delay(rows))
    return JsonResponse({"rows": len(rows)}, status=202)


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    # Clean: the serializer reads category.slug and every tag, both loaded up front; the attributes
    # document it never renders stays in the database.
    queryset = Product.objects.filter(is_active=True).select_related("category").prefetch_related("tags").defer("attributes")
    serializer_class = ProductSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["category", "is_active"]
    ordering_fields = ["name", "price"]
    ordering = ["name"]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.annotate(product_count=Count("products"))
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    # Category.name has no index (its Meta.ordering is flagged in catalog/models.py too).
    # djperf-demo: DJP210
    ordering_fields = ["name"]


# djperf-demo: DJP304
class StaffProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Every product, active or not, for the back-office grid."""

    # djperf-demo: DJP306, DJP106
    queryset = Product.objects.order_by("name")
    serializer_class = ProductSerializer
    # djperf-demo: DJP301
    pagination_class = None
    # The back-office search box matches words inside descriptions (`icontains`).
    # djperf-demo: DJP211
    search_fields = ["description"]
