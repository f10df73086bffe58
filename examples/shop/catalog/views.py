"""Storefront pages and the public catalog API."""
from django.db.models import Count
from django.http import JsonResponse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from .models import Category, Product
from .serializers import CategorySerializer, ProductSerializer


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


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    # Clean: the serializer reads category.slug and every tag, both loaded up front.
    queryset = Product.objects.filter(is_active=True).select_related("category").prefetch_related("tags")
    serializer_class = ProductSerializer
    permission_classes = [AllowAny]
    filterset_fields = ["category", "is_active"]
    ordering_fields = ["name", "price"]
    ordering = ["name"]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.annotate(product_count=Count("products"))
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    ordering_fields = ["name"]
